"""Debug-console completions (names, attributes without running getters, dict keys) and the modules list."""
import os
import unittest

from stops import INSPECTABLES, reads, stop_at
from support import TracerTestCase


class CompletionsTest(TracerTestCase):
    def setUp(self):
        self.c, self.frame = stop_at(self, INSPECTABLES)

    def complete(self, text, column=None):
        body = self.c.ok("completions", {"frameId": self.frame, "text": text,
                                         "column": len(text) + 1 if column is None else column})
        return {t["label"]: t for t in body["targets"]}

    def test_names_come_from_locals_globals_and_builtins(self):
        targets = self.complete("acc")
        self.assertEqual(targets["account"]["type"], "variable")
        self.assertEqual((targets["account"]["start"], targets["account"]["length"]), (0, 3))
        self.assertIn("Account", self.complete("Acc"))
        self.assertEqual(self.complete("pri")["print"]["type"], "function")
        self.assertEqual(self.complete("coll")["collections"]["type"], "module")
        self.assertIn("counter", self.complete("x = 1 + cou"))

    def test_attributes_after_a_dot_are_listed_without_running_getters(self):
        targets = self.complete("account.")
        self.assertLessEqual({"owner", "balance", "broken", "stuck", "summary"}, set(targets))
        self.assertEqual(targets["balance"]["type"], "property")
        self.assertNotIn("_balance", targets)  # private names only once the user types "_"
        self.assertIn("_balance", self.complete("account._"))
        partial = self.complete("print(account.ow")
        self.assertEqual(list(partial), ["owner"])
        self.assertEqual((partial["owner"]["start"], partial["owner"]["length"]), (14, 2))
        self.assertEqual(self.complete("dynamic.anyth"), {})
        self.assertIn("OrderedDict", self.complete("collections.Ord"))
        self.assertEqual(reads(self.c, self.frame), 0)

    def test_dict_keys_are_offered_after_a_bracket(self):
        self.assertEqual(sorted(self.complete("table[")), ["'alpha'", "'beta'"])
        targets = self.complete("table['b")
        self.assertEqual(list(targets), ["'beta'"])
        self.assertEqual((targets["'beta'"]["start"], targets["'beta'"]["length"]), (6, 2))

    def test_the_column_may_be_inside_the_text_and_the_text_multi_line(self):
        self.assertIn("account", self.complete("acc + 1", column=4))
        body = self.c.ok("completions", {"frameId": self.frame, "text": "x = 1\nnum", "column": 4, "line": 2})
        self.assertIn("numbers", [t["label"] for t in body["targets"]])


class ModulesTest(TracerTestCase):
    def test_loaded_modules_have_names_paths_and_whether_they_are_user_code(self):
        c, frame = stop_at(self, INSPECTABLES)
        body = c.ok("modules", {})
        modules = {m["name"]: m for m in body["modules"]}
        self.assertEqual(body["totalModules"], len(body["modules"]))
        self.assertEqual(modules["__main__"]["path"], INSPECTABLES)
        self.assertTrue(modules["__main__"]["isUserCode"])
        self.assertFalse(modules["os"]["isUserCode"])
        self.assertTrue(os.path.isfile(modules["os"]["path"]))
        self.assertFalse(modules["sys"]["isUserCode"])
        self.assertNotIn("path", modules["sys"])
        self.assertFalse(modules["bugscope.dap"]["isUserCode"])
        page = c.ok("modules", {"startModule": 2, "moduleCount": 3})
        self.assertEqual([m["name"] for m in page["modules"]], [m["name"] for m in body["modules"][2:5]])
        self.assertEqual(page["totalModules"], body["totalModules"])

    def test_the_capabilities_announce_inspection_and_evaluation_features(self):
        c = self.launch([INSPECTABLES])
        capabilities = c.ok("initialize", {"adapterID": "bugscope-tests"})
        for key in ("supportsSetVariable", "supportsSetExpression", "supportsCancelRequest",
                    "supportsCompletionsRequest", "supportsValueFormattingOptions", "supportsModulesRequest",
                    "supportsClipboardContext", "supportsVariablePaging", "supportsEvaluateForHovers"):
            self.assertIs(capabilities.get(key), True, key)
        self.assertEqual(capabilities["completionTriggerCharacters"], [".", "["])


if __name__ == "__main__":
    unittest.main()
