"""Step back's cost: the hot loop with recording on (the attach argument ``stepBack: true``), against plain python
and against the same debugger without recording, and the memory the recording holds.

Two workloads from programs/hot.py, timed inside the debuggee as in the hot suites (step_back_inprocess.py runs
the engine in the interpreter measured, without the DAP server):
* "armed": a breakpoint armed on the running hot line itself, with a condition that is always false (the loop of
  the ``cond`` suite). Recording is judged here: the goal is under 3x the same debugging without recording.
* "loop": the arithmetic loop with a breakpoint in a function of the same file that never runs (the ``hot``
  suite's); there recording is nearly all the cost, shown against plain python.
Memory: the debuggee's peak RSS with and without recording, and the recording's own estimate against its cap.
"""
import json
import os
import subprocess

from debuggers import clean_env, line_of, run_plain
from report import MIB, Row, _at_most, _ms, _ratio, median
from suites import interleave, program

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "step_back_inprocess.py")
CONDITION = "i < 0"
GOAL = 3.0  # recording over the same debugging without it, breakpoint armed in the running function
WORKLOADS = (("armed", "cond", "@cond", CONDITION), ("loop", "loop", "@never", None))


def step_back(ctx):
    """{workload: (samples, notes)} with runners plain, engine (no recording) and recording."""
    prog = program("hot.py")
    out = ctx.tmp("step-back.json")
    results = {}
    for name, variant, marker, condition in WORKLOADS:
        n = ctx.plan.cond_n if variant == "cond" else ctx.plan.hot_n[variant]
        args = [variant, str(n), str(ctx.plan.inner_repeats), str(ctx.plan.inner_budget)]

        def plain(rep, args=args, n=n):
            run_plain(ctx.python, prog, args + [out])
            return _sample(out, n)

        def engine(record, mode="auto", args=args, n=n, marker=marker, condition=condition):
            def run(rep):
                argv = [ctx.python, DRIVER, prog] + args + [str(line_of(prog, marker)), condition or "-", mode,
                                                            record, out]
                done = subprocess.run(argv, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      timeout=600)
                if done.returncode != 0:
                    raise RuntimeError("step_back_inprocess.py failed: %s"
                                       % done.stderr.decode("utf-8", "replace")[-800:])
                return _sample(out, n)
            return run

        runners = [("plain", plain), ("engine", engine("plain")), ("recording", engine("record"))]
        if name == "armed":  # the fallback without a compiler: the recorder (and conditions) in Python
            runners += [("engine_pure", engine("plain", "pure")), ("recording_pure", engine("record", "pure"))]
        results[name] = interleave(ctx, ctx.plan.hot_reps, runners, "stepback-" + name)
    return results


def _sample(path, n):
    with open(path) as f:
        result = json.load(f)
    best = min(result["times"])
    return {"time": best, "per_pass": best / n, "rss_kib": result.get("vmhwm_kib"),
            "recording": result.get("recording"), "backend": result.get("backend")}


def step_back_rows(result):
    rows = []
    for name, _variant, _marker, _condition in WORKLOADS:
        samples, notes = result[name]
        per = {k: median([s["per_pass"] for s in v]) for k, v in samples.items() if v}
        if not per.get("plain") or not per.get("engine") or not per.get("recording"):
            rows.append(Row("step back, %s" % name, {"bugscope": "; ".join("%s: %s" % kv for kv in notes.items())
                                                     or "failed"}))
            continue
        ns = lambda key: "%.0f ns" % (per[key] * 1e9)  # noqa: E731
        if name == "armed":
            over = per["recording"] / per["engine"]
            rows.append(Row("step back: armed hot line, rec ÷ unrecorded",
                            {"plain": "%s/pass" % ns("plain"), "bugscope": "%s (%s vs %s)" % (
                                _ratio(over), ns("recording"), ns("engine"))}, _at_most(GOAL, "≤3×"), over))
            rows.append(Row("  same, recording ÷ plain python", {"bugscope": _ratio(per["recording"] / per["plain"])}))
            if per.get("recording_pure") and per.get("engine_pure"):
                pure = per["recording_pure"] / per["engine_pure"]
                rows.append(Row("  same, pure-Python recorder ÷ unrecorded", {"bugscope": "%s (%s vs %s)" % (
                    _ratio(pure), ns("recording_pure"), ns("engine_pure"))}))
            continue
        rows.append(Row("step back: hot loop, bp elsewhere, rec", {
            "plain": _ms(median([s["time"] for s in samples["plain"]])),
            "bugscope": "%s plain (unrecorded %s)" % (_ratio(per["recording"] / per["plain"]),
                                                     _ratio(per["engine"] / per["plain"]))}))
        rss = {k: median([s["rss_kib"] for s in v]) for k, v in samples.items() if v}
        held = samples["recording"][-1].get("recording") or {}
        within = held.get("bytes", 0) <= held.get("maxBytes", 0) and held.get("entries", 0) <= held.get("maxEntries", 0)
        rows.append(Row("  peak RSS over unrecorded; the ring", {
            "plain": "%.1f MiB" % (rss["plain"] / MIB),
            "bugscope": "%+.1f MiB; %d lines, %.1f of %.0f MiB" % (
                (rss["recording"] - rss["engine"]) / MIB, held.get("entries", 0), held.get("bytes", 0) / 2.0 ** 20,
                held.get("maxBytes", 0) / 2.0 ** 20)}, ("within the cap", lambda v: v), within))
    return rows
