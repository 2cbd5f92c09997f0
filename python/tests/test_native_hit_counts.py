"""Hit counts and log points on the native fast path (3.8-3.11 frame-eval tracer, 3.12+ C LINE callback):
the same stops and the same output as the pure-Python path (BUGSCOPE_NATIVE=0), and passes that neither stop
nor log never reach Python. Also what the C LINE callback of 3.12+ must keep from sys.monitoring: lines it
DISABLEd come back when breakpoints change, and a breakpoint added to a loop that is already running hits."""
import os
import shutil
import tempfile
import textwrap
import unittest

from dapclient import line_of
from support import TracerTestCase
from test_native import native_expected

PASSES = textwrap.dedent("""\
    def visit(i):
        square = i * i  # @visit
        return square


    def logged(i):
        return i  # @log


    for i in range(30):
        visit(i)
        logged(i)
    print("end", flush=True)  # @end
    """)

# (breakpoint options on @visit, options of a log point on @log, values of i at the stops, log lines)
CASES = [
    ({"hitCondition": "== 5"}, {"logMessage": "at {i}", "hitCondition": "% 10"},
     ["4"], ["at 9", "at 19", "at 29"]),
    ({"hitCondition": "12"}, {"logMessage": "late {i} {i * 2}", "condition": "i > 26"},
     ["11"], ["late 27 54", "late 28 56", "late 29 58"]),
    ({"hitCondition": ">= 28"}, {"logMessage": "{i}:{nope}", "hitCondition": "<= 2"},
     ["27", "28", "29"], ["0:<NameError: name 'nope' is not defined>", "1:<NameError: name 'nope' is not defined>"]),
    ({"hitCondition": "< 3"}, {"logMessage": "five {i}", "hitCondition": "> 2", "condition": "i % 5 == 0"},
     ["0", "1"], ["five 5", "five 10", "five 15", "five 20", "five 25"]),
    ({"hitCondition": ">= 2", "condition": "i % 7 == 0"}, {"logMessage": "once", "hitCondition": "== 30"},
     ["7", "14", "21", "28"], ["once"]),
    ({"hitCondition": "% 10", "condition": "i > 10"}, {"logMessage": "never", "condition": "i < 0"},
     ["19", "29"], []),
]

# A loop that keeps running in the main thread until the client has set what it wants.
RUNNING = textwrap.dedent("""\
    import sys


    def spin():
        n = 0
        while True:
            n = n + 1  # @spin
            if n == -1:
                break


    print("ready", flush=True)
    spin()
    """)

REARM = textwrap.dedent("""\
    def work(i):
        a = i + 1  # @first
        b = a * 2  # @second
        return b


    def checkpoint():
        return None  # @checkpoint


    for i in range(3):
        work(i)
    checkpoint()
    for i in range(3, 8):
        work(i)
    print("done", flush=True)
    """)


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


class NativeHitCountTest(TracerTestCase):
    def setUp(self):
        native_expected(self, frame_eval=False)
        directory = tempfile.mkdtemp(prefix="bugscope-native-hits-")
        self.addCleanup(shutil.rmtree, directory, True)
        self.passes = write(directory, "passes.py", PASSES)
        self.running = write(directory, "running.py", RUNNING)
        self.rearm = write(directory, "rearm.py", REARM)

    def run_case(self, visit, log, env):
        """(values of i at every stop, console lines, the engine's line counters) for one session."""
        c = self.launch([self.passes], env=dict(env, BUGSCOPE_STATS="1"))
        placed = c.start_session({self.passes: [dict(visit, line=line_of(self.passes, "@visit")),
                                                dict(log, line=line_of(self.passes, "@log"))]})
        self.assertTrue(all(bp["verified"] for bp in placed[self.passes]), placed)
        stops, counters = [], {}
        while True:
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"))
            if message["event"] == "exited":
                break
            frame = c.top_frame(1)
            stops.append(c.ok("evaluate", {"expression": "i", "frameId": frame["id"], "context": "repl"})["result"])
            counters = c.ok("bugscope/stats")["counters"]
            c.ok("continue", {"threadId": 1})
        status, out, _err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("end", out)
        logs = [m["body"]["output"].rstrip("\n") for m in c.messages
                if m.get("event") == "output" and m["body"].get("category") == "console"]
        return stops, logs, counters

    def test_hit_counts_and_log_points_stop_and_print_exactly_as_the_python_path_does(self):
        for visit, log, stops, logs in CASES:
            native = self.run_case(visit, log, {})
            pure = self.run_case(visit, log, {"BUGSCOPE_NATIVE": "0"})
            self.assertEqual(native[:2], (stops, logs), (visit, log))
            self.assertEqual(pure[:2], (stops, logs), (visit, log))

    def test_passes_a_hit_count_rejects_never_reach_python(self):
        stops, _logs, counters = self.run_case({"hitCondition": "== 25"}, {"logMessage": "x", "condition": "i < 0"}, {})
        self.assertEqual(stops, ["24"])
        # At the stop: the 25th pass of @visit is the first one the backend saw; @log was never due.
        self.assertEqual(counters.get("line:visit", 0), 1)
        self.assertEqual(counters.get("line:logged", 0), 0)

    def test_a_hit_count_set_in_a_loop_that_is_already_running_counts_from_then_and_hits(self):
        c = self.launch([self.running], wait_for_client=False)
        self.assertEqual(c.process.stdout.readline().strip(), b"ready")
        c.start_session()
        source = {"path": self.running}
        line = line_of(self.running, "@spin")
        c.ok("setBreakpoints", {"source": source, "breakpoints": [{"line": line, "hitCondition": "== 1000"}]})
        tid = c.stopped("breakpoint")["body"]["threadId"]
        frame = c.top_frame(tid)
        self.assertEqual(frame["name"], "spin")
        first = int(c.locals_of(frame["id"])["n"]["value"])
        c.ok("setBreakpoints", {"source": source, "breakpoints": [{"line": line, "condition": "n == %d" % (first + 500)}]})
        c.ok("continue", {"threadId": tid})
        c.stopped("breakpoint")
        self.assertEqual(int(c.locals_of(c.top_frame(tid)["id"])["n"]["value"]), first + 500)
        c.ok("terminate")

    def test_lines_answered_disable_hit_once_a_breakpoint_is_set_on_them(self):
        # @first has a condition (decided in C) that is never true, so the C callback has answered DISABLE for
        # @second by the time the checkpoint stops; setting a breakpoint there must re-arm it.
        c = self.launch([self.rearm], env={"BUGSCOPE_STATS": "1"})
        c.start_session({self.rearm: [{"line": line_of(self.rearm, "@first"), "condition": "i < 0"},
                                      line_of(self.rearm, "@checkpoint")]})
        c.stopped("breakpoint")
        self.assertEqual(c.top_frame(1)["line"], line_of(self.rearm, "@checkpoint"))
        self.assertEqual(c.ok("bugscope/stats")["counters"].get("line:work", 0), 0)  # all decided in C
        c.ok("setBreakpoints", {"source": {"path": self.rearm},
                                "breakpoints": [{"line": line_of(self.rearm, "@second"), "hitCondition": ">= 2"},
                                                {"line": line_of(self.rearm, "@first"), "condition": "i < 0"}]})
        c.ok("continue", {"threadId": 1})
        seen = []
        while True:
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"))
            if message["event"] == "exited":
                break
            frame = c.top_frame(1)
            self.assertEqual(frame["line"], line_of(self.rearm, "@second"))
            seen.append(c.ok("evaluate", {"expression": "i", "frameId": frame["id"], "context": "repl"})["result"])
            c.ok("continue", {"threadId": 1})
        self.assertEqual(seen, ["4", "5", "6", "7"])  # counted from the change: passes 2-5 of i = 3..7


if __name__ == "__main__":
    unittest.main()
