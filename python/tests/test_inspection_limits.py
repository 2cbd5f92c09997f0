"""Inspection never freezes: huge values are paged and cut without being copied, reprs have time and size
limits, and the whole value is there on demand (the clipboard context)."""
import time
import unittest

from dapclient import DapClient
from stops import HUGE, stop_at, value_of
from support import TracerTestCase


class HugeValuesTest(unittest.TestCase):
    """One debuggee for the whole class: building 2 GiB of values takes seconds."""

    @classmethod
    def setUpClass(cls):
        cls.c, cls.frame = stop_at(cls, HUGE, evaluate_timeout=2)

    @classmethod
    def launch(cls, args):
        return DapClient.launch_listen(args)

    @classmethod
    def tearDownClass(cls):
        cls.c.close()

    def setUp(self):
        self.rss_before = int(value_of(self.c, self.frame, "peak_rss_mb()"))

    def timed(self, command, arguments):
        started = time.monotonic()
        body = self.c.ok(command, arguments)
        self.assertLess(time.monotonic() - started, 1.5, "%s %s was slow" % (command, arguments))
        return body

    def assert_nothing_was_copied(self):
        grown = int(value_of(self.c, self.frame, "peak_rss_mb()")) - self.rss_before
        self.assertLess(grown, 100, "the debuggee's peak memory grew by %d MB while inspecting" % grown)

    def test_ten_million_item_containers_and_gigabyte_strings_expand_at_once(self):
        scopes = self.timed("scopes", {"frameId": self.frame})["scopes"]
        local = {v["name"]: v for v in self.timed("variables", {"variablesReference": scopes[0]["variablesReference"]})["variables"]}
        self.assertEqual(local["big_list"]["indexedVariables"], 10 * 1000 * 1000)
        self.assertEqual(local["big_dict"]["indexedVariables"], 10 * 1000 * 1000)
        self.assertLess(len(local["big_str"]["value"]), 1100)
        self.assertEqual(local["big_str"]["variablesReference"], 0)
        self.assertIn("(1073741824 bytes)", local["big_bytes"]["value"])
        self.assertLess(len(local["big_bytes"]["value"]), 1100)
        self.assertIn("about 84510 digits", local["big_int"]["value"])  # not converted to decimal

        page = self.timed("variables", {"variablesReference": local["big_list"]["variablesReference"],
                                        "filter": "indexed", "start": 9999998, "count": 5})["variables"]
        self.assertEqual([(v["name"], v["value"]) for v in page], [("9999998", "9999998"), ("9999999", "9999999")])
        page = self.timed("variables", {"variablesReference": local["big_dict"]["variablesReference"],
                                        "filter": "indexed", "start": 9999990, "count": 2})["variables"]
        self.assertEqual([(v["name"], v["evaluateName"]) for v in page],
                         [("9999990", "big_dict[9999990]"), ("9999991", "big_dict[9999991]")])
        self.assert_nothing_was_copied()

    def test_without_paging_arguments_a_huge_container_gives_a_bounded_answer(self):
        scopes = self.c.ok("scopes", {"frameId": self.frame})["scopes"]
        local = self.c.children(scopes[0]["variablesReference"])
        children = self.timed("variables", {"variablesReference": local["big_dict"]["variablesReference"]})["variables"]
        self.assertEqual(len(children), 1001)
        self.assertEqual(children[-1]["name"], "...")
        self.assertIn("9999000 more items", children[-1]["value"])

    def test_the_clipboard_context_gives_the_whole_value_up_to_a_generous_limit(self):
        tail = value_of(self.c, self.frame, "tail", "clipboard")
        self.assertEqual(len(tail), 300000 + 5)  # quotes included
        self.assertTrue(tail.endswith("END'"))
        self.assertLess(len(value_of(self.c, self.frame, "tail", "watch")), 1100)
        big = value_of(self.c, self.frame, "big_str", "clipboard")
        self.assertTrue(big.endswith("... (1048576 of 1073741824 characters)"))
        self.assert_nothing_was_copied()


class MisbehavingReprTest(TracerTestCase):
    def test_a_repr_that_raises_shows_the_error_and_one_that_hangs_is_cut_off(self):
        c, frame = stop_at(self, HUGE, evaluate_timeout=1, args=["small"])
        scopes = c.ok("scopes", {"frameId": frame})["scopes"]
        started = time.monotonic()
        local = c.children(scopes[0]["variablesReference"])
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(local["raising"]["value"], "<repr raised ValueError: boom>")
        self.assertEqual(local["hanging"]["value"], "<repr timed out after 0.25 s>")
        # the tracer and the stopped thread still answer
        self.assertEqual(c.ok("threads")["threads"][0]["id"], 1)
        self.assertEqual(value_of(c, frame, "len(tail)"), "300003")
        self.assertEqual(c.ok("stackTrace", {"threadId": 1})["stackFrames"][0]["name"], "main")

    def test_a_page_of_hanging_reprs_shares_one_time_budget(self):
        c, frame = stop_at(self, HUGE, evaluate_timeout=1, args=["small"])
        scopes = c.ok("scopes", {"frameId": frame})["scopes"]
        ref = c.children(scopes[0]["variablesReference"])["many_hanging"]["variablesReference"]
        started = time.monotonic()
        values = [v["value"] for v in c.ok("variables", {"variablesReference": ref})["variables"]]
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(len(values), 20)
        self.assertIn("timed out", values[0])
        self.assertIn("time budget is spent", values[-1])
        self.assertEqual(value_of(c, frame, "1 + 1"), "2")


if __name__ == "__main__":
    unittest.main()
