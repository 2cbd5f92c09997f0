"""Data breakpoints: every change of a watched local, attribute, dict item or global stops once, on the line after
the write, with the old and new value; nothing else stops; a watched object that is freed reports itself gone."""
import unittest

from dapclient import line_of, program
from support import TracerTestCase

WATCH = program("data_watch.py")


class DataBreakpointTest(TracerTestCase):
    def stopped_at(self, c, marker, part):
        """Launches ``part`` of the program stopped at ``marker``; returns (client, top frame)."""
        c.start_session({WATCH: [line_of(WATCH, marker)]})
        stop = c.stopped("breakpoint")["body"]
        return c.top_frame(stop["threadId"])

    def scope_ref(self, c, frame, name="Locals"):
        scopes = c.ok("scopes", {"frameId": frame["id"]})["scopes"]
        return [s for s in scopes if s["name"] == name][0]["variablesReference"]

    def watch(self, c, ref, name, **options):
        c.children(ref)  # the client lists a container's children before it asks about one
        info = c.ok("dataBreakpointInfo", {"variablesReference": ref, "name": name})
        self.assertEqual(info["accessTypes"], ["write"], info)
        placed = c.ok("setDataBreakpoints", {"breakpoints": [dict(options, dataId=info["dataId"])]})["breakpoints"]
        self.assertTrue(placed[0]["verified"], placed[0])
        return info, placed[0]

    def run_to_end(self, c):
        """Continues until the program exits; returns [(description, function, line, hit ids)] of the stops."""
        stops = []
        while True:
            c.ok("continue", {"threadId": 1})
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"),
                                 what="stop or exit")
            if message["event"] == "exited":
                self.assertEqual(message["body"]["exitCode"], 0)
                return stops
            body = message["body"]
            self.assertEqual(body["reason"], "data breakpoint", body)
            frame = c.top_frame(body["threadId"])
            stops.append((body["description"], frame["name"], frame["line"], body.get("hitBreakpointIds")))

    def test_a_local_changed_in_a_loop_stops_at_each_change_on_the_line_after_it(self):
        c = self.launch([WATCH, "local"])
        frame = self.stopped_at(c, "@local-start", "local")
        info, bp = self.watch(c, self.scope_ref(c, frame), "total")  # not assigned yet: its first value is a change
        self.assertEqual(info["description"], "total (local of local_loop)")
        after = line_of(WATCH, "@after-total")
        self.assertEqual(self.run_to_end(c), [
            ("total changed: <not set> → 0", "local_loop", line_of(WATCH, "@local-start") + 2, [bp["id"]]),
            ("total changed: 0 → 3", "local_loop", after, [bp["id"]]),
            ("total changed: 3 → 9", "local_loop", after, [bp["id"]]),
            ("total changed: 9 → 18", "local_loop", after, [bp["id"]])])
        gone = c.event("breakpoint")["body"]["breakpoint"]
        self.assertEqual((gone["id"], gone["verified"]), (bp["id"], False))
        self.assertIn("local_loop() returned", gone["message"])

    def test_an_attribute_changed_by_a_method_stops_in_the_caller_right_after_the_call(self):
        c = self.launch([WATCH, "attribute"])
        frame = self.stopped_at(c, "@attribute-start", "attribute")
        counter = c.locals_of(frame["id"])["c"]
        _info, bp = self.watch(c, counter["variablesReference"], "count")
        call = line_of(WATCH, "@call-bump")
        self.assertEqual(self.run_to_end(c), [("c.count changed: %d → %d" % (n - 1, n), "attribute_loop", call,
                                               [bp["id"]]) for n in (1, 2, 3)])

    def test_a_dict_item_set_from_an_expression_stops_only_when_its_value_changes(self):
        c = self.launch([WATCH, "item"])
        frame = self.stopped_at(c, "@item-start", "item")
        info = c.ok("dataBreakpointInfo", {"name": "d['k']", "frameId": frame["id"]})
        self.assertEqual(info["description"], "d['k']")
        bp = c.ok("setDataBreakpoints", {"breakpoints": [{"dataId": info["dataId"], "accessType": "write"}]})
        bp = bp["breakpoints"][0]
        loop = line_of(WATCH, "@item-for")
        self.assertEqual(self.run_to_end(c), [("d['k'] changed: 0 → 20", "item_loop", loop, [bp["id"]]),
                                              ("d['k'] changed: 20 → 40", "item_loop", loop, [bp["id"]])])

    def test_a_global_with_a_condition_and_a_hit_count(self):
        c = self.launch([WATCH, "global"])
        frame = self.stopped_at(c, "@global-start", "global")
        globals_ref = self.scope_ref(c, frame, "Globals")
        info = c.ok("dataBreakpointInfo", {"variablesReference": globals_ref, "name": "hits"})
        self.assertEqual(info["description"], "hits (global of __main__)")
        placed = c.ok("setDataBreakpoints", {"breakpoints": [
            {"dataId": info["dataId"], "condition": "new == old + 1 and i == 3"},
            {"dataId": info["dataId"]},  # the same data twice: refused
            {"dataId": "local:999"}, {"dataId": info["dataId"] + "x", "accessType": "read"}]})["breakpoints"]
        self.assertEqual([p["verified"] for p in placed], [True, False, False, False])
        self.assertIn("not available", placed[2]["message"])
        self.assertIn("only 'write'", placed[3]["message"])
        after = line_of(WATCH, "@after-hits")
        self.assertEqual(self.run_to_end(c), [("hits changed: 1 → 2", "global_loop", after, [placed[0]["id"]])])

    def test_a_hit_count_counts_changes(self):
        c = self.launch([WATCH, "local"])
        frame = self.stopped_at(c, "@local-start", "local")
        _info, bp = self.watch(c, self.scope_ref(c, frame), "total", hitCondition=">= 3")
        after = line_of(WATCH, "@after-total")
        stops = self.run_to_end(c)
        self.assertEqual([s[0] for s in stops], ["total changed: 3 → 9", "total changed: 9 → 18"])
        self.assertEqual({s[2] for s in stops}, {after})

    def test_a_local_rebound_by_a_closure_stops_in_its_frame_right_after_the_call(self):
        c = self.launch([WATCH, "closure"])
        self.stopped_at(c, "@closure-start", "closure")
        c.ok("next", {"threadId": 1})
        c.stopped("step")
        _info, bp = self.watch(c, self.scope_ref(c, c.top_frame(1)), "count")
        call = line_of(WATCH, "@call-closure")
        self.assertEqual(self.run_to_end(c), [("count changed: %d → %d" % (n - 1, n), "closure_loop", call, [bp["id"]])
                                              for n in (1, 2, 3)])

    def test_a_step_over_a_write_ends_in_one_data_breakpoint_stop_on_the_next_line(self):
        c = self.launch([WATCH, "local"])
        frame = self.stopped_at(c, "@local-start", "local")
        _info, bp = self.watch(c, self.scope_ref(c, frame), "total")
        c.ok("next", {"threadId": 1})  # over "marker = 0"
        self.assertEqual(c.stopped("step")["body"]["reason"], "step")
        c.ok("next", {"threadId": 1})  # over "total = 0": the change stops instead of the step, once
        stop = c.stopped()["body"]
        self.assertEqual((stop["reason"], stop["description"], c.top_frame(1)["line"]),
                         ("data breakpoint", "total changed: <not set> → 0", line_of(WATCH, "@local-start") + 2))
        c.ok("next", {"threadId": 1})
        stop = c.stopped()["body"]
        self.assertEqual((stop["reason"], c.top_frame(1)["line"]), ("step", line_of(WATCH, "@local-start") + 3))
        c.ok("setDataBreakpoints", {"breakpoints": []})
        self.assertEqual(self.run_to_end(c), [])

    def test_an_item_written_by_another_thread_stops_that_thread(self):
        c = self.launch([WATCH, "threaded"])
        frame = self.stopped_at(c, "@threaded-start", "threaded")
        info = c.ok("dataBreakpointInfo", {"name": "shared['k']", "frameId": frame["id"]})
        bp = c.ok("setDataBreakpoints", {"breakpoints": [{"dataId": info["dataId"]}]})["breakpoints"][0]
        after = line_of(WATCH, "@after-worker-write")
        seen, tid = [], 1
        while True:
            c.ok("continue", {"threadId": tid})
            message = c.wait_for(lambda m: m.get("type") == "event" and m.get("event") in ("stopped", "exited"),
                                 what="stop or exit")
            if message["event"] == "exited":
                break
            body = message["body"]
            tid = body["threadId"]
            self.assertNotEqual(tid, 1)
            top = c.top_frame(tid)
            seen.append((body["description"], top["name"], top["line"], body["hitBreakpointIds"]))
        self.assertEqual(seen, [("shared['k'] changed: %d → %d" % (n - 1, n), "worker", after, [bp["id"]])
                                for n in (1, 2, 3)])

    def test_changes_made_by_c_code_are_seen_on_the_line_after_the_call(self):
        c = self.launch([WATCH, "library"])
        frame = self.stopped_at(c, "@library-start", "library")
        info = c.ok("dataBreakpointInfo", {"name": "d['k']", "frameId": frame["id"]})
        bp = c.ok("setDataBreakpoints", {"breakpoints": [{"dataId": info["dataId"]}]})["breakpoints"][0]
        self.assertEqual(self.run_to_end(c), [
            ("d['k'] changed: 0 → 1", "library_writes", line_of(WATCH, "@after-update"), [bp["id"]]),
            ("d['k'] changed: 1 → <not set>", "library_writes", line_of(WATCH, "@after-pop"), [bp["id"]])])

    def test_an_attribute_watched_again_after_its_breakpoint_was_removed_still_stops(self):
        c = self.launch([WATCH, "attribute"])
        call = line_of(WATCH, "@call-bump")
        c.start_session({WATCH: [call]})
        for n in (1, 2):
            c.stopped("breakpoint")
            frame = c.top_frame(1)
            info = c.ok("dataBreakpointInfo", {"name": "c.count", "frameId": frame["id"]})
            c.ok("setDataBreakpoints", {"breakpoints": [{"dataId": info["dataId"]}]})
            c.ok("setBreakpoints", {"source": {"path": WATCH}, "breakpoints": []})
            c.ok("continue", {"threadId": 1})
            stop = c.stopped("data breakpoint")["body"]
            self.assertEqual((stop["description"], c.top_frame(1)["line"]), ("c.count changed: %d → %d" % (n - 1, n), call))
            c.ok("setDataBreakpoints", {"breakpoints": []})
            c.ok("setBreakpoints", {"source": {"path": WATCH}, "breakpoints": [{"line": call}]})
            c.ok("continue", {"threadId": 1})
        c.stopped("breakpoint")
        c.ok("setBreakpoints", {"source": {"path": WATCH}, "breakpoints": []})
        self.assertEqual(self.run_to_end(c), [])

    def test_watched_objects_that_are_freed_report_the_breakpoint_gone_and_never_stop(self):
        c = self.launch([WATCH, "freed"])
        frame = self.stopped_at(c, "@freed-start", "freed")
        obj_info = c.ok("dataBreakpointInfo", {"name": "objects['obj'].count", "frameId": frame["id"]})
        table_info = c.ok("dataBreakpointInfo", {"name": "objects['table']['k']", "frameId": frame["id"]})
        placed = c.ok("setDataBreakpoints", {"breakpoints": [{"dataId": obj_info["dataId"]},
                                                             {"dataId": table_info["dataId"]}]})["breakpoints"]
        self.assertEqual([p["verified"] for p in placed], [True, True])
        self.assertEqual(self.run_to_end(c), [])
        events = [c.event("breakpoint")["body"]["breakpoint"] for _ in range(2)]
        self.assertEqual([(e["id"], e["verified"]) for e in events], [(p["id"], False) for p in placed])
        self.assertIn("freed", events[0]["message"])

    def test_what_cannot_be_watched_answers_a_null_data_id_with_the_reason(self):
        c = self.launch([WATCH, "attribute"])
        frame = self.stopped_at(c, "@attribute-start", "attribute")
        for expression, reason in (("len(c)", "cannot be watched"), ("c.count + 1", "cannot be watched"),
                                   ("nowhere", "neither a local"), ("c.missing.x", "AttributeError")):
            info = c.ok("dataBreakpointInfo", {"name": expression, "frameId": frame["id"]})
            self.assertIsNone(info["dataId"], expression)
            self.assertIn(reason, info["description"])
        info = c.ok("dataBreakpointInfo", {"name": "c.count", "frameId": frame["id"]})
        again = c.ok("dataBreakpointInfo", {"name": "c.count", "frameId": frame["id"]})
        self.assertEqual(info["dataId"], again["dataId"])  # one binding, one dataId
        c.ok("setDataBreakpoints", {"breakpoints": []})
        self.assertEqual(self.run_to_end(c), [])


if __name__ == "__main__":
    unittest.main()
