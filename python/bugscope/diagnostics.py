"""The tracer's own messages: one line each on the interpreter's original stderr, never on the program's
(possibly redirected or teed) sys.stderr, and never raising."""
import sys


def log(message):
    try:
        sys.__stderr__.write("bugscope: %s\n" % message)
        sys.__stderr__.flush()
    except Exception:
        pass
