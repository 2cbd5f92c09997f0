"""The tracer's own messages: one line each on the interpreter's original stderr, never on the program's
(possibly redirected or teed) sys.stderr, and never raising."""
import sys


def log(message):
    try:
        sys.__stderr__.write("bugscope: %s\n" % message)
        sys.__stderr__.flush()
    except Exception:
        pass


def callback_failed(where, e):
    """A trace or monitoring callback caught ``e``: the event is skipped and the program runs on. Called in the
    callback's ``except`` block.

    A RecursionError means the program's frames leave the callback no room: not the tracer's error, and logging
    needs frames too, so nothing is logged. On 3.8 it is raised on into the program, where it belongs: swallowed,
    CPython 3.8 lets the program recurse 50 frames past its limit (its "overflowed" state) and then ends it with
    the fatal error "Cannot recover from stack overflow". (A trace function that raises is turned off for that
    thread, as CPython does for any failing trace function.) From 3.9 on the program's own next call raises it."""
    if isinstance(e, RecursionError):
        if sys.version_info < (3, 9):
            raise e
        return
    log("internal error in %s: %s: %s" % (where, type(e).__name__, e))
