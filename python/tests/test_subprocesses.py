"""Child processes of a launched program: each announces itself to the adapter, waits for its own client, stops at
its breakpoints; nobody attaching costs a child the wait and nothing more; plumbing processes stay out."""
import glob
import multiprocessing
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from dapclient import PYTHON_DIR, TIMEOUT, DapClient, Framer, line_of, program, tracer_env

CHILD_TOKEN = "children-token-5678"
PROGRAM = program("children.py")
CHILD_SCRIPT = program("child_script.py")
WORKER = line_of(PROGRAM, "@worker")
SITE_DIR = os.path.join(PYTHON_DIR, "bugscope", "_subprocess")
START_METHODS = multiprocessing.get_all_start_methods()


class FakeAdapter(object):
    """What the adapter does for a launch with children: takes the launched tracer's connection and the children's
    announcements (keeping each announcing connection open, as the adapter does), and attaches to children."""

    def __init__(self, case):
        self.case = case
        self.announcements = queue.Queue()
        self.connections = []
        self.refused = []
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        case.addCleanup(self.close)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            sock.settimeout(TIMEOUT)
            message = Framer(sock).read()
            body = (message or {}).get("body") or {}
            if message.get("event") == "bugscope/child" and body.get("token") == CHILD_TOKEN:
                self.connections.append(sock)
                self.announcements.put(body)
            else:
                self.refused.append(message)
                sock.close()

    def close(self):
        self._listener.close()
        for sock in self.connections:
            sock.close()

    def launch(self, args, wait=None, env=None):
        """``python -m bugscope --connect`` with the children's variables, configured with no breakpoints."""
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(TIMEOUT)
        self.case.addCleanup(server.close)
        extra = {"BUGSCOPE_SUBPROCESS": "127.0.0.1:%d" % self._listener.getsockname()[1],
                 "BUGSCOPE_SUBPROCESS_TOKEN": CHILD_TOKEN}
        if wait is not None:
            extra["BUGSCOPE_SUBPROCESS_WAIT"] = str(wait)
        extra.update(env or {})
        process = subprocess.Popen([sys.executable, "-m", "bugscope", "--connect",
                                    "127.0.0.1:%d" % server.getsockname()[1], PROGRAM] + list(args),
                                   env=tracer_env(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        self.case.addCleanup(_kill_group, process)
        sock, _ = server.accept()
        client = DapClient(sock, process)
        self.case.addCleanup(client.close)
        client.event("bugscope/handshake")
        return client

    def child(self, timeout=TIMEOUT):
        try:
            return self.announcements.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no child announced itself within %.1f s" % timeout)

    def attach(self, child, breakpoints):
        """Attaches to an announced child with its token, sets ``breakpoints`` ({path: [line]}) and configures."""
        client = DapClient(socket.create_connection(("127.0.0.1", child["port"]), timeout=TIMEOUT))
        self.case.addCleanup(client.close)
        client.ok("initialize", {"adapterID": "bugscope-tests", "pathFormat": "path"})
        client.ok("attach", {"token": child["attachToken"]})
        client.event("initialized")
        for path, lines in breakpoints.items():
            placed = client.ok("setBreakpoints", {"source": {"path": path},
                                                  "breakpoints": [{"line": line} for line in lines]})
            self.case.assertEqual([b["line"] for b in placed["breakpoints"]], lines)
        client.ok("configurationDone")
        return client


def _kill_group(process):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.wait()


def _local(client, thread_id, name):
    return client.locals_of(client.top_frame(thread_id)["id"])[name]["value"]


class ChildProcessTest(unittest.TestCase):
    def setUp(self):
        self.adapter = FakeAdapter(self)

    def stop_in_worker(self, mode, argument):
        """Launches children.py ``mode``, attaches to the one child and checks it stops in work(``argument``)."""
        root = self.adapter.launch([mode])
        root.start_session()
        child = self.adapter.child()
        self.assertEqual(child["ppid"], root.process.pid)
        self.assertNotEqual(child["pid"], root.process.pid)
        worker = self.adapter.attach(child, {PROGRAM: [WORKER]})
        stopped = worker.stopped("breakpoint", timeout=20)["body"]
        frame = worker.top_frame(stopped["threadId"])
        self.assertEqual((frame["name"], frame["line"]), ("work", WORKER))
        self.assertEqual(_local(worker, stopped["threadId"], "n"), str(argument))
        worker.ok("continue", {"threadId": stopped["threadId"]})
        return root, child, worker

    def finish(self, root, expected_output):
        status, out, err = root.finish(timeout=20)
        self.assertEqual(status, 0, err)
        self.assertIn(expected_output, out)
        self.assertTrue(self.adapter.announcements.empty(), "more than one child announced itself")
        self.assertEqual(self.adapter.refused, [])
        return out, err

    def test_a_subprocess_running_a_script_is_announced_with_its_command_line_and_stops_at_its_breakpoint(self):
        root = self.adapter.launch(["run"])
        root.start_session()
        child = self.adapter.child()
        self.assertEqual(child["name"], "child_script.py 7")
        self.assertEqual(child["ppid"], root.process.pid)
        self.assertEqual(child["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertNotIn(child["attachToken"], " ".join(_command_line(child["pid"])))  # never in argv
        client = self.adapter.attach(child, {CHILD_SCRIPT: [line_of(CHILD_SCRIPT, "@child")]})
        stopped = client.stopped("breakpoint", timeout=20)["body"]
        self.assertEqual(_local(client, stopped["threadId"], "name"), "'7'")
        client.ok("continue", {"threadId": stopped["threadId"]})
        client.event("terminated", timeout=20)
        self.finish(root, "child 7 alone False")
        # The announcing connection lives as long as the child: the adapter reads its end there.
        connection = self.adapter.connections[0]
        connection.settimeout(TIMEOUT)
        self.assertEqual(connection.recv(1), b"")

    @unittest.skipUnless("spawn" in START_METHODS, "no spawn start method")
    def test_a_spawned_child_is_debugged_while_its_parent_is_stopped(self):
        root = self.adapter.launch(["spawn"])
        root.start_session({PROGRAM: [line_of(PROGRAM, "@joined")]})
        parent_stop = root.stopped("breakpoint", timeout=20)["body"]  # after start(): the child is on its own
        child = self.adapter.child()
        self.assertEqual(child["name"], "multiprocessing spawn")
        worker = self.adapter.attach(child, {PROGRAM: [WORKER]})
        stopped = worker.stopped("breakpoint", timeout=20)["body"]
        self.assertEqual(_local(worker, stopped["threadId"], "n"), "7")
        worker.ok("continue", {"threadId": stopped["threadId"]})
        worker.event("terminated", timeout=20)  # the spawned child ends by sys.exit: atexit says goodbye
        root.ok("continue", {"threadId": parent_stop["threadId"]})
        self.finish(root, "exitcode 0")  # and the resource tracker did not announce itself

    @unittest.skipUnless("fork" in START_METHODS, "no fork start method")
    def test_a_forked_multiprocessing_child_is_debugged(self):
        root, child, worker = self.stop_in_worker("fork", 7)
        self.assertEqual(child["name"], "multiprocessing fork")
        worker.wait_closed(20)
        self.finish(root, "exitcode 0")

    @unittest.skipUnless("forkserver" in START_METHODS, "no forkserver start method")
    def test_a_forkserver_worker_is_debugged_but_not_the_forkserver(self):
        root, child, worker = self.stop_in_worker("forkserver", 7)  # its parent in the tree: the program
        self.assertEqual(child["name"], "multiprocessing forkserver")
        worker.wait_closed(20)
        self.finish(root, "exitcode 0")

    def test_a_pool_worker_stops_at_a_breakpoint_in_the_worker_function(self):
        root, _child, _worker = self.stop_in_worker("pool", 5)
        self.finish(root, "results [10]")

    def test_a_process_pool_executor_worker_stops_at_its_breakpoint(self):
        root, _child, _worker = self.stop_in_worker("executor", 4)
        self.finish(root, "result 8")

    @unittest.skipUnless(hasattr(os, "fork"), "no os.fork")
    def test_an_os_fork_child_is_debugged_and_the_parent_session_goes_on(self):
        root, child, worker = self.stop_in_worker("os.fork", 3)
        self.assertEqual(child["name"], "fork of children.py os.fork")
        worker.wait_closed(20)
        self.finish(root, "child status 0")
        self.assertEqual(root.event("exited")["body"]["exitCode"], 0)

    def test_a_child_nobody_attaches_to_runs_after_the_wait_and_the_sitecustomize_it_hides_still_runs(self):
        other = tempfile.mkdtemp(prefix="bugscope-sitecustomize-")
        self.addCleanup(shutil.rmtree, other, True)
        with open(os.path.join(other, "sitecustomize.py"), "w") as f:
            f.write("import builtins\nbuiltins.CHAINED_SITECUSTOMIZE = True\n")
        started = time.time()
        root = self.adapter.launch(["run"], wait=0.5,
                                   env={"PYTHONPATH": os.pathsep.join([PYTHON_DIR, other])})
        root.start_session()
        self.adapter.child()
        # It ran untraced, the other sitecustomize ran, and our directory left sys.path.
        self.finish(root, "child 7 chained False untraced\nchild status 0")
        self.assertLess(time.time() - started, 8)

    def test_a_launch_without_the_variables_leaves_children_alone(self):
        root = self.adapter.launch(["run"], env={"BUGSCOPE_SUBPROCESS": ""})
        root.start_session()
        self.finish(root, "child 7 alone False untraced")


class OtherInterpretersTest(unittest.TestCase):
    def test_python_2_and_3_before_3_8_run_as_if_the_hook_were_not_there(self):
        pythons = _old_pythons()
        if not pythons:
            self.skipTest("no Python 2.7, 3.6 or 3.7 on this machine")
        adapter = FakeAdapter(self)
        env = tracer_env({"PYTHONPATH": os.pathsep.join([SITE_DIR, PYTHON_DIR]),
                          "BUGSCOPE_SUBPROCESS": "127.0.0.1:%d" % adapter._listener.getsockname()[1],
                          "BUGSCOPE_SUBPROCESS_TOKEN": CHILD_TOKEN})
        for python in pythons:
            done = subprocess.run([python, "-c", "print('ran')"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=20)
            self.assertEqual((done.returncode, done.stdout.strip(), done.stderr), (0, b"ran", b""), python)
        self.assertTrue(adapter.announcements.empty())


def _old_pythons():
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = []
    for prefix in ("2.7", "3.6", "3.7"):
        found += sorted(glob.glob(os.path.join(root, "versions", prefix + ".*", "bin", "python")))[-1:]
    return found or [p for p in (shutil.which("python2"),) if p]


def _command_line(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return [part.decode("utf-8", "replace") for part in f.read().split(b"\0")]
    except OSError:
        return []


if __name__ == "__main__":
    unittest.main()
