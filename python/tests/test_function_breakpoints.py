"""Function breakpoints: by name, by Class.method, in modules imported later, with conditions."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

FUNCTIONS = program("functions.py")
LATE = program("late_module.py")


class FunctionBreakpointTest(TracerTestCase):
    def start(self, c, names, stops_at=None):
        c.ok("initialize", {"adapterID": "bugscope-tests"})
        from dapclient import TOKEN
        c.ok("attach", {"token": TOKEN})
        c.event("initialized")
        if stops_at:
            c.ok("setBreakpoints", {"source": {"path": FUNCTIONS}, "breakpoints": [{"line": stops_at}]})
        placed = c.ok("setFunctionBreakpoints", {"breakpoints": [
            n if isinstance(n, dict) else {"name": n} for n in names]})["breakpoints"]
        c.ok("configurationDone")
        return placed

    def where(self, c):
        stop = c.stopped("breakpoint")["body"]
        frame = c.top_frame(stop["threadId"])
        return stop, (frame["name"], frame["line"])

    def test_a_function_not_loaded_yet_is_pending_then_stops_at_its_first_line(self):
        c = self.launch([FUNCTIONS])
        placed = self.start(c, ["compute", "Shape.area", "Shape.unit"])
        self.assertEqual([p["verified"] for p in placed], [False, False, False])
        self.assertIn("not loaded yet", placed[0]["message"])
        stop, at = self.where(c)
        self.assertEqual(at, ("compute", line_of(FUNCTIONS, "@compute")))
        self.assertEqual(stop["hitBreakpointIds"], [placed[0]["id"]])
        changed = c.event("breakpoint")["body"]["breakpoint"]
        self.assertEqual((changed["id"], changed["verified"], changed["line"]),
                         (placed[0]["id"], True, line_of(FUNCTIONS, "@compute")))
        for _ in range(2):
            c.ok("continue", {"threadId": 1})
            self.assertEqual(self.where(c)[1][0], "compute")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(self.where(c)[1], ("area", line_of(FUNCTIONS, "@area")))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(self.where(c)[1], ("unit", line_of(FUNCTIONS, "@unit")))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_a_function_of_a_module_imported_later_stops(self):
        c = self.launch([FUNCTIONS, "late"])
        placed = self.start(c, ["late_module.later"])
        self.assertFalse(placed[0]["verified"])
        _stop, at = self.where(c)
        self.assertEqual(at, ("later", line_of(LATE, "@later")))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_a_loaded_function_is_verified_at_once_and_its_condition_applies(self):
        c = self.launch([FUNCTIONS])
        self.start(c, [], stops_at=line_of(FUNCTIONS, "@start"))
        self.where(c)
        placed = c.ok("setFunctionBreakpoints", {"breakpoints": [
            {"name": "compute", "condition": "n == 2"}, {"name": "nowhere.to_be_found"},
            {"name": "Shape.area", "hitCondition": "often"}]})["breakpoints"]
        self.assertEqual(placed[0]["verified"], True)
        self.assertEqual((placed[0]["line"], placed[0]["source"]["path"]), (line_of(FUNCTIONS, "@compute"), FUNCTIONS))
        self.assertFalse(placed[1]["verified"])
        self.assertFalse(placed[2]["verified"])
        self.assertIn("invalid hit count", placed[2]["message"])
        c.ok("continue", {"threadId": 1})
        _stop, at = self.where(c)
        self.assertEqual(at[0], "compute")
        frame = c.top_frame(1)
        self.assertEqual(c.ok("evaluate", {"expression": "n", "frameId": frame["id"]})["result"], "2")
        c.ok("setFunctionBreakpoints", {"breakpoints": []})
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)


if __name__ == "__main__":
    unittest.main()
