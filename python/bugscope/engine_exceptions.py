"""The engine's exception stops (a part of ``engine.Engine``): raised, user-unhandled and uncaught exceptions,
post-mortem holds, and what a client is told about the exception a thread stopped on.

Backends report raises and unwinds on the program thread; uncaught exceptions come from the runner and from the
interpreter's hooks (``sys.excepthook``, ``threading.excepthook``), which cost nothing until one happens.
"""
import sys
import threading

from bugscope import exceptions
from bugscope.diagnostics import log
from bugscope.suspension import EngineError, Suspension
from bugscope.visibility import called_by_tracer, is_step_barrier, is_user_code

EXCEPTION_DESCRIPTIONS = {exceptions.RAISED: "Paused on a raised exception",
                          exceptions.USER_UNHANDLED: "Paused on an exception leaving your code",
                          exceptions.UNCAUGHT: "Paused on an uncaught exception"}


class ExceptionStops(object):
    def _hook_uncaught(self):
        """Uncaught exceptions of threads, and of programs that start the tracer from their own code
        (``bugscope.listen()``), reach the interpreter's hooks; they cost nothing until one happens."""
        original_sys, original_threading = sys.excepthook, threading.excepthook

        def sys_hook(exc_type, exc, tb):
            self._report_uncaught(exc)
            original_sys(exc_type, exc, tb)

        def threading_hook(args):
            self._report_uncaught(args.exc_value)
            original_threading(args)

        sys.excepthook, threading.excepthook = sys_hook, threading_hook

    def _report_uncaught(self, exc):
        try:
            if exc is not None:
                self.exception_uncaught(exc)
        except Exception as e:
            log("internal error while stopping on an uncaught exception: %s: %s" % (type(e).__name__, e))

    # -- exceptions (on the program thread: backends report raises and unwinds, the runner uncaught ones) -------
    def exception_raised(self, ts, frame, exc):
        """``exc`` was raised in, or propagated into, ``frame``. Reported once per exception, in the first
        frame of the program's own code it reaches (library code raises and catches for its own purposes)."""
        if ts.exception_seen is exc or ts.suspension is not None:
            return
        if not is_user_code(frame.f_code.co_filename) or called_by_tracer(frame):
            return
        ts.exception_seen = exc  # (exceptions cannot be weakly referenced: the last one stays alive)
        self._exception_moment(ts, frame, exc, exceptions.RAISED, frame.f_lineno)

    def exception_leaving_user_code(self, ts, frame, exc):
        """``frame`` is unwinding with ``exc``: it stops as "user unhandled" when its caller is library code."""
        caller = frame.f_back
        if (caller is None or ts.suspension is not None or is_step_barrier(caller)
                or not is_user_code(frame.f_code.co_filename) or is_user_code(caller.f_code.co_filename)
                or called_by_tracer(frame)):
            return
        if not self.exceptions.wants_user_unhandled:
            return
        self._exception_moment(ts, frame, exc, exceptions.USER_UNHANDLED, frame.f_lineno)

    def exception_uncaught(self, exc):
        """``exc`` ends the program or the calling thread (called from the runner or threading.excepthook, on
        that thread). Stops with the traceback's frames, which have finished running. With ``hold_uncaught``
        set (post-mortem), every such exception first waits for a client, whatever the filters say."""
        if isinstance(exc, (SystemExit, KeyboardInterrupt, GeneratorExit)):
            return
        ts = self.thread_state()
        if ts is None or ts.suspension is not None or ts.uncaught_reported is exc:
            return  # (the runner reported it; the interpreter's hook is seeing it again)
        ts.uncaught_reported = exc
        if self.hold_uncaught is not None:
            if self.hold_uncaught(exc):
                self.hold(exc, exc.__traceback__)
            return
        if not self.exceptions.wants_uncaught:
            return
        susp = Suspension(ts, None, exc, exceptions.UNCAUGHT, exc.__traceback__)
        if not susp.frames:
            return  # raised in the tracer's or runpy's own frames: nothing of the program's to show
        self._exception_moment(ts, susp.frame, exc, exceptions.UNCAUGHT, susp.lines[0], susp)

    def hold(self, exc, traceback):
        """Stops the calling thread on ``exc`` with the frames of ``traceback`` (finished running), whatever the
        exception filters say: post-mortem, for an attached client."""
        ts = self.thread_state()
        if ts is None or ts.suspension is not None:
            return
        susp = Suspension(ts, None, exc, exceptions.UNCAUGHT, traceback)
        if susp.frames:
            self.stop(ts, susp.frame, "exception", description=EXCEPTION_DESCRIPTIONS[exceptions.UNCAUGHT],
                      susp=susp, text=exceptions.one_line(exc))

    def _exception_moment(self, ts, frame, exc, kind, line, susp=None):
        stop, problem = self.exceptions.decide(kind, exc, frame, line)
        if not stop:
            return
        if problem:
            self.listener.output("console", "bugscope: the condition of the %s exception filter raised %s; "
                                 "stopped so you can fix it.\n" % (exceptions.LABELS[kind], problem))
        if susp is None:
            susp = Suspension(ts, frame, exc, kind)
        self.stop(ts, frame, "exception", description=EXCEPTION_DESCRIPTIONS[kind], susp=susp,
                  text=exceptions.one_line(exc))

    def set_exception_breakpoints(self, filters, rules):
        results = self.exceptions.configure(filters, rules)
        self.backend.exceptions_changed()
        return results

    def exception_info(self, tid):
        """(exception, kind, details) of the exception thread ``tid`` is stopped on. Formatting runs on the
        stopped thread (str() of the exception is the program's code) under the evaluation time limit."""
        susp = self._suspension(tid)
        if susp.exception is None:
            raise EngineError("bugscope: thread %s is not stopped on an exception" % tid)

        def work():
            stack = None
            if not susp.dead:
                import traceback
                stack = traceback.format_list([(f.f_code.co_filename, f.f_lineno, f.f_code.co_name, None)
                                               for f in reversed(susp.frames)])
            return susp.exception, susp.exception_kind, exceptions.details(susp.exception, stack)

        return self.inspector.run_on_thread(susp, work)
