"""3.8-3.11 backend on the C tracer (``native/bugscope_native.c``, built and loaded by ``native_build``).

The C side is a PEP 523 frame-evaluation hook that turns the thread's C trace function on only around frames
that need it, and a C line filter, so Python runs here only:
* on a breakpoint line (``_line``); for a breakpoint with a condition or hit count, only when it is due to stop
  or log (decided in C, ``native/breakpoint_check.h``: a false condition or a hit count not reached yet costs
  no Python call),
* on every line and the return of an "armed" frame: the frame a step "over" started in and callers a step
  returned to (armed through ``trace_frame``/``run_control_changed``), or of any frame of a thread that steps
  "in", pauses or waits for its entry stop ("trace all" threads),
* on the return of the frame a step "out" started in (``arm_return``: its lines run as in any other frame, so
  stepping out of a loop costs the loop's breakpoint lines, not a Python call per line),
* once per new thread (``_thread_start``, through threading.settrace), so threads are registered on their own
  thread exactly as with the settrace backend.
The stop decisions are the engine's, called exactly as ``backend_settrace`` calls them.

Running frames are reached through the C side, which can turn tracing on in any thread state (also threads
started before the tracer): after a breakpoint change, every thread with a frame of affected code is switched on.
"""
import atexit
import sys
import threading
import types

from bugscope import native_build
from bugscope.backend_settrace import SettraceBackend
from bugscope.breakpoints import own_lines
from bugscope.conditions import Breakpoint
from bugscope.diagnostics import callback_failed
from bugscope.visibility import is_user_code

_TRACE_ALL = ("in", "pause", "entry")   # modes that look at every line of every frame of the thread
_OVER_OR_OUT = ("over", "out")          # modes that look at the lines of one frame (ts.step_frame)


_not_native = None  # why the last make_backend() chose the settrace backend


def make_backend(engine):
    """The native backend when the C tracer loads and can install its hook, else the settrace backend."""
    global _not_native
    native, _not_native = native_build.load()
    if native is not None:
        _not_native = native.can_install()  # e.g. another debugger's frame-evaluation hook
        if _not_native is None:
            return NativeBackend(engine, native)
    return SettraceBackend(engine)


def why_not_native():
    """After Engine.start() on 3.8-3.11: None if the native backend runs, else one line saying why not."""
    return _not_native


# A breakpoint on a line that never runs (the C side keeps positive line numbers only): the frame is traced, so
# its exception events arrive, and its lines are filtered out in C.
_NEVER_RUNS = 2 ** 31 - 1
_EXCEPTION_EVENTS_ONLY = types.MappingProxyType({_NEVER_RUNS: Breakpoint(0, _NEVER_RUNS)})


def _every_line(code):
    """{line: plain Breakpoint} for every line of ``code``: the C side then calls _line on each of them."""
    return {line: Breakpoint(0, line) for line in own_lines(code)}


def _armed_marker(frame, event, arg):
    """The f_trace of armed frames. Only a Python-level trace trampoline would ever call it."""
    return None


def _return_marker(frame, event, arg):
    """The f_trace of frames armed for their return only (a step out)."""
    return None


class NativeBackend(object):
    def __init__(self, engine, native):
        self.engine = engine
        self.table = engine.table
        self.native = native
        self.description = "native frame-eval (C) on %d.%d" % sys.version_info[:2]
        self._trace_all = frozenset()   # thread idents the C side traces entirely
        self._exception_frames = False  # trace the program's frames for their exception events
        self._started = False

    def start(self):
        self.native.install(self._line, self._return, self._code_lines, _armed_marker, _return_marker)
        threading.settrace(self._thread_start)
        self._started = True
        atexit.register(self.stop)  # before interpreter teardown, also when the runner never calls stop()

    def stop(self):
        if not self._started:
            return
        self._started = False
        threading.settrace(None)
        self.native.uninstall()

    # -- callbacks from C (program threads, inside a trace call) ----------------------------------------------
    def _thread_start(self, frame, event, arg):
        """threading.settrace() hook: the first call event of every new thread (Thread.run)."""
        try:
            self.engine.thread_state()
        except Exception as e:
            _report(e)
        self.native.adopt_thread(frame)  # drops this Python trace function; the C hook takes over the thread
        return None

    def _line(self, frame, evaluated=None):
        """A breakpoint line, or any line of an armed frame or a "trace all" thread.

        ``evaluated``: None, or the compiled condition of this line's breakpoint, which the C side has just
        evaluated and found true (it decides hit counts and conditions itself and calls here only when the
        breakpoint is due to stop or log, or its condition raised). Returns True to keep the frame armed (all
        its lines and its return come here), as backend_settrace's local trace function stays on a frame."""
        try:
            engine = self.engine
            ts = engine._by_ident.get(threading.get_ident())
            if ts is None:
                ts = engine.thread_state()
                if ts is None:  # one of the tracer's threads
                    return False
            if engine.stats is not None:
                engine.stats["line:" + frame.f_code.co_name] += 1
            data = engine.data  # a change seen on this line stops first, instead of a step or breakpoint
            watched = data is not None and data.watches and data.wants_frame(frame)
            if watched:
                if data.check(ts, frame):
                    return True
                if (ts.mode is None and ts.ident not in self._trace_all
                        and frame.f_lineno not in self.table.lines_for_code(frame.f_code)):
                    return True  # the common case of a watched frame: nothing else to do on this line
            mode = ts.mode
            if not (mode is not None and engine.step_line(ts, frame)):
                if ts.suspension is None:
                    bp = self.table.lines_for_code(frame.f_code).get(frame.f_lineno)
                    if bp is not None:
                        # ``is``: the condition C evaluated, not one set since (that one has not run yet)
                        engine.breakpoint_hit(ts, frame, condition_true=evaluated is not None
                                              and bp.condition is evaluated)
            mode = ts.mode
            if mode not in _TRACE_ALL and ts.ident in self._trace_all:
                self.run_control_changed()  # the mode ended without a stop (e.g. no client attached)
            # Step out needs only the step frame's return (run_control_changed armed it with arm_return), not
            # its lines: answering True would arm all of them. A frame data breakpoints watch stays armed (asked
            # again: they may have been set while this line was stopped).
            if mode is not None and mode != "out" and (mode not in _OVER_OR_OUT or frame is ts.step_frame):
                return True
            data = engine.data
            return bool(data is not None and data.watches and data.wants_frame(frame))
        except Exception as e:
            _report(e)
        return False

    def _return(self, frame, value):
        """An armed frame (or any frame of a "trace all" thread) returns, yields or unwinds."""
        try:
            ts = self.engine._by_ident.get(threading.get_ident())
            if ts is not None:
                self.engine.frame_returned(ts, frame, value)
        except Exception as e:
            _report(e)

    # -- exceptions ---------------------------------------------------------------------------------------------
    def _code_lines(self, code):
        """What the C side asks per code object: its breakpoint lines; while an exception filter needs the
        program's exception events, a line that never runs for the program's other code, so that its frames
        are traced (their lines are filtered out in C) and their exception events reach ``_exception``."""
        lines = self.table.lines_for_code(code)
        data = self.engine.data
        if data is not None and data.watches and data.wants_code(code):
            return _every_line(code)  # data breakpoints: every line comes to _line (which then arms the frame)
        if lines or not self._exception_frames or not is_user_code(code.co_filename):
            return lines
        return _EXCEPTION_EVENTS_ONLY

    def _exception(self, frame, arg):
        """A C exception event in a frame of the program (while raised or user-unhandled filters are on)."""
        try:
            ts = self.engine._by_ident.get(threading.get_ident())
            if ts is None:
                ts = self.engine.thread_state()
                if ts is None:
                    return
            exc = arg[1]
            settings = self.engine.exceptions
            if settings.wants_user_unhandled:
                ts.unwinding = (frame, frame.f_lasti, exc)
                if frame.f_trace is None:
                    self.native.arm_return(frame)  # its return says whether the exception leaves it
            if settings.wants_raised:
                self.engine.exception_raised(ts, frame, exc)
        except Exception as e:
            _report(e)

    def exceptions_changed(self):
        settings = self.engine.exceptions
        self._exception_frames = settings.wants_raised or settings.wants_user_unhandled
        if self._started:
            self.native.set_exception_callback(self._exception if self._exception_frames else None)

    # -- arming (server thread, or the program thread inside a callback) --------------------------------------
    def breakpoints_changed(self, canonical_files):
        """Every code object asks the table again; threads running affected code are switched on now, so that
        a breakpoint added in a loop that is already running hits."""
        self.native.breakpoints_changed()
        files = set(canonical_files)

        def switch_lines_on(frame):
            frame.f_trace_lines = True  # a step out may have turned them off

        self._reach_running_frames(
            lambda frame: self.table.is_file_in(files, frame.f_code) and self.table.lines_for_code(frame.f_code),
            switch_lines_on)

    def _reach_running_frames(self, wanted, arm):
        """``arm`` every running frame of a program thread for which ``wanted(frame)`` holds, and switch the C
        tracer on in those threads now (they may be in a loop that never calls anything)."""
        internal = self.engine._internal
        for ident, frame in sys._current_frames().items():
            if ident in internal:
                continue
            forced = False
            while frame is not None:
                if wanted(frame):
                    arm(frame)
                    if not forced:
                        self.native.force_tracing(ident)
                        forced = True
                frame = frame.f_back

    def run_control_changed(self):
        """Tell the C side which threads trace everything, and arm the frames that steps over/out started in."""
        trace_all = []
        for ts in list(self.engine._by_id.values()):
            mode = ts.mode
            if mode in _TRACE_ALL:
                trace_all.append(ts.ident)
            elif mode == "out" and ts.step_frame is not None:
                self.native.arm_return(ts.step_frame)
            elif mode == "over" and ts.step_frame is not None:
                self.native.arm(ts.step_frame)
        self._trace_all = frozenset(trace_all)
        if self._started:
            self.native.set_trace_all(trace_all)  # also switches those threads on, wherever they are

    def data_changed(self):
        """Data breakpoints changed: every code object asks _code_lines again (new frames of the code they need
        are traced), and running frames they need are armed now, in any thread (frames no longer needed are
        disarmed by _line at their next line)."""
        self.native.breakpoints_changed()
        data = self.engine.data
        if data is None or not data.watches or not self._started:
            return
        self._reach_running_frames(data.wants_frame, self.native.arm)

    def set_recorder(self, recorder):
        """Step back (recording.py): the program's own frames are traced whole and their calls, lines and returns
        go to ``recorder``; None: no more. Running frames are reached at their thread's next line."""
        if recorder is None:
            self.native.set_record_callbacks(None, None, None, None)
            return
        self.native.set_record_callbacks(recorder.records, recorder.frame_called, recorder.frame_line,
                                         recorder.frame_left)
        if self._started:
            for ts in list(self.engine._by_id.values()):
                self.native.force_tracing(ts.ident)

    def pause(self, ts):
        frame = sys._current_frames().get(ts.ident)
        while frame is not None:  # a step out may have turned a running frame's lines off
            frame.f_trace_lines = True
            frame = frame.f_back
        self.run_control_changed()  # ts.mode is "pause": the thread traces everything from its next line on

    def trace_frame(self, frame):
        if self._started:
            self.native.arm(frame)


def _report(e):
    callback_failed("the native backend", e)
