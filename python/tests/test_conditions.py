"""Conditional breakpoints, hit counts and log points: evaluated in the program, compiled once."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

VISITS = program("visits.py")
VISIT = line_of(VISITS, "@visit")


class ConditionalBreakpointTest(TracerTestCase):
    def stops_of(self, c):
        """The value of i at every stop until the program exits."""
        seen = []
        while True:
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"))
            if message["event"] == "exited":
                return seen
            frame = c.top_frame(1)
            seen.append(c.ok("evaluate", {"expression": "i", "frameId": frame["id"], "context": "repl"})["result"])
            c.ok("continue", {"threadId": 1})

    def test_a_condition_stops_only_where_it_is_true(self):
        c = self.launch([VISITS])
        placed = c.start_session({VISITS: [{"line": VISIT, "condition": "i == 7"}]})
        self.assertTrue(placed[VISITS][0]["verified"])
        self.assertEqual(self.stops_of(c), ["7"])

    def test_a_hit_count_counts_every_pass(self):
        c = self.launch([VISITS])
        c.start_session({VISITS: [{"line": VISIT, "hitCondition": "3"}]})
        self.assertEqual(self.stops_of(c), ["2"])

    def test_a_modulo_hit_count_stops_every_nth_pass(self):
        c = self.launch([VISITS])
        c.start_session({VISITS: [{"line": VISIT, "hitCondition": "% 4"}]})
        self.assertEqual(self.stops_of(c), ["3", "7"])

    def test_hit_count_and_condition_combine(self):
        c = self.launch([VISITS])
        c.start_session({VISITS: [{"line": VISIT, "hitCondition": ">= 2", "condition": "i % 2 == 0"}]})
        self.assertEqual(self.stops_of(c), ["2", "4", "6", "8"])

    def test_a_log_point_prints_interpolated_values_and_never_stops(self):
        c = self.launch([VISITS])
        c.start_session({VISITS: [{"line": VISIT, "logMessage": "visit i={i} sq={i * i} {{raw}} bad={nope}"}]})
        self.assertEqual(self.stops_of(c), [])
        logs = [m["body"]["output"] for m in c.messages
                if m.get("event") == "output" and m["body"].get("category") == "console"]
        self.assertEqual(len(logs), 10)
        self.assertEqual(logs[3], "visit i=3 sq=9 {raw} bad=<NameError: name 'nope' is not defined>\n")

    def test_a_condition_that_raises_stops_once_and_says_why(self):
        c = self.launch([VISITS])
        c.start_session({VISITS: [{"line": VISIT, "condition": "undefined_name > 1"}]})
        stop = c.stopped("breakpoint")["body"]
        self.assertIn("NameError", stop["description"])
        self.assertIn("undefined_name > 1", stop["description"])
        console = c.event("output", predicate=lambda b: b.get("category") == "console")["body"]["output"]
        self.assertIn("stopped once", console)
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)  # no second stop

    def test_an_invalid_condition_is_reported_on_the_breakpoint(self):
        c = self.launch([VISITS])
        placed = c.start_session({VISITS: [{"line": VISIT, "condition": "i =="}, {"line": line_of(VISITS, "@end")}]})
        bad, good = placed[VISITS]
        self.assertFalse(bad["verified"])
        self.assertIn("invalid condition", bad["message"])
        self.assertTrue(good["verified"])
        c.stopped("breakpoint")
        self.assertEqual(c.top_frame(1)["line"], line_of(VISITS, "@end"))


if __name__ == "__main__":
    unittest.main()
