"""Processes that die or lose their client at awkward moments: the client hears what can be heard, the
connection never hangs open, and a program whose client is gone runs on or exits as its mode says, at once.

The adapter's side (telling its own client about a crash it saw in the exit status) is tested with the adapter.
"""
import os
import shutil
import signal
import socket
import tempfile
import time
import unittest

from connecting import launch_connected
from dapclient import line_of, program
from stops import stop_at
from support import TracerTestCase

BASIC = program("basic.py")
DYING = program("dying.py")
LOOPS = "while True: pass"  # an evaluation that only its time limit, a cancel or the client leaving can end


class DyingDebuggeeTest(TracerTestCase):
    def stopped_on_entry(self, **launch):
        c = self.launch([BASIC], **launch)
        c.start_session(stop_on_entry=True)
        c.stopped("entry")
        return c

    def test_os_exit_in_the_console_reports_its_status_before_the_process_is_gone(self):
        c = self.stopped_on_entry()
        c.send("evaluate", {"expression": "import os; os._exit(7)", "context": "repl"})
        self.assertEqual(c.event("exited")["body"], {"exitCode": 7})
        c.event("terminated")
        c.wait_closed()
        self.assertEqual(c.finish()[0], 7)

    @unittest.skipIf(os.name == "nt", "POSIX signals")
    def test_a_crash_in_the_console_closes_the_connection_at_once(self):
        # The tracer cannot speak after a segfault: the connection closes and the exit status tells (the adapter
        # reports it). The program runs in a directory of its own, where a core dump may land.
        cwd = tempfile.mkdtemp(prefix="bugscope-crash-")
        self.addCleanup(shutil.rmtree, cwd, True)
        c = self.stopped_on_entry(cwd=cwd)
        started = time.monotonic()
        c.send("evaluate", {"expression": "import ctypes; ctypes.string_at(0)", "context": "repl"})
        c.wait_closed()
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(c.finish()[0], -signal.SIGSEGV)
        self.assertFalse([m for m in c.messages if m.get("type") == "response" and m["command"] == "evaluate"])

    @unittest.skipIf(os.name == "nt", "POSIX signals")
    def test_killed_while_stopped_or_while_an_evaluation_runs_the_connection_closes(self):
        for evaluation in (None, "import time; time.sleep(30)"):
            c = self.stopped_on_entry()
            if evaluation:
                c.send("evaluate", {"expression": evaluation, "context": "repl"})
                time.sleep(0.2)
            c.process.kill()
            c.wait_closed()
            self.assertEqual(c.finish()[0], -signal.SIGKILL)

    def test_a_repr_that_ends_the_process_while_variables_are_fetched(self):
        c, frame = stop_at(self, DYING, args=["exit"])
        ref = c.ok("scopes", {"frameId": frame})["scopes"][0]["variablesReference"]
        c.send("variables", {"variablesReference": ref})
        self.assertEqual(c.event("exited")["body"], {"exitCode": 9})
        c.event("terminated")
        c.wait_closed()
        self.assertEqual(c.finish()[0], 9)

    @unittest.skipIf(os.name == "nt", "POSIX signals")
    def test_a_repr_that_kills_the_process_while_variables_are_fetched(self):
        c, frame = stop_at(self, DYING, args=["kill"])
        ref = c.ok("scopes", {"frameId": frame})["scopes"][0]["variablesReference"]
        c.send("variables", {"variablesReference": ref})
        c.wait_closed()
        self.assertEqual(c.finish()[0], -signal.SIGKILL)


class ClientLeavesTest(TracerTestCase):
    def test_a_listening_program_runs_on_at_once_when_its_client_leaves_during_a_console_evaluation(self):
        # The evaluation's own limit is 30 s: the program must not wait for it.
        c = self.launch([BASIC])
        c.start_session(stop_on_entry=True, evaluate_timeout=30)
        c.stopped("entry")
        frame = c.top_frame(1)["id"]
        c.send("evaluate", {"expression": LOOPS, "frameId": frame, "context": "repl"})
        time.sleep(0.2)
        started = time.monotonic()
        c.sock.shutdown(socket.SHUT_RDWR)
        status, out, _err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("argv []", out)
        self.assertLess(time.monotonic() - started, 5)

    def test_a_connected_program_exits_with_143_at_once_when_its_adapter_leaves_during_an_evaluation(self):
        c = launch_connected(self, [BASIC])
        c.start_session(stop_on_entry=True, evaluate_timeout=30)
        c.stopped("entry")
        c.send("evaluate", {"expression": LOOPS, "frameId": c.top_frame(1)["id"], "context": "repl"})
        time.sleep(0.2)
        started = time.monotonic()
        c.sock.shutdown(socket.SHUT_RDWR)
        self.assertEqual(c.finish()[0], 143)
        self.assertLess(time.monotonic() - started, 3)

    def test_a_connected_program_exits_with_143_when_its_adapter_leaves_while_stopped(self):
        c = launch_connected(self, [BASIC])
        c.start_session({BASIC: [line_of(BASIC, "@after-add")]})
        c.stopped("breakpoint")
        c.sock.shutdown(socket.SHUT_RDWR)
        status, out, _err = c.finish()
        self.assertEqual(status, 143)
        self.assertEqual(out, "")  # it never ran the stopped line

    def test_a_connected_program_leading_its_process_group_ends_its_children_when_its_adapter_is_gone(self):
        # As the adapter starts it: the leader of its own group. A killed adapter cannot end the group, so the
        # tracer does (SIGTERM to the group, itself included), and the program's fork child does not outlive it.
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        pid_file = os.path.join(folder, "child.pid")
        source = os.path.join(folder, "with_child.py")
        with open(source, "w") as f:
            f.write("import multiprocessing, time\n\ndef sleep():\n    time.sleep(120)\n\n"
                    "if __name__ == '__main__':\n"
                    "    child = multiprocessing.get_context('fork').Process(target=sleep)\n"
                    "    child.start()\n"
                    "    open(%r, 'w').write(str(child.pid))\n"
                    "    time.sleep(120)  # @stop\n" % pid_file)
        c = launch_connected(self, [source], own_process_group=True)
        c.start_session({source: [line_of(source, "@stop")]})
        c.stopped("breakpoint")
        with open(pid_file) as f:
            child = int(f.read())
        self.addCleanup(_kill_quietly, child)
        started = time.monotonic()
        c.sock.shutdown(socket.SHUT_RDWR)
        # Not c.finish(): a surviving child would hold the output pipes open.
        self.assertEqual(c.process.wait(timeout=5), -signal.SIGTERM)
        while _running(child) and time.monotonic() - started < 5:
            time.sleep(0.05)
        self.assertFalse(_running(child), "the fork child outlived its program")


def _running(pid):
    """Alive and not a zombie waiting for init to reap it (Linux; elsewhere: alive)."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _kill_quietly(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


if __name__ == "__main__":
    unittest.main()
