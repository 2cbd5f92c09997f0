"""Line breakpoints in files that are not loaded yet: unverified first, verified when their code first runs."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

FUNCTIONS = program("functions.py")
LATE = program("late_module.py")


class DeferredBreakpointTest(TracerTestCase):
    def test_a_breakpoint_in_a_module_imported_later_is_verified_when_it_loads_and_then_hits(self):
        c = self.launch([FUNCTIONS, "late"])
        placed = c.start_session({LATE: [line_of(LATE, "@later")], FUNCTIONS: [line_of(FUNCTIONS, "@start")]})
        late = placed[LATE][0]
        self.assertEqual((late["verified"], late["line"]), (False, line_of(LATE, "@later")))
        self.assertIn("not loaded yet", late["message"])
        self.assertTrue(placed[FUNCTIONS][0]["verified"])  # the program itself is loaded by definition
        c.stopped("breakpoint")
        self.assertFalse([m for m in c.messages if m.get("event") == "breakpoint"])  # not loaded so far
        c.ok("continue", {"threadId": 1})
        changed = c.event("breakpoint")["body"]
        self.assertEqual(changed["reason"], "changed")
        self.assertEqual((changed["breakpoint"]["id"], changed["breakpoint"]["verified"]), (late["id"], True))
        stop = c.stopped("breakpoint")["body"]
        self.assertEqual(stop["hitBreakpointIds"], [late["id"]])
        self.assertEqual(c.top_frame(1)["line"], line_of(LATE, "@later"))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_a_breakpoint_in_a_module_already_loaded_is_verified_at_once(self):
        c = self.launch([FUNCTIONS, "late"])
        c.start_session({FUNCTIONS: [line_of(FUNCTIONS, "@later-call")]})
        c.stopped("breakpoint")
        placed = c.ok("setBreakpoints", {"source": {"path": LATE},
                                         "breakpoints": [{"line": line_of(LATE, "@later")}]})["breakpoints"]
        self.assertTrue(placed[0]["verified"])
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.stopped("breakpoint")["body"]["hitBreakpointIds"], [placed[0]["id"]])
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)


if __name__ == "__main__":
    unittest.main()
