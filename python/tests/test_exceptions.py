"""Exception breakpoints: raised, user-unhandled and uncaught, per-type rules, conditions, ignored locations,
and what exceptionInfo tells about an exception and its causes."""
import sys
import unittest

from dapclient import line_of, program
from support import TracerTestCase

RAISING = program("raising.py")
RAISE = line_of(RAISING, "@raise")


def rule(name, mode):
    return {"path": [{"names": ["Python Exceptions"]}, {"names": [name]}], "breakMode": mode}


class ExceptionStopsTest(TracerTestCase):
    def stops_until_exit(self, c):
        """(top frame name, line, stopped text) of every stop until the program exits; then its exit code."""
        stops = []
        while True:
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"))
            if message["event"] == "exited":
                return stops, message["body"]["exitCode"]
            body = message["body"]
            self.assertEqual(body["reason"], "exception")
            frame = c.top_frame(body["threadId"])
            stops.append((frame["name"], frame["line"], body["text"]))
            c.ok("continue", {"threadId": body["threadId"]})

    def test_raised_stops_once_per_exception_where_the_program_raises_it(self):
        c = self.launch([RAISING, "caught"])
        c.start_session(exceptions={"filters": ["raised"]})
        stops, code = self.stops_until_exit(c)
        self.assertEqual(stops, [("fail", RAISE, "KeyError: 'bad KeyError'"), ("fail", RAISE, "AppError: bad AppError"),
                                 ("fail", RAISE, "StopIteration: bad StopIteration")])
        self.assertEqual(code, 0)

    def test_a_type_rule_matches_subclasses_and_never_silences_a_type(self):
        c = self.launch([RAISING, "caught"])
        c.start_session(exceptions={"filters": ["raised"], "exceptionOptions": [
            rule("ValueError", "never"), rule("StopIteration", "never")]})
        stops, _ = self.stops_until_exit(c)
        self.assertEqual([s[2] for s in stops], ["KeyError: 'bad KeyError'"])  # AppError is a ValueError

    def test_an_always_rule_stops_on_its_type_alone_without_any_filter(self):
        c = self.launch([RAISING, "caught"])
        placed = c.start_session(exceptions={"filters": [], "exceptionOptions": [rule("ValueError", "always")]})
        self.assertEqual(placed["exceptions"], [{"verified": True}])
        stops, _ = self.stops_until_exit(c)
        self.assertEqual([s[2] for s in stops], ["AppError: bad AppError"])

    def test_a_filter_condition_sees_the_exception_as_exc(self):
        c = self.launch([RAISING, "caught"])
        c.start_session(exceptions={"filterOptions": [{"filterId": "raised",
                                                       "condition": "isinstance(exc, LookupError)"}]})
        stops, _ = self.stops_until_exit(c)
        self.assertEqual([s[2] for s in stops], ["KeyError: 'bad KeyError'"])

    def test_bad_filters_and_conditions_are_reported_unverified(self):
        c = self.launch([RAISING, "caught"])
        placed = c.start_session(exceptions={
            "filters": ["sometimes"], "filterOptions": [{"filterId": "raised", "condition": "exc =="}],
            "exceptionOptions": [rule("ValueError", "often"), {"path": [], "breakMode": "always"}]})
        results = placed["exceptions"]
        self.assertEqual([r["verified"] for r in results], [False, False, False, False])
        self.assertIn("unknown exception filter", results[0]["message"])
        self.assertIn("not a Python expression", results[1]["message"])
        self.assertIn("unknown break mode", results[2]["message"])
        self.assertIn("exception type names", results[3]["message"])
        self.assertEqual(self.stops_until_exit(c), ([], 0))

    def test_ignoring_a_location_stops_no_more_there(self):
        c = self.launch([RAISING, "caught"])
        c.start_session(exceptions={"filters": ["raised"]})
        c.stopped("exception")
        c.ok("bugscope/ignoreExceptionAt", {"source": {"path": RAISING}, "line": RAISE})
        c.ok("continue", {"threadId": 1})
        self.assertEqual(self.stops_until_exit(c), ([], 0))

    def test_user_unhandled_stops_where_an_exception_leaves_the_program_for_library_code(self):
        c = self.launch([RAISING, "pool"])
        c.start_session(exceptions={"filters": ["userUnhandled"]})
        stops, code = self.stops_until_exit(c)
        self.assertEqual(stops, [("fail", RAISE, "LookupError: bad LookupError")])
        self.assertEqual(code, 0)
        self.assertIn("pool got LookupError", c.finish()[1])

    def test_without_filters_no_exception_stops(self):
        c = self.launch([RAISING, "uncaught"])
        c.start_session()
        self.assertEqual(self.stops_until_exit(c), ([], 1))


class UncaughtExceptionTest(TracerTestCase):
    def test_an_uncaught_exception_holds_its_dead_frames_for_inspection(self):
        c = self.launch([RAISING, "uncaught"])
        c.start_session(exceptions={"filters": ["uncaught"]})
        stop = c.stopped("exception")["body"]
        self.assertEqual(stop["description"], "Paused on an uncaught exception")
        self.assertEqual(stop["text"], "RuntimeError: lookup of missing failed")
        frames = c.ok("stackTrace", {"threadId": 1})["stackFrames"]
        self.assertEqual([(f["name"], f["line"]) for f in frames],
                         [("chained", line_of(RAISING, "@chained")), ("<module>", line_of(RAISING, "@call-chained"))])
        value = c.ok("evaluate", {"expression": "key.upper()", "frameId": frames[0]["id"], "context": "repl"})
        self.assertEqual(value["result"], "'MISSING'")
        refused = c.request("next", {"threadId": 1})
        self.assertFalse(refused["success"])
        self.assertIn("not stepped", refused["message"])
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 1)
        status, _out, err = c.finish()
        self.assertIn("RuntimeError: lookup of missing failed", err)  # the traceback is still printed

    def test_exception_info_gives_the_traceback_and_the_chained_cause(self):
        c = self.launch([RAISING, "uncaught"])
        c.start_session(exceptions={"filters": ["uncaught"]})
        c.stopped("exception")
        info = c.ok("exceptionInfo", {"threadId": 1})
        self.assertEqual((info["exceptionId"], info["breakMode"]), ("RuntimeError", "unhandled"))
        self.assertEqual(info["description"], "RuntimeError: lookup of missing failed")
        details = info["details"]
        self.assertIn('line %d, in chained' % line_of(RAISING, "@chained"), details["stackTrace"])
        self.assertTrue(details["stackTrace"].endswith("RuntimeError: lookup of missing failed\n"))
        self.assertNotIn("bugscope", details["stackTrace"])  # not the runner's frames
        cause = details["innerException"][0]
        self.assertEqual((cause["typeName"], cause["message"]), ("KeyError", "'missing'"))
        c.ok("continue", {"threadId": 1})

    def test_an_uncaught_exception_in_a_thread_holds_that_thread_and_the_program_goes_on_after(self):
        c = self.launch([RAISING, "thread"])
        c.start_session(exceptions={"filters": ["uncaught"]})
        stop = c.stopped("exception")["body"]
        self.assertNotEqual(stop["threadId"], 1)
        frame = c.top_frame(stop["threadId"])
        self.assertEqual((frame["name"], frame["line"]), ("fail", RAISE))
        frames = c.ok("stackTrace", {"threadId": stop["threadId"]})["stackFrames"]
        worker = [f for f in frames if f["name"] == "worker"][0]
        self.assertEqual(worker["line"], line_of(RAISING, "@worker"))
        self.assertEqual(c.locals_of(worker["id"])["depth"]["value"], "1")
        c.ok("continue", {"threadId": stop["threadId"]})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertIn("main goes on", c.finish()[1])

    def test_a_raised_stop_reports_the_frames_above_the_raise_point_too(self):
        c = self.launch([RAISING, "caught"])
        c.start_session(exceptions={"filters": ["raised"]})
        c.stopped("exception")
        info = c.ok("exceptionInfo", {"threadId": 1})
        self.assertEqual(info["breakMode"], "always")
        trace = info["details"]["stackTrace"]
        self.assertLess(trace.index("in caught"), trace.index("in fail"), trace)
        self.assertNotIn("bugscope", trace)  # the tracer's own frames are not the program's

    @unittest.skipIf(sys.version_info < (3, 11), "exception groups are new in Python 3.11")
    def test_an_exception_group_lists_the_exceptions_it_holds(self):
        c = self.launch([RAISING, "group"])
        c.start_session(exceptions={"filters": ["uncaught"]})
        c.stopped("exception")
        inner = c.ok("exceptionInfo", {"threadId": 1})["details"]["innerException"]
        self.assertEqual([(i["typeName"], i["message"]) for i in inner], [("ValueError", "first"), ("TypeError", "second")])
        c.ok("continue", {"threadId": 1})


if __name__ == "__main__":
    unittest.main()
