"""Data breakpoints' cost: the hot loop of programs/hot_data.py with one data breakpoint, against plain python.

* on a local of the looping frame, changed once per run: only the code that can write it is armed (3.12+: only
  the instructions right after a write of it; 3.8-3.11: every line of that frame);
* on an attribute (``box.rare``), changed once per run: any code can write it, so the program's own code is
  checked (3.12+: after each call and each store that is not to a local; 3.8-3.11: at every line), in an
  arithmetic loop ("loop") and in a loop that calls a small function of the program each pass ("calls").
The breakpoint has a condition that is false (``new < 0``), so the run never stops and only checking is timed.
On 3.8-3.11 the pure-Python fallback (BUGSCOPE_NATIVE=0) is measured too when the C tracer loads. The work is
timed inside the debuggee (CPU time of its thread), so start-up and the DAP exchange do not count.
"""
import json
import os

from debuggers import BugscopeSession, clean_env, line_of, run_plain
from report import Row, _cell, _ms, _ratio, median
from suites import ended, interleave, program

# (runner name, program kind, watched expression, row label)
CASES = (("local", "loop", "rare", "a local (rare)"),
         ("attribute", "loop", "box.rare", "an attribute (box.rare)"),
         ("attribute_calls", "calls", "box.rare", "an attribute, a call per pass"))
CONDITION = "new < 0"


def data_breakpoints(ctx):
    prog = program("hot_data.py")
    watch_line = line_of(prog, "@watch")
    n = ctx.plan.hot_n["loop"] // 4  # two or three lines per pass: ~0.03 s of plain python
    out = ctx.tmp("hot-data.json")

    def args(kind):
        return [kind, str(n), str(ctx.plan.inner_repeats), str(ctx.plan.inner_budget), out]

    def sample():
        with open(out) as f:
            best = min(json.load(f)["times"])
        return {"time": best, "per_pass": best / n}

    def plain(kind):
        def run(rep):
            run_plain(ctx.python, prog, args(kind))
            return sample()
        return run

    def watched(kind, expression, env):
        def run(rep):
            if os.path.exists(out):
                os.remove(out)
            session = BugscopeSession(ctx.python, prog, args(kind), env)
            try:
                if session.start([(watch_line, None)]) != watch_line:
                    raise RuntimeError("did not stop at the @watch line")
                c = session.client
                frame = c.request("stackTrace", {"threadId": session.thread_id, "levels": 1})["stackFrames"][0]
                info = c.request("dataBreakpointInfo", {"name": expression, "frameId": frame["id"]})
                if not info.get("dataId"):
                    raise RuntimeError("no data breakpoint on %s: %s" % (expression, info.get("description")))
                placed = c.request("setDataBreakpoints", {"breakpoints": [
                    {"dataId": info["dataId"], "condition": CONDITION}]})["breakpoints"]
                if not placed[0]["verified"]:
                    raise RuntimeError("data breakpoint not verified: %s" % placed[0].get("message"))
                session.set_breakpoints([])
                if session.resume("continue") is not None:
                    raise RuntimeError("stopped although the condition is always false")
            finally:
                ended(session)
            return sample()
        return run

    runners = [("plain", plain("loop")), ("plain_calls", plain("calls"))]
    pure = ctx.native and ctx.interp.version[:2] < (3, 12)  # the C tracer loads here: also its fallback
    for name, kind, expression, _label in CASES:
        runners.append((name, watched(kind, expression, None)))
        if pure:
            runners.append((name + "_pure", watched(kind, expression, clean_env({"BUGSCOPE_NATIVE": "0"}))))
    return interleave(ctx, ctx.plan.hot_reps, runners, "data")


def data_rows(interp, result):
    samples, notes = result
    rows = []
    for name, kind, expression, label in CASES:
        base = "plain" if kind == "loop" else "plain_calls"
        plain = median([s["per_pass"] for s in samples.get(base, [])])
        if not plain:
            rows.append(Row("hot loop, data bp on %s" % label, {"plain": notes.get(base, "failed")}))
            continue

        def ratio(values, plain=plain):
            return median([s["per_pass"] for s in values]) / plain

        plain_cell = _ms(median([s["time"] for s in samples[base]]))
        rows.append(Row("hot loop, data bp on %s" % label,
                        {"plain": plain_cell, "bugscope": _cell(samples, notes, name, lambda v: _ratio(ratio(v)))},
                        None, ratio(samples[name]) if samples.get(name) else None))
        if name + "_pure" in samples or name + "_pure" in notes:
            pure = name + "_pure"
            rows.append(Row("  same, pure-Python fallback",
                            {"bugscope": _cell(samples, notes, pure, lambda v: _ratio(ratio(v)))},
                            None, ratio(samples[pure]) if samples.get(pure) else None))
    return rows
