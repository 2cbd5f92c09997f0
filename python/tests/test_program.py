"""The program runs as under plain python: modes, arguments, exit codes, output; and the session's edges."""
import unittest

from dapclient import PROGRAMS, encode, line_of, program
from support import TracerTestCase


class ExitTest(TracerTestCase):
    def run_to_end(self, args):
        c = self.launch(args)
        c.start_session()
        code = c.event("exited")["body"]["exitCode"]
        c.event("terminated")
        c.wait_closed()
        status, out, err = c.finish()
        return code, status, out, err

    def test_normal_end_reports_exit_code_0(self):
        code, status, _out, _err = self.run_to_end([program("basic.py")])
        self.assertEqual((code, status), (0, 0))

    def test_sys_exit_status_is_reported_and_propagated(self):
        code, status, _out, _err = self.run_to_end([program("exits.py"), "3"])
        self.assertEqual((code, status), (3, 3))

    def test_sys_exit_with_a_message_prints_it_and_exits_1(self):
        code, status, _out, err = self.run_to_end([program("exits.py"), "message"])
        self.assertEqual((code, status), (1, 1))
        self.assertIn("a message instead of a status", err)

    def test_uncaught_exception_prints_the_traceback_and_exits_1(self):
        code, status, _out, err = self.run_to_end([program("exits.py"), "raise"])
        self.assertEqual((code, status), (1, 1))
        self.assertIn("Traceback (most recent call last):", err)
        self.assertIn("ValueError: boom from the program", err)
        self.assertNotIn("bugscope", err.split("Traceback", 1)[1])  # tracer frames are not in the traceback

    def test_dash_c_runs_code_with_its_arguments(self):
        code, status, out, _err = self.run_to_end(["-c", "import sys; print('argv', sys.argv, __name__)", "x", "--y"])
        self.assertEqual(status, 0)
        self.assertIn("argv ['-c', 'x', '--y'] __main__", out)

    def test_dash_m_runs_a_module_as_main_with_its_arguments(self):
        c = self.launch(["-m", "modmain", "one", "-v"], cwd=PROGRAMS)
        c.start_session()
        c.event("exited")
        status, out, _err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("module-name __main__", out)
        self.assertIn("argv ['one', '-v']", out)
        self.assertIn("argv0-is-file True", out)

    def test_script_sees_its_own_argv_and_directory_first_on_sys_path(self):
        code, status, out, _err = self.run_to_end(
            ["-c", "import sys, os; print('path0', repr(sys.path[0]))"])
        self.assertIn("path0 ''", out)
        c = self.launch([program("basic.py"), "a1", "a2"])
        c.start_session()
        c.event("exited")
        self.assertIn("argv ['a1', 'a2']", c.finish()[1])


class SessionEdgesTest(TracerTestCase):
    def test_output_is_sent_as_events_in_listen_mode(self):
        c = self.launch([program("printer.py")])
        c.start_session()
        c.event("exited")
        outputs = [m["body"] for m in c.messages if m.get("event") == "output"]
        stdout = "".join(o["output"] for o in outputs if o["category"] == "stdout")
        stderr = "".join(o["output"] for o in outputs if o["category"] == "stderr")
        self.assertIn("hello stdout", stdout, c.messages)
        self.assertIn("hello stderr", stderr, c.messages)
        self.assertIn("hello stdout", c.finish()[1])  # and it still reaches the real stdout

    def test_unknown_request_gets_an_error_naming_it(self):
        c = self.launch([program("basic.py")])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        response = c.request("flyToTheMoon", {})
        self.assertFalse(response["success"])
        self.assertEqual(response["message"], "bugscope: unsupported request 'flyToTheMoon'")

    def test_malformed_frames_are_skipped_and_the_session_goes_on(self):
        c = self.launch([program("basic.py")])
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        c.send_raw(b"Content-Length: 9\r\n\r\nnot json!")
        c.send_raw(b"X-No-Length: 1\r\n\r\n")
        c.send_raw(encode([1, 2, 3]))
        c.send_raw(encode({"type": "request", "seq": 99}))
        response = c.wait_for(lambda m: m.get("request_seq") == 99)
        self.assertFalse(response["success"])
        self.assertEqual(c.ok("threads")["threads"][0]["id"], 1)
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_terminate_ends_the_process_with_status_143(self):
        c = self.launch([program("spin.py")], wait_for_client=False)
        c.process.stdout.readline()
        c.start_session()
        c.ok("terminate")
        c.event("terminated")
        self.assertEqual(c.finish()[0], 143)

    def test_disconnect_in_listen_mode_resumes_the_program_and_accepts_a_new_client(self):
        steps = program("steps.py")
        c = self.launch([steps])
        c.start_session({steps: [line_of(steps, "@inner-first")]})
        c.stopped("breakpoint")
        c.ok("disconnect", {})
        c.wait_closed()
        status, out, _err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("finished", out)

    def test_disconnect_with_terminate_debuggee_ends_the_process(self):
        c = self.launch([program("spin.py")], wait_for_client=False)
        c.process.stdout.readline()
        c.start_session()
        c.ok("disconnect", {"terminateDebuggee": True})
        self.assertEqual(c.finish()[0], 143)


class ThreadsTest(TracerTestCase):
    def test_threads_lists_the_main_thread_and_a_second_thread(self):
        threaded = program("threaded.py")
        c = self.launch([threaded])
        c.start_session({threaded: [line_of(threaded, "@main-stop")]})
        self.assertEqual(c.stopped("breakpoint")["body"]["threadId"], 1)
        threads = c.ok("threads")["threads"]
        self.assertEqual(threads[0], {"id": 1, "name": "MainThread", "state": "stopped", "reason": "breakpoint"})
        self.assertIn("worker-1", [t["name"] for t in threads])
        self.assertEqual(len(threads), 2)  # the tracer's own threads are not listed
        worker = [t["id"] for t in threads if t["name"] == "worker-1"][0]
        c.ok("continue", {"threadId": 1})
        c.event("thread", predicate=lambda b: b["reason"] == "exited" and b["threadId"] == worker)
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)


if __name__ == "__main__":
    unittest.main()
