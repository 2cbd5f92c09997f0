"""setVariable and setExpression: the new value is a Python expression evaluated in the frame; locals reach
the running frame on every interpreter, and clients that asked get an invalidated event."""
import unittest

from stops import INSPECTABLES, stop_at, value_of
from support import TracerTestCase


def last_line(c):
    """The program's last line of output (print() writes it in pieces, each its own output event)."""
    text = ""
    while not text.endswith("\n") or "counter" not in text:
        text += c.event("output", predicate=lambda b: b.get("category") == "stdout")["body"]["output"]
    return text


class SetVariableTest(TracerTestCase):
    def setUp(self):
        self.c, self.frame = stop_at(self, INSPECTABLES, client={"supportsInvalidatedEvent": True})
        scopes = self.c.ok("scopes", {"frameId": self.frame})["scopes"]
        self.locals_ref, self.globals_ref = scopes[0]["variablesReference"], scopes[1]["variablesReference"]
        self.local = self.c.children(self.locals_ref)

    def set(self, ref, name, value):
        return self.c.ok("setVariable", {"variablesReference": ref, "name": name, "value": value})

    def program_output(self):
        self.c.ok("continue", {"threadId": 1})
        return last_line(self.c)

    def test_a_local_set_in_the_variables_view_is_what_the_program_then_uses(self):
        body = self.set(self.locals_ref, "total", "40 + len(numbers) - 1")
        self.assertEqual((body["value"], body["type"], body["variablesReference"]), ("42", "int", 0))
        self.assertEqual(self.c.locals_of(self.frame)["total"]["value"], "42")
        self.assertIn("total 42 ", self.program_output())

    def test_globals_list_items_dict_values_and_attributes_can_be_set(self):
        self.set(self.globals_ref, "counter", "counter * 3")
        numbers = self.c.children(self.local["numbers"]["variablesReference"])
        self.set(self.local["numbers"]["variablesReference"], "1", "20")
        self.assertEqual(len(numbers), 3)
        self.c.children(self.local["table"]["variablesReference"])
        self.set(self.local["table"]["variablesReference"], "'beta'", "'b'")
        self.c.children(self.local["account"]["variablesReference"])
        body = self.set(self.local["account"]["variablesReference"], "owner", "owner_name if False else 'bob'")
        self.assertEqual(body["value"], "'bob'")
        output = self.program_output()
        self.assertIn("numbers [1, 20, 3] table {'alpha': 1, 'beta': 'b'} owner bob counter 21", output)

    def test_a_property_with_a_setter_is_set_through_it(self):
        account = self.c.children(self.local["account"]["variablesReference"])
        self.set(self.local["account"]["variablesReference"], "balance", "99")
        self.assertEqual(value_of(self.c, self.frame, "account._balance", "watch"), "99")
        self.assertTrue(account["balance"]["presentationHint"]["lazy"])

    def test_read_only_values_and_bad_expressions_get_clear_errors(self):
        self.c.children(self.local["words"]["variablesReference"])
        response = self.c.request("setVariable", {"variablesReference": self.local["words"]["variablesReference"],
                                                  "name": "0", "value": "'z'"})
        self.assertFalse(response["success"])
        self.assertIn("read-only", response["message"])
        response = self.c.request("setVariable", {"variablesReference": self.locals_ref, "name": "total",
                                                  "value": "1 +"})
        self.assertFalse(response["success"])
        self.assertIn("SyntaxError", response["message"])
        response = self.c.request("setVariable", {"variablesReference": self.locals_ref, "name": "total",
                                                  "value": "missing_name"})
        self.assertEqual(response["message"], "NameError: name 'missing_name' is not defined")
        self.assertEqual(self.c.locals_of(self.frame)["total"]["value"], "0")

    def test_clients_that_support_it_get_an_invalidated_event_after_a_change(self):
        self.set(self.locals_ref, "total", "5")
        event = self.c.event("invalidated")["body"]
        self.assertEqual(event, {"areas": ["variables"], "threadId": 1, "stackFrameId": self.frame})


class SetExpressionTest(TracerTestCase):
    def test_names_items_and_attributes_are_assigned_in_the_frame(self):
        c, frame = stop_at(self, INSPECTABLES)
        for expression, value, shown in (("total", "6 * 7", "42"), ("table['alpha']", "[1]", "[1]"),
                                         ("numbers[0]", "-1", "-1"), ("account.owner", "'zed'", "'zed'")):
            body = c.ok("setExpression", {"expression": expression, "value": value, "frameId": frame})
            self.assertEqual(body["value"], shown)
            self.assertEqual(value_of(c, frame, expression, "watch"), shown)
        response = c.request("setExpression", {"expression": "numbers + [1]", "value": "2", "frameId": frame})
        self.assertFalse(response["success"])
        self.assertIn("cannot be assigned", response["message"])
        self.assertEqual(c.locals_of(frame)["total"]["value"], "42")
        c.ok("continue", {"threadId": 1})
        text = last_line(c)
        self.assertIn("total 42 numbers [-1, 2, 3] table {'alpha': [1], 'beta': 2} owner zed", text)

    def test_no_invalidated_event_unless_the_client_supports_it(self):
        c, frame = stop_at(self, INSPECTABLES)
        c.ok("setExpression", {"expression": "total", "value": "1", "frameId": frame})
        c.ok("threads")
        self.assertFalse([m for m in c.messages if m.get("event") == "invalidated"])


if __name__ == "__main__":
    unittest.main()
