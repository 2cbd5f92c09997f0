"""Bugscope's engine inside this interpreter, without the DAP server: the hot loop's cost and nothing else.

Runs in the interpreter being measured (3.8+), not in the harness.
usage: python engine_inprocess.py PROGRAM VARIANT N REPEATS BUDGET LINE CONDITION|- auto|pure RESULT_JSON

``pure`` turns the C tracer off (BUGSCOPE_NATIVE=0) and refuses to load any Bugscope C extension, the way a
machine without a compiler would: the engine must then choose its pure-Python fallback by itself. ``auto`` loads whatever the engine chooses.
"""
import importlib.machinery
import importlib.util
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "python"))

_loaded_extensions = []


def _watch_extension_loading(block):
    """Record (and in pure mode refuse) extension modules that belong to Bugscope.

    Patching the loader, not sys.meta_path, also catches a module loaded from a build cache through
    spec_from_file_location, which never consults the meta path.
    """
    loader = importlib.machinery.ExtensionFileLoader
    original = loader.create_module

    def create_module(self, spec):
        origin = spec.origin or ""
        ours = "bugscope" in (spec.name + origin).lower() or os.path.abspath(origin).startswith(REPO + os.sep)
        if ours:
            if block:
                raise ImportError("bench: Bugscope's C extension is refused in pure-Python mode")
            _loaded_extensions.append(spec.name)
        return original(self, spec)

    loader.create_module = create_module


def _breakpoint_spec(line, condition):
    """A requested breakpoint in whatever form this version of the engine takes; None if it cannot be given."""
    from bugscope import breakpoints
    source_breakpoint = getattr(breakpoints, "SourceBreakpoint", None)
    if source_breakpoint is None:  # the engine before conditions: plain line numbers
        return None if condition else line
    try:
        return source_breakpoint(line, condition, None, None)
    except TypeError:
        return source_breakpoint(line, condition)


def main(argv):
    program, variant, n, repeats, budget, line, condition, mode, out = argv
    condition = None if condition == "-" else condition
    if mode == "pure":
        os.environ["BUGSCOPE_NATIVE"] = "0"  # the engine's own switch; the loader guard below backs it up
    _watch_extension_loading(block=(mode == "pure"))
    from bugscope.engine import Engine

    result = {"times": None, "supported": True}
    engine = Engine()
    engine.program_path = os.path.abspath(program)  # the program this process runs (its breakpoints are verified)
    engine.start()
    result["backend"] = type(engine.backend).__name__
    spec = _breakpoint_spec(int(line), condition)
    if spec is None:
        result.update(supported=False, message="the engine takes no conditions")
    else:
        placed = engine.set_breakpoints(os.path.abspath(program), [spec])
        if not placed or not getattr(placed[0], "verified", True):
            result.update(supported=False, message=getattr(placed[0], "message", None) if placed else "no answer")
    if result["supported"]:
        # Attached, as under a client; safe: the breakpoint is never reached or its condition is always false.
        engine.attached = True
        hot_spec = importlib.util.spec_from_file_location("bench_hot", os.path.abspath(program))
        hot = importlib.util.module_from_spec(hot_spec)
        hot_spec.loader.exec_module(hot)
        result["times"] = hot.run(variant, int(n), int(repeats), float(budget))
        result["vmhwm_kib"] = hot.peak_rss_kib()
    engine.stop_tracing()
    result["native_extensions"] = sorted(set(_loaded_extensions))
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1:])
