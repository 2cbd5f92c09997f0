"""One stop of one thread, and the work the server thread posts to it."""
import threading

from bugscope.visibility import visible_frames
from bugscope.watchdog import Interrupted


class EngineError(Exception):
    """A request cannot be done; the message is shown to the user as is."""


class Suspension(object):
    """One stop of one thread. Frame ids and variable references live exactly as long as it does."""

    def __init__(self, ts, frame):
        self.ts = ts
        self.frame = frame
        self.frames = visible_frames(frame)
        self.frame_ids = {}
        self.handles = []
        self.resuming = False


class Resume(object):
    def __init__(self, mode):
        self.mode = mode


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
        except BaseException as e:
            self.error = EngineError("bugscope: internal error: %s: %s" % (type(e).__name__, e))
        finally:
            self.done.set()

    def fail(self, message):
        self.error = EngineError(message)
        self.done.set()
