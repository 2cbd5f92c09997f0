"""Threads: every hit reported (at once, and staggered with immediate continues), suspend policies, singleThread
continue and step, the stack of a running thread, pause of one thread, and each kind of thread hitting
breakpoints. On every interpreter and engine."""
import os
import sys
import time

from dapclient import DapClient, line_of, program
from stops import value_of
from support import TracerTestCase

AT_ONCE = program("threads_at_once.py")
STAGGERED = program("staggered.py")
SPINNER = program("spinner.py")
KINDS = program("thread_kinds.py")
EARLY = program("early_thread.py")
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PURE_PYTHON = sys.version_info < (3, 12) and os.environ.get("BUGSCOPE_NATIVE") == "0"


def collect_hits(case, c, expected):
    """Continues every breakpoint stop at once until ``expected`` distinct (n, i) hits were seen; a hit seen
    twice or a stop that never comes fails the test."""
    seen = set()
    while len(seen) < expected:
        tid = c.stopped("breakpoint")["body"]["threadId"]
        hit = value_of(c, c.top_frame(tid)["id"], "hit if False else (n, %s)" % ("r" if "r" in c.names else "i"))
        case.assertNotIn(hit, seen)
        seen.add(hit)
        c.ok("continue", {"threadId": tid})
    return seen


class EveryHitTest(TracerTestCase):
    def run_at_once(self, rounds, policy):
        c = self.launch([AT_ONCE, str(rounds)])
        c.names = "r"
        c.start_session({AT_ONCE: [line_of(AT_ONCE, "@hit")]}, attach={"suspendPolicy": policy})
        hits = collect_hits(self, c, 4 * rounds)
        self.assertEqual(hits, {"(%d, %d)" % (n, r) for n in range(4) for r in range(rounds)})
        status, out, _err = c.finish()
        self.assertEqual((status, out.split()), (0, ["done", str(rounds)]))

    def test_four_threads_at_one_breakpoint_are_each_reported_50_times_in_a_row_stopping_all(self):
        self.run_at_once(50, "all")

    def test_four_threads_at_one_breakpoint_are_each_reported_50_times_in_a_row_stopping_one(self):
        self.run_at_once(50, "thread")

    def test_staggered_hits_continued_at_once_are_all_reported_and_nothing_hangs(self):
        # A short version of bench/suites_threads.py (1,000 sessions there): 6 sessions of 40 scattered hits.
        for policy in ("all", "thread") * 3:
            c = self.launch([STAGGERED, "4", "10"])
            c.names = "i"
            c.start_session({STAGGERED: [line_of(STAGGERED, "@hit")]}, attach={"suspendPolicy": policy})
            self.assertEqual(len(collect_hits(self, c, 40)), 40)
            self.assertEqual(c.finish()[0], 0)
            c.close()

    def test_a_hit_while_another_thread_is_stopped_is_queued_and_announced_after_the_continue(self):
        c = self.launch([AT_ONCE, "1"])
        c.start_session({AT_ONCE: [line_of(AT_ONCE, "@hit")]})
        first = c.stopped("breakpoint")["body"]
        self.assertTrue(first["allThreadsStopped"])
        # All four are at the breakpoint or paused on their way: the threads view says so, one event only.
        deadline = time.time() + 10
        while True:
            threads = c.ok("threads")["threads"]
            if all(t["state"] == "stopped" for t in threads if t["name"].startswith("worker")) or time.time() > deadline:
                break
            time.sleep(0.01)
        workers = [t for t in threads if t["name"].startswith("worker")]
        self.assertEqual([t["state"] for t in workers], ["stopped"] * 4)
        self.assertTrue(all(t["reason"] in ("breakpoint", "pause") for t in workers), workers)
        with self.assertRaises(AssertionError):
            c.stopped("breakpoint", timeout=0.3)
        announced = {first["threadId"]}
        c.ok("continue", {"threadId": first["threadId"]})
        while len(announced) < 4:
            body = c.stopped("breakpoint")["body"]
            self.assertNotIn(body["threadId"], announced)
            announced.add(body["threadId"])
            c.ok("continue", {"threadId": body["threadId"]})
        self.assertEqual(c.finish()[0], 0)


class PolicyTest(TracerTestCase):
    def counter(self, c, frame_id):
        return int(value_of(c, frame_id, "counter"))

    def spinner_id(self, c):
        return [t["id"] for t in c.ok("threads")["threads"] if t["name"] == "spinner"][0]

    def wait_state(self, c, tid, state):
        deadline = time.time() + 10
        while time.time() < deadline:
            thread = [t for t in c.ok("threads")["threads"] if t["id"] == tid][0]
            if thread["state"] == state:
                return thread
            time.sleep(0.01)
        raise AssertionError("thread %d never %s" % (tid, state))

    def rises(self, c, frame_id):
        before = self.counter(c, frame_id)
        deadline = time.time() + 10
        while self.counter(c, frame_id) <= before:
            if time.time() > deadline:
                return False
            time.sleep(0.01)
        return True

    def test_a_stop_of_all_threads_halts_the_others_and_single_thread_requests_resume_only_theirs(self):
        c = self.launch([SPINNER])
        c.start_session({SPINNER: [line_of(SPINNER, "@stop")]})
        self.assertTrue(c.stopped("breakpoint")["body"]["allThreadsStopped"])
        spinner = self.spinner_id(c)
        self.assertEqual(self.wait_state(c, spinner, "stopped")["reason"], "pause")
        frame = c.top_frame(1)["id"]
        halted_at = self.counter(c, frame)
        time.sleep(0.05)
        self.assertEqual(self.counter(c, frame), halted_at)  # halted, not running
        self.assertEqual(c.top_frame(spinner)["name"], "spin")  # and inspectable
        # The spinner alone goes on; the main thread stays where it is.
        body = c.ok("continue", {"threadId": spinner, "singleThread": True})
        self.assertFalse(body["allThreadsContinued"])
        self.wait_state(c, spinner, "running")
        frame = c.top_frame(1)["id"]
        self.assertTrue(self.rises(c, frame))
        # A single-thread step of the main thread while the spinner keeps counting.
        c.ok("next", {"threadId": 1, "singleThread": True})
        self.assertEqual(c.stopped("step")["body"]["threadId"], 1)
        frame = c.top_frame(1)
        self.assertEqual(frame["line"], line_of(SPINNER, "@after"))
        self.assertTrue(self.rises(c, frame["id"]))
        c.ok("continue", {"threadId": 1})
        status, out, _err = c.finish()
        self.assertEqual((status, out.strip()), (0, "counted True"))

    def test_a_breakpoint_of_policy_thread_leaves_the_others_running_and_a_running_stack_answers_at_once(self):
        c = self.launch([SPINNER])
        c.start_session({SPINNER: [{"line": line_of(SPINNER, "@stop"), "suspendPolicy": "thread"}]})
        self.assertFalse(c.stopped("breakpoint")["body"]["allThreadsStopped"])
        spinner = self.spinner_id(c)
        self.assertEqual(self.wait_state(c, spinner, "running")["state"], "running")
        self.assertTrue(self.rises(c, c.top_frame(1)["id"]))
        started = time.time()
        body = c.ok("stackTrace", {"threadId": spinner})
        self.assertLess(time.time() - started, 1.0)
        frames = body["stackFrames"]
        self.assertEqual(frames[0]["presentationHint"], "label")
        self.assertIn("running", frames[0]["name"])
        self.assertEqual(frames[1]["name"], "spin")
        self.assertEqual(body["totalFrames"], len(frames))
        refused = c.request("scopes", {"frameId": frames[1]["id"]})
        self.assertFalse(refused["success"])
        self.assertIn("was running", refused["message"])
        # Pausing the spinner alone: it stops, announced, where it is.
        c.ok("pause", {"threadId": spinner})
        self.assertEqual(c.stopped("pause")["body"]["threadId"], spinner)
        self.assertEqual(c.top_frame(spinner)["name"], "spin")
        c.ok("continue", {"threadId": spinner, "singleThread": True})
        c.ok("continue", {"threadId": 1, "singleThread": True})
        self.assertEqual(c.finish()[0], 0)

    def test_the_session_default_policy_thread_applies_to_every_breakpoint(self):
        c = self.launch([SPINNER])
        c.start_session({SPINNER: [line_of(SPINNER, "@stop")]}, attach={"suspendPolicy": "thread"})
        self.assertFalse(c.stopped("breakpoint")["body"]["allThreadsStopped"])
        self.assertTrue(self.rises(c, c.top_frame(1)["id"]))
        c.ok("continue", {"threadId": 1})
        self.assertEqual(c.finish()[0], 0)


class ThreadKindsTest(TracerTestCase):
    def test_daemon_raw_and_c_created_threads_hit_breakpoints(self):
        kinds = ["daemon", "_thread"] + ([] if PURE_PYTHON or os.name == "nt" else ["C"])
        c = self.launch([KINDS] + kinds)
        c.start_session({KINDS: [line_of(KINDS, "@work")]})
        seen = []
        for _ in kinds:
            tid = c.stopped("breakpoint")["body"]["threadId"]
            seen.append(value_of(c, c.top_frame(tid)["id"], "kind"))
            self.assertNotEqual(tid, 1)
            c.ok("continue", {"threadId": tid})
        self.assertEqual(seen, [repr(k) for k in kinds])
        self.assertEqual(c.finish()[0], 0)

    def test_a_thread_started_before_the_tracer_hits_breakpoints(self):
        if PURE_PYTHON:
            self.skipTest("sys.settrace cannot reach a thread that was running before it (the C tracer and "
                          "sys.monitoring can)")
        c = DapClient.launch_command([sys.executable, EARLY], cwd=PYTHON_DIR)
        self.addCleanup(c.close)
        c.start_session({EARLY: [line_of(EARLY, "@tick")]})
        tid = c.stopped("breakpoint")["body"]["threadId"]
        names = {t["id"]: t["name"] for t in c.ok("threads")["threads"]}
        self.assertEqual(names[tid], "early")
        frame = c.top_frame(tid)["id"]
        n = int(value_of(c, frame, "n"))
        c.ok("continue", {"threadId": tid})
        tid = c.stopped("breakpoint")["body"]["threadId"]
        self.assertEqual(int(value_of(c, c.top_frame(tid)["id"], "n")), n + 1)
        c.ok("terminate")
