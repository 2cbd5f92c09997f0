"""Breakpoints: placement on executable lines, hits, the stack, scopes and nested variables."""
import os
import unittest

from dapclient import line_of, program
from support import TracerTestCase

BASIC = program("basic.py")
REARM = program("rearm.py")


class BreakpointHitTest(TracerTestCase):
    def test_hit_shows_stack_scopes_and_nested_variables(self):
        c = self.launch([BASIC])
        c.start_session({BASIC: [line_of(BASIC, "@call-add")]})
        stop = c.stopped("breakpoint")["body"]
        self.assertTrue(stop["allThreadsStopped"])  # the default suspend policy stops every thread
        self.assertEqual(stop["threadId"], 1)
        frames = c.ok("stackTrace", {"threadId": 1})["stackFrames"]
        self.assertEqual([f["name"] for f in frames], ["main", "<module>"])  # no tracer or runpy frames
        self.assertEqual(frames[0]["line"], line_of(BASIC, "@call-add"))
        self.assertEqual(frames[0]["source"]["path"], BASIC)
        self.assertEqual(frames[1]["line"], line_of(BASIC, "@main-call"))

        scopes = c.ok("scopes", {"frameId": frames[0]["id"]})["scopes"]
        self.assertEqual([s["name"] for s in scopes], ["Locals", "Globals"])
        local = c.locals_of(frames[0]["id"])
        self.assertEqual(local["numbers"]["value"], "[1, 2, 3]")
        self.assertEqual(local["numbers"]["indexedVariables"], 3)
        numbers = c.children(local["numbers"]["variablesReference"])
        self.assertEqual([(k, v["value"]) for k, v in numbers.items()], [("0", "1"), ("1", "2"), ("2", "3")])

        table = c.children(local["table"]["variablesReference"])
        self.assertEqual(table["'a'"]["value"], "1")
        inner = c.children(table["'b'"]["variablesReference"])
        self.assertEqual(inner["1"]["value"], "5")

        point = c.children(local["point"]["variablesReference"])
        self.assertEqual((point["x"]["value"], point["y"]["value"]), ("1", "2"))
        self.assertEqual(local["point"]["type"], "Point")

        nested = c.children(local["nested"]["variablesReference"])
        points = c.children(nested["'points'"]["variablesReference"])
        first = c.children(points["0"]["variablesReference"])
        self.assertEqual(first["x"]["value"], "3")
        self.assertEqual(nested["'t'"]["evaluateName"], "nested['t']")

        self.assertLess(len(local["text"]["value"]), 1100)  # long strings are truncated for display
        self.assertIn("...", local["text"]["value"])

        globals_ref = scopes[1]["variablesReference"]
        self.assertIn("Point", c.children(globals_ref))

        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        c.event("terminated")
        self.assertEqual(c.finish()[0], 0)

    def test_breakpoint_line_moves_to_the_next_executable_line(self):
        c = self.launch([BASIC])
        blank = line_of(BASIC, "@blank")
        placed = c.start_session({BASIC: [blank, 10**6]})[BASIC]
        self.assertTrue(placed[0]["verified"])
        self.assertEqual(placed[0]["line"], line_of(BASIC, "@done"))
        self.assertFalse(placed[1]["verified"])
        self.assertIn("no executable code", placed[1]["message"])
        c.stopped("breakpoint")
        self.assertEqual(c.top_frame(1)["line"], line_of(BASIC, "@done"))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_breakpoint_in_a_file_that_cannot_be_read_is_unverified_with_a_reason(self):
        c = self.launch([BASIC])
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": "test-token-1234"})
        body = c.ok("setBreakpoints", {"source": {"path": os.path.join(os.path.dirname(BASIC), "missing.py")},
                                       "breakpoints": [{"line": 3}]})
        self.assertFalse(body["breakpoints"][0]["verified"])
        self.assertIn("cannot read", body["breakpoints"][0]["message"])

    def test_breakpoint_in_a_module_not_yet_imported_hits(self):
        c = self.launch(["-c", "import sys; sys.path.insert(0, %r); import steps" % os.path.dirname(BASIC)])
        steps = program("steps.py")
        c.start_session({steps: [line_of(steps, "@inner-first")]})
        c.stopped("breakpoint")
        self.assertEqual([f["name"] for f in c.ok("stackTrace", {"threadId": 1})["stackFrames"]][:3],
                         ["inner", "outer", "<module>"])
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_breakpoint_set_while_a_function_already_loops_is_hit(self):
        spin = program("spin.py")
        c = self.launch([spin], wait_for_client=False)
        self.assertEqual(c.process.stdout.readline().strip(), b"spinning")
        c.start_session({spin: [line_of(spin, "@loop-body")]})
        stop = c.stopped("breakpoint")["body"]
        frame = c.top_frame(stop["threadId"])
        self.assertEqual(frame["name"], "spin")
        self.assertEqual(frame["line"], line_of(spin, "@loop-body"))
        count = int(c.locals_of(frame["id"])["count"]["value"])
        c.ok("continue", {"threadId": stop["threadId"]})
        c.stopped("breakpoint")
        again = int(c.locals_of(c.top_frame(stop["threadId"])["id"])["count"]["value"])
        self.assertEqual(again, count + 1)
        c.ok("terminate")
        self.assertEqual(c.finish()[0], 143)

    def test_a_line_that_already_ran_without_a_breakpoint_hits_once_one_is_added(self):
        # 3.12+: the first calls answer DISABLE on @second; adding a breakpoint there must re-arm it.
        c = self.launch([REARM])
        c.start_session({REARM: [{"line": line_of(REARM, "@first"), "hitCondition": "== 1"},
                                 line_of(REARM, "@checkpoint")]})
        c.stopped("breakpoint")
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        self.assertEqual(c.top_frame(1)["line"], line_of(REARM, "@checkpoint"))
        c.ok("setBreakpoints", {"source": {"path": REARM}, "breakpoints": [{"line": line_of(REARM, "@second")}]})
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        self.assertEqual(frame["line"], line_of(REARM, "@second"))
        self.assertEqual(c.ok("evaluate", {"expression": "i", "frameId": frame["id"]})["result"], "3")

    def test_clearing_breakpoints_lets_the_program_run_to_the_end(self):
        c = self.launch([BASIC])
        c.start_session({BASIC: [line_of(BASIC, "@add-body"), line_of(BASIC, "@done")]})
        c.stopped("breakpoint")
        c.ok("setBreakpoints", {"source": {"path": BASIC}, "breakpoints": []})
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertFalse(any(m.get("event") == "stopped" for m in c.messages))


if __name__ == "__main__":
    unittest.main()
