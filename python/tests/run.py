"""Run every tracer test on this interpreter. The last line is ``BUGSCOPE_RESULT {...}`` for scripts/test-python.mjs.

Errors count as failures. Exit status 0 iff nothing failed.
"""
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    print("python %s (%s)" % (sys.version.split()[0], sys.executable), flush=True)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(getattr(result, "unexpectedSuccesses", []))
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    sys.stdout.flush()
    print("BUGSCOPE_RESULT " + json.dumps({"passed": passed, "failed": failed, "skipped": skipped}), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
