"""Who may talk to the tracer: the token, the --connect handshake, and what is answered before attach."""
import os
import socket
import subprocess
import sys
import tempfile
import unittest

from dapclient import TOKEN, DapClient, Framer, program, tracer_env
from support import TracerTestCase


class ListenTokenTest(TracerTestCase):
    def test_only_initialize_is_answered_before_attach(self):
        c = self.launch([program("basic.py")])
        self.assertTrue(c.ok("initialize", {"adapterID": "t"})["supportsConfigurationDoneRequest"])
        response = c.request("threads")
        self.assertFalse(response["success"])
        self.assertEqual(response["message"], "bugscope: invalid or missing token")
        c.wait_closed()

    def test_wrong_token_gets_an_error_and_the_connection_is_closed(self):
        c = self.launch([program("basic.py")])
        c.ok("initialize", {"adapterID": "t"})
        response = c.request("attach", {"token": "wrong"})
        self.assertFalse(response["success"])
        self.assertEqual(response["message"], "bugscope: invalid or missing token")
        c.wait_closed()

    def test_missing_token_is_rejected(self):
        c = self.launch([program("basic.py")])
        response = c.request("attach", {})
        self.assertFalse(response["success"])
        c.wait_closed()

    def test_attach_answers_with_the_engine_the_interpreter_and_the_pid(self):
        c = self.launch([program("basic.py")])
        c.ok("initialize", {"adapterID": "t"})
        body = c.ok("attach", {"token": TOKEN})
        self.assertEqual(body["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(body["pid"], c.process.pid)
        expected = "sys.monitoring" if sys.version_info >= (3, 12) else "sys.settrace"
        self.assertTrue(body["engine"].startswith(expected) or "native" in body["engine"], body["engine"])

    def test_loaded_sources_name_the_script_before_it_runs_and_never_the_tracer(self):
        c = self.launch([program("basic.py")])
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": TOKEN})
        paths = [s["path"] for s in c.ok("loadedSources")["sources"]]
        self.assertIn(program("basic.py"), paths)
        self.assertFalse([p for p in paths if os.sep + "bugscope" + os.sep in p])

    def test_a_new_client_can_attach_after_a_rejected_one(self):
        c = self.launch([program("basic.py")])
        c.request("attach", {"token": "wrong"})
        c.wait_closed()
        again = DapClient(socket.create_connection(("127.0.0.1", c.port), timeout=5), c.process)
        self.addCleanup(again.sock.close)
        again.start_session()
        self.assertEqual(again.event("exited")["body"]["exitCode"], 0)

    def test_listen_without_a_token_generates_one_and_prints_only_the_path_of_its_private_file(self):
        env = tracer_env()
        del env["BUGSCOPE_TOKEN"]
        done = subprocess.run([sys.executable, "-m", "bugscope", "--listen", "0", "-c", "pass"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        self.assertEqual(done.returncode, 0)
        err = done.stderr.decode()
        self.assertRegex(err, r"bugscope: no token given; generated one in .*\.token \(mode 0600\)")
        self.assertIn("listening on 127.0.0.1:", err)

    def test_token_file_is_read_and_the_token_never_reaches_the_program(self):
        fd, path = tempfile.mkstemp(suffix=".token")  # per test run: interpreters run these suites side by side
        with os.fdopen(fd, "w") as f:
            f.write("from-a-file\n")
        self.addCleanup(os.remove, path)
        c = DapClient.launch_listen(["--token-file", path, "-c", "import os; print('env', os.environ.get('BUGSCOPE_TOKEN'))"])
        self.addCleanup(c.close)
        c.ok("initialize", {"adapterID": "t"})
        self.assertFalse(c.request("attach", {"token": TOKEN})["success"])
        c.wait_closed()
        again = DapClient(socket.create_connection(("127.0.0.1", c.port), timeout=5), c.process)
        self.addCleanup(again.sock.close)
        again.ok("initialize", {"adapterID": "t"})
        again.ok("attach", {"token": "from-a-file"})
        again.ok("configurationDone")
        again.event("exited")
        status, out, err = c.finish()
        self.assertIn("env None", out)
        self.assertNotIn("from-a-file", out + err)


class ConnectModeTest(unittest.TestCase):
    def _start(self, args, token=TOKEN):
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(10)
        self.addCleanup(server.close)
        env = tracer_env()
        env["BUGSCOPE_TOKEN"] = token
        process = subprocess.Popen([sys.executable, "-m", "bugscope", "--connect",
                                    "127.0.0.1:%d" % server.getsockname()[1]] + args,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        sock, _ = server.accept()
        return process, sock

    def test_handshake_is_the_first_message_and_carries_token_pid_and_version(self):
        process, sock = self._start([program("basic.py")])
        self.addCleanup(sock.close)
        sock.settimeout(10)
        first = Framer(sock).read()
        self.assertEqual(first["event"], "bugscope/handshake")
        body = first["body"]
        self.assertEqual(body["token"], TOKEN)
        self.assertEqual(body["pid"], process.pid)
        self.assertEqual(body["protocol"], 1)
        self.assertEqual(body["python"], "%d.%d.%d" % sys.version_info[:3])
        client = DapClient(sock, process)
        client.start_session()
        self.assertEqual(client.event("exited")["body"]["exitCode"], 0)
        client.event("terminated")
        out, err = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 0)
        self.assertIn(b"argv []", out)  # --connect does not tee output: the adapter owns the pipes
        self.assertFalse(any(m.get("event") == "output" for m in client.messages))

    def test_program_is_held_until_configuration_done(self):
        process, sock = self._start(["-c", "print('ran')"])
        self.addCleanup(sock.close)
        client = DapClient(sock, process)
        client.event("bugscope/handshake")
        client.ok("initialize", {"adapterID": "t"})
        client.ok("attach", {"token": TOKEN})
        with self.assertRaises(subprocess.TimeoutExpired):
            process.wait(0.5)
        client.ok("configurationDone")
        client.event("exited")
        out, _err = process.communicate(timeout=10)
        self.assertIn(b"ran", out)

    def test_adapter_closing_the_connection_before_configuration_exits_with_status_2(self):
        process, sock = self._start(["-c", "print('ran')"])
        sock.close()
        out, err = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 2)
        self.assertNotIn(b"ran", out)
        self.assertIn(b"bugscope:", err)

    def test_cannot_connect_exits_with_status_2(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        done = subprocess.run([sys.executable, "-m", "bugscope", "--connect", "127.0.0.1:%d" % port,
                               program("basic.py")], env=tracer_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=20)
        self.assertEqual(done.returncode, 2)
        self.assertIn(b"bugscope: cannot connect", done.stderr)


if __name__ == "__main__":
    unittest.main()
