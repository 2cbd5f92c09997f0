"""In-process tests of the layers below the server: framing, executable lines, safe reprs, paging."""
import os
import socket
import sys
import tempfile
import textwrap
import unittest

from dapclient import PYTHON_DIR

sys.path.insert(0, PYTHON_DIR)

from bugscope import expansion, inspection, wire  # noqa: E402
from bugscope.breakpoints import BreakpointTable, SourceBreakpoint, executable_lines  # noqa: E402
from bugscope.conditions import BreakpointSpecError, parse_hit_condition, parse_log_message  # noqa: E402
from bugscope.watchdog import Watchdog  # noqa: E402


class FramingTest(unittest.TestCase):
    def setUp(self):
        self.a, self.b = socket.socketpair()
        self.addCleanup(self.a.close)
        self.addCleanup(self.b.close)
        self.conn = wire.Connection(self.b)

    def test_a_message_round_trips_as_one_content_length_frame(self):
        wire.Connection(self.a).send({"type": "event", "event": "x", "body": {"text": "h\u00e9"}})
        self.assertEqual(self.conn.read()["body"]["text"], "h\u00e9")

    def test_frames_split_across_reads_are_reassembled(self):
        data = wire.encode({"n": 1}) + wire.encode({"n": 2})
        self.a.sendall(data[:7])
        self.a.sendall(data[7:])
        self.assertEqual([self.conn.read()["n"], self.conn.read()["n"]], [1, 2])

    def test_bad_json_and_missing_length_are_framing_errors_and_reading_goes_on(self):
        self.a.sendall(b"Content-Length: 3\r\n\r\n{x}" + b"Foo: 1\r\n\r\n" + wire.encode({"ok": True}))
        with self.assertRaises(wire.FramingError):
            self.conn.read()
        with self.assertRaises(wire.FramingError):
            self.conn.read()
        self.assertEqual(self.conn.read(), {"ok": True})

    def test_end_of_stream_is_closed(self):
        self.a.close()
        with self.assertRaises(wire.Closed):
            self.conn.read()


SOURCE = textwrap.dedent('''\
    import os

    def f(a):
        # comment

        x = a + 1
        return x

    class C:
        def m(self):
            return 1
    ''')


def at(line, condition=None, hit_condition=None, log_message=None):
    return SourceBreakpoint(line, condition, hit_condition, log_message)


class ExecutableLinesTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp(suffix=".py")
        with os.fdopen(fd, "w") as f:
            f.write(SOURCE)
        self.addCleanup(os.remove, self.path)

    def test_lines_of_nested_code_objects_are_included_and_comments_are_not(self):
        lines = executable_lines(self.path)
        self.assertTrue({1, 3, 6, 7, 9, 10, 11} <= lines)
        self.assertFalse({2, 4, 5} & lines)

    def test_a_breakpoint_moves_down_to_the_next_executable_line(self):
        results, _ = BreakpointTable().set_file(self.path, [at(4), at(100)])
        self.assertEqual((results[0].verified, results[0].line), (True, 6))
        self.assertFalse(results[1].verified)

    def test_breakpoint_lines_belong_to_the_code_object_that_runs_them(self):
        table = BreakpointTable()
        table.set_file(self.path, [at(6)])
        module = compile(SOURCE, self.path, "exec")
        f_code = [c for c in module.co_consts if hasattr(c, "co_code") and c.co_name == "f"][0]
        self.assertEqual(set(table.lines_for_code(f_code)), {6})
        self.assertEqual(table.lines_for_code(f_code)[6].line, 6)
        self.assertEqual(dict(table.lines_for_code(module)), {})


class SafeReprTest(unittest.TestCase):
    def test_a_raising_repr_shows_the_exception(self):
        class Bad(object):
            def __repr__(self):
                raise ValueError("boom")
        self.assertEqual(inspection.safe_repr(Bad(), Watchdog(), 1), "<repr raised ValueError: boom>")
        self.assertIn("<repr raised ValueError: boom>", inspection.safe_repr([Bad()], Watchdog(), 1))

    def test_a_hanging_repr_is_cut_off(self):
        class Slow(object):
            def __repr__(self):
                while True:
                    pass
        self.assertEqual(inspection.safe_repr(Slow(), Watchdog(), 0.2), "<repr timed out after 0.2 s>")

    def test_long_values_are_truncated(self):
        self.assertLess(len(inspection.safe_repr("x" * 100000, Watchdog(), 1)), 1100)
        self.assertLess(len(inspection.safe_repr(list(range(100000)), Watchdog(), 1)), 1100)

    def test_children_are_paged(self):
        page = expansion.children(list(range(100)), 10, 2, "xs")
        self.assertEqual([c[:3] for c in page], [("10", 10, "xs[10]"), ("11", 11, "xs[11]")])
        self.assertEqual([c[:3] for c in expansion.children({"k": 1}, 0, 0, "d")], [("'k'", 1, "d['k']")])


if __name__ == "__main__":
    unittest.main()


class BreakpointSpecTest(unittest.TestCase):
    def test_hit_counts_accept_the_usual_forms(self):
        cases = {"3": [3], "== 3": [3], ">=3": [3, 4, 5], "> 3": [4, 5], "<= 2": [1, 2], "<2": [1], "% 2": [2, 4]}
        for text, hits in cases.items():
            test = parse_hit_condition(text)
            self.assertEqual([n for n in range(1, 6) if test(n)], hits, text)

    def test_a_bad_hit_count_says_which_forms_work(self):
        for text in ("abc", "= 3", "% 0", ">= -1"):
            with self.assertRaises(BreakpointSpecError) as e:
                parse_hit_condition(text)
            self.assertIn("invalid hit count", str(e.exception))

    def test_log_messages_interpolate_expressions_and_keep_escaped_braces(self):
        parts = parse_log_message("x={x} {{literal}} d={ {'a': 1}['a'] }")
        self.assertEqual(parts[0], "x=")
        self.assertTrue(hasattr(parts[1], "co_code"))
        self.assertEqual(parts[2], " {literal} d=")

    def test_a_log_message_with_an_unclosed_brace_or_bad_expression_is_refused(self):
        for text in ("value {x", "value {}", "value {1 +}"):
            with self.assertRaises(BreakpointSpecError):
                parse_log_message(text)

    def test_an_invalid_condition_makes_the_breakpoint_unverified_with_the_reason(self):
        fd, path = tempfile.mkstemp(suffix=".py")
        with os.fdopen(fd, "w") as f:
            f.write("x = 1\ny = 2\n")
        self.addCleanup(os.remove, path)
        results, _ = BreakpointTable().set_file(path, [at(1, condition="x ==="), at(2, hit_condition="often")])
        self.assertEqual([r.verified for r in results], [False, False])
        self.assertIn("invalid condition 'x ==='", results[0].message)
        self.assertIn("invalid hit count 'often'", results[1].message)
