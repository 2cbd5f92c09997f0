"""Just my code: steps skip the standard library and installed packages; their frames are marked subtle."""
import unittest

from dapclient import TOKEN, line_of, program
from support import TracerTestCase

CALLS = program("library_calls.py")


class JustMyCodeTest(TracerTestCase):
    def start(self, c, just_my_code=None):
        c.ok("initialize", {"adapterID": "bugscope-tests"})
        args = {"token": TOKEN}
        if just_my_code is not None:
            args["justMyCode"] = just_my_code
        c.ok("attach", args)
        c.event("initialized")
        c.ok("setBreakpoints", {"source": {"path": CALLS}, "breakpoints": [{"line": line_of(CALLS, "@call")}]})
        c.ok("configurationDone")
        c.stopped("breakpoint")

    def step(self, c, request):
        c.ok(request, {"threadId": 1})
        c.stopped("step")
        return c.ok("stackTrace", {"threadId": 1})["stackFrames"]

    def test_step_in_goes_through_library_code_to_the_programs_callback(self):
        c = self.launch([CALLS])
        self.start(c)
        frames = self.step(c, "stepIn")
        self.assertEqual((frames[0]["name"], frames[0]["line"]), ("__deepcopy__", line_of(CALLS, "@deepcopy")))
        library = [f for f in frames if f["source"].get("path", "").endswith("copy.py")]
        self.assertTrue(library)
        self.assertTrue(all(f.get("presentationHint") == "subtle" for f in library))
        self.assertNotIn("presentationHint", frames[0])
        frames = self.step(c, "stepOut")  # back into copy.py: the step goes on to the program's next line
        self.assertEqual((frames[0]["name"], frames[0]["line"]), ("<module>", line_of(CALLS, "@done")))
        c.ok("continue", {"threadId": 1})
        c.event("exited")

    def test_with_just_my_code_off_step_in_stops_in_the_library(self):
        c = self.launch([CALLS])
        self.start(c, just_my_code=False)
        frames = self.step(c, "stepIn")
        self.assertEqual(frames[0]["name"], "deepcopy")
        self.assertTrue(frames[0]["source"]["path"].endswith("copy.py"))
        c.ok("continue", {"threadId": 1})
        c.event("exited")


if __name__ == "__main__":
    unittest.main()
