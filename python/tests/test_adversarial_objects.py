"""A debuggee that fights back: hostile values, frames that are gone, the recursion limit, SystemExit and Ctrl+C
while stopped, output streams taken away, tracers of the program's own. The session always goes on with a clear
answer, and the program does what it would do under plain python.

Covered elsewhere, not repeated here: 10-million-item containers and gigabyte strings (test_inspection_limits,
HugeValuesTest; a 10**8-character string is the same code path as its 1 GiB one), a page of hanging reprs sharing
one time budget (MisbehavingReprTest).
"""
import os
import signal
import subprocess
import sys
import time
import unittest

from dapclient import DapClient, line_of, program
from stops import evaluate, stop_at, value_of
from support import TracerTestCase

HOSTILE = program("hostile.py")
DEEP = program("deep.py")
VANISHING = program("vanishing.py")
INTERRUPTED = program("interrupted.py")
CLOSES_OUTPUT = program("closes_output.py")
OWN_TRACER = program("own_tracer.py")


class HostileValuesTest(unittest.TestCase):
    """One debuggee stopped among hostile values (each test only reads, so they share it)."""

    @classmethod
    def setUpClass(cls):
        cls.c, cls.frame = stop_at(cls, HOSTILE, evaluate_timeout=1)
        scopes = cls.c.ok("scopes", {"frameId": cls.frame})["scopes"]
        started = time.monotonic()
        cls.locals = cls.c.children(scopes[0]["variablesReference"])
        cls.locals_took = time.monotonic() - started

    @classmethod
    def launch(cls, args):
        return DapClient.launch_listen(args)

    @classmethod
    def tearDownClass(cls):
        cls.c.close()

    def value(self, name):
        return self.locals[name]["value"]

    def test_reprs_that_raise_recurse_hang_exit_or_return_no_string_say_so_in_one_answer(self):
        self.assertEqual(self.value("raising"), "<repr raised ValueError: boom>")
        self.assertTrue(self.value("recursive").startswith("<repr raised RecursionError: maximum recursion depth "
                                                           "exceeded"), self.value("recursive"))
        self.assertEqual(self.value("hanging"), "<repr timed out after 0.25 s>")
        self.assertEqual(self.value("non_string"), "<repr raised TypeError: __repr__ returned non-string (type int)>")
        self.assertEqual(self.value("exiting"), "<repr raised SystemExit: exit from a repr>")
        self.assertEqual(self.value("interrupting"), "<repr raised KeyboardInterrupt>")
        self.assertLess(self.locals_took, 3)  # one hanging repr costs its 0.25 s, not the request
        self.assertEqual(value_of(self.c, self.frame, "first"), "0")  # the thread still serves requests

    def test_a_getter_that_raises_systemexit_shows_it_and_the_program_does_not_exit(self):
        ref = self.locals["exiting_property"]["variablesReference"]
        lazy = self.c.children(ref)["leave"]
        self.assertEqual(lazy["presentationHint"], {"lazy": True})
        self.assertEqual(self.c.children(lazy["variablesReference"])["leave"]["value"], "<getter raised SystemExit: 3>")
        self.assertEqual(self.c.ok("threads")["threads"][0]["state"], "stopped")

    def test_getattr_and_getattribute_that_raise_for_everything_do_not_stop_expansion(self):
        self.assertEqual(self.c.children(self.locals["getattr_raises"]["variablesReference"])["inside"]["value"], "1")
        self.assertEqual(self.c.children(self.locals["untouchable"]["variablesReference"])["hidden"]["value"], "2")
        self.assertRegex(evaluate(self.c, self.frame, "getattr_raises.x", "hover")["message"],
                         r"^bugscope: hover does not run code, and this would run (RaisingGetattr\.)?__getattr__ ")  # co_qualname: 3.11+
        self.assertEqual(evaluate(self.c, self.frame, "untouchable.hidden", "watch")["message"],
                         "RuntimeError: no attribute may be read: hidden")
        self.assertEqual(evaluate(self.c, self.frame, "getattr_raises.x", "repl")["message"],
                         "RuntimeError: no attribute x")

    def test_a_len_that_lies_is_not_believed(self):
        lying = self.locals["lying"]
        self.assertEqual((lying["value"], lying["indexedVariables"]), ("[1, 2, 3]", 3))
        self.assertEqual(list(self.c.children(lying["variablesReference"])), ["0", "1", "2"])
        self.assertEqual(self.locals["huge_len"]["indexedVariables"], 1)  # its len() would raise OverflowError
        self.assertEqual(self.c.children(self.locals["negative_len"]["variablesReference"])["data"]["value"], "[1, 2]")

    def test_objects_whose_class_is_a_property_show_their_real_type_without_running_it(self):
        for name, kind in (("class_raises", "ClassRaises"), ("class_hangs", "ClassHangs")):
            started = time.monotonic()
            self.assertEqual(self.locals[name]["type"], kind)
            self.assertEqual(self.c.children(self.locals[name]["variablesReference"])["field"]["value"], "'kept'")
            for context in ("hover", "watch", "repl", "clipboard"):
                body = self.c.ok("evaluate", {"expression": name, "frameId": self.frame, "context": context})
                self.assertEqual(body["type"], kind)
                self.assertIn("%s object at" % kind, body["result"])
            self.assertLess(time.monotonic() - started, 2)

    def test_a_list_and_a_dict_that_contain_themselves_are_cut_and_expand_one_level_at_a_time(self):
        listed = self.locals["selfish_list"]
        self.assertEqual(listed["value"], "[1, [1, [1, [1, [...]]]]]")
        inner = self.c.children(listed["variablesReference"])["1"]
        self.assertEqual(inner["value"], listed["value"])
        self.assertEqual(self.c.children(inner["variablesReference"])["0"]["value"], "1")
        self.assertEqual(value_of(self.c, self.frame, "selfish_list", "clipboard"), "[1, [...]]")
        mapping = self.locals["selfish_dict"]
        self.assertEqual(mapping["value"], "{'a': 1, 'me': {'a': 1, 'me': {'a': 1, 'me': {'a': 1, 'me': {...}}}}}")
        self.assertEqual(self.c.children(mapping["variablesReference"])["'me'"]["evaluateName"], "selfish_dict['me']")

    def test_a_generator_is_shown_and_not_advanced_by_looking_at_it(self):
        shown = self.locals["generator"]
        self.assertRegex(shown["value"], r"^<generator object counting at 0x[0-9a-f]+>$")
        self.assertEqual(shown["variablesReference"], 0)
        self.assertEqual(value_of(self.c, self.frame, "generator", "watch"), shown["value"])
        self.assertEqual(value_of(self.c, self.frame, "next(generator)"), "1")  # looking did not consume 1


class StoppedProgramTest(TracerTestCase):
    def test_ids_of_a_frame_that_has_returned_get_a_clear_error(self):
        c = self.launch([VANISHING])
        c.start_session({VANISHING: [line_of(VANISHING, "@inner"), line_of(VANISHING, "@outer")]})
        c.stopped("breakpoint")
        frame = c.top_frame(1)["id"]
        scope = c.ok("scopes", {"frameId": frame})["scopes"][0]["variablesReference"]
        listed = c.children(scope)["local"]["variablesReference"]
        c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")  # inner() has returned
        stale = "is not valid: its thread was running when it was given out, or has resumed since"
        self.assertIn("frame id %d %s" % (frame, stale), c.request("scopes", {"frameId": frame})["message"])
        for ref in (scope, listed):
            self.assertIn("variable reference %d %s" % (ref, stale),
                          c.request("variables", {"variablesReference": ref})["message"])
            self.assertIn(stale, c.request("setVariable", {"variablesReference": ref, "name": "0", "value": "1"})
                          ["message"])
        self.assertIn(stale, evaluate(c, frame, "local")["message"])
        self.assertEqual(value_of(c, c.top_frame(1)["id"], "result"), "3")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)

    def test_a_breakpoint_near_the_recursion_limit_stops_is_inspected_and_the_program_ends_as_it_would(self):
        c = self.launch([DEEP])
        c.start_session({DEEP: [{"line": line_of(DEEP, "@dive"), "condition": "n == 100"}]})  # the limit is 120
        c.stopped("breakpoint")
        stack = c.ok("stackTrace", {"threadId": 1})["stackFrames"]
        self.assertEqual(len(stack), 101)
        self.assertEqual(c.locals_of(stack[0]["id"])["n"]["value"], "100")
        self.assertEqual(value_of(c, stack[0]["id"], "sum(range(n))"), "4950")
        self.assertEqual(value_of(c, stack[0]["id"], "repr(list(range(3)))"), "'[0, 1, 2]'")
        self.assertEqual(value_of(c, stack[0]["id"], "__import__('sys').getrecursionlimit()"), "370")  # 120 + headroom
        c.ok("setBreakpoints", {"source": {"path": DEEP}, "breakpoints": []})
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        status, out, err = c.finish()
        self.assertEqual((status, out), (0, "caught RecursionError\ndone\n"), err)
        self.assertNotIn("internal error", err)

    def test_systemexit_and_keyboardinterrupt_raised_in_the_console_are_its_errors_not_the_programs_end(self):
        # Decided: the evaluation fails with the exception's name; the program exits only if, continued, it
        # raises one itself.
        c, frame = stop_at(self, HOSTILE)
        self.assertEqual(evaluate(c, frame, "raise SystemExit(3)")["message"], "SystemExit: 3")
        self.assertEqual(evaluate(c, frame, "import sys; sys.exit('bye')")["message"], "SystemExit: bye")
        self.assertEqual(evaluate(c, frame, "raise KeyboardInterrupt")["message"], "KeyboardInterrupt: ")
        self.assertEqual(evaluate(c, frame, "exit()")["message"], "SystemExit: None")
        self.assertEqual(c.ok("threads")["threads"][0]["state"], "stopped")
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        status, out, _err = c.finish()
        self.assertEqual(status, 0)
        self.assertIn("after 1", out)

    @unittest.skipIf(os.name == "nt", "POSIX signals")
    def test_ctrl_c_while_stopped_is_said_and_not_passed_to_the_program(self):
        # Decided, as at pdb's prompt: the stop goes on; continuing, the program runs as if Ctrl+C never came.
        c = self.launch([INTERRUPTED])
        c.start_session({INTERRUPTED: [line_of(INTERRUPTED, "@stop")]})
        c.stopped("breakpoint")
        c.process.send_signal(signal.SIGINT)
        said = c.event("output", predicate=lambda b: "Ctrl+C" in b["output"])["body"]
        self.assertEqual((said["category"], said["output"]),
                         ("console", "bugscope: Ctrl+C (KeyboardInterrupt) arrived while thread 1 is stopped; the "
                                     "program does not get it. Continue first, or end the program with Stop.\n"))
        self.assertEqual(c.top_frame(1)["line"], line_of(INTERRUPTED, "@stop"))
        c.ok("setBreakpoints", {"source": {"path": INTERRUPTED}, "breakpoints": []})
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertEqual(c.finish()[1], "result 3\n")

    def test_a_program_that_closes_or_replaces_its_output_streams_keeps_its_session(self):
        for mode, printed, status in (("close", "ValueError: I/O operation on closed file.", 0), ("none", None, 0),
                                      ("replace", None, 120)):
            c = self.launch([CLOSES_OUTPUT, mode])
            c.start_session({CLOSES_OUTPUT: [line_of(CLOSES_OUTPUT, "@stop")]})
            c.stopped("breakpoint")
            frame = c.top_frame(1)["id"]
            self.assertEqual(evaluate(c, frame, "print('from the console')").get("message"), printed, mode)
            c.send_raw(b"Content-Length: x\r\n\r\n")  # a message for the closed stderr: it reaches the console
            c.event("output", predicate=lambda b: "Content-Length: x" in b["output"])
            self.assertEqual(c.ok("threads")["threads"][0]["state"], "stopped")
            c.ok("continue", {"threadId": 1})
            # "replace": sys.stderr cannot be flushed at the end, so python exits 120, and the client is told so
            self.assertEqual(c.event("exited")["body"]["exitCode"], status, mode)
            self.assertEqual(c.finish()[0], status, mode)


class ProgramsOwnTracersTest(TracerTestCase):
    def baseline(self, mode):
        """What the program prints under plain python."""
        return subprocess.run([sys.executable, OWN_TRACER, mode], stdout=subprocess.PIPE, check=True,
                              timeout=30).stdout.decode()

    def run_to_end(self, mode, extra=()):
        """Stops at @stop and @again until the program ends: [(function, line) of each stop], stdout, engine."""
        c = self.launch([OWN_TRACER, mode])
        c.ok("initialize", {"adapterID": "t"})
        engine = c.ok("attach", {"token": "test-token-1234"})["engine"]
        c.ok("setBreakpoints", {"source": {"path": OWN_TRACER},
                                "breakpoints": [{"line": line_of(OWN_TRACER, m)} for m in ("@stop", "@again")]})
        c.ok("configurationDone")
        stops = []
        while True:
            message = c.wait_for(lambda m: m.get("event") in ("stopped", "exited"))
            if message["event"] == "exited":
                break
            top = c.top_frame(1)
            stops.append((top["name"], top["line"]))
            for step in extra if len(stops) == 1 else ():
                c.ok(step, {"threadId": 1})
                c.stopped("step")
                stops.append((step, c.top_frame(1)["line"]))
            c.ok("continue", {"threadId": 1})
        status, out, err = c.finish()
        self.assertEqual(status, 0, err)
        return stops, out, engine

    def test_a_program_calling_sys_settrace_keeps_its_own_trace_function(self):
        stops, out, engine = self.run_to_end("settrace")
        self.assertEqual(out, self.baseline("settrace"))  # its tracer saw every event it sees under python
        work = ("work", line_of(OWN_TRACER, "@stop"))
        again = ("<module>", line_of(OWN_TRACER, "@again"))
        if sys.version_info >= (3, 12):
            # sys.settrace is a tool of its own on sys.monitoring: both see everything.
            self.assertEqual(stops, [work] * 3 + [again] + [work] * 3)
        elif "native" in engine:
            # 3.8-3.11 have one trace function per thread. While the program's is set, the C tracer leaves the
            # thread alone; from the next call after sys.settrace(None) it stops again (@again itself runs first).
            self.assertEqual(stops, [work] * 3)
        else:
            # The pure-Python fallback's trace function was replaced, and sys.settrace(None) removed both.
            self.assertEqual(stops, [])

    @unittest.skipUnless(sys.version_info >= (3, 12), "sys.monitoring is 3.12+")
    def test_the_programs_own_monitoring_tools_work_beside_the_debuggers(self):
        # The program takes COVERAGE_ID and tool 3 (the debugger's first choice for stepping, which it takes only
        # while it steps); a step during its monitoring takes another free id.
        stops, out, _engine = self.run_to_end("monitoring", extra=("next",))
        self.assertEqual(out, self.baseline("monitoring"))
        line = line_of(OWN_TRACER, "@stop")
        self.assertEqual(stops, [("work", line), ("next", line - 1), ("work", line), ("work", line)])


if __name__ == "__main__":
    unittest.main()
