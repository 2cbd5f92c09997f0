"""What each evaluate context may do: hover runs no Python code at all, watch runs no calls or assignments
(property getters do run), the console runs anything under a time limit and can be cancelled."""
import time
import unittest

from stops import INSPECTABLES, evaluate, reads, stop_at, value_of
from support import TracerTestCase


class HoverAndWatchTest(TracerTestCase):
    def setUp(self):
        self.c, self.frame = stop_at(self, INSPECTABLES)

    def refused(self, expression, context, needle):
        response = evaluate(self.c, self.frame, expression, context)
        self.assertFalse(response["success"], "%s in %s was evaluated" % (expression, context))
        self.assertIn(needle, response["message"])

    def test_hover_reads_names_attributes_and_items_of_builtin_containers(self):
        self.assertEqual(value_of(self.c, self.frame, "numbers[1]", "hover"), "2")
        self.assertEqual(value_of(self.c, self.frame, "table['alpha']", "hover"), "1")
        self.assertEqual(value_of(self.c, self.frame, "account.owner", "hover"), "'ann'")
        self.assertEqual(value_of(self.c, self.frame, "[n * 2 for n in numbers]", "hover"), "[2, 4, 6]")

    def test_hover_runs_no_property_getter_getattr_or_operator_written_in_python(self):
        self.refused("account.balance", "hover", "balance (")
        self.refused("dynamic.anything", "hover", "__getattr__")
        self.refused("vec + vec", "hover", "__add__")
        self.refused("vec[0]", "hover", "__getitem__")
        self.refused("numbers.append(4)", "hover", "calls")
        self.assertEqual(reads(self.c, self.frame), 0)
        self.assertEqual(value_of(self.c, self.frame, "numbers"), "[1, 2, 3]")
        self.assertEqual(value_of(self.c, self.frame, "account.owner", "hover"), "'ann'")  # still works after

    def test_watch_refuses_calls_and_assignments_but_reads_properties(self):
        self.refused("numbers.append(4)", "watch", "calls")
        self.refused("len(numbers)", "watch", "calls")
        self.refused("(total := 5)", "watch", "assignments")
        self.refused("total = 5", "watch", "SyntaxError")
        self.assertEqual(value_of(self.c, self.frame, "numbers"), "[1, 2, 3]")
        self.assertEqual(value_of(self.c, self.frame, "account.balance", "watch"), "10")
        self.assertEqual(reads(self.c, self.frame), 1)

    def test_the_console_runs_calls_and_statements(self):
        self.assertEqual(value_of(self.c, self.frame, "len(numbers)", "repl"), "3")
        self.assertEqual(value_of(self.c, self.frame, "numbers.append(4)", "repl"), "None")
        self.assertEqual(value_of(self.c, self.frame, "numbers", "hover"), "[1, 2, 3, 4]")


class ConsoleCancelTest(TracerTestCase):
    def test_cancel_interrupts_a_running_console_evaluation_and_answers_it_cancelled(self):
        c, frame = stop_at(self, INSPECTABLES, evaluate_timeout=30)
        seq = c.send("evaluate", {"expression": "while True: counter += 0", "frameId": frame, "context": "repl"})
        time.sleep(0.3)
        self.assertEqual(c.ok("threads")["threads"][0]["id"], 1)  # the tracer reads requests meanwhile
        started = time.monotonic()
        c.ok("cancel", {"requestId": seq})
        response = c.response(seq)
        self.assertFalse(response["success"])
        self.assertEqual(response["message"], "cancelled")
        self.assertLess(time.monotonic() - started, 2)
        # the stopped thread is free again
        self.assertEqual(value_of(c, frame, "counter + 1"), "8")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_cancel_of_an_evaluation_blocked_in_c_answers_at_once(self):
        c, frame = stop_at(self, INSPECTABLES, evaluate_timeout=30)
        seq = c.send("evaluate", {"expression": "__import__('time').sleep(1.5)", "frameId": frame,
                                  "context": "repl"})
        time.sleep(0.2)
        started = time.monotonic()
        c.ok("cancel", {"requestId": seq})
        self.assertEqual(c.response(seq)["message"], "cancelled")
        self.assertLess(time.monotonic() - started, 1)
        self.assertEqual(c.ok("stackTrace", {"threadId": 1})["stackFrames"][0]["name"], "main")
        time.sleep(1.5)
        self.assertEqual(value_of(c, frame, "counter"), "7")

    def test_cancel_of_an_unknown_or_finished_request_is_accepted(self):
        c, frame = stop_at(self, INSPECTABLES)
        seq = c.send("evaluate", {"expression": "1 + 1", "frameId": frame, "context": "repl"})
        self.assertEqual(c.response(seq)["body"]["result"], "2")
        c.ok("cancel", {"requestId": seq})
        c.ok("cancel", {"requestId": 99999})
        self.assertEqual(value_of(c, frame, "counter"), "7")


if __name__ == "__main__":
    unittest.main()
