"""The native code: on 3.8-3.11 the C frame-eval backend, on 3.12+ the C LINE callback of the sys.monitoring
backend. Chosen when a compiler exists, cached, and replaced by pure Python, with the same behaviour, when it
cannot be built."""
import os
import shutil
import sys
import tempfile
import textwrap
import unittest

from dapclient import PYTHON_DIR, line_of, program
from support import TracerTestCase
from test_version import version_line

sys.path.insert(0, PYTHON_DIR)

from bugscope import native_build  # noqa: E402

STEPS = program("steps.py")
NATIVE_VERSIONS = native_build.FIRST <= sys.version_info[:2] <= native_build.LAST
FRAME_EVAL_VERSIONS = NATIVE_VERSIONS and sys.version_info < (3, 12)  # NativeBackend; 3.12+: MonitoringBackend

# A thread that loops in one frame, started before any client attaches, and a main thread that keeps calling.
RUNNING = textwrap.dedent("""\
    import threading
    import time


    def work(n):
        return n + 1  # @work


    def loop():
        n = 0
        while True:
            n = n + 1  # @loop


    threading.Thread(target=loop, name="looper", daemon=True).start()
    print("ready", flush=True)
    while True:
        time.sleep(0.01)
        work(1)
    """)


def native_expected(test, frame_eval=True):
    """Skips ``test`` where the native code is not meant to run (``frame_eval``: the 3.8-3.11 backend itself);
    fails it if it should but does not build."""
    if not (FRAME_EVAL_VERSIONS if frame_eval else NATIVE_VERSIONS):
        test.skipTest("the native backend is for 3.8-3.11" if frame_eval else "no native code for this version")
    if os.environ.get("BUGSCOPE_NATIVE") == "0":
        test.skipTest("BUGSCOPE_NATIVE=0")
    if native_build.find_compiler() is None:
        test.skipTest("no C compiler")
    module, reason = native_build.load()  # builds into the shared cache once, like the tracer processes
    test.assertIsNotNone(module, reason)


class NativeSelectionTest(TracerTestCase):
    def backend_of(self, c):
        return c.ok("bugscope/stats")["backend"]

    def test_the_native_backend_runs_when_a_compiler_exists(self):
        native_expected(self)
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@inner-first")]})
        c.stopped("breakpoint")
        self.assertEqual(self.backend_of(c), "NativeBackend")
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_the_c_line_callback_is_selected_on_3_12_and_later_when_it_builds(self):
        native_expected(self, frame_eval=False)
        if FRAME_EVAL_VERSIONS:
            self.skipTest("3.8-3.11 use the native backend itself")
        self.assertTrue(version_line().endswith("engine sys.monitoring + native conditions (C)"))
        module, _reason = native_build.load()
        self.assertEqual(module.kind, "monitoring")
        c = self.launch([STEPS], env={"BUGSCOPE_STATS": "1"})
        c.start_session({STEPS: [{"line": line_of(STEPS, "@inner-first"), "condition": "False"},
                                 line_of(STEPS, "@after-inner")]})
        c.stopped("breakpoint")
        stats = c.ok("bugscope/stats")
        self.assertEqual(stats["backend"], "MonitoringBackend")
        self.assertEqual(stats["counters"].get("line:inner", 0), 0)  # the Python LINE callback never ran there
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_without_a_compiler_the_pure_python_backend_runs_and_breakpoints_hit(self):
        cache = tempfile.mkdtemp(prefix="bugscope-cache-")
        self.addCleanup(shutil.rmtree, cache, True)
        env = {"CC": "/nonexistent/cc", "BUGSCOPE_CACHE_DIR": cache}
        if NATIVE_VERSIONS and os.environ.get("BUGSCOPE_NATIVE") != "0":
            self.assertIn(": engine sys.%s" % ("settrace (pure Python); the C tracer is not used: no C compiler"
                                               if FRAME_EVAL_VERSIONS else
                                               "monitoring; native conditions are not used: no C compiler"),
                          version_line(**env))
        c = self.launch([STEPS], env=dict(env, BUGSCOPE_STATS="1"))
        c.start_session({STEPS: [{"line": line_of(STEPS, "@inner-first"), "condition": "n > 0"},
                                 {"line": line_of(STEPS, "@after-inner"), "hitCondition": "2"}]})
        c.stopped("breakpoint")
        self.assertEqual(c.top_frame(1)["line"], line_of(STEPS, "@inner-first"))
        if not FRAME_EVAL_VERSIONS:  # the Python LINE callback evaluated the condition
            self.assertGreaterEqual(c.ok("bugscope/stats")["counters"].get("line:inner", 0), 1)
        if FRAME_EVAL_VERSIONS:
            self.assertEqual(self.backend_of(c), "SettraceBackend")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        status, out, err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("finished", out)
        self.assertNotIn("native", c.stderr_head + err)  # no compiler is not an error worth a line

    def test_disabled_by_the_environment(self):
        if not FRAME_EVAL_VERSIONS:
            self.skipTest("the native backend is for 3.8-3.11")
        c = self.launch([STEPS], env={"BUGSCOPE_NATIVE": "0"})
        c.start_session({STEPS: [line_of(STEPS, "@inner-first")]})
        c.stopped("breakpoint")
        self.assertEqual(self.backend_of(c), "SettraceBackend")
        c.ok("continue", {"threadId": 1})
        c.event("exited")


class NativeRunControlTest(TracerTestCase):
    def setUp(self):
        native_expected(self)
        directory = tempfile.mkdtemp(prefix="bugscope-native-")
        self.addCleanup(shutil.rmtree, directory, True)
        self.running = os.path.join(directory, "running.py")
        with open(self.running, "w") as f:
            f.write(RUNNING)

    def attach_to_running(self):
        c = self.launch([self.running], wait_for_client=False)
        self.assertEqual(c.process.stdout.readline().strip(), b"ready")
        c.start_session()
        self.assertEqual(c.ok("bugscope/stats")["backend"], "NativeBackend")
        return c

    def test_a_breakpoint_set_in_a_loop_running_in_an_older_thread_hits(self):
        c = self.attach_to_running()
        c.ok("setBreakpoints", {"source": {"path": self.running}, "breakpoints": [{"line": line_of(self.running, "@loop")}]})
        tid = c.stopped("breakpoint")["body"]["threadId"]
        self.assertEqual(c.top_frame(tid)["name"], "loop")
        n = int(c.locals_of(c.top_frame(tid)["id"])["n"]["value"])
        c.ok("continue", {"threadId": tid})
        c.stopped("breakpoint")
        self.assertEqual(int(c.locals_of(c.top_frame(tid)["id"])["n"]["value"]), n + 1)
        c.ok("terminate")

    def test_a_breakpoint_added_and_removed_while_running_takes_effect_at_once(self):
        c = self.attach_to_running()
        source = {"path": self.running}
        c.ok("setBreakpoints", {"source": source, "breakpoints": [{"line": line_of(self.running, "@work")}]})
        self.assertEqual(c.top_frame(c.stopped("breakpoint")["body"]["threadId"])["name"], "work")
        c.ok("setBreakpoints", {"source": source, "breakpoints": []})
        c.ok("continue", {"threadId": 1})
        c.event("continued")
        with self.assertRaises(AssertionError):
            c.stopped("breakpoint", timeout=0.5)
        c.ok("terminate")

    def test_pause_stops_a_thread_that_was_running_before_the_client_attached(self):
        c = self.attach_to_running()
        looper = [t["id"] for t in c.ok("threads")["threads"] if t["name"] == "looper"][0]
        c.ok("pause", {"threadId": looper})
        c.stopped("pause")
        self.assertEqual(c.top_frame(looper)["name"], "loop")
        c.ok("next", {"threadId": looper})
        c.stopped("step")
        self.assertEqual(c.top_frame(looper)["name"], "loop")
        c.ok("terminate")

    def test_step_in_out_and_over(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@call-inner")]})
        c.stopped("breakpoint")
        self.assertEqual(c.ok("bugscope/stats")["backend"], "NativeBackend")
        for command, name, marker in (("stepIn", "inner", "@inner-first"), ("stepOut", "outer", "@call-inner"),
                                      ("next", "outer", "@after-inner")):
            c.ok(command, {"threadId": 1})
            c.stopped("step")
            frame = c.top_frame(1)
            self.assertEqual((frame["name"], frame["line"]), (name, line_of(STEPS, marker)), command)
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)


class NativeBuildTest(unittest.TestCase):
    """native_build without a tracer process: cache paths and build failures."""

    def setUp(self):
        if not NATIVE_VERSIONS or os.name == "nt":
            self.skipTest("the native code is for CPython 3.8-3.13 on POSIX")
        self.cache = tempfile.mkdtemp(prefix="bugscope-cache-")
        self.addCleanup(shutil.rmtree, self.cache, True)
        self.saved = {k: os.environ.get(k) for k in ("CC", "BUGSCOPE_CACHE_DIR", "BUGSCOPE_NATIVE")}
        self.addCleanup(self.restore_environment)
        os.environ["BUGSCOPE_CACHE_DIR"] = self.cache
        os.environ.pop("BUGSCOPE_NATIVE", None)

    def restore_environment(self):
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def test_the_cache_key_follows_the_source_and_lives_under_the_cache_dir(self):
        first = native_build.built_path(b"int a;")
        self.assertTrue(first.startswith(os.path.join(self.cache, "native", sys.implementation.cache_tag)))
        self.assertNotEqual(first, native_build.built_path(b"int b;"))
        self.assertEqual(first, native_build.built_path(b"int a;"))

    def test_a_failing_compiler_is_reported_once_and_not_retried(self):
        failing = shutil.which("false")
        if failing is None:
            self.skipTest("no `false` command")
        os.environ["CC"] = failing
        target = native_build.built_path(b"a source that will not build")
        problem = native_build.build(target)
        self.assertIn("failed", problem)
        self.assertFalse(os.path.exists(target))
        self.assertIn("before", native_build.build(target))  # the note is found: no second attempt

    def test_a_new_build_removes_all_but_the_newest_older_ones(self):
        paths = [native_build.built_path(b"int v%d;" % i) for i in range(5)]
        for age, path in enumerate(paths):
            os.makedirs(os.path.dirname(path))
            os.utime(os.path.dirname(path), (1000 + age, 1000 + age))
        native_build._prune(os.path.dirname(paths[-1]))
        left = sorted(os.listdir(os.path.join(self.cache, "native")))
        self.assertEqual(left, sorted(os.path.basename(os.path.dirname(p)) for p in paths[-3:]))

    def test_disabled_by_the_environment_without_building(self):
        os.environ["BUGSCOPE_NATIVE"] = "0"
        module, reason = native_build._load()
        self.assertIsNone(module)
        self.assertIn("BUGSCOPE_NATIVE=0", reason)
        self.assertEqual(os.listdir(self.cache), [])


if __name__ == "__main__":
    unittest.main()
