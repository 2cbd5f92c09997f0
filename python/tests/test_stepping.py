"""Run control: next, stepIn, stepOut, stopOnEntry, and pausing a busy loop."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

STEPS = program("steps.py")
LOOPS = program("loops.py")


class SteppingTest(TracerTestCase):
    def where(self, c, reason="step"):
        c.stopped(reason)
        frame = c.top_frame(1)
        return frame["name"], frame["line"]

    def test_next_steps_over_calls_in_the_same_frame(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@call-inner")]})
        c.stopped("breakpoint")
        c.ok("next", {"threadId": 1})
        self.assertEqual(self.where(c), ("outer", line_of(STEPS, "@after-inner")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_step_in_enters_the_callee_and_step_out_returns_to_the_caller_at_the_call_line(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@call-inner")]})
        c.stopped("breakpoint")
        c.ok("stepIn", {"threadId": 1})
        self.assertEqual(self.where(c), ("inner", line_of(STEPS, "@inner-first")))
        c.ok("stepOut", {"threadId": 1})
        self.assertEqual(self.where(c), ("outer", line_of(STEPS, "@call-inner")))
        c.ok("next", {"threadId": 1})
        self.assertEqual(self.where(c), ("outer", line_of(STEPS, "@after-inner")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_next_at_the_end_of_a_function_returns_to_the_caller(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@inner-first")]})
        c.stopped("breakpoint")
        c.ok("next", {"threadId": 1})
        self.assertEqual(self.where(c)[0], "inner")
        c.ok("next", {"threadId": 1})
        self.assertEqual(self.where(c), ("outer", line_of(STEPS, "@call-inner")))

    def test_step_in_at_a_return_comes_back_to_the_call_line(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@inner-first")]})
        c.stopped("breakpoint")
        c.ok("stepIn", {"threadId": 1})
        self.assertEqual(self.where(c)[0], "inner")
        c.ok("stepIn", {"threadId": 1})
        self.assertEqual(self.where(c), ("outer", line_of(STEPS, "@call-inner")))
        c.ok("stepIn", {"threadId": 1})
        self.assertEqual(self.where(c), ("outer", line_of(STEPS, "@after-inner")))

    def test_step_out_of_a_long_loop_lands_on_the_call_line(self):
        c = self.launch([LOOPS])
        c.start_session({LOOPS: [line_of(LOOPS, "@spin-first")]})
        c.stopped("breakpoint")
        c.ok("stepOut", {"threadId": 1})
        self.assertEqual(self.where(c), ("main", line_of(LOOPS, "@call-spin")))
        c.ok("next", {"threadId": 1})
        self.assertEqual(self.where(c), ("main", line_of(LOOPS, "@second-call")))

    def test_a_breakpoint_in_the_loop_still_stops_a_step_out(self):
        c = self.launch([LOOPS])
        c.start_session({LOOPS: [line_of(LOOPS, "@spin-first")]})
        c.stopped("breakpoint")
        c.ok("next", {"threadId": 1})
        c.stopped("step")
        c.ok("setBreakpoints", {"source": {"path": LOOPS},
                                "breakpoints": [{"line": line_of(LOOPS, "@loop-body"), "hitCondition": "5"}]})
        c.ok("stepOut", {"threadId": 1})
        c.stopped("breakpoint")
        frame = c.top_frame(1)
        self.assertEqual((frame["name"], frame["line"]), ("spin", line_of(LOOPS, "@loop-body")))
        self.assertEqual(c.ok("evaluate", {"expression": "i", "frameId": frame["id"]})["result"], "4")

    def test_pause_reaches_a_loop_that_a_step_out_is_waiting_to_leave(self):
        busy = program("busy.py")
        c = self.launch([busy])
        c.start_session({busy: [line_of(busy, "@busy-first")]})
        c.stopped("breakpoint")
        c.ok("stepOut", {"threadId": 1})  # the loop never ends: the step out never completes
        c.event("output", predicate=lambda b: "busy" in b.get("output", ""))
        c.ok("pause", {"threadId": 1})
        c.stopped("pause")
        self.assertEqual(c.top_frame(1)["name"], "busy")
        c.ok("terminate")

    def test_stepping_off_the_end_of_the_program_lets_it_exit(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@module-end")]})
        c.stopped("breakpoint")
        c.ok("next", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_stop_on_entry_stops_at_the_first_line_of_the_program(self):
        c = self.launch([STEPS])
        c.start_session(stop_on_entry=True)
        body = c.stopped("entry")["body"]
        self.assertEqual(body["threadId"], 1)
        frames = c.ok("stackTrace", {"threadId": 1})["stackFrames"]
        self.assertEqual([(f["name"], f["line"]) for f in frames], [("<module>", 1)])
        c.ok("stepIn", {"threadId": 1})
        self.assertEqual(self.where(c), ("<module>", line_of(STEPS, "def outer")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_stack_trace_pages_with_start_frame_and_levels(self):
        c = self.launch([STEPS])
        c.start_session({STEPS: [line_of(STEPS, "@inner-first")]})
        c.stopped("breakpoint")
        body = c.ok("stackTrace", {"threadId": 1, "startFrame": 1, "levels": 1})
        self.assertEqual([f["name"] for f in body["stackFrames"]], ["outer"])
        self.assertEqual(body["totalFrames"], 3)

    def test_continue_while_running_is_an_error(self):
        c = self.launch([program("spin.py")], wait_for_client=False)
        c.process.stdout.readline()
        c.start_session()
        response = c.request("continue", {"threadId": 1})
        self.assertFalse(response["success"])
        self.assertIn("not stopped", response["message"])


class PauseTest(TracerTestCase):
    def test_pause_stops_a_busy_loop_that_started_before_the_request(self):
        busy = program("busy.py")
        c = self.launch([busy])
        c.start_session()
        c.event("output", predicate=lambda b: "busy" in b.get("output", ""))
        c.ok("pause", {"threadId": 1})
        body = c.stopped("pause")["body"]
        self.assertEqual(body["threadId"], 1)
        frame = c.top_frame(1)
        self.assertEqual(frame["name"], "busy")
        x = int(c.locals_of(frame["id"])["x"]["value"])
        self.assertGreater(x, 0)
        c.ok("continue", {"threadId": 1})
        c.ok("pause", {"threadId": 1})
        c.stopped("pause")
        # A pause right after a continue may land before the loop moved on (it stops at the thread's next line).
        self.assertGreaterEqual(int(c.locals_of(c.top_frame(1)["id"])["x"]["value"]), x)
        c.ok("terminate")
        self.assertEqual(c.finish()[0], 143)


if __name__ == "__main__":
    unittest.main()
