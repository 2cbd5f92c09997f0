"""asyncio: steps stay in their task, breakpoints in async code, the tasks view and the logical stack."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

ASYNC = program("async_tasks.py")


class AsyncioTest(TracerTestCase):
    def start(self, scenario, marker, condition=None):
        """A session of ``scenario`` stopped at ``marker`` (its breakpoint then removed); the top frame."""
        c = self.launch([ASYNC, scenario])
        bp = {"line": line_of(ASYNC, marker)}
        if condition:
            bp["condition"] = condition
        c.start_session({ASYNC: [bp]})
        c.stopped("breakpoint")
        c.ok("setBreakpoints", {"source": {"path": ASYNC}, "breakpoints": []})
        return c, c.top_frame(1)

    def step(self, c, command, reason="step"):
        c.ok(command, {"threadId": 1})
        c.stopped(reason)
        return c.top_frame(1)

    def value(self, c, frame, expression):
        return c.ok("evaluate", {"expression": expression, "frameId": frame["id"], "context": "watch"})["result"]

    def test_next_over_an_await_stays_in_the_task_it_started_in(self):
        c, frame = self.start("three_workers", "@worker-add", "ident == 2")
        lines = [frame["line"]]
        for _ in range(10):
            frame = self.step(c, "next")
            self.assertEqual((frame["name"], self.value(c, frame, "ident")), ("worker", "2"))
            lines.append(frame["line"])
        await_line, add_line = line_of(ASYNC, "@worker-await"), line_of(ASYNC, "@worker-add")
        crossings = sum(1 for a, b in zip(lines, lines[1:]) if (a, b) == (await_line, add_line))
        self.assertGreaterEqual(crossings, 3, lines)  # each of those steps let the other two tasks run
        # A breakpoint in another task still stops a step that waits across an await.
        c.ok("setBreakpoints", {"source": {"path": ASYNC},
                                "breakpoints": [{"line": add_line, "condition": "ident == 3"}]})
        for _ in range(4):
            c.ok("next", {"threadId": 1})
            if c.stopped()["body"]["reason"] == "breakpoint":
                break
        else:
            self.fail("the breakpoint of task 3 did not stop the step")
        frame = c.top_frame(1)
        self.assertEqual((frame["line"], self.value(c, frame, "ident")), (add_line, "3"))

    def test_step_in_at_an_await_enters_the_coroutine_and_at_a_library_await_stays_in_the_task(self):
        c, frame = self.start("three_outers", "@outer-await-inner", "ident == 2")
        frame = self.step(c, "stepIn")
        self.assertEqual((frame["name"], frame["line"]), ("inner", line_of(ASYNC, "@inner-first")))
        frame = self.step(c, "next")
        self.assertEqual(frame["line"], line_of(ASYNC, "@inner-await"))
        frame = self.step(c, "stepIn")  # into asyncio.sleep: not the program's code, the task suspends
        self.assertEqual((frame["name"], frame["line"], self.value(c, frame, "ident")),
                         ("inner", line_of(ASYNC, "@inner-return"), "2"))

    def test_step_out_of_a_coroutine_returns_to_the_coroutine_awaiting_it(self):
        c, frame = self.start("three_outers", "@inner-first", "ident == 2")
        frame = self.step(c, "stepOut")  # inner awaits a sleep on the way: the other tasks run meanwhile
        self.assertEqual((frame["name"], frame["line"], self.value(c, frame, "ident")),
                         ("outer", line_of(ASYNC, "@outer-await-inner"), "2"))
        frame = self.step(c, "next")
        self.assertEqual((frame["line"], self.value(c, frame, "result")), (line_of(ASYNC, "@outer-after"), "20"))

    def test_step_out_of_a_task_goes_on_in_the_task_awaiting_it(self):
        c, frame = self.start("awaited", "@child-stop", "ident == 2")
        frame = self.step(c, "stepOut")
        self.assertEqual((frame["name"], frame["line"], self.value(c, frame, "ident")),
                         ("parent", line_of(ASYNC, "@parent-after"), "2"))

    def test_next_past_the_end_of_a_task_goes_on_in_the_task_awaiting_it(self):
        c, frame = self.start("awaited", "@child-stop", "ident == 2")
        self.step(c, "next")
        frame = self.step(c, "next")  # across an await: the other tasks run
        self.assertEqual((frame["name"], frame["line"]), ("child", line_of(ASYNC, "@child-return")))
        frame = self.step(c, "next")
        self.assertEqual((frame["name"], frame["line"], self.value(c, frame, "ident")),
                         ("parent", line_of(ASYNC, "@parent-after"), "2"))

    def test_next_at_an_async_generators_yield_goes_to_the_async_for_that_gets_the_value(self):
        c, frame = self.start("breakpoints", "@agen-yield")
        frame = self.step(c, "next")
        self.assertEqual((frame["name"], frame["line"]), ("consume", line_of(ASYNC, "@async-for")))
        frame = self.step(c, "next")
        self.assertEqual((frame["name"], frame["line"], self.value(c, frame, "value")),
                         ("consume", line_of(ASYNC, "@async-for-body"), "0"))
        frame = self.step(c, "next")
        self.assertEqual((frame["name"], frame["line"]), ("consume", line_of(ASYNC, "@async-for")))
        frame = self.step(c, "next")  # the generator awaits a sleep before its next value
        self.assertEqual((frame["name"], frame["line"], self.value(c, frame, "value")),
                         ("consume", line_of(ASYNC, "@async-for-body"), "2"))

    def test_breakpoints_stop_in_coroutines_async_generators_and_async_with_and_for_bodies(self):
        c = self.launch([ASYNC, "breakpoints"])
        markers = ["@inner-first", "@async-with-body", "@agen-yield", "@async-for-body"]
        c.start_session({ASYNC: [line_of(ASYNC, m) for m in markers]})
        expected = [("inner", "@inner-first"), ("consume", "@async-with-body"), ("ticker", "@agen-yield"),
                    ("consume", "@async-for-body"), ("ticker", "@agen-yield"), ("consume", "@async-for-body")]
        for name, marker in expected:
            c.stopped("breakpoint")
            frame = c.top_frame(1)
            self.assertEqual((frame["name"], frame["line"]), (name, line_of(ASYNC, marker)))
            c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_tasks_lists_each_task_with_its_state_and_await_chain(self):
        c = self.launch([ASYNC, "tasks"])
        c.start_session({ASYNC: [line_of(ASYNC, "@before-loop"), line_of(ASYNC, "@tasks-stop")]})
        c.stopped("breakpoint")
        body = c.ok("bugscope/tasks", {"threadId": 1})
        self.assertEqual(body, {"tasks": [], "message": "no asyncio event loop running on this thread"})
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        top = c.top_frame(1)
        tasks = {t["name"]: t for t in c.ok("bugscope/tasks", {"threadId": 1})["tasks"]}
        running = c.ok("bugscope/tasks", {"threadId": 1})["tasks"][0]
        self.assertEqual((running["state"], running["coroutine"]), ("running", "tasks"))
        self.assertEqual(running["awaitChain"][-1]["id"], top["id"])  # the call stack's own frame id

        named = ("sleeping", "waiting", "gathering", "finished", "doomed")
        self.assertEqual([tasks[n]["state"] for n in named], ["pending"] * 3 + ["done", "cancelled"])
        self.assertEqual(len(tasks), 8)  # and gather's two tasks
        sleeping = tasks["sleeping"]
        self.assertEqual([(l["name"], l["line"]) for l in sleeping["awaitChain"]][0],
                         ("sleeper", line_of(ASYNC, "@sleeper-await")))
        self.assertEqual(sleeping["awaitChain"][-1]["name"], "sleep")  # asyncio's own level, last
        self.assertEqual(sleeping["awaitChain"][-1].get("presentationHint"), "subtle")
        self.assertRegex(sleeping["awaiting"], r"^asyncio\.sleep\(5\): [\d.]+ s left$")
        self.assertEqual(tasks["waiting"]["awaiting"], "Task sleeping (sleeper)")
        self.assertEqual([(l["name"], l["line"]) for l in tasks["waiting"]["awaitChain"]],
                         [("wait_for_task", line_of(ASYNC, "@waiter-await"))])
        self.assertRegex(tasks["gathering"]["awaiting"], r"^gather\(Task-\d+, Task-\d+\): 0 of 2 done$")
        self.assertEqual(tasks["finished"]["awaitChain"], [])
        # The suspended coroutine's frame id works like a call-stack frame's.
        level = sleeping["awaitChain"][0]
        self.assertEqual(c.locals_of(level["id"])["seconds"]["value"], "5.0")
        self.assertEqual(self.value(c, level, "seconds * 2"), "10.0")

    def test_the_stack_of_a_stop_in_a_task_goes_on_with_the_tasks_awaiting_it(self):
        c, frame = self.start("awaited", "@child-stop", "ident == 2")
        body = c.ok("stackTrace", {"threadId": 1})
        frames = body["stackFrames"]
        self.assertEqual(body["totalFrames"], len(frames))
        labels = [i for i, f in enumerate(frames) if f.get("presentationHint") == "label"]
        self.assertEqual(len(labels), 2, frames)
        self.assertRegex(frames[labels[0]]["name"], r"^awaited by Task-\d+ \(parent\)$")
        self.assertEqual((frames[labels[0] + 1]["name"], frames[labels[0] + 1]["line"]),
                         ("parent", line_of(ASYNC, "@parent-await")))
        self.assertEqual(frames[labels[1]]["name"], "awaited by Task-1 (awaited)")
        self.assertEqual((frames[labels[1] + 1]["name"], frames[labels[1] + 1]["line"]),
                         ("awaited", line_of(ASYNC, "@main-gather")))
        self.assertEqual(frames[-1], frames[labels[1] + 1])
        # Those frames are inspectable; a page of the stack counts them too.
        self.assertEqual(self.value(c, frames[labels[0] + 1], "ident"), "2")
        self.assertRegex(c.locals_of(frames[labels[0] + 1]["id"])["task"]["value"], "^<Task pending")
        page = c.ok("stackTrace", {"threadId": 1, "startFrame": labels[0], "levels": 2})
        self.assertEqual((page["totalFrames"], page["stackFrames"]), (len(frames), frames[labels[0]:labels[0] + 2]))
        self.assertFalse(c.request("scopes", {"frameId": frames[labels[0]]["id"]})["success"])


if __name__ == "__main__":
    unittest.main()
