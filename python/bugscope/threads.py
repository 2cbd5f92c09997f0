"""Thread bookkeeping: the tracer's own threads and the state kept for each program thread."""
import queue
import sys
import threading


class InternalThread(threading.Thread):
    """A thread owned by the tracer: never traced, never listed, never stopped."""

    bugscope_internal = True

    def __init__(self, name, target, args=()):
        threading.Thread.__init__(self, name="bugscope." + name, target=target, args=args)
        self.daemon = True

    def run(self):
        # threading.settrace() installed our trace function in this thread's bootstrap: drop it at once.
        sys.settrace(None)
        threading.Thread.run(self)


def is_internal(thread):
    return getattr(thread, "bugscope_internal", False)


def starting_internal():
    """Is the calling thread one of the tracer's, still in its start-up? (There threading.current_thread() makes up
    a _DummyThread: the Thread is not registered yet.) Its outermost frame is Thread._bootstrap(self)."""
    frame = sys._getframe(1)
    while frame.f_back is not None:
        frame = frame.f_back
    return frame.f_code.co_name == "_bootstrap" and is_internal(frame.f_locals.get("self"))


class ThreadState(object):
    """What the engine knows about one program thread.

    ``mode`` is the pending run control: None (run freely), "in", "over", "out" (stepping), "pause" or "entry".
    ``step_frame`` is the frame a step "in"/"over"/"out" started in.
    """

    def __init__(self, ident, tid, name):
        self.ident = ident
        self.id = tid
        self.name = name
        self.mode = None
        self.step_frame = None
        self.step_target = None  # step in to this function only (a name from stepInTargets), or None
        self.suspension = None
        self.commands = queue.Queue()
        # (frame, offset, line) where the thread last resumed: both monitoring tools report the same
        # instruction, so the second report right after a resume must not stop again.
        self.resumed_at = None
        self.reporter = None  # which monitoring tool is reporting the current event
        self.pause_after_resume = False  # pause again right after the stop being left (see Engine.pause)
        self.halted = False  # paused because another thread stopped all threads (engine_policy): no event of its own
        self.pause_requested = False  # the client paused this thread: its pause is announced
        self.single_step = False  # the current step was asked with singleThread: its end stops only this thread
        self.exception_seen = None  # the last exception reported as raised (each is reported once)
        self.uncaught_reported = None  # the last exception reported as uncaught
        self.unwinding = None  # (frame, f_lasti, exception) of the last 'exception' trace event (3.8-3.11)

    def consume_resumed_at(self, frame, line, reporter):
        """True if this LINE report is the other tool's report of the instruction the thread resumed from.

        The same tool reporting the same instruction again is a new execution (a one-line loop)."""
        at = self.resumed_at
        if at is None:
            return False
        self.resumed_at = None
        return at[3] != reporter and at[0] is frame and at[1] == frame.f_lasti and at[2] == line


class ExitSentinel(object):
    """Stored in a thread-local; CPython drops thread-locals when the thread ends, which calls __del__."""

    def __init__(self, callback, tid):
        self._callback = callback
        self._tid = tid

    def __del__(self):
        try:
            self._callback(self._tid)
        except Exception:
            pass
