"""Nothing armed, nothing paid: code without breakpoints gets no per-line callbacks (engine counters)."""
import os
import sys
import unittest

from dapclient import PYTHON_DIR, line_of, program
from support import TracerTestCase

sys.path.insert(0, PYTHON_DIR)
from bugscope import native_build  # noqa: E402

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
        else:  # the C frame-eval tracer wherever it builds and loads here, else pure Python
            native, _why_not = native_build.load()
            expected = "NativeBackend" if native is not None and os.environ.get("BUGSCOPE_NATIVE") != "0" else "SettraceBackend"
            self.assertEqual(body["backend"], expected)
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
