"""Nothing armed, nothing paid: code without breakpoints gets no per-line callbacks (engine counters)."""
import sys
import unittest

from dapclient import line_of, program
from support import TracerTestCase

COST = program("cost.py")


class NoTracingCostTest(TracerTestCase):
    def test_code_without_breakpoints_never_gets_line_callbacks(self):
        c = self.launch([COST], env={"BUGSCOPE_STATS": "1"})
        c.start_session({COST: [line_of(COST, "@target")]})
        c.stopped("breakpoint")
        body = c.ok("bugscope/stats")
        counters = body["counters"]
        self.assertEqual(counters.get("line:hot", 0), 0)
        self.assertEqual(counters.get("line:<module>", 0), 0)
        self.assertGreaterEqual(counters.get("line:target", 0), 1)
        if sys.version_info >= (3, 12):
            self.assertEqual(body["backend"], "MonitoringBackend")
            # PY_START answered DISABLE the first time: hot() ran 2000 times but was seen once.
            self.assertEqual(counters.get("py_start:hot"), 1)
        else:
            self.assertEqual(body["backend"], "SettraceBackend")
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
