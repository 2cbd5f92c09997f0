"""Step back: a recording of the program's last lines (attach argument stepBack), stepBack and reverseContinue
through it, the recorded locals read-only, bugscope/lastAssignment, and forward requests coming back live."""
import os
import sys
import unittest

from dapclient import TOKEN, line_of, program
from support import TracerTestCase

HISTORY = program("history.py")
THREADS = program("history_threads.py")


def at(marker):
    return line_of(HISTORY, marker)


class StepBackTest(TracerTestCase):
    def start(self, breakpoints, **attach):
        c = self.launch([HISTORY])
        c.ok("initialize", {"adapterID": "bugscope-tests", "pathFormat": "path"})
        c.ok("attach", dict(attach, token=TOKEN, stepBack=True))
        self.assertEqual(c.event("capabilities")["body"]["capabilities"], {"supportsStepBack": True})
        c.event("initialized")
        c.ok("setBreakpoints", {"source": {"path": HISTORY},
                                "breakpoints": [b if isinstance(b, dict) else {"line": b} for b in breakpoints]})
        c.ok("configurationDone")
        c.stopped("breakpoint")
        return c

    def where(self, c):
        """(function, line) of each frame, innermost first, and the top frame's locals {name: value}."""
        frames = c.ok("stackTrace", {"threadId": 1})["stackFrames"]
        values = {name: v["value"] for name, v in c.locals_of(frames[0]["id"]).items()}
        return [(f["name"], f["line"]) for f in frames], values

    def back(self, c, command="stepBack"):
        c.ok(command, {"threadId": 1})
        return c.stopped("step")["body"]

    def test_step_back_crosses_a_function_return_and_goes_into_the_loops_earlier_iteration(self):
        c = self.start([{"line": at("@add"), "condition": "i == 2"}])
        self.assertEqual(self.where(c)[1]["sq"], "4")
        body = self.back(c)
        self.assertEqual((body["past"], body["description"]), ({"stepsBack": 1, "of": body["past"]["of"]},
                                                               "Showing the past: step 1 of %d back"
                                                               % body["past"]["of"]))
        frames, values = self.where(c)
        # Back across square's return: its last line, with its locals then, below the call line of main.
        self.assertEqual(frames, [("square", at("@square-return")), ("main", at("@call-square")),
                                  ("<module>", at("@module-call"))])
        self.assertEqual(values, {"n": "2", "result": "4"})
        self.back(c)
        self.assertEqual(self.where(c), ([("square", at("@square-body")), ("main", at("@call-square")),
                                          ("<module>", at("@module-call"))], {"n": "2"}))
        self.back(c)
        frames, values = self.where(c)
        self.assertEqual(frames[0], ("main", at("@call-square")))
        self.assertEqual((values["i"], values["sq"], values["total"]), ("2", "1", "1"))  # sq of iteration 1
        self.back(c)
        self.assertEqual(self.where(c)[0][0], ("main", at("@loop-head")))
        body = self.back(c)
        frames, values = self.where(c)
        # The previous iteration's last line, before it ran: 1 not appended to the box yet.
        self.assertEqual(frames[0], ("main", at("@box-append")))
        self.assertEqual((values["i"], values["names"], values["box"]), ("1", "['n0', 'n1']", "Box(items=[0])"))
        self.assertEqual(body["past"]["stepsBack"], 5)
        # textwrap's own lines (the standard library) are not recorded: the step before is main's line.
        self.back(c)
        self.assertEqual(self.where(c)[0][0], ("main", at("@append")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_the_past_is_read_only_and_evaluates_the_recorded_locals_only(self):
        c = self.start([at("@after-loop")])
        self.back(c)
        frame = c.top_frame(1)
        scopes = c.ok("scopes", {"frameId": frame["id"]})["scopes"]
        self.assertEqual([s["name"] for s in scopes], ["Locals"])
        ref = scopes[0]["variablesReference"]
        names = c.ok("variables", {"variablesReference": ref})["variables"]
        self.assertTrue(all(v["presentationHint"] == {"attributes": ["readOnly"]} for v in names))
        refused = c.request("setVariable", {"variablesReference": ref, "name": "total", "value": "0"})
        self.assertFalse(refused["success"])
        self.assertIn("read-only", refused["message"])
        refused = c.request("setExpression", {"frameId": frame["id"], "expression": "total", "value": "0"})
        self.assertIn("read-only", refused["message"])
        self.assertEqual(c.ok("evaluate", {"expression": "total * 2", "frameId": frame["id"],
                                           "context": "repl"})["result"], "28")
        self.assertEqual(c.ok("evaluate", {"expression": "box.items[-1]", "frameId": frame["id"],
                                           "context": "hover"})["result"], "3")
        refused = c.request("evaluate", {"expression": "len(names)", "frameId": frame["id"], "context": "repl"})
        self.assertIn("without calls", refused["message"])
        box = next(v for v in names if v["name"] == "box")
        self.assertEqual({v["name"]: v["value"] for v in c.ok("variables", {
            "variablesReference": box["variablesReference"]})["variables"]}, {"items": "[0, 1, 2, 3]"})
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_reverse_continue_goes_back_to_the_last_line_with_a_breakpoint(self):
        c = self.start([at("@after-loop")])
        c.ok("setBreakpoints", {"source": {"path": HISTORY},
                                "breakpoints": [{"line": at("@after-loop")}, {"line": at("@square-body")}]})
        self.back(c, "reverseContinue")
        self.assertEqual(self.where(c), ([("square", at("@square-body")), ("main", at("@call-square")),
                                          ("<module>", at("@module-call"))], {"n": "3"}))
        self.back(c, "reverseContinue")
        self.assertEqual(self.where(c)[1], {"n": "2"})
        c.ok("setBreakpoints", {"source": {"path": HISTORY}, "breakpoints": []})
        body = self.back(c, "reverseContinue")  # no breakpoint line further back: the oldest recorded line
        self.assertEqual(body["past"]["stepsBack"], body["past"]["of"])
        self.assertEqual(self.where(c)[0], [("<module>", 1)])
        refused = c.request("stepBack", {"threadId": 1})
        self.assertIn("goes back no further", refused["message"])
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_last_assignment_shows_the_line_that_gave_a_local_its_value(self):
        c = self.start([at("@after-loop")])
        answer = c.ok("bugscope/lastAssignment", {"threadId": 1, "name": "total"})
        self.assertEqual((answer["line"], answer["value"]), (at("@add"), "14"))
        c.stopped("step")
        frames, values = self.where(c)
        self.assertEqual((frames[0], values["total"], values["i"]), (("main", at("@add")), "5", "3"))
        # A parameter got its value from the call: the caller's line of the call.
        c.ok("stepBack", {"threadId": 1})
        c.stopped("step")
        square = c.top_frame(1)
        self.assertEqual(square["name"], "square")
        answer = c.ok("bugscope/lastAssignment", {"threadId": 1, "name": "n", "frameId": square["id"]})
        self.assertEqual((answer["line"], answer["value"]), (at("@call-square"), "3"))
        c.stopped("step")
        self.assertEqual(self.where(c)[0][0], ("main", at("@call-square")))
        refused = c.request("bugscope/lastAssignment", {"threadId": 1, "name": "nothing"})
        self.assertIn("no recorded line assigned 'nothing'", refused["message"])
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_a_step_forward_comes_back_to_the_live_stop_and_the_next_one_runs(self):
        c = self.start([at("@after-loop")])
        self.back(c)
        self.back(c)
        c.ok("next", {"threadId": 1})
        body = c.stopped("breakpoint")["body"]  # the live stop, as it was: nothing ran
        self.assertNotIn("past", body)
        live = self.where(c)
        self.assertEqual(live[0][0], ("main", at("@after-loop")))
        self.assertNotIn("sq", live[1])
        c.ok("next", {"threadId": 1})
        c.stopped("step")
        self.assertEqual(self.where(c)[0][0], ("main", at("@return-done")))
        # From the past, continue comes back and runs on.
        self.back(c)
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_the_recording_keeps_the_last_lines_within_its_limits(self):
        c = self.start([at("@after-loop")], stepBackEntries=10)
        stats = c.ok("bugscope/stepBackRecording")
        self.assertEqual((stats["enabled"], stats["entries"], stats["maxEntries"]), (True, 10, 10))
        # The line is recorded in C where the native module builds (native/recording.h), else in Python.
        self.assertIn(stats["recordedIn"], ("C", "Python") if os.environ.get("BUGSCOPE_NATIVE") != "0" else ("Python",))
        self.assertGreater(stats["evicted"], 20)
        body = self.back(c, "reverseContinue")
        self.assertEqual(body["past"], {"stepsBack": 9, "of": 9})  # 10 lines: the live one and 9 before it
        # An argument from before the oldest line is still known (it did not change since).
        frames, values = self.where(c)
        self.assertIn(frames[0][0], ("main", "square"))
        c.ok("continue", {"threadId": 1})
        c.event("exited")
        c = self.start([at("@after-loop")], stepBackBytes=4096)
        stats = c.ok("bugscope/stepBackRecording")
        self.assertLessEqual(stats["bytes"], 4096)
        self.assertGreater(stats["evicted"], 0)
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_each_thread_steps_back_through_its_own_lines(self):
        c = self.launch([THREADS])
        c.start_session({THREADS: [{"line": line_of(THREADS, "@thread-return"), "condition": "tag == 'main'"}]},
                        attach={"stepBack": True})
        c.stopped("breakpoint")
        self.assertEqual(c.ok("bugscope/stepBackRecording")["threads"], 2)
        seen = set()
        for _ in range(6):  # through main's loop: never a line the worker ran
            c.ok("stepBack", {"threadId": 1})
            c.stopped("step")
            frames = c.ok("stackTrace", {"threadId": 1})["stackFrames"]
            values = {n: v["value"] for n, v in c.locals_of(frames[0]["id"]).items()}
            seen.add(values["tag"])
            self.assertEqual(frames[-1]["name"], "<module>")
        self.assertEqual(seen, {"'main'"})
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_without_step_back_nothing_is_recorded_and_step_back_says_how_to_turn_it_on(self):
        c = self.launch([HISTORY])
        c.start_session({HISTORY: [{"line": at("@call-square"), "condition": "i == 1"}]})
        c.stopped("breakpoint")
        self.assertFalse(any(m.get("event") == "capabilities" for m in c.messages))
        refused = c.request("stepBack", {"threadId": 1})
        self.assertIn("stepBack: true", refused["message"])
        self.assertEqual(c.ok("bugscope/stepBackRecording"), {"enabled": False})
        # Switched on while stopped: announced, and it records from then on (main, already running, from its
        # next line).
        c.ok("bugscope/stepBackRecording", {"enabled": True})
        self.assertEqual(c.event("capabilities")["body"]["capabilities"], {"supportsStepBack": True})
        c.ok("next", {"threadId": 1})
        c.stopped("step")
        self.assertEqual(self.where(c)[0][0], ("main", at("@add")))
        self.back(c)
        self.assertEqual(self.where(c), ([("square", at("@square-return")), ("main", at("@call-square")),
                                          ("<module>", at("@module-call"))], {"n": "1", "result": "1"}))
        self.back(c)
        self.assertIn("goes back no further", c.request("stepBack", {"threadId": 1})["message"])
        # Switched off: announced, the past goes (back live), and nothing is left armed.
        self.assertEqual(c.ok("bugscope/stepBackRecording", {"enabled": False}), {"enabled": False})
        self.assertEqual(c.event("capabilities")["body"]["capabilities"], {"supportsStepBack": False})
        self.assertNotIn("past", c.stopped("step")["body"])  # the live stop (of the next above), as it was
        self.assertIn("stepBack: true", c.request("stepBack", {"threadId": 1})["message"])
        if sys.version_info >= (3, 12):  # (the tracer runs on the interpreter that runs the tests)
            tools = c.ok("evaluate", {"expression": "[__import__('sys').monitoring.get_tool(t) for t in range(6)]",
                                      "frameId": c.top_frame(1)["id"], "context": "repl"})["result"]
            self.assertNotIn("bugscope-record", tools)
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
