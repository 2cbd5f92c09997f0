"""After a step leaves a function, the caller's Locals show what it returned as "(return) name"."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

STEPS = program("steps.py")


class ReturnValueTest(TracerTestCase):
    def locals_after(self, c, request):
        c.ok(request, {"threadId": 1})
        c.stopped("step")
        frame = c.top_frame(1)
        return frame, c.locals_of(frame["id"])

    def test_step_out_shows_the_return_value_first_in_the_callers_locals(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@inner-first")]})
        c.stopped("breakpoint")
        frame, local = self.locals_after(c, "stepOut")
        self.assertEqual((frame["name"], frame["line"]), ("outer", line_of(STEPS, "@call-inner")))
        self.assertEqual(list(local)[0], "(return) inner")
        self.assertEqual(local["(return) inner"]["value"], "2")
        # It belongs to that stop only: the next step shows plain locals again.
        _frame, local = self.locals_after(c, "next")
        self.assertNotIn("(return) inner", local)
        self.assertEqual(local["b"]["value"], "2")
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_next_off_the_end_of_a_function_shows_its_return_value(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@after-inner")]})
        c.stopped("breakpoint")
        c.ok("next", {"threadId": 1})
        c.stopped("step")
        frame, local = self.locals_after(c, "next")
        self.assertEqual(frame["name"], "<module>")
        self.assertEqual(local["(return) outer"]["value"], "3")
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
