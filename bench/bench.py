"""Bugscope's benchmark: plain python, pdb, debugpy and Bugscope measured side by side in one run.

usage: python3 bench/bench.py [--quick] [--python PATH] [--only SUITE,...] [--no-readme]

Runs every interpreter 3.8-3.13 found under pyenv (or the one given), prints a table of medians and ratios with
the goal beside each figure, and writes bench/results/latest.json. A full run over every interpreter also puts
the table in bench/README.md. Exit status 0 unless the benchmark could not run; a missed goal prints MISS.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import interpreters  # noqa: E402  (after the path setup: bench/ is not a package)
import report  # noqa: E402
import suites  # noqa: E402
import suites_cost  # noqa: E402
import suites_data  # noqa: E402
import suites_postmortem  # noqa: E402
import suites_step_back  # noqa: E402
import suites_threads  # noqa: E402

RESULTS = os.path.join(HERE, "results")
README = os.path.join(HERE, "README.md")
TABLE_START, TABLE_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
SUITES = ("startup", "stops", "hot", "cond", "steps", "threads", "postmortem", "data", "stepback", "staggered")
# The staggered-hits suite runs 1,000 sessions (and debugpy's time-outs): only when asked for with --only.
DEFAULT_SUITES = tuple(s for s in SUITES if s != "staggered")


def log(message):
    sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), message))
    sys.stderr.flush()


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Benchmark Bugscope against plain python, pdb and debugpy.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter steps (~20-40 s per interpreter)")
    parser.add_argument("--python", metavar="PATH", help="measure only this interpreter")
    parser.add_argument("--only", metavar="SUITES", help="comma-separated subset of: " + ",".join(SUITES))
    parser.add_argument("--no-readme", action="store_true", help="never rewrite the table in bench/README.md")
    args = parser.parse_args(argv)
    args.suites = DEFAULT_SUITES if not args.only else tuple(s.strip() for s in args.only.split(","))
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error("unknown suite(s): %s" % ", ".join(unknown))
    return args


def measure(interp, plan, chosen, tmpdir):
    """Run the chosen suites on one interpreter. Returns (rows, raw results for the JSON)."""
    ctx = suites.Context(interp, plan, tmpdir, log)
    raw = {}
    try:
        suites_cost.probe_engine(ctx)
    except Exception as e:
        log("  the engine does not start in-process: %s" % e)
        ctx.backend, ctx.native = None, []
    native = bool(ctx.native)
    log("Python %s: backend %s, Bugscope C extensions loaded: %s, debugpy: %s"
        % (interp.label, ctx.backend, ", ".join(ctx.native) or "none", "yes" if interp.debugpy_path else "n/a"))
    steps = [("startup", lambda: suites.startup(ctx)),
             ("stops", lambda: suites.stops(ctx)),
             ("hot", lambda: {"loop": suites_cost.hot(ctx, "loop"), "call": suites_cost.hot(ctx, "call")}),
             ("cond", lambda: suites_cost.conditional(ctx)),
             ("steps", lambda: suites_cost.steps(ctx)),
             ("threads", lambda: suites.threads(ctx)),
             ("postmortem", lambda: suites_postmortem.post_mortem(ctx)),
             ("data", lambda: suites_data.data_breakpoints(ctx)),
             ("stepback", lambda: suites_step_back.step_back(ctx)),
             ("staggered", lambda: suites_threads.staggered(ctx))]
    for name, run in steps:
        if name in chosen:
            started = time.time()
            log("  %s..." % name)
            raw[name] = run()
            log("  %s done in %.0f s" % (name, time.time() - started))
    rows = []
    if "hot" in raw:
        rows += report.hot_rows(interp, "loop", raw["hot"]["loop"], native)
        rows += report.hot_rows(interp, "call", raw["hot"]["call"], native)
    if "cond" in raw:
        rows += report.conditional_rows(interp, raw["cond"], native)
    if "stops" in raw:
        rows += report.stops_rows(raw["stops"])
    if "steps" in raw:
        rows += report.steps_rows(interp, raw["steps"])
    if "startup" in raw:
        rows.append(report.startup_row(raw["startup"]))
        pty_row = report.startup_pty_row(raw["startup"])
        if pty_row:
            rows.append(pty_row)
    if "hot" in raw:
        rows.append(report.memory_row(raw["hot"]["loop"]))
    if "threads" in raw:
        rows.append(report.threads_row(raw["threads"]))
    if "postmortem" in raw:
        rows.append(suites_postmortem.post_mortem_row(interp, raw["postmortem"]))
    if "data" in raw:
        rows += suites_data.data_rows(interp, raw["data"])
    if "stepback" in raw:
        rows += suites_step_back.step_back_rows(raw["stepback"])
    if "staggered" in raw:
        rows.append(suites_threads.staggered_row(raw["staggered"]))
    dap_backend = None
    if "stops" in raw:
        dap_backend = next((s.get("backend") for s in raw["stops"][0].get("bugscope", [])), None)
    meta = {"version": interp.label, "python": interp.python, "backend": ctx.backend, "native": ctx.native,
            "dap_backend": dap_backend, "debugpy": interp.debugpy_path is not None}
    return rows, meta, raw


def heading(meta):
    backend = meta["backend"]
    if meta["dap_backend"] and meta["dap_backend"] != backend:
        backend = "%s in-process, %s under DAP" % (backend, meta["dap_backend"])
    return ("Python %s  (Bugscope backend: %s; C extension: %s; debugpy: %s)"
            % (meta["version"], backend, ", ".join(meta["native"]) or "none",
               interpreters.DEBUGPY_VERSION if meta["debugpy"] else "n/a"))


def notes_of(raw):
    """Every failure or unsupported case, in full (table cells are cut short)."""
    found = []
    for suite, result in sorted(raw.items()):
        if suite == "staggered":  # {debugger: tally}: its notes are the first hangs' descriptions
            found += ["staggered / %s: %s" % (name, p) for name, tally in sorted(result.items()) for p in tally["problems"]]
            continue
        parts = result.items() if suite in ("hot", "stepback") else [(None, result)]
        for variant, (samples, notes) in parts:
            for name, note in sorted(notes.items()):
                found.append("%s%s / %s: %s" % (suite, "-" + variant if variant else "", name, note))
    return found


def update_readme(text):
    with open(README) as f:
        content = f.read()
    if TABLE_START not in content or TABLE_END not in content:
        log("bench/README.md has no table markers; not updated")
        return
    head, rest = content.split(TABLE_START, 1)
    _old, tail = rest.split(TABLE_END, 1)
    with open(README, "w") as f:
        f.write(head + TABLE_START + "\n```\n" + text + "\n```\n" + TABLE_END + tail)


def main(argv):
    args = parse_args(argv)
    plan = suites.Plan(args.quick)
    found = interpreters.discover(args.python)
    if not found:
        log("no Python 3.8-3.13 interpreter found (looked at %s)" % interpreters.PYENV_GLOB)
        return 2
    for interp in found:
        interpreters.provide_debugpy(interp, log)
    started = time.time()
    blocks, document, all_misses = [], [], []
    tmpdir = tempfile.mkdtemp(prefix="bugscope-bench-")
    try:
        for interp in found:
            rows, meta, raw = measure(interp, plan, args.suites, tmpdir)
            text = heading(meta) + "\n" + report.format_table(rows)
            notes = notes_of(raw)
            if notes:
                text += "\nnotes:\n" + "\n".join("  " + n for n in notes)
            print(text + "\n", flush=True)
            blocks.append(text)
            all_misses += ["%s: %s (%s; goal %s)" % (interp.label, r.measure.strip(), r.value, r.goal_text)
                           for r in report.misses(rows)]
            document.append(dict(meta, rows=[r.as_json() for r in rows], raw=raw, notes=notes))
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    if not any(d["rows"] for d in document):
        log("nothing could be measured")
        return 2
    elapsed = time.time() - started
    command = "python3 bench/bench.py " + " ".join(argv)
    summary = "%d goal(s) missed" % len(all_misses) if all_misses else "every goal met"
    print("%s in %.0f s (%s)." % (summary, elapsed, "quick" if args.quick else "full"))
    for miss in all_misses:
        print("  MISS " + miss)
    full = not args.quick and not args.python and not args.only
    os.makedirs(RESULTS, exist_ok=True)
    # latest.json is the full run that goes with the README; partial runs never overwrite it.
    name = "latest.json" if full else "partial-latest.json"
    with open(os.path.join(RESULTS, name), "w") as f:
        json.dump({"generated": datetime.datetime.now().isoformat(timespec="seconds"), "command": command.strip(),
                   "quick": args.quick, "seconds": round(elapsed), "machine": {
                       "platform": platform.platform(), "cpus": os.cpu_count()},
                   "interpreters": document}, f, indent=1, default=str)
    if full and not args.no_readme:
        stamp = "%s, %d CPUs, %.0f s: `%s`" % (datetime.date.today().isoformat(), os.cpu_count() or 0, elapsed,
                                               command.strip())
        update_readme(stamp + "\n\n" + "\n\n".join(blocks))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
