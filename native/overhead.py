"""Slowdown of the tracer, as a ratio to plain python, with a breakpoint armed in code that never runs.

    python native/overhead.py [rounds]

Runs in one process, alternating rounds of plain / native backend / settrace backend and keeping the best time
of each, so that a busy machine skews all three alike. The breakpoint is in this file (never_called), so every
function measured lives in a file that has breakpoints: the settrace backend's worst case.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

from bugscope import native_build  # noqa: E402
from bugscope.backend_native import NativeBackend  # noqa: E402
from bugscope.backend_settrace import SettraceBackend  # noqa: E402
from bugscope.engine import Engine  # noqa: E402


def never_called():
    return 1  # the breakpoint


def small(i):
    return i * 2 + 1


def loop(n):
    total = 0
    for i in range(n):
        total += i * 2 + 1
    return total


def calls(n):
    total = 0
    for i in range(n):
        total += small(i)
    return total


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def numbers(n):
    for i in range(n):
        yield i


WORKLOADS = [("loop (no calls)", lambda: loop(2000000)), ("calls", lambda: calls(1000000)),
             ("fib (call-heavy)", lambda: fib(24)), ("generator", lambda: sum(x for x in numbers(500000)))]


def traced(kind, native):
    engine = Engine()
    engine.backend = NativeBackend(engine, native) if kind == "native" else SettraceBackend(engine)
    engine.thread_state()
    engine.backend.start()
    line = never_called.__code__.co_firstlineno + 1
    try:
        from bugscope.breakpoints import SourceBreakpoint
        spec = SourceBreakpoint(line, None, None, None)
    except ImportError:  # before conditions: plain line numbers
        spec = line
    engine.set_breakpoints(os.path.abspath(__file__), [spec])
    return engine


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    native, reason = native_build.load()
    if native is None:
        sys.exit("no native tracer here: %s" % reason)
    kinds = ("plain", "native", "settrace")
    best = {}
    for _ in range(rounds):
        for kind in kinds:
            engine = traced(kind, native) if kind != "plain" else None
            for name, work in WORKLOADS:
                started = time.perf_counter()
                work()
                elapsed = time.perf_counter() - started
                best[name, kind] = min(best.get((name, kind), elapsed), elapsed)
            if engine is not None:
                engine.stop_tracing()
    version = "%d.%d" % sys.version_info[:2]
    for name, _work in WORKLOADS:
        plain = best[name, "plain"]
        print("%s  %-17s plain %6.1f ms   native %.2fx   settrace %.2fx"
              % (version, name, plain * 1e3, best[name, "native"] / plain, best[name, "settrace"] / plain))


if __name__ == "__main__":
    main()
