"""Step into a chosen call of the line (stepInTargets, stepIn with targetId)."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

NESTED = program("nested_calls.py")


class StepInTargetsTest(TracerTestCase):
    def targets(self, c):
        c.start_session({NESTED: [line_of(NESTED, "@line")]})
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        return {t["label"]: t for t in c.ok("stepInTargets", {"frameId": frame["id"]})["targets"]}

    def step_into(self, c, target):
        c.ok("stepIn", {"threadId": 1, "targetId": target["id"]})
        c.stopped("step")
        frame = c.top_frame(1)
        return frame["name"], frame["line"]

    def test_the_calls_of_the_line_are_listed_in_source_order_with_their_columns(self):
        c = self.launch([NESTED])
        targets = self.targets(c)
        self.assertEqual(list(targets), ["shout", "str", "double"])
        self.assertEqual((targets["shout"]["column"], targets["double"]["column"]), (10, 20))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_stepping_into_the_outer_call_runs_the_inner_ones(self):
        c = self.launch([NESTED])
        self.assertEqual(self.step_into(c, self.targets(c)["shout"]), ("shout", line_of(NESTED, "@shout")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_stepping_into_the_inner_call(self):
        c = self.launch([NESTED])
        self.assertEqual(self.step_into(c, self.targets(c)["double"]), ("double", line_of(NESTED, "@double")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_a_call_with_no_python_code_behind_it_steps_to_the_next_line(self):
        c = self.launch([NESTED])
        self.assertEqual(self.step_into(c, self.targets(c)["str"]), ("<module>", line_of(NESTED, "@print")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_an_unknown_target_is_refused(self):
        c = self.launch([NESTED])
        self.targets(c)
        refused = c.request("stepIn", {"threadId": 1, "targetId": 99})
        self.assertFalse(refused["success"])
        self.assertIn("not known", refused["message"])
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
