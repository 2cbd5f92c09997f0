"""Cost suites: what a debugger adds to running code. Hot loops with a breakpoint that is never reached, a
breakpoint with a condition that is always false, stepping over a long call and out of a long loop, and the
debuggee's peak memory (read by the hot-loop program itself just before it exits).

The work is timed inside the debuggee (hot loops), so start-up and connection costs never count there.
"""
import json
import os
import subprocess
import time

from debuggers import NotSupported, clean_env, line_of, process_cpu_seconds, run_plain
from suites import ended, interleave, program

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINE_DRIVER = os.path.join(HERE, "engine_inprocess.py")
CONDITION = "i < 0"     # false on every pass of hot.conditional()
REFERENCE_SHARE = 5     # pdb and debugpy run 1/5 of the hot passes: they are 5-90x slower than plain


def _read_json(path):
    with open(path) as f:
        return json.load(f)


def _hot_sample(result, n):
    """The best of the repeats (the least disturbed by other load), per pass of the loop as well."""
    best = min(result["times"])
    return {"time": best, "n": n, "per_pass": best / n, "repeats": len(result["times"]),
            "rss_kib": result.get("vmhwm_kib")}


def _run_engine(ctx, variant, n, line, condition, mode, out):
    """Bugscope's engine in a child interpreter of the version being measured (see engine_inprocess.py)."""
    plan = ctx.plan
    argv = [ctx.python, ENGINE_DRIVER, program("hot.py"), variant, str(n), str(plan.inner_repeats),
            str(plan.inner_budget), str(line), condition or "-", mode, out]
    done = subprocess.run(argv, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    if done.returncode != 0:
        raise RuntimeError("engine_inprocess.py failed: %s" % done.stderr.decode("utf-8", "replace")[-800:])
    return _read_json(out)


def probe_engine(ctx):
    """Which backend the engine picks here and which C extensions it loads (decides the pure-Python rows)."""
    line = line_of(program("hot.py"), "@never")
    result = _run_engine(ctx, "loop", 1000, line, None, "auto", ctx.tmp("probe.json"))
    ctx.backend = result.get("backend")
    ctx.native = result.get("native_extensions") or []
    return result


def _workload_runners(ctx, variant, n, line, condition):
    """Runners for one hot workload: plain, each debugger over its real interface, and the engine in-process.

    pdb and debugpy (references, 5-90x slower) run a fifth of the passes; results are compared per pass.
    """
    out = ctx.tmp("hot-%s.json" % variant)
    prog = program("hot.py")

    def args(passes):
        return [variant, str(passes), str(ctx.plan.inner_repeats), str(ctx.plan.inner_budget), out]

    def plain(rep):
        run_plain(ctx.python, prog, args(n))
        return _hot_sample(_read_json(out), n)

    def under(name, factory):
        passes = n if name == "bugscope" else n // REFERENCE_SHARE

        def run(rep):
            if os.path.exists(out):
                os.remove(out)
            session = factory(prog, args(passes))
            try:
                stop = session.start([(line, condition)])
                verified = getattr(session, "verified", None)
                if verified and not verified[0][0]:
                    raise NotSupported("breakpoint answered verified:false (%s)" % verified[0][1])
                if stop is not None:
                    raise NotSupported("the condition was ignored: stopped at line %s" % stop)
            except Exception:
                kill = getattr(session, "kill", None)
                kill() if kill else ended(session)
                raise
            ended(session)
            return _hot_sample(_read_json(out), passes)
        return run

    def engine(mode):
        def run(rep):
            result = _run_engine(ctx, variant, n, line, condition, mode, out)
            if not result.get("supported"):
                raise NotSupported(result.get("message") or "the engine refused the breakpoint")
            sample = _hot_sample(result, n)
            sample["backend"] = result.get("backend")
            return sample
        return run

    runners = [("plain", plain)] + [(name, under(name, f)) for name, f in ctx.sessions()]
    runners.append(("engine", engine("auto")))
    if ctx.native:  # the engine loaded C code here: also measure the fallback a machine without it gets
        runners.append(("engine_pure", engine("pure")))
    return runners


def hot(ctx, variant):
    """A hot loop ("loop": arithmetic; "call": a tiny function per pass) with a breakpoint in a function
    of the same file that never runs."""
    line = line_of(program("hot.py"), "@never")
    runners = _workload_runners(ctx, variant, ctx.plan.hot_n[variant], line, None)
    return interleave(ctx, ctx.plan.hot_reps, runners, "hot-" + variant)


def conditional(ctx):
    """A breakpoint on the hot line itself, with a condition that is false on every pass."""
    line = line_of(program("hot.py"), "@cond")
    runners = _workload_runners(ctx, "cond", ctx.plan.cond_n, line, CONDITION)
    return interleave(ctx, ctx.plan.cond_reps, runners, "cond")


# -- stepping ------------------------------------------------------------------------------------------------
def measured_step(session, kind):
    """(debuggee CPU seconds, wall seconds) from the request to the stop."""
    cpu, wall = process_cpu_seconds(session.pid), time.perf_counter()
    session.resume(kind)
    return process_cpu_seconds(session.pid) - cpu, time.perf_counter() - wall


def steps(ctx):
    """`next` over a call doing ~1 s of pure-Python work, and step out of a function looping ~1 s.

    Compared as CPU time: the debuggee's (all threads, from /proc) across the step vs plain python's for the
    same work. On a shared machine wall time mostly measures who else was running; the wall time of each
    step is kept in the results too.

    A calibration pass first runs every debugger on a short version (1/20). Those within 3x of plain then run
    the long one in every repetition; slower ones (pdb, debugpy, Bugscope's stepping before 3.12) stay short
    so the run ends in reasonable time. Their ratio to plain hardly depends on the length. Plain runs both.
    """
    plan = ctx.plan
    prog = program("steps.py")
    over, out_line = line_of(prog, "@over"), line_of(prog, "@out")
    out = ctx.tmp("steps.json")
    sizes = {"short": plan.step_short, "long": plan.step_long}

    def plain(rep):
        sample = {}
        for label, n in sorted(sizes.items()):
            run_plain(ctx.python, prog, [str(n), str(n), out])
            result = _read_json(out)
            sample[label] = {"over": result["call"], "out": result["loop"]}
        return sample

    def stepped(factory, size):
        session = factory(prog, [str(sizes[size["over"]]), str(sizes[size["out"]]), out])
        try:
            if session.start([(over, None), (out_line, None)]) != over:
                raise RuntimeError("did not stop at the first line of main()")
            session.resume("next")                     # onto the line that calls long_call()
            over_step = measured_step(session, "next")  # over long_call()
            if session.resume("continue") != out_line:
                raise RuntimeError("did not stop in long_loop()")
            out_step = measured_step(session, "out")    # the whole loop, then back in main()
        finally:
            ended(session)
        return {"over": (size["over"], over_step[0]), "out": (size["out"], out_step[0]),
                "over_wall": over_step[1], "out_wall": out_step[1]}

    chosen = {}
    calibration, _ = interleave(ctx, 1, [("plain", plain)] + [
        (name, lambda rep, f=f: stepped(f, {"over": "short", "out": "short"})) for name, f in ctx.sessions()],
        "steps-calibration")
    for name, _f in ctx.sessions():
        for kind in ("over", "out"):
            fast = calibration[name] and calibration["plain"] and (
                calibration[name][0][kind][1] <= 3 * calibration["plain"][0]["short"][kind])
            chosen[(name, kind)] = "long" if fast else "short"

    def under(name, factory):
        return lambda rep: stepped(factory, {kind: chosen[(name, kind)] for kind in ("over", "out")})

    runners = [("plain", plain)] + [(name, under(name, f)) for name, f in ctx.sessions()]
    return interleave(ctx, plan.step_reps, runners, "steps")
