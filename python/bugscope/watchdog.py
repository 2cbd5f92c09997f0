"""Time limits for user code run by the debugger (evaluate, repr) on a suspended thread.

When a limit passes, the watchdog raises ``Interrupted`` in that thread with PyThreadState_SetAsyncExc. It is
delivered at the next bytecode boundary, so pure-Python hangs stop promptly; a call blocked in C (time.sleep)
sees it only when it returns. The server side therefore never waits longer than the limit either.
"""
import threading
import time

from bugscope.capi import pythonapi
from bugscope.threads import InternalThread


def _async_exc_setter():
    return pythonapi("PyThreadState_SetAsyncExc", ("c_ulong", "py_object"))


class Interrupted(BaseException):
    """Raised asynchronously in a thread whose debugger-run code went over its time limit."""


class _Limit(object):
    __slots__ = ("ident", "deadline", "fired")

    def __init__(self, ident, deadline):
        self.ident = ident
        self.deadline = deadline
        self.fired = False


class Watchdog(object):
    def __init__(self):
        self._cond = threading.Condition()
        self._limits = []
        self._thread = None

    def limit(self, seconds):
        return _Guard(self, seconds)

    def _arm(self, seconds):
        _async_exc_setter()
        entry = _Limit(threading.get_ident(), time.monotonic() + seconds)
        with self._cond:
            self._limits.append(entry)
            if self._thread is None:
                self._thread = InternalThread("watchdog", self._run)
                self._thread.start()
            self._cond.notify()
        return entry

    def expire(self, entry):
        """Ends a limit now (DAP ``cancel``): the watchdog thread interrupts its thread at once."""
        with self._cond:
            if entry in self._limits:
                entry.deadline = 0
                self._cond.notify()

    def _disarm(self, entry):
        """Returns True if the limit fired (its exception may still be pending in this thread)."""
        with self._cond:
            if entry in self._limits:
                self._limits.remove(entry)
            return entry.fired

    def _run(self):
        with self._cond:
            while True:
                now = time.monotonic()
                for entry in [e for e in self._limits if e.deadline <= now]:
                    self._limits.remove(entry)
                    setter = _async_exc_setter()
                    if setter is not None:
                        entry.fired = True
                        setter(entry.ident, Interrupted)
                wait = min([e.deadline for e in self._limits], default=now + 60) - now
                self._cond.wait(max(wait, 0.005))


class _Guard(object):
    def __init__(self, watchdog, seconds):
        self._watchdog = watchdog
        self._seconds = seconds
        self._entry = None

    def __enter__(self):
        self._entry = self._watchdog._arm(self._seconds)
        return self

    def expire(self):
        """Interrupt the guarded code now, from another thread, as if its time were up."""
        if self._entry is not None:
            self._watchdog.expire(self._entry)

    def __exit__(self, exc_type, exc, tb):
        fired = self._watchdog._disarm(self._entry)
        if fired and exc_type is not Interrupted:
            _absorb_pending()
        return False


def _absorb_pending():
    """Let a fired but undelivered Interrupted arrive here rather than later in the program.

    It cannot be cancelled: PyThreadState_SetAsyncExc(id, NULL) leaves 3.11's eval breaker flagged for
    good (the program then hung at its next function call), so we run bytecode until it is delivered."""
    try:
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            pass
    except Interrupted:
        pass
