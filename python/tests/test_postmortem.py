"""Post-mortem: ``--on-uncaught`` runs a program untraced and holds it for a debugger only when an exception
would end it; the pytest plugin holds the first failing test."""
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from dapclient import TIMEOUT, DapClient, line_of, program, tracer_env
from support import TracerTestCase

RAISING = program("raising.py")


def has_pytest():
    return subprocess.call([sys.executable, "-c", "import pytest"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0


class OnUncaughtTest(TracerTestCase):
    def hold(self, mode, *options):
        c = DapClient.launch_command([sys.executable, "-m", "bugscope", "--listen", "127.0.0.1:0", "--on-uncaught"]
                                     + list(options) + [RAISING, mode])
        self.addCleanup(c.close)
        return c

    def test_an_uncaught_exception_is_held_with_its_frames_until_the_client_continues(self):
        c = self.hold("uncaught")
        c.start_session()
        stop = c.stopped("exception")["body"]
        self.assertEqual(stop["text"], "RuntimeError: lookup of missing failed")
        frames = c.ok("stackTrace", {"threadId": stop["threadId"]})["stackFrames"]
        self.assertEqual([(f["name"], f["line"]) for f in frames],
                         [("chained", line_of(RAISING, "@chained")), ("<module>", line_of(RAISING, "@call-chained"))])
        self.assertEqual(c.locals_of(frames[0]["id"])["key"]["value"], "'missing'")
        self.assertEqual(c.ok("evaluate", {"expression": "len(key)", "frameId": frames[0]["id"]})["result"], "7")
        info = c.ok("exceptionInfo", {"threadId": stop["threadId"]})
        self.assertEqual(info["details"]["innerException"][0]["typeName"], "KeyError")
        refused = c.request("stepIn", {"threadId": stop["threadId"]})
        self.assertFalse(refused["success"])
        self.assertIn("not stepped", refused["message"])
        c.ok("continue", {"threadId": stop["threadId"]})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 1)
        status, _out, err = c.finish()
        self.assertEqual(status, 1)
        self.assertIn("RuntimeError: lookup of missing failed in thread MainThread: holding the program", err)
        self.assertIn("attach to 127.0.0.1:%d" % c.port, err)
        self.assertIn("Traceback (most recent call last)", err)  # then the exception takes its course

    def test_an_uncaught_exception_in_a_worker_thread_is_held_and_the_program_then_goes_on(self):
        c = self.hold("thread")
        c.start_session()
        stop = c.stopped("exception")["body"]
        threads = {t["id"]: t["name"] for t in c.ok("threads")["threads"]}
        self.assertEqual(threads[stop["threadId"]], "worker")
        frames = c.ok("stackTrace", {"threadId": stop["threadId"]})["stackFrames"]
        worker = [f for f in frames if f["name"] == "worker"][0]
        self.assertEqual(c.locals_of(worker["id"])["depth"]["value"], "1")
        c.ok("continue", {"threadId": stop["threadId"]})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertIn("main goes on", c.finish()[1])

    def test_without_a_client_the_wait_times_out_and_the_program_exits_with_its_own_status(self):
        c = self.hold("uncaught", "--wait-timeout", "0.5")
        status, _out, err = c.finish()
        self.assertEqual(status, 1)
        self.assertIn("no debugger attached within 0.5 s", err)
        self.assertIn("RuntimeError: lookup of missing failed", err)

    def test_a_program_that_ends_normally_never_listens_nor_waits(self):
        started = time.time()
        done = subprocess.run([sys.executable, "-m", "bugscope", "--listen", "127.0.0.1:0", "--on-uncaught",
                               RAISING, "caught"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=tracer_env(), timeout=TIMEOUT)
        self.assertEqual((done.returncode, done.stdout.decode().strip()), (0, "caught all"))
        self.assertEqual(done.stderr.decode(), "")  # not even a listening line
        self.assertLess(time.time() - started, TIMEOUT)

    def test_the_program_runs_untraced(self):
        done = subprocess.run([sys.executable, "-m", "bugscope", "--listen", "127.0.0.1:0", "--on-uncaught", "-c",
                               "import sys; print(sys.gettrace(), getattr(sys, 'monitoring', None) and "
                               "sys.monitoring.get_tool(sys.monitoring.DEBUGGER_ID))"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=tracer_env(), timeout=TIMEOUT)
        self.assertEqual(done.stdout.decode().strip(), "None None")  # no trace function, no monitoring tool

    def test_wait_timeout_without_on_uncaught_is_a_usage_error(self):
        done = subprocess.run([sys.executable, "-m", "bugscope", "--listen", "0", "--wait-timeout", "3", RAISING],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=tracer_env(), timeout=TIMEOUT)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--wait-timeout goes with --on-uncaught", done.stderr.decode())


@unittest.skipUnless(has_pytest(), "pytest is not installed for %s" % sys.executable)
class PytestPluginTest(TracerTestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="bugscope-pytest-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.tests = os.path.join(self.folder, "test_sample.py")
        with open(self.tests, "w") as f:
            f.write(textwrap.dedent("""\
                def double(x):
                    total = x * 2
                    assert total == 5, "total was %d" % total  # @assert
                    return total


                def test_passes():
                    assert double(2.5) == 5


                def test_fails():
                    double(2)


                def test_fails_again():
                    assert False


                def test_after():
                    pass
                """))

    def test_the_first_failing_test_is_held_with_its_frames_then_pytest_goes_on(self):
        c = DapClient.launch_command([sys.executable, "-m", "pytest", "-p", "bugscope.pytest", "-q",
                                      "-p", "no:cacheprovider", "--bugscope-on-failure", "127.0.0.1:0", self.tests],
                                     cwd=self.folder)
        self.addCleanup(c.close)
        c.start_session()
        stop = c.stopped("exception")["body"]
        self.assertIn("AssertionError: total was 4", stop["text"])
        frames = c.ok("stackTrace", {"threadId": stop["threadId"]})["stackFrames"]
        self.assertEqual([(f["name"], f["line"]) for f in frames[:2]],
                         [("double", line_of(self.tests, "@assert")), ("test_fails", 12)])
        self.assertEqual(c.locals_of(frames[0]["id"])["total"]["value"], "4")
        self.assertEqual(c.ok("evaluate", {"expression": "total + x", "frameId": frames[0]["id"]})["result"], "6")
        c.ok("continue", {"threadId": stop["threadId"]})
        c.event("terminated")
        status, out, err = c.finish()
        self.assertEqual(status, 1)
        self.assertIn("2 failed, 2 passed", out)
        self.assertEqual(err.count("holding the program"), 1)  # only the first failure is held


if __name__ == "__main__":
    unittest.main()
