"""Bugscope's engine inside this interpreter with step back's recording on or off: the hot loop's cost and the
recording's memory. Runs in the interpreter being measured (3.8+), not in the harness.

usage: python step_back_inprocess.py PROGRAM VARIANT N REPEATS BUDGET LINE CONDITION|- auto|pure record|plain RESULT

The breakpoint at LINE (with CONDITION, always false) is armed: on the hot line itself, or in a function of the
same file that never runs. ``record`` switches recording on as a client's ``stepBack: true`` does, with the default
limits. The result holds the times, the peak RSS and what the recording held at the end.
"""
import importlib.util
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "python"))


def main(argv):
    program, variant, n, repeats, budget, line, condition, mode, record, out = argv
    if mode == "pure":
        os.environ["BUGSCOPE_NATIVE"] = "0"
    from bugscope import recording
    from bugscope.breakpoints import SourceBreakpoint
    from bugscope.engine import Engine

    engine = Engine()
    engine.program_path = os.path.abspath(program)
    engine.start()
    requested = SourceBreakpoint(int(line), None if condition == "-" else condition, None, None)
    placed = engine.set_breakpoints(os.path.abspath(program), [requested])
    result = {"backend": engine.description(), "verified": bool(placed and placed[0].verified)}
    engine.attached = True  # safe: the breakpoint is never reached, or its condition is false
    if record == "record":
        recording.start(engine)
    spec = importlib.util.spec_from_file_location("bench_hot", os.path.abspath(program))
    hot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hot)
    result["times"] = hot.run(variant, int(n), int(repeats), float(budget))
    result["vmhwm_kib"] = hot.peak_rss_kib()
    if engine.recorder is not None:
        result["recording"] = engine.recorder.stats()
    engine.stop_tracing()
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1:])
