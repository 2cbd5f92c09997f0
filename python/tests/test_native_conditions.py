"""Conditional breakpoints decided in C: by the trace function of the native backend (3.8-3.11), or by the C
LINE callback of the sys.monitoring backend (3.12+). Either calls Python only when the condition is true or
raises. Same behaviour as the Python path (test_conditions.py), checked here where the C path runs."""
import os
import shutil
import sys
import tempfile
import textwrap
import unittest

from dapclient import line_of
from support import TracerTestCase
from test_native import native_expected

LOOPS = textwrap.dedent("""\
    import sys

    counter = []


    def hot(n):
        total = 0
        for i in range(n):
            total += i  # @hot
        return total


    def closure(n):
        seen = 0

        def bump():
            return seen
        for k in range(n):
            seen = k  # @cell
        return bump()


    hot(int(sys.argv[1]))
    closure(10)
    for j in range(5):
        counter.append(j)  # @module
    print("done", len(counter), flush=True)  # @end
    """)

# A loop that is already running when the client attaches, in a thread started before it.
RUNNING = textwrap.dedent("""\
    import threading
    import time


    def loop():
        n = 0
        while True:
            n = n + 1  # @loop


    threading.Thread(target=loop, name="looper", daemon=True).start()
    print("ready", flush=True)
    while True:
        time.sleep(0.05)
    """)


BACKEND = "NativeBackend" if sys.version_info < (3, 12) else "MonitoringBackend"


class NativeConditionTest(TracerTestCase):
    def setUp(self):
        native_expected(self, frame_eval=False)
        directory = tempfile.mkdtemp(prefix="bugscope-native-cond-")
        self.addCleanup(shutil.rmtree, directory, True)
        self.loops = os.path.join(directory, "loops.py")
        with open(self.loops, "w") as f:
            f.write(LOOPS)
        self.running = os.path.join(directory, "running.py")
        with open(self.running, "w") as f:
            f.write(RUNNING)

    def evaluate(self, c, frame, expression):
        return c.ok("evaluate", {"expression": expression, "frameId": frame["id"], "context": "repl"})["result"]

    def launch_loops(self, breakpoints, n=20000):
        c = self.launch([self.loops, str(n)], env={"BUGSCOPE_STATS": "1"})
        placed = c.start_session({self.loops: breakpoints})
        self.assertTrue(all(bp["verified"] for bp in placed[self.loops]), placed)
        return c

    def bp(self, marker, condition=None):
        spec = {"line": line_of(self.loops, marker)}
        if condition is not None:
            spec["condition"] = condition
        return spec

    def test_a_false_condition_on_a_hot_line_never_calls_python(self):
        c = self.launch_loops([self.bp("@hot", "i < 0"), self.bp("@end")])
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        self.assertEqual(frame["line"], line_of(self.loops, "@end"))
        stats = c.ok("bugscope/stats")
        self.assertEqual(stats["backend"], BACKEND)
        self.assertEqual(stats["counters"].get("line:hot", 0), 0)  # 20000 passes, none reached the backend
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        status, out, _err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("done 5", out)

    def test_a_true_condition_stops_once_and_runs_once_per_pass(self):
        c = self.launch_loops([self.bp("@hot", "counter.append(1) or i == 7")], n=10)
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        self.assertEqual(frame["line"], line_of(self.loops, "@hot"))
        self.assertEqual(self.evaluate(c, frame, "i"), "7")
        self.assertEqual(self.evaluate(c, frame, "len(counter)"), "8")  # not evaluated again by the engine
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        status, out, _err = c.finish()
        self.assertIn("done 15", out)  # 10 passes, once each, then 5 appends at module level
        self.assertEqual([m for m in c.messages if m.get("event") == "stopped"], [])  # no second stop

    def test_conditions_see_cells_and_module_level_names(self):
        c = self.launch_loops([self.bp("@cell", "k == 4"), self.bp("@module", "j == 3 and len(counter) == 3")])
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        self.assertEqual((frame["line"], self.evaluate(c, frame, "k")), (line_of(self.loops, "@cell"), "4"))
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        self.assertEqual((frame["line"], self.evaluate(c, frame, "j")), (line_of(self.loops, "@module"), "3"))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_a_condition_that_raises_stops_once_and_says_why(self):
        c = self.launch_loops([self.bp("@hot", "undefined_name > 1")], n=1000)
        stop = c.stopped("breakpoint")["body"]
        self.assertIn("NameError", stop["description"])
        self.assertIn("undefined_name > 1", stop["description"])
        self.assertEqual(self.evaluate(c, c.top_frame(1), "i"), "0")
        console = c.event("output", predicate=lambda b: b.get("category") == "console")["body"]["output"]
        self.assertIn("stopped once", console)
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)  # no second stop
        self.assertEqual([m for m in c.messages if m.get("event") == "stopped"], [])

    def test_changing_the_condition_while_running_takes_effect(self):
        c = self.launch([self.running], wait_for_client=False)
        self.assertEqual(c.process.stdout.readline().strip(), b"ready")
        c.start_session()
        self.assertEqual(c.ok("bugscope/stats")["backend"], BACKEND)
        source = {"path": self.running}
        line = line_of(self.running, "@loop")
        c.ok("setBreakpoints", {"source": source, "breakpoints": [{"line": line, "condition": "n < 0"}]})
        with self.assertRaises(AssertionError):
            c.stopped("breakpoint", timeout=0.5)
        c.ok("setBreakpoints", {"source": source, "breakpoints": [{"line": line, "condition": "n % 1000 == 999"}]})
        tid = c.stopped("breakpoint")["body"]["threadId"]
        frame = c.top_frame(tid)
        self.assertEqual(frame["name"], "loop")
        self.assertEqual(self.evaluate(c, frame, "n % 1000"), "999")
        c.ok("setBreakpoints", {"source": source, "breakpoints": [{"line": line, "condition": "n == -1"}]})
        c.ok("continue", {"threadId": tid})
        c.event("continued")
        with self.assertRaises(AssertionError):
            c.stopped("breakpoint", timeout=0.5)
        c.ok("setBreakpoints", {"source": source, "breakpoints": []})
        c.ok("terminate")


if __name__ == "__main__":
    unittest.main()
