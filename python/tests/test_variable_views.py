"""What the Variables view gets: plain values, dict keys of any type, dataclasses, namedtuples, enums, slots,
numpy and pandas paged by rows, properties as lazy children, and ints in hex on request."""
import unittest

from stops import INSPECTABLES, reads, stop_at, value_of
from support import TracerTestCase


class VariableViewsTest(TracerTestCase):
    def setUp(self):
        self.c, self.frame = stop_at(self, INSPECTABLES, evaluate_timeout=1)
        self.local = self.c.locals_of(self.frame)

    def children_of(self, name, **paging):
        return self.c.children(self.local[name]["variablesReference"], **paging)

    def test_numbers_strings_and_bytes_are_shown_plainly(self):
        for name, value, kind in (("big_number", "255", "int"), ("ratio", "0.5", "float"),
                                  ("text", "'hello'", "str")):
            self.assertEqual((self.local[name]["value"], self.local[name]["type"]), (value, kind))
            self.assertEqual(self.local[name]["variablesReference"], 0)
        blob = self.local["blob"]
        self.assertTrue(blob["value"].startswith("b'\\x89PNG\\r\\n\\x1a\\n\\x00\\x01"), blob["value"])
        self.assertTrue(blob["value"].endswith("(1032 bytes)"))
        self.assertEqual(blob["variablesReference"], 0)

    def test_dict_keys_of_any_type_get_names_and_evaluate_names_where_possible(self):
        keyed = self.c.ok("variables", {"variablesReference": self.local["keyed"]["variablesReference"]})["variables"]
        by_name = {v["name"]: v for v in keyed}
        self.assertEqual(sorted(by_name), sorted(["(1, 'a')", "None", "Key()", "<repr raised ValueError: no repr>",
                                                  "3.5", "b'k'", "frozenset({1})"]))
        self.assertEqual(by_name["(1, 'a')"]["evaluateName"], "keyed[(1, 'a')]")
        self.assertEqual(by_name["None"]["evaluateName"], "keyed[None]")
        self.assertEqual(by_name["b'k'"]["evaluateName"], "keyed[b'k']")
        self.assertNotIn("evaluateName", by_name["Key()"])
        self.assertEqual(by_name["Key()"]["value"], "'object'")
        for v in keyed:
            if "evaluateName" in v:
                self.assertEqual(value_of(self.c, self.frame, v["evaluateName"], "watch"), v["value"])

    def test_dataclass_fields_come_in_their_declared_order(self):
        self.assertEqual(list(self.children_of("order")), ["zeta", "alpha", "middle"])
        self.assertEqual(self.children_of("order")["alpha"]["evaluateName"], "order.alpha")

    def test_namedtuple_fields_are_named(self):
        point = self.children_of("point")
        self.assertEqual([(k, v["value"]) for k, v in point.items()], [("x", "1"), ("y", "2")])
        self.assertEqual(point["y"]["evaluateName"], "point.y")
        self.assertNotIn("indexedVariables", self.local["point"])

    def test_enum_members_show_their_name_and_value(self):
        color = self.children_of("color")
        self.assertEqual([(k, v["value"]) for k, v in color.items()], [("name", "'GREEN'"), ("value", "'g'")])
        self.assertEqual(self.local["color"]["value"], "<Color.GREEN: 'g'>")

    def test_objects_with_slots_expand_to_their_slots(self):
        slotted = self.children_of("slotted")
        self.assertEqual((slotted["a"]["value"], slotted["b"]["value"]), ("1", "[2, 3]"))

    def test_properties_are_lazy_children_whose_getter_runs_only_when_expanded(self):
        account = self.children_of("account")
        self.assertEqual(account["owner"]["value"], "'ann'")
        balance = account["balance"]
        self.assertEqual(balance["presentationHint"], {"lazy": True})
        self.assertEqual((balance["type"], balance["evaluateName"]), ("property", "account.balance"))
        self.assertTrue(account["summary"]["presentationHint"]["lazy"])  # functools.cached_property
        self.assertEqual(reads(self.c, self.frame), 0)

        value = self.c.ok("variables", {"variablesReference": balance["variablesReference"]})["variables"]
        self.assertEqual([(v["name"], v["value"]) for v in value], [("balance", "10")])
        self.assertEqual(reads(self.c, self.frame), 1)

        broken = self.c.children(account["broken"]["variablesReference"])
        self.assertEqual(broken["broken"]["value"], "<getter raised RuntimeError: no balance sheet>")

    def test_a_getter_that_hangs_is_cut_off_and_the_tracer_stays_responsive(self):
        stuck = self.children_of("account")["stuck"]
        value = self.c.children(stuck["variablesReference"])["stuck"]["value"]
        self.assertEqual(value, "<getter timed out after 1 s>")
        self.assertEqual(self.c.ok("threads")["threads"][0]["id"], 1)
        self.assertEqual(value_of(self.c, self.frame, "account.owner", "watch"), "'ann'")

    def test_ints_are_shown_in_hex_when_the_client_asks(self):
        ref = self.c.ok("scopes", {"frameId": self.frame})["scopes"][0]["variablesReference"]
        local = {v["name"]: v for v in self.c.ok("variables", {"variablesReference": ref,
                                                                "format": {"hex": True}})["variables"]}
        self.assertEqual(local["big_number"]["value"], "0xff")
        self.assertEqual(local["numbers"]["value"], "[0x1, 0x2, 0x3]")
        self.assertEqual(local["ratio"]["value"], "0.5")
        self.assertEqual(value_of(self.c, self.frame, "big_number * 2", "watch", format={"hex": True}), "0x1fe")
        self.assertEqual(value_of(self.c, self.frame, "big_number", "watch"), "255")

    def test_numpy_arrays_are_paged_by_rows(self):
        if value_of(self.c, self.frame, "numpy is None", "watch") == "True":
            print("\n    skipped on this interpreter: numpy is not installed", end=" ")
            self.skipTest("numpy is not installed for this interpreter")
        array = self.local["array"]
        self.assertEqual((array["indexedVariables"], array["namedVariables"]), (4, 3))
        named = self.c.children(array["variablesReference"], filter="named")
        self.assertEqual(list(named), ["shape", "dtype", "size"])
        self.assertEqual(named["shape"]["value"], "(4, 3)")
        rows = self.c.children(array["variablesReference"], filter="indexed", start=1, count=2)
        self.assertEqual([(k, v["value"], v["evaluateName"]) for k, v in rows.items()],
                         [("1", "array([3, 4, 5])", "array[1]"), ("2", "array([6, 7, 8])", "array[2]")])

    def test_pandas_dataframes_are_paged_by_rows(self):
        if value_of(self.c, self.frame, "pandas is None", "watch") == "True":
            print("\n    skipped on this interpreter: pandas is not installed", end=" ")
            self.skipTest("pandas is not installed for this interpreter")
        frame = self.local["frame"]
        self.assertEqual((frame["indexedVariables"], frame["namedVariables"]), (3, 3))
        rows = self.c.children(frame["variablesReference"], filter="indexed", start=1, count=1)
        self.assertEqual(list(rows), ["1: 1"])
        self.assertEqual(rows["1: 1"]["evaluateName"], "frame.iloc[1]")


if __name__ == "__main__":
    unittest.main()
