"""Post-mortem cost: the hot loop under ``python -m bugscope --listen … --on-uncaught`` against plain python.

Nothing is traced in that mode until an exception would end the program, so the ratio should be 1.0 on every
version; the goal (≤ 1.03×) is set for 3.12+. The work is timed inside the debuggee, as in the hot suites.
"""
import subprocess

from debuggers import BUGSCOPE_PYTHONPATH, clean_env, run_plain
from report import Row, _at_most, _ms, _ratio, median
from suites import interleave, program


def post_mortem(ctx):
    n = ctx.plan.hot_n["loop"]
    out = ctx.tmp("hot-postmortem.json")
    args = ["loop", str(n), str(ctx.plan.inner_repeats), str(ctx.plan.inner_budget), out]
    prog = program("hot.py")

    def sample():
        import json
        with open(out) as f:
            best = min(json.load(f)["times"])
        return {"time": best, "per_pass": best / n}

    def plain(rep):
        run_plain(ctx.python, prog, args)
        return sample()

    def on_uncaught(rep):
        env = clean_env()
        env["PYTHONPATH"] = BUGSCOPE_PYTHONPATH
        done = subprocess.run([ctx.python, "-m", "bugscope", "--listen", "127.0.0.1:0", "--on-uncaught", prog] + args,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
        if done.returncode != 0:
            raise RuntimeError("--on-uncaught run failed: %s" % done.stderr.decode("utf-8", "replace")[-800:])
        return sample()

    return interleave(ctx, ctx.plan.hot_reps, [("plain", plain), ("bugscope", on_uncaught)], "postmortem")


def post_mortem_row(interp, result):
    samples, notes = result
    plain = median([s["per_pass"] for s in samples.get("plain", [])])
    bugscope = median([s["per_pass"] for s in samples.get("bugscope", [])])
    if not plain or not bugscope:
        return Row("hot loop under --on-uncaught", {"plain": notes.get("plain", "-"),
                                                    "bugscope": notes.get("bugscope", "-")})
    ratio = bugscope / plain
    goal = _at_most(1.03, "≤1.03×") if interp.version[:2] >= (3, 12) else None
    return Row("hot loop under --on-uncaught", {"plain": _ms(median([s["time"] for s in samples["plain"]])),
                                                "bugscope": _ratio(ratio)}, goal, ratio)
