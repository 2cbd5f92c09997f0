"""Evaluation and inspection run on the stopped thread, with time limits, and never wedge the debugger."""
import time
import unittest

from dapclient import line_of, program
from support import TracerTestCase

VALUES = program("values.py")


class EvaluateTest(TracerTestCase):
    def stopped_at_inspect(self, **session):
        c = self.launch([VALUES])
        c.start_session({VALUES: [line_of(VALUES, "@inspect")]}, **session)
        c.stopped("breakpoint")
        return c, c.top_frame(1)["id"]

    def test_evaluate_returns_the_value_and_a_reference_for_containers(self):
        c, frame = self.stopped_at_inspect()
        body = c.ok("evaluate", {"expression": "counter * 2", "frameId": frame, "context": "watch"})
        self.assertEqual((body["result"], body["type"], body["variablesReference"]), ("20", "int", 0))
        body = c.ok("evaluate", {"expression": "big[:3]", "frameId": frame, "context": "repl"})
        self.assertEqual(body["result"], "[0, 1, 2]")
        self.assertEqual([v["value"] for v in c.children(body["variablesReference"]).values()], ["0", "1", "2"])

    def test_evaluate_error_answers_with_the_exception_type_and_message(self):
        c, frame = self.stopped_at_inspect()
        response = c.request("evaluate", {"expression": "x", "frameId": frame, "context": "repl"})
        self.assertFalse(response["success"])
        self.assertEqual(response["message"], "NameError: name 'x' is not defined")
        self.assertEqual(c.ok("evaluate", {"expression": "counter", "frameId": frame})["result"], "10")

    def test_repl_runs_statements_and_assignments_reach_the_frame(self):
        c, frame = self.stopped_at_inspect()
        c.ok("evaluate", {"expression": "counter = 99", "frameId": frame, "context": "repl"})
        self.assertEqual(c.ok("evaluate", {"expression": "counter", "frameId": frame})["result"], "99")
        self.assertEqual(c.locals_of(frame)["counter"]["value"], "99")

    def test_hover_refuses_calls(self):
        c, frame = self.stopped_at_inspect()
        response = c.request("evaluate", {"expression": "big.clear()", "frameId": frame, "context": "hover"})
        self.assertFalse(response["success"])
        self.assertEqual(c.ok("evaluate", {"expression": "len(big)", "frameId": frame})["result"], "1000")

    def test_a_hanging_evaluation_times_out_and_the_session_still_works(self):
        c, frame = self.stopped_at_inspect(evaluate_timeout=0.5)
        started = time.time()
        response = c.request("evaluate", {"expression": "sum(1 for _ in iter(int, 1))", "frameId": frame,
                                          "context": "repl"})
        self.assertFalse(response["success"])
        self.assertIn("timed out", response["message"])
        self.assertLess(time.time() - started, 3)
        self.assertEqual(c.ok("evaluate", {"expression": "counter + 1", "frameId": frame})["result"], "11")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_an_evaluation_blocked_in_c_times_out_and_other_requests_are_answered(self):
        c, frame = self.stopped_at_inspect(evaluate_timeout=0.3)
        response = c.request("evaluate", {"expression": "__import__('time').sleep(1.5)", "frameId": frame})
        self.assertFalse(response["success"])
        self.assertIn("timed out", response["message"])
        self.assertEqual(c.ok("threads")["threads"][0]["id"], 1)
        time.sleep(1.5)
        self.assertEqual(c.ok("evaluate", {"expression": "counter", "frameId": frame})["result"], "10")

    def test_frame_ids_from_an_earlier_stop_are_rejected(self):
        steps = program("steps.py")
        c = self.launch([steps])
        c.start_session({steps: [line_of(steps, "@outer-first"), line_of(steps, "@inner-first")]})
        c.stopped("breakpoint")
        old = c.top_frame(1)["id"]
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        response = c.request("evaluate", {"expression": "1", "frameId": old})
        self.assertFalse(response["success"])
        self.assertIn("frame id %d is not valid" % old, response["message"])
        response = c.request("scopes", {"frameId": old})
        self.assertFalse(response["success"])


class InspectionTest(TracerTestCase):
    def test_reprs_that_raise_or_hang_show_what_happened(self):
        c = self.launch([VALUES])
        c.start_session({VALUES: [line_of(VALUES, "@inspect")]}, evaluate_timeout=0.8)
        c.stopped("breakpoint")
        local = c.locals_of(c.top_frame(1)["id"])
        self.assertEqual(local["bad"]["value"], "<repr raised ValueError: boom>")
        self.assertIn("timed out", local["slow"]["value"])
        self.assertEqual(local["counter"]["value"], "10")

    def test_large_containers_are_paged_and_slots_expand(self):
        c = self.launch([VALUES])
        c.start_session({VALUES: [line_of(VALUES, "@inspect")]})
        c.stopped("breakpoint")
        local = c.locals_of(c.top_frame(1)["id"])
        self.assertEqual(local["big"]["indexedVariables"], 1000)
        page = c.children(local["big"]["variablesReference"], start=500, count=3)
        self.assertEqual([(k, v["value"]) for k, v in page.items()], [("500", "500"), ("501", "501"), ("502", "502")])
        slotted = c.children(local["slotted"]["variablesReference"])
        self.assertEqual(slotted["a"]["value"], "1")
        self.assertEqual(slotted["b"]["value"], "[2, 3]")

    def test_a_stale_variable_reference_gets_a_clear_error(self):
        steps = program("steps.py")
        c = self.launch([steps])
        c.start_session({steps: [line_of(steps, "@outer-first"), line_of(steps, "@inner-first")]})
        c.stopped("breakpoint")
        ref = c.ok("scopes", {"frameId": c.top_frame(1)["id"]})["scopes"][0]["variablesReference"]
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        response = c.request("variables", {"variablesReference": ref})
        self.assertFalse(response["success"])
        self.assertIn("not valid", response["message"])


if __name__ == "__main__":
    unittest.main()
