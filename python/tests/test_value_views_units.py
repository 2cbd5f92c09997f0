"""In-process checks of the value views below the DAP layer: reprs that never sort or copy, names and
evaluateNames of dict keys, and the pandas row view (with a stand-in pandas where the real one is missing)."""
import sys
import time
import types
import unittest

from dapclient import PYTHON_DIR

sys.path.insert(0, PYTHON_DIR)

from bugscope import expansion, inspection  # noqa: E402
from bugscope.watchdog import Watchdog  # noqa: E402


class ReprLimitsTest(unittest.TestCase):
    def test_a_huge_dict_or_set_is_shown_in_its_own_order_without_sorting_it(self):
        big = dict.fromkeys(range(2000000, 0, -1))
        started = time.monotonic()
        text = inspection.safe_repr(big, Watchdog(), 1)
        self.assertLess(time.monotonic() - started, 0.2)
        self.assertTrue(text.startswith("{2000000: None, 1999999: None"), text[:40])
        self.assertEqual(inspection.safe_repr({"b": 1, 2: "a"}, Watchdog(), 1), "{'b': 1, 2: 'a'}")
        self.assertTrue(inspection.safe_repr(set(range(100)), Watchdog(), 1).endswith(", ...}"))

    def test_long_bytes_show_head_tail_and_length(self):
        text = inspection.plain_text(b"GIF89a" + b"\0" * 5000 + b"END")
        self.assertTrue(text.startswith("b'GIF89a\\x00"))
        self.assertTrue(text.endswith("\\x00END' (5009 bytes)"))
        self.assertLess(len(text), 1000)
        self.assertEqual(inspection.safe_repr(bytearray(b"ab"), Watchdog(), 1), "bytearray(b'ab')")

    def test_hex_formatting_reaches_ints_inside_containers_but_not_bools(self):
        self.assertEqual(inspection.safe_repr({"k": [255, True]}, Watchdog(), 1, hex_ints=True), "{'k': [0xff, True]}")
        self.assertEqual(inspection.plain_text(-16, hex_ints=True), "-0x10")


class DictKeyNamesTest(unittest.TestCase):
    def test_literal_keys_get_evaluate_names_and_others_a_caller_given_name(self):
        class Obj(object):
            pass
        d = {(1, ("x", None)): 1, 2.5: 2, float("nan"): 3, Obj(): 4, True: 5}
        children = expansion.children(d, 0, 0, "d", key_name=lambda k: "<%s>" % type(k).__name__)
        self.assertEqual([(c.name, c.expr) for c in children],
                         [("(1, ('x', None))", "d[(1, ('x', None))]"), ("2.5", "d[2.5]"), ("<float>", None),
                          ("<Obj>", None), ("True", "d[True]")])

    def test_subclasses_are_read_through_the_base_type_not_their_python_overrides(self):
        class Sneaky(list):
            def __getitem__(self, i):
                raise AssertionError("user code ran")

            def __len__(self):
                raise AssertionError("user code ran")
        self.assertEqual([c.value for c in expansion.children(Sneaky([7, 8]), 0, 0, "s")], [7, 8])


class PandasRowsTest(unittest.TestCase):
    def test_dataframe_rows_are_named_by_position_and_label(self):
        try:
            import pandas  # noqa: F401
            frame = sys.modules["pandas"].DataFrame({"a": [1, 2, 3]}, index=["x", "y", "z"])
        except ImportError:
            frame = _fake_pandas(self)
        shape = expansion.shape(frame)
        self.assertEqual((shape.kind, shape.indexed, shape.named), ("DataFrame", 3, 3))
        rows = expansion.children(frame, 1, 2, "df", "indexed")
        self.assertEqual([(c.name, c.expr) for c in rows], [("1: 'y'", "df.iloc[1]"), ("2: 'z'", "df.iloc[2]")])
        self.assertEqual([c.name for c in expansion.children(frame, 0, 0, "df", "named")],
                         ["shape", "columns", "dtypes"])


def _fake_pandas(case):
    """A stand-in with the few pandas attributes the view reads (pandas is not installed on this machine)."""
    class Rows(object):
        def __init__(self, rows):
            self.rows = rows

        def __getitem__(self, index):
            return Rows(self.rows[index]) if isinstance(index, slice) else self.rows[index]

    class DataFrame(object):
        shape, columns, dtypes = (3, 1), ["a"], {"a": "int64"}

        def __init__(self):
            self.index = ["x", "y", "z"]
            self.iloc = Rows([{"a": 1}, {"a": 2}, {"a": 3}])

        def __len__(self):
            return 3

    module = types.ModuleType("pandas")
    module.DataFrame, module.Series = DataFrame, type("Series", (), {})
    sys.modules["pandas"] = module
    case.addCleanup(sys.modules.pop, "pandas", None)
    print("\n    pandas is not installed for this interpreter: checked against a stand-in", end=" ")
    return DataFrame()


if __name__ == "__main__":
    unittest.main()
