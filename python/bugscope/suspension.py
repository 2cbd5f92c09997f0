"""One stop of one thread, and the work the server thread posts to it."""
import threading

from bugscope.visibility import is_hidden, visible_frames
from bugscope.watchdog import Interrupted


class EngineError(Exception):
    """A request cannot be done; the message is shown to the user as is."""


class Suspension(object):
    """One stop of one thread. Frame ids and variable references live exactly as long as it does.

    ``exception``: the exception this stop is about, if any, and ``exception_kind`` the moment (see
    exceptions.py). ``traceback``: for a stop on an uncaught exception, its traceback, whose frames have
    finished running (``dead``): they are shown innermost first at the lines the traceback records.
    """

    def __init__(self, ts, frame, exception=None, exception_kind=None, traceback=None):
        self.ts = ts
        self.frame = frame
        self.exception = exception
        self.exception_kind = exception_kind
        self.dead = traceback is not None
        if traceback is None:
            self.frames = visible_frames(frame)
            self.lines = None
        else:
            levels = []
            while traceback is not None:
                if not is_hidden(traceback.tb_frame.f_code.co_filename):
                    levels.append((traceback.tb_frame, traceback.tb_lineno))
                traceback = traceback.tb_next
            levels.reverse()
            self.frames = [f for f, _ in levels]
            self.lines = [line for _, line in levels]
            self.frame = self.frames[0] if self.frames else None  # the innermost frame of the program
        self.frame_ids = {}
        self.handles = []
        self.resuming = False
        self.return_value = None  # (function name, value) a step just returned from, shown in Locals
        # Set when the thread suspends (engine_policy): announced, queued or silent; the reason the threads view
        # shows; the stopped event's arguments (sent when it is announced); the order stops happened in.
        self.state = None
        self.reason = None
        self.event = None
        self.order = 0

    def line_of(self, index):
        if self.lines is not None:
            return self.lines[index]
        frame = self.frames[index]
        return frame.f_lineno or frame.f_code.co_firstlineno


class Resume(object):
    def __init__(self, mode, target=None):
        self.mode = mode
        self.target = target  # step in: the name of the function to stop in (stepInTargets)


class Job(object):
    def __init__(self, susp, fn):
        self.susp = susp
        self.fn = fn
        self.done = threading.Event()
        self.result = None
        self.error = None

    def run(self, susp):
        try:
            if susp is not self.susp:
                raise EngineError("bugscope: the thread resumed before this request ran")
            self.result = self.fn()
        except Interrupted:
            self.error = EngineError("bugscope: timed out")
        except EngineError as e:
            self.error = e
        except Exception as e:
            self.error = EngineError("bugscope: internal error: %s: %s" % (type(e).__name__, e))
        except BaseException as e:  # SystemExit, KeyboardInterrupt from the program's code: it goes on stopped
            self.error = EngineError("bugscope: the program's code raised %s: %s; the thread stays stopped"
                                     % (type(e).__name__, e))
        finally:
            self.done.set()

    def fail(self, message):
        self.error = EngineError(message)
        self.done.set()
