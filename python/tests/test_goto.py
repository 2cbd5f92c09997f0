"""Jump to a line (gotoTargets, goto) in the frame where the thread is stopped, and CPython's refusals."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

JUMPS = program("jumps.py")


class GotoTest(TracerTestCase):
    def goto(self, c, marker):
        targets = c.ok("gotoTargets", {"source": {"path": JUMPS}, "line": line_of(JUMPS, marker)})["targets"]
        self.assertEqual(targets[0]["line"], line_of(JUMPS, marker))
        return c.request("goto", {"threadId": 1, "targetId": targets[0]["id"]})

    def test_jumping_over_lines_skips_them_and_the_stop_is_reported_at_the_new_line(self):
        c = self.launch([JUMPS])
        c.start_session({JUMPS: [line_of(JUMPS, "@one")]})
        c.stopped("breakpoint")
        self.assertTrue(self.goto(c, "@thousand")["success"])
        c.stopped("goto")
        self.assertEqual(c.top_frame(1)["line"], line_of(JUMPS, "@thousand"))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertIn("total 1000", c.finish()[1])

    def test_jumping_back_runs_lines_again(self):
        c = self.launch([JUMPS])
        c.start_session({JUMPS: [line_of(JUMPS, "@thousand")]})
        c.stopped("breakpoint")
        self.assertTrue(self.goto(c, "@ten")["success"])
        c.stopped("goto")
        c.ok("continue", {"threadId": 1})  # the breakpoint on @thousand stops again
        c.stopped("breakpoint")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertIn("total 1421", c.finish()[1])  # 211 at the jump, then +10, +200 and +1000 again

    def test_a_jump_into_a_loop_body_is_refused_with_pythons_reason(self):
        c = self.launch([JUMPS])
        c.start_session({JUMPS: [line_of(JUMPS, "@one")]})
        c.stopped("breakpoint")
        refused = self.goto(c, "@loop")
        self.assertFalse(refused["success"])
        self.assertIn("cannot jump to line %d" % line_of(JUMPS, "@loop"), refused["message"])
        self.assertEqual(c.top_frame(1)["line"], line_of(JUMPS, "@one"))  # still stopped where it was
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertIn("total 1211", c.finish()[1])  # ran as if nothing happened

    def test_a_line_of_another_function_is_refused(self):
        c = self.launch([JUMPS])
        c.start_session({JUMPS: [line_of(JUMPS, "@one")]})
        c.stopped("breakpoint")
        refused = c.request("goto", {"threadId": 1, "targetId": line_of(JUMPS, "print(")})
        self.assertFalse(refused["success"])
        self.assertIn("not in count", refused["message"])
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
