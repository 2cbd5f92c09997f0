"""The debugger engine: program threads and run control (stop, resume, step, pause); ``inspector`` inspects stops,
``engine_exceptions`` holds the exception stops and ``engine_navigation`` the jumps and step-in targets.

It knows nothing about sockets or DAP. A backend (``backend_monitoring`` on 3.12+, ``backend_settrace``
below) reports line/return events for the code that needs them; the engine decides whether to stop. A stopped
thread blocks in ``stop`` serving commands posted by the server thread (resume, evaluate, inspect), so user
code (evaluations, reprs) always runs on the thread that owns the frame, under a watchdog time limit.
"""
import collections
import opcode
import os
import sys
import threading

from bugscope import exceptions
from bugscope.breakpoints import BreakpointTable, canonical_path
from bugscope.coroutines import ASYNC_CODE, PHANTOM_LINES, YIELDED, phantom_line, step_goes_on, yields
from bugscope.engine_exceptions import ExceptionStops
from bugscope.engine_navigation import Navigation
from bugscope.engine_policy import THREAD, SuspendPolicy
from bugscope.stop_guard import guarded_stop
from bugscope.suspension import EngineError, Suspension, Job, Resume
from bugscope.threads import ExitSentinel, ThreadState, is_internal, starting_internal
from bugscope.visibility import called_by_tracer, is_hidden, is_step_barrier, is_user_code
from bugscope.watchdog import Interrupted, Watchdog

_STEP_REASON = {"in": "step", "over": "step", "pause": "pause", "entry": "entry"}
_STEPS = ("in", "over", "out")  # the step kinds that remember the frame they started in
_THREADING_FILE = threading.__file__
NO_RETURN_VALUE = object()  # step_return's value for a frame that yields or unwinds
_RETURN_OPCODES = frozenset(opcode.opmap[name] for name in ("RETURN_VALUE", "RETURN_CONST") if name in opcode.opmap)


def returns_value(frame):
    """Is a trace function's 'return' event for ``frame`` a real return (not a yield, not an exception unwinding,
    where settrace's argument is None too)? Read from the instruction the frame stopped at."""
    try:
        return frame.f_code.co_code[frame.f_lasti] in _RETURN_OPCODES
    except IndexError:
        return False


def return_event_value(frame, arg):
    """A trace function's 'return' event as step_return's ``value``: ``arg`` for a real return, YIELDED when
    the frame suspends at a yield or an await, NO_RETURN_VALUE when an exception unwinds it."""
    if returns_value(frame):
        return arg
    return YIELDED if yields(frame) else NO_RETURN_VALUE



class Listener(object):
    """What the engine reports. Called on arbitrary threads; the DAP session implements it."""

    def thread_started(self, tid): pass

    def thread_exited(self, tid): pass

    def stopped(self, tid, reason, breakpoint_ids, description=None, text=None, all_threads=False): pass

    def output(self, category, text): pass

    def continued(self, tid, all_threads=False): pass

    def breakpoint_changed(self, bp_id, path, line): pass

    def breakpoint_enabled(self, bp_id): pass

    def breakpoint_removed(self, bp_id): pass

    def data_breakpoint_changed(self, bp_id, verified, message): pass


def engine_summary():
    """Which engine a program started now gets, and why (``python -m bugscope --version``)."""
    if sys.version_info >= (3, 12):
        from bugscope.backend_monitoring import engine_summary as monitoring_summary
        return monitoring_summary()
    from bugscope import native_build
    native, why_not = native_build.load()
    if native is not None:
        why_not = native.can_install()
        if why_not is None:
            return "engine native frame-eval (C) on %d.%d" % sys.version_info[:2]
    return "engine sys.settrace (pure Python); the C tracer is not used: %s" % why_not


class Engine(SuspendPolicy, ExceptionStops, Navigation):
    def __init__(self, eval_timeout=3.0):
        self.table = BreakpointTable()
        self.table.on_function_resolved = self._function_resolved
        self.table.is_loaded = self._file_is_loaded
        self.table.on_file_loaded = self._file_loaded
        self.exceptions = exceptions.ExceptionSettings()
        self.hold_uncaught = None      # post-mortem: called with an exception about to end a thread; True: stop
        self.watchdog = Watchdog()
        self.listener = Listener()
        self.attached = False          # stops happen only while a client is attached
        self.eval_timeout = eval_timeout
        self.program_path = None       # the script being run, when there is one (known before it is imported)
        # Steps and pauses stop only in the program's own code (visibility.is_user_code), not in the standard
        # library or installed packages; the client's attach argument justMyCode: false turns that off.
        self.just_my_code = True
        # Callback counters for the cost tests (BUGSCOPE_STATS=1); None otherwise, so that a hot line with a
        # conditional breakpoint pays no counting.
        self.stats = collections.Counter() if os.environ.get("BUGSCOPE_STATS") == "1" else None
        self.backend = None
        self.recorder = None           # recording.Recorder while a client records for step back
        self.data = None               # data_breakpoints.DataBreakpoints, once a client asks about data breakpoints
        self._lock = threading.RLock()
        self._by_ident = {}            # read without the lock from trace callbacks
        self._by_id = {}
        self._next_tid = 1
        self._inspector = None         # made at the first inspection request (its modules load then)
        self._internal = set()
        self._tls = threading.local()

    @property
    def inspector(self):
        """Frames, variables and evaluation of stopped threads. Imported on first use: a program that never
        stops (or the first stop, which only sends an event) does not pay for reprlib, the expansion views, etc."""
        inspector = self._inspector
        if inspector is None:
            from bugscope.inspector import Inspector
            with self._lock:
                if self._inspector is None:
                    self._inspector = Inspector(self)
                inspector = self._inspector
        return inspector

    # -- life cycle ------------------------------------------------------------------------------------------
    def start(self, backend=None):
        """Called on the main thread before the program runs. ``backend``: a backend class to use instead of
        the one for this interpreter (post-mortem runs untraced)."""
        if backend is not None:
            Backend = backend
        elif sys.version_info >= (3, 12):
            from bugscope.backend_monitoring import MonitoringBackend as Backend
        else:  # the C frame-eval tracer when it builds and loads (native_build.load() says why not), else settrace
            from bugscope.backend_native import make_backend as Backend
        self.backend = Backend(self)  # raises EngineError if sys.monitoring's debugger id is taken
        self.thread_state()
        self.backend.start()
        self._hook_uncaught()

    def description(self):
        """Which engine traces the program, in words a user understands."""
        return getattr(self.backend, "description", type(self.backend).__name__)

    def stop_tracing(self):
        if self.backend is not None:
            self.backend.stop()

    def mark_internal(self, ident):
        self._internal.add(ident)

    def reset_after_fork(self):
        """In the child of os.fork() (``subprocesses``): only the calling thread is left, any lock may have been
        held by a thread that is gone, and the parent's client is not this process's. The backend stays
        installed; the calling thread keeps its id with a clean state; breakpoints wait for this process's client."""
        self._lock = threading.RLock()
        self.watchdog = Watchdog()
        self._inspector = None
        self._internal = set()  # idents of the parent's tracer threads, which new program threads may reuse
        self.listener = Listener()
        ident = threading.get_ident()
        old = self._by_ident.get(ident)
        self._by_ident, self._by_id = {}, {}
        if old is not None:
            ts = ThreadState(ident, old.id, old.name)
            ts.thread = old.thread
            self._by_ident[ident] = self._by_id[ts.id] = ts
        getattr(self.backend, "reset_after_fork", lambda: None)()
        self.exceptions = exceptions.ExceptionSettings()
        self.backend.exceptions_changed()
        self.detach()

    # -- threads -----------------------------------------------------------------------------------------------
    def thread_state(self, thread=None):
        """The calling thread's state, registered on first sight; None for the tracer's own threads.

        ``thread`` is the calling thread's Thread object when the caller knows it better than
        threading.current_thread() (which makes up a _DummyThread early in Thread._bootstrap_inner).
        """
        ts = self._by_ident.get(threading.get_ident())
        if ts is not None:
            return ts
        ident = threading.get_ident()
        if ident in self._by_ident:
            return None  # its end is being reported (_thread_ended)
        tls = self._tls
        if getattr(tls, "internal", False):
            return None
        # A tracer thread in its start-up is not in threading._active yet: current_thread() would make up a
        # _DummyThread for it, which the threads view could then take for a program thread.
        if thread is None and starting_internal():
            internal = True
        else:
            thread = thread or threading.current_thread()
            internal = is_internal(thread)
        if internal:
            tls.internal = True
            self._internal.add(ident)
            return None
        self._internal.discard(ident)  # a program thread can reuse the ident of a tracer thread that ended
        ts = self._register(ident, thread)
        self._tls.sentinel = ExitSentinel(self._thread_ended, ts.id)
        if self.backend is not None:
            self.thread_halted_at_start(ts)
        return ts

    def _register(self, ident, thread):
        with self._lock:
            ts = self._by_ident.get(ident)
            if ts is not None:
                return ts
            ts = ThreadState(ident, self._next_tid, thread.name)
            ts.thread = thread
            self._next_tid += 1
            self._by_ident[ident] = ts
            self._by_id[ts.id] = ts
        self.listener.thread_started(ts.id)
        return ts

    def _thread_ended(self, tid):
        with self._lock:
            ts = self._by_id.pop(tid, None)
            if ts is not None and self._by_ident.get(ts.ident) is ts:
                self._by_ident[ts.ident] = None  # ending: the code that reports it must not register it again
        if ts is not None:
            try:
                self.listener.thread_exited(tid)
            finally:
                with self._lock:
                    if ts.ident in self._by_ident and self._by_ident[ts.ident] is None:
                        del self._by_ident[ts.ident]

    def threads(self):
        """[(id, name, state, stop reason)] of live program threads, in id order (see thread_status)."""
        for thread in threading.enumerate():
            if is_internal(thread) or thread.ident is None or thread.ident in self._internal:
                continue
            if isinstance(thread, threading._DummyThread) and thread.ident not in self._by_ident:
                continue  # a thread not started by threading (or one starting): listed once it runs traced code
            ts = self._by_ident.get(thread.ident)
            if ts is not None and getattr(ts, "thread", thread) is not thread:  # ident reused
                self._thread_ended(ts.id)
            self._register(thread.ident, thread)
        with self._lock:
            states = sorted(self._by_id.values(), key=lambda t: t.id)
        running = sys._current_frames()  # a _DummyThread is "alive" for ever: its OS thread tells
        return [(ts.id, ts.thread.name) + self.thread_status(ts) for ts in states
                if ts.suspension or (ts.thread.is_alive() and (ts.ident in running
                                                               or not isinstance(ts.thread, threading._DummyThread)))]

    def _thread(self, tid):
        ts = self._by_id.get(tid)
        if ts is None:
            raise EngineError("bugscope: no thread with id %s" % tid)
        return ts

    def require_stopped(self, tid, mode="continue"):
        """Raises EngineError unless thread ``tid`` is stopped, not already resuming, and can resume ``mode``."""
        susp = self._suspension(tid)
        if susp.resuming:
            raise EngineError("bugscope: thread %s is already resuming" % tid)
        if susp.dead and mode != "continue":
            raise EngineError("bugscope: this stop shows the frames of an uncaught exception after they finished "
                              "running; they can be inspected and evaluated in, not stepped (continue ends "
                              "the %s)" % ("program" if susp.ts.thread is threading.main_thread() else "thread"))

    def _suspension(self, tid):
        susp = self._thread(tid).suspension
        if susp is None:
            raise EngineError("bugscope: thread %s is not stopped" % tid)
        return susp

    # -- breakpoints -------------------------------------------------------------------------------------------
    def set_breakpoints(self, path, requested):
        """``requested``: SourceBreakpoints of one file, replacing its earlier ones."""
        results, canon = self.table.set_file(path, requested)
        self.backend.breakpoints_changed([canon])
        if not getattr(self.backend, "arms_breakpoints", True):
            for r in results:
                r.verified, r.message = False, "post-mortem run: breakpoints are not armed (it stops only on a crash)"
        return results

    def set_function_breakpoints(self, specs):
        """``specs``: every FunctionSpec, replacing the earlier ones. Returns BreakpointResults (with ``path``)."""
        results, changed = self.table.set_functions(specs)
        if changed:
            self.backend.breakpoints_changed(changed)
        return results

    def _function_resolved(self, spec, path, line):
        self.listener.breakpoint_changed(spec.id, path, line)

    def _file_is_loaded(self, canon):
        """Has code of this file run, or is it the program about to run? (Modules are matched by __file__.)"""
        if self.program_path and canonical_path(self.program_path) == canon:
            return True
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if isinstance(path, str) and path.endswith(".py") and canonical_path(path) == canon:
                return True
        return False

    def _file_loaded(self, path, breakpoints):
        for bp in breakpoints:
            self.listener.breakpoint_changed(bp.id, path, bp.line)

    def data_breakpoints(self):
        """The data breakpoints (made at the first request about them: a session without any never loads them)."""
        if self.data is None:
            from bugscope.data_breakpoints import DataBreakpoints
            with self._lock:
                if self.data is None:
                    self.data = DataBreakpoints(self)
        return self.data

    def clear_breakpoints(self):
        files = self.table.clear()
        if files:
            self.backend.breakpoints_changed(files)

    # -- stopping (on the program thread, from trace callbacks) ------------------------------------------------
    def breakpoint_hit(self, ts, frame, condition_true=False):
        """The thread reached a breakpoint line. Cheapest test first: hit count, then condition, then log.
        ``condition_true``: the backend already evaluated the condition (it must not run twice)."""
        if PHANTOM_LINES and phantom_line(frame):
            return  # 3.9: the end of an `async for` loop, reported as a line of its body (coroutines.py)
        bp = self.table.breakpoint_at(frame.f_code, frame.f_lineno)
        if bp is None or bp.waiting_for is not None:
            return  # (a dependent breakpoint does nothing until the one it waits for stops)
        if bp.hit_test is not None:
            bp.hits += 1
            if not bp.hit_test(bp.hits):
                return
        description = None
        if bp.condition is not None and not condition_true:
            try:
                if not eval(bp.condition, frame.f_globals, frame.f_locals):
                    return
            except Exception as e:
                if bp.condition_failed:
                    return  # the user has been told once; a broken condition does not stop every pass
                bp.condition_failed = True
                description = "The condition %r raised %s: %s" % (bp.condition_text, type(e).__name__, e)
                self.listener.output("console", "bugscope: %s; stopped once at line %d so you can fix it.\n"
                                     % (description, bp.line))
        if bp.log_parts is not None and description is None:
            if not called_by_tracer(frame):
                self.listener.output("console", bp.render_log(frame) + "\n")
            return  # a log point never suspends
        if not called_by_tracer(frame):
            self._breakpoint_stopping(bp, frame)
            self.stop(ts, frame, "breakpoint", description=description)

    def _breakpoint_stopping(self, bp, frame):
        """Breakpoint ``bp`` is about to stop: the ones waiting for it are enabled, and a temporary one goes."""
        canon = canonical_path(frame.f_code.co_filename)
        for other in self.table.enable_dependents(canon, bp):
            self.listener.breakpoint_enabled(other.id)
        if bp.temporary:
            self.table.remove(canon, bp)
            self.backend.breakpoints_changed([canon])
            self.listener.breakpoint_removed(bp.id)

    def step_line(self, ts, frame):
        """A line event while ``ts.mode`` is set: stop if the step (or pause) is complete."""
        if PHANTOM_LINES and phantom_line(frame):
            return False  # 3.9: the end of an `async for` loop, reported as a line of its body (coroutines.py)
        mode = ts.mode
        if mode == "over":
            if frame is not ts.step_frame:
                return False
        elif mode not in _STEP_REASON or is_hidden(frame.f_code.co_filename) or called_by_tracer(frame):
            return False
        elif mode == "pause" and (frame.f_lineno in self.table.lines_for_code(frame.f_code)
                                  or not self._may_pause_in(ts, frame.f_code.co_filename)):
            return False
        elif self.just_my_code and mode == "in" and not is_user_code(frame.f_code.co_filename):
            return False  # stepping into library code goes on to the program's next line (a pause stops anywhere)
        elif (mode == "in" and ts.step_target is not None and frame is not ts.step_frame
              and frame.f_code.co_name != ts.step_target):
            return False  # stepping into one chosen call: other callees run on (the step frame's next line stops)
        elif mode == "entry" and (frame.f_code.co_name != "<module>" or frame.f_back is None
                                  or not is_hidden(frame.f_back.f_code.co_filename)):
            return False  # the entry stop is the program's own first line, not a helper the runner calls
        self.stop(ts, frame, _STEP_REASON[mode])
        return True

    @staticmethod
    def _may_pause_in(ts, filename):
        """A pause leaves a breakpoint's line to the breakpoint (its condition, its hit count), and never stops in
        threading's own code, which holds locks the tracer needs (starting a thread, listing threads). A thread
        halted because another one stopped (engine_policy) stops only in the program's own code."""
        if ts.halted:
            return is_user_code(filename)
        return filename != _THREADING_FILE

    def frame_returned(self, ts, frame, value):
        """A trace function's 'return' event of ``frame`` (the settrace backend and the C tracer, 3.8-3.11; ``value``
        is the event's argument): an exception that leaves it unhandled, a data breakpoint on its locals, a step."""
        unwinding = ts.unwinding
        if unwinding is not None and unwinding[0] is frame:
            ts.unwinding = None
            # Returning right where the exception was raised: no handler ran, the frame unwinds.
            if unwinding[1] == frame.f_lasti:
                self.exception_leaving_user_code(ts, frame, unwinding[2])
        data = self.data
        if data is not None and data.watches and data.wants_frame(frame):
            data.left(ts, frame, not yields(frame))
        if ts.mode is not None:
            self.step_return(ts, frame, return_event_value(frame, value))

    def step_return(self, ts, frame, value=None):
        """``frame`` is returning (or yielding, or unwinding) while the thread steps. ``value``: what it returns,
        YIELDED when it yields (or awaits), NO_RETURN_VALUE when it unwinds; shown as "(return) name" in the
        caller's stop. A coroutine's step may go on instead (coroutines.py).

        When the frame the step started in returns, the step ends in the caller, on the line of the call,
        whatever the step kind: what VS Code users know from debugpy, and the only place the user sees where
        control went back to (the caller's next line event may be far away, e.g. the head of a loop).
        """
        mode = ts.mode
        caller = frame.f_back
        if mode not in _STEPS or frame is not ts.step_frame:
            if mode in _STEP_REASON and caller is not None:
                self.backend.trace_frame(caller)
            return
        if frame.f_code.co_flags & ASYNC_CODE and step_goes_on(self, ts, frame, value):
            return  # it awaits (the step waits for it to resume), or its task's awaiting task takes the step
        if caller is None or is_step_barrier(caller) or called_by_tracer(caller):
            ts.mode, ts.step_frame = None, None  # stepped off the end of the program or thread
            self.backend.run_control_changed()
            return
        if self.just_my_code and not is_user_code(caller.f_code.co_filename):
            # Back in library code that called the program (a callback): step on to the program's next line.
            ts.mode, ts.step_frame = "in", None
            self.backend.run_control_changed()
            return
        self.backend.trace_frame(caller)
        returned = None if value is NO_RETURN_VALUE or value is YIELDED else (frame.f_code.co_name, value)
        self.stop(ts, caller, "step", in_caller=True, returned=returned)

    @guarded_stop  # room below the recursion limit, and Ctrl+C kept out of the stop (stop_guard)
    def stop(self, ts, frame, reason, in_caller=False, description=None, susp=None, text=None, returned=None,
             hits=None):
        """Suspends the thread at ``frame``. ``in_caller``: a step came back to the call line of ``frame``
        (mid-line), so a breakpoint on that line is not what stopped it. ``description`` says why, for the user;
        ``text`` adds detail (the exception). ``susp``: a Suspension made by the caller (exception stops).
        ``hits``: the ids of the data breakpoints that stopped (their hitBreakpointIds).
        Whether the stop is announced, queued or silent, and which other threads halt: engine_policy."""
        if not self.attached or ts.suspension is not None:
            ts.mode, ts.step_frame = None, None
            return
        if self.data is not None and self.data.deferred:  # a data breakpoint's change seen mid-line
            reason, description, hits = self.data.pending_stop(ts, reason, description, hits)
        line = frame.f_lineno
        bp = None
        if susp is None and not in_caller and hits is None and line in self.table.lines_for_code(frame.f_code):
            bp = self.table.breakpoint_at(frame.f_code, line)
        if bp is not None and reason == "step":
            reason = "breakpoint"
        if susp is None:
            susp = Suspension(ts, frame)
            susp.return_value = returned
        if reason == "breakpoint":
            policy = getattr(bp, "suspend_policy", None)
        else:  # a step begun with singleThread ends stopping only its thread: the others run on as they were
            policy = THREAD if ts.single_step and reason == "step" else None
        bp_ids = [bp.id] if bp is not None and reason == "breakpoint" else list(hits or ())
        if not self._suspended(ts, susp, reason, bp_ids, description, text, policy or self.suspend_policy):
            self.backend.run_control_changed()
            return
        resume = self._serve(ts, susp)
        if self.data is not None:
            self.data.resumed(susp)
        with self._lock:
            ts.suspension = None
            if self._inspector is not None:
                self._inspector.release(susp)
            ts.mode = resume.mode if resume.mode != "continue" else None
            if susp.dead:
                ts.mode = None  # the frames have finished: nothing to step through (resume refuses steps)
            ts.step_frame = frame if ts.mode in _STEPS else None
            ts.step_target = resume.target if ts.mode == "in" else None
            ts.resumed_at = None if susp.dead else (frame, frame.f_lasti, frame.f_lineno, ts.reporter)
            pause_again = ts.pause_after_resume
            ts.pause_after_resume = False
            if pause_again:
                ts.mode, ts.step_frame = "pause", None
        while not ts.commands.empty():
            leftover = ts.commands.get_nowait()
            if isinstance(leftover, Job):
                leftover.fail("bugscope: thread %d resumed before this request ran" % ts.id)
        if pause_again:
            self.backend.pause(ts)
        else:
            self.backend.run_control_changed()

    def _serve(self, ts, susp):
        while True:
            try:
                command = ts.commands.get()
                if isinstance(command, Resume):
                    return command
                command.run(susp)
            except Interrupted:  # a late time-limit exception that missed its evaluation
                continue
            except KeyboardInterrupt:  # (stop_guard keeps Ctrl+C out; a KeyboardInterrupt raised otherwise)
                continue

    # -- run control (server thread) -----------------------------------------------------------------------
    def stop_on_entry(self):
        """The calling (main) thread stops at the first line of the program."""
        ts = self.thread_state()
        ts.mode, ts.step_frame = "entry", None
        self.backend.run_control_changed()

    def detach(self):
        """The client went away: no breakpoints, no pending steps, every stopped thread runs on."""
        self.attached = False
        if self._inspector is not None:
            self._inspector.cancel_all()  # a console evaluation would hold its thread until its time limit
        self.clear_breakpoints()
        if self.recorder is not None:  # recording is per session (step back)
            from bugscope import recording
            recording.stop(self)
        if self.data is not None:
            self.data.clear()
        with self._lock:
            for ts in self._by_id.values():
                ts.mode, ts.step_frame = None, None
                ts.halted = ts.pause_requested = ts.pause_after_resume = False
                if ts.suspension is not None and not ts.suspension.resuming:
                    self._release(ts, Resume("continue"))
        self.backend.run_control_changed()
