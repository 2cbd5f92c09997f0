"""Bad input on the wire: every bad frame or request gets a clear error (or is said in the console when it cannot
be answered), the session goes on, and no client can wedge the program.

Covered elsewhere, not repeated here: a frame over the size limit closes that connection (test_remote,
FrameLimitTest), an unknown command is named in its error (test_program), junk before attach closes the
connection at once (test_remote).
"""
import json
import re
import socket
import subprocess
import sys
import time
import unittest

from dapclient import PYTHON_DIR, TOKEN, DapClient, encode, line_of, program, tracer_env
from connecting import launch_connected
from support import TracerTestCase

if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

from bugscope import dap, dap_args  # noqa: E402  (the sweep covers every request the tracer implements)

BASIC = program("basic.py")
FLOOD = program("flood.py")
# A value of another JSON type, for each type an argument can need.
WRONG = {"integer": ["1", 1.5, True, [1]], "boolean": ["true", 1], "string": [1, ["x"]], "object": ["x", [1]],
         "array": [{"a": 1}, "x"]}
RESUMING = ("continue", "next", "stepIn", "stepOut", "stepBack", "reverseContinue", "goto", "terminate",
            "disconnect", "restart", "restartFrame")


def implemented_requests():
    return sorted(name[3:] for name in dir(dap.DapSession) if name.startswith("on_"))


def consoles(c):
    return [m["body"]["output"] for m in c.messages if m.get("event") == "output"
            and m["body"].get("category") == "console"]


class BadFramesTest(TracerTestCase):
    def test_frames_with_a_bad_length_or_body_cost_only_themselves_and_are_said_in_the_console(self):
        c = self.launch([BASIC])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        bad = [b"Content-Length: -5\r\n\r\nhello",                  # negative: its body is glued to the next
               b"Content-Length: five\r\n\r\n{\"seq\": 1}",         # not a number
               b"X-Length: 7\r\n\r\n{\"a\":1}",                     # no Content-Length at all, with a body
               b"Content-Length: 9\r\n\r\nnot json!",
               b"Content-Length: 4\r\n\r\n\xff\xfe{}",              # not UTF-8
               encode([1, 2, 3]), encode("a string"), encode(42), encode(None),
               encode({"seq": 5, "command": "threads"})]             # an object that is no DAP message
        for frame in bad:
            c.send_raw(frame)
            self.assertEqual(c.ok("threads")["threads"][0]["id"], 1, frame)  # the very next request is answered
        said = consoles(c)
        self.assertEqual(len(said), len(bad), said)
        self.assertIn("frame without a valid Content-Length header; discarded: b'Content-Length: -5'", said[0])
        self.assertIn("b'Content-Length: five'", said[1])
        self.assertIn("b'X-Length: 7'", said[2])
        self.assertIn("frame body is not UTF-8 JSON", said[3])
        self.assertIn("frame body is not UTF-8 JSON", said[4])
        for text, shown in zip(said[5:], ("[1, 2, 3]", '"a string"', "42", "null", '{"seq": 5, "command": "threads"}')):
            self.assertIn("ignored a message that is not a DAP request, response or event: " + shown, text)
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_two_requests_with_the_same_seq_are_both_answered_in_order(self):
        c = self.launch([BASIC])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        c.send_raw(encode({"seq": 500, "type": "request", "command": "threads"})
                   + encode({"seq": 500, "type": "request", "command": "stackTrace", "arguments": {"threadId": 1}}))
        first = c.response(500)
        second = c.response(500)
        self.assertEqual((first["command"], first["success"]), ("threads", True))
        self.assertEqual((second["command"], second["success"]), ("stackTrace", True))
        self.assertLess(first["seq"], second["seq"])


class ArgumentSweepTest(TracerTestCase):
    """Every request the tracer implements, with wrongly typed, missing and nonsense arguments, in one stopped
    session: each gets success false and a message that says what is wrong, never an internal error, and the
    session (and the stop) go on."""

    def test_every_request_with_wrong_arguments_gets_a_clear_error_and_the_session_goes_on(self):
        path = program("hostile.py")
        c = self.launch([path])
        c.start_session({path: [line_of(path, "@stop")]}, evaluate_timeout=1)
        c.stopped("breakpoint")
        frame = c.top_frame(1)["id"]
        locals_ref = c.ok("scopes", {"frameId": frame})["scopes"][0]["variablesReference"]
        commands = [name for name in implemented_requests() if name not in dap_args.UNCHECKED]
        self.assertIn("setBreakpoints", commands)

        # 1. Each argument the tracer knows, with a value of another type, in every request.
        for command in commands:
            for name, kind in sorted(dap_args._KINDS.items()):
                for value in WRONG[kind]:
                    response = c.request(command, {name: value})
                    self.assertFalse(response["success"], (command, name, value))
                    self.assertRegex(response["message"], r"^bugscope: %s: argument '%s' must be an? %s, not an? \w+$"
                                     % (re.escape(command), name, kind))
            response = c.request(command, [1, 2])  # arguments that are not an object
            self.assertEqual(response["message"], "bugscope: %s: 'arguments' must be an object, not array" % command)
        for name in ("start", "count", "startFrame", "levels"):
            response = c.request("variables", {"variablesReference": locals_ref, name: -1})
            self.assertEqual(response["message"], "bugscope: variables: argument '%s' is out of range (-1)" % name)
        self.assertIn("out of range", c.request("stackTrace", {"threadId": 2 ** 60})["message"])

        # 2. Missing arguments, nonsense of the right type, and wrong types inside objects and arrays.
        nonsense = [None, {}, {"threadId": 999}, {"frameId": 999999}, {"variablesReference": 999999},
                    {"threadId": 1, "startFrame": 2 ** 40, "levels": 2 ** 40},
                    {"variablesReference": locals_ref, "start": 2 ** 52, "count": 2 ** 52},
                    {"source": {}}, {"source": {"path": 5}}, {"source": {"path": "\x00bad"}, "line": 1},
                    {"source": {"path": "/no/such/file.py"}, "line": -3, "endLine": 2 ** 40},
                    {"breakpoints": [1, "x", None, {"line": "3"}, {"line": -3}, {"line": 2 ** 40},
                                     {"line": 5, "condition": 5, "hitCondition": [1], "logMessage": {}, "mode": 3,
                                      "dependsOn": "x", "suspendPolicy": 4},
                                     {"line": 5, "condition": ")("}, {"line": 5, "hitCondition": "often"},
                                     {"name": 5}, {"name": "no such ("}, {"dataId": 5, "accessType": 7}]},
                    {"filters": [5, None, "nope"], "filterOptions": [1, {"filterId": 5}, {"filterId": "nope"}],
                     "exceptionOptions": [1, {"path": 5}, {"path": [5]}, {"path": [{"names": 5}]},
                                          {"path": [{"names": [5, None]}], "breakMode": 5}]},
                    {"expression": "", "frameId": frame, "context": "nowhere"},
                    {"expression": "(", "frameId": frame, "context": "watch"},
                    {"text": "", "column": 10 ** 6, "frameId": frame},
                    {"variablesReference": locals_ref, "name": "no_such", "value": "1"},
                    {"expression": "1 +", "value": "2", "frameId": frame},
                    {"requestId": 123456}, {"targetId": 10 ** 6, "threadId": 1}, {"name": "x", "frameId": frame}]
        for command in commands:
            if command in ("disconnect", "terminate"):
                continue  # with valid arguments they end the session, which is their job
            for arguments in nonsense:
                if command in RESUMING and arguments and arguments.get("threadId") == 1:
                    continue
                response = c.request(command, arguments)
                self.assertNotIn("internal error", response.get("message") or "", (command, arguments))
                if not response["success"]:
                    self.assertTrue(response["message"].startswith(("bugscope:", "SyntaxError", "NameError")),
                                    (command, arguments, response["message"]))

        # A second attach is refused without ending the session.
        self.assertEqual(c.request("attach", {"token": "wrong"})["message"], "bugscope: this client is attached already")
        self.assertEqual(c.request("attach", {"token": TOKEN})["message"], "bugscope: this client is attached already")
        # The stop is intact: same thread, same frame, same values; then the program ends normally.
        self.assertEqual(c.ok("threads")["threads"][0]["state"], "stopped")
        self.assertEqual(c.top_frame(1)["line"], line_of(path, "@stop"))
        self.assertEqual(c.ok("evaluate", {"expression": "first", "frameId": frame, "context": "watch"})["result"], "0")
        c.ok("setBreakpoints", {"source": {"path": path}, "breakpoints": []})
        c.ok("setFunctionBreakpoints", {"breakpoints": []})
        c.ok("setExceptionBreakpoints", {"filters": []})
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_wrongly_typed_booleans_neither_resume_all_threads_nor_end_the_program(self):
        c = self.launch([BASIC])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        self.assertFalse(c.request("disconnect", {"terminateDebuggee": "false"})["success"])
        self.assertFalse(c.request("continue", {"threadId": 1, "singleThread": "no"})["success"])
        self.assertEqual(c.ok("threads")["threads"][0]["state"], "stopped")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)


class MisbehavingClientTest(TracerTestCase):
    def test_a_client_that_leaves_in_the_middle_of_a_frame_is_a_disconnect(self):
        c = self.launch([BASIC])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        body = json.dumps({"seq": 99, "type": "request", "command": "threads"}).encode()
        c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        c.sock.shutdown(socket.SHUT_RDWR)  # (close() alone sends nothing while the client's reader is in recv)
        status, out, _err = c.finish()  # listen mode: the stop resumes and the program runs to its end
        self.assertEqual(status, 0)
        self.assertIn("argv []", out)

    def test_a_connected_program_whose_adapter_leaves_mid_frame_exits_with_143(self):
        c = launch_connected(self, [BASIC])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        c.send_raw(b"Content-Length: 50\r\n\r\n{\"seq\":")
        c.sock.shutdown(socket.SHUT_RDWR)
        self.assertEqual(c.finish()[0], 143)

    def test_a_client_that_never_reads_is_dropped_and_the_program_finishes(self):
        # Decided: a client that takes no bytes for 30 s (0.5 s here) is dropped, as if it had left; the program
        # never blocks for ever on its output events. (Any progress restarts the clock: slow readers are fine.)
        process = subprocess.Popen([sys.executable, "-m", "bugscope", "--listen", "127.0.0.1:0", "--wait-for-client",
                                    FLOOD], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env=tracer_env({"BUGSCOPE_WRITE_TIMEOUT": "0.5"}))
        self.addCleanup(lambda: process.poll() is None and process.kill())
        port = int(re.search(r"listening on [\d.]+:(\d+)", process.stderr.readline().decode()).group(1))
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        self.addCleanup(sock.close)
        for seq, (command, arguments) in enumerate((("initialize", {"adapterID": "t"}), ("attach", {"token": TOKEN}),
                                                    ("configurationDone", {})), 1):
            sock.sendall(encode({"seq": seq, "type": "request", "command": command, "arguments": arguments}))
        started = time.monotonic()
        try:
            status = process.wait(15)
        except subprocess.TimeoutExpired:
            self.fail("the program was blocked by a client that does not read")
        err = process.stderr.read().decode()
        process.stderr.close()
        self.assertEqual(status, 0, err)
        self.assertLess(time.monotonic() - started, 10)
        self.assertRegex(err, r"bugscope: 127\.0\.0\.1:\d+ has read nothing for 0\.5 s; dropped it")
        self.assertIn("flood done", err)

    def test_an_http_request_gets_a_400_that_says_what_the_port_is_and_the_tracer_goes_on(self):
        c = self.launch([BASIC])  # the tracer waits for a client; this first connection is the browser's
        c.sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl\r\n\r\n")
        c.wait_closed()
        again = DapClient(socket.create_connection(("127.0.0.1", c.port), timeout=5), c.process)
        self.addCleanup(again.sock.close)
        again.start_session()
        self.assertEqual(again.event("exited")["body"]["exitCode"], 0)
        status, _out, err = c.finish()
        self.assertEqual(status, 0)
        self.assertRegex(err, r"bugscope: an HTTP request \(b'GET / HTTP/1\.1'\), not a DAP frame from "
                              r"127\.0\.0\.1:\d+; this port speaks DAP, not HTTP: answered 400 and closed the connection")

    def test_the_http_answer_is_a_complete_400_response(self):
        c = self.launch([BASIC])
        raw = socket.create_connection(("127.0.0.1", c.port), timeout=5)
        self.addCleanup(raw.close)
        c.sock.shutdown(socket.SHUT_RDWR)  # the tracer serves one client at a time: the raw one's turn
        raw.sendall(b"POST /api HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        data = b""
        while True:
            chunk = raw.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, text = data.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 400 Bad Request\r\n"), head)
        self.assertIn(b"Content-Length: %d" % len(text), head)
        self.assertIn(b"speaks the Debug Adapter Protocol", text)


if __name__ == "__main__":
    unittest.main()
