"""The builtin breakpoint() stops in Bugscope under the tracer, and PYTHONBREAKPOINT is honoured as by python."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

PROGRAM = program("builtin_breakpoint.py")


class BuiltinBreakpointTest(TracerTestCase):
    def test_breakpoint_stops_in_the_attached_debugger_at_its_line(self):
        c = self.launch([PROGRAM])
        c.start_session()
        stop = c.stopped("breakpoint")["body"]
        frame = c.top_frame(stop["threadId"])
        self.assertEqual((frame["name"], frame["line"]), ("<module>", line_of(PROGRAM, "@builtin")))
        self.assertEqual(c.ok("evaluate", {"expression": "answer", "frameId": frame["id"]})["result"], "42")
        c.ok("continue", {"threadId": stop["threadId"]})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertIn("after 42", c.finish()[1])

    def test_pythonbreakpoint_0_disables_it(self):
        c = self.launch([PROGRAM], env={"PYTHONBREAKPOINT": "0"})
        c.start_session()
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertFalse([m for m in c.messages if m.get("event") == "stopped"])

    def test_pythonbreakpoint_naming_a_callable_calls_that_instead(self):
        c = self.launch([PROGRAM], env={"PYTHONBREAKPOINT": "builtins.print"})
        c.start_session()
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        status, out, _err = c.finish()
        self.assertIn("before\n\nafter 42", out)  # print() with no arguments printed the empty line
        self.assertFalse([m for m in c.messages if m.get("event") == "stopped"])


if __name__ == "__main__":
    unittest.main()
