"""Temporary breakpoints, breakpoints that wait for another one, and breakpointLocations."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

DEPENDENT = program("dependent.py")
LOOP, SETUP = line_of(DEPENDENT, "@loop"), line_of(DEPENDENT, "@setup")


class BreakpointModesTest(TracerTestCase):
    def stops(self, c):
        """The (line, i) of each stop until the program exits, and the breakpoint events seen."""
        seen = []
        while True:
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"))
            if message["event"] == "exited":
                return seen, [m["body"] for m in c.messages if m.get("event") == "breakpoint"]
            frame = c.top_frame(1)
            i = c.ok("evaluate", {"expression": "i", "frameId": frame["id"], "context": "repl"})["result"]
            seen.append((frame["line"], i))
            c.ok("continue", {"threadId": 1})

    def test_a_temporary_breakpoint_stops_once_and_is_reported_removed(self):
        c = self.launch([DEPENDENT])
        placed = c.start_session({DEPENDENT: [{"line": LOOP, "mode": "temporary"}]})[DEPENDENT]
        seen, events = self.stops(c)
        self.assertEqual(seen, [(LOOP, "0")])
        self.assertEqual(events, [{"reason": "removed", "breakpoint": {"id": placed[0]["id"], "verified": False}}])

    def test_a_dependent_breakpoint_waits_until_its_breakpoint_stops(self):
        c = self.launch([DEPENDENT])
        placed = c.start_session({DEPENDENT: [
            {"line": LOOP, "dependsOn": {"source": {"path": DEPENDENT}, "line": line_of(DEPENDENT, "@call-setup")}},
            {"line": line_of(DEPENDENT, "@call-setup")}]})[DEPENDENT]
        self.assertIn("waits until dependent.py:%d stops" % line_of(DEPENDENT, "@call-setup"), placed[0]["message"])
        seen, events = self.stops(c)
        # i == 0 and i == 1 pass the loop line before the call line stops (i == 1); then the loop line stops.
        self.assertEqual(seen, [(line_of(DEPENDENT, "@call-setup"), "1"), (LOOP, "2")])
        self.assertEqual(events, [{"reason": "changed", "breakpoint": {"id": placed[0]["id"], "verified": True}}])

    def test_breakpoint_locations_lists_the_lines_that_can_stop(self):
        c = self.launch([DEPENDENT])
        c.start_session({DEPENDENT: [line_of(DEPENDENT, "@call-setup")]})
        c.stopped("breakpoint")
        body = c.ok("breakpointLocations", {"source": {"path": DEPENDENT}, "line": 2,
                                            "endLine": line_of(DEPENDENT, "@loop")})
        lines = [b["line"] for b in body["breakpoints"]]
        self.assertIn(SETUP, lines)
        self.assertIn(LOOP, lines)
        self.assertNotIn(3, lines)  # a blank line
        self.assertEqual(c.ok("breakpointLocations", {"source": {"path": DEPENDENT}, "line": 3})["breakpoints"], [])
        refused = c.request("breakpointLocations", {"source": {"path": DEPENDENT + ".missing"}, "line": 1})
        self.assertFalse(refused["success"])
        c.ok("continue", {"threadId": 1})
        c.event("exited")

if __name__ == "__main__":
    unittest.main()
