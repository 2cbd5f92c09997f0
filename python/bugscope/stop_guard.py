"""What a stopped thread needs from the interpreter while the tracer works on its stack: room below the
recursion limit, and the main thread's Ctrl+C kept out of the tracer's own code.

Recursion. A stop runs on the program's thread, on top of the program's frames: announcing it and serving the client's
requests (reprs, evaluations) all happen there. A breakpoint hit a few frames below the recursion limit (a
runaway recursion, a conditional breakpoint on its depth) would then raise RecursionError inside the tracer,
losing the stopped event while the thread waits for a client that never heard of the stop. So while any thread
is stopped, the limit is raised by ``HEADROOM`` frames; the program's own limit is put back when the last one
resumes. ``sys.setrecursionlimit`` is per interpreter: threads that run meanwhile get the headroom too, which
only delays their RecursionError.

CPython 3.8 refuses to lower the limit while the current depth is above the new limit's low-water mark (limit
- 50, or 3/4 of a limit under 200). After a stop that deep, the limit goes back to the lowest value 3.8 accepts
there (about 50 frames above that stop), and to the program's own at the end of a later stop higher up.

Ctrl+C. SIGINT while the main thread is stopped would raise KeyboardInterrupt wherever that thread is in the
tracer (announcing the stop, waiting for commands), leaving the stop half done and the client uninformed. While
the main thread is stopped, Python's SIGINT handler is replaced by one that only tells the client, as pdb's
prompt does: the program does not get it (raised out of a trace function it would also turn tracing off on
3.8-3.11). A handler set in C, or SIG_IGN / SIG_DFL, is left as it is.
"""
import functools
import os
import signal
import sys
import threading

HEADROOM = 250  # the deepest the tracer's stop, inspection and reprs go, with a wide margin

_lock = threading.Lock()
_stopped = 0           # threads inside a stop
_program_limit = None  # the program's limit while the raised one (``_raised``) is in force
_raised = None


def _enter():
    global _stopped, _program_limit, _raised
    with _lock:
        if _stopped == 0:
            current = sys.getrecursionlimit()
            if current != _raised:  # the program's own limit, not one still raised from an earlier stop
                _program_limit = current
            _raised = current + HEADROOM
            sys.setrecursionlimit(_raised)
        _stopped += 1


def _leave():
    global _stopped, _raised
    with _lock:
        _stopped -= 1
        if _stopped or _raised is None:
            return
        if sys.getrecursionlimit() != _raised:
            _raised = None  # the program set a limit of its own meanwhile (in the console): it stands
            return
        _raised = _lower(_program_limit, _raised)


def _lower(limit, raised):
    """Puts the limit back to ``limit``, or as near above it as CPython allows at this depth (3.8); returns the
    limit left in force when that is not ``limit`` (put back at the end of a later stop), else None."""
    for candidate in range(limit, raised):
        try:
            sys.setrecursionlimit(candidate)
        except RecursionError:
            continue
        return None if candidate == limit else candidate
    return raised


def guarded_stop(method):
    """Decorates ``Engine.stop(self, ts, ...)``: the headroom for every thread, Ctrl+C for the main thread."""
    @functools.wraps(method)
    def run_guarded(engine, ts, *args, **kwargs):
        _enter()
        try:
            previous = _hold_ctrl_c(engine, ts)
            try:
                return method(engine, ts, *args, **kwargs)
            finally:
                if previous is not None:
                    signal.signal(signal.SIGINT, previous)
        finally:
            _leave()
    return run_guarded


def _hold_ctrl_c(engine, ts):
    """Installs the stopped main thread's SIGINT handler; returns the one to put back, or None."""
    if not engine.attached or ts.suspension is not None or threading.current_thread() is not threading.main_thread():
        return None
    try:
        previous = signal.getsignal(signal.SIGINT)
        if not callable(previous):  # SIG_IGN, SIG_DFL, or a handler set in C (None): not Python's to replace
            return None

        def said(signum, frame):
            engine.listener.output("console", "bugscope: Ctrl+C (KeyboardInterrupt) arrived while thread %d is "
                                   "stopped; the program does not get it. Continue first, or end the program "
                                   "with Stop.\n" % ts.id)

        signal.signal(signal.SIGINT, said)
        return previous
    except (ValueError, OSError):  # not the main interpreter, or signals unavailable
        return None


def _after_fork_in_child():
    """Only the forking thread is left, and it is not stopped; the lock may have been held by one that is gone."""
    global _lock, _stopped, _raised
    _lock = threading.Lock()
    _stopped = 0
    if _raised is not None and sys.getrecursionlimit() == _raised:
        _raised = _lower(_program_limit, _raised)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
