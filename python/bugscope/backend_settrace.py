"""3.8-3.11 backend on sys.settrace + threading.settrace.

The global trace function sees only 'call' events. It answers None (no local tracing, so no per-line work)
for every code object that owns no breakpoint line, unless the thread is stepping "in", pausing or waiting
for its entry stop; the answer per code object is cached by co_filename then id(code) (BreakpointTable).
Frames that are already running are reached by setting f_trace (and f_trace_lines) on them: that works for
every thread whose thread state has our trace function, i.e. every thread the program starts after us.
"""
import _thread
import sys
import threading

from bugscope.diagnostics import callback_failed
from bugscope.visibility import is_user_code

_OVER_OR_OUT = ("over", "out")


_RAW_START = _thread.start_new_thread


class SettraceBackend(object):
    description = "sys.settrace (pure Python)"

    def __init__(self, engine):
        self.engine = engine
        self.table = engine.table
        self._started = False
        self._exception_frames = False  # trace the program's frames for their exception events
        self.recorder = None  # recording_settrace.SettraceRecording while a client records for step back

    def start(self):
        threading.settrace(self._global)
        sys.settrace(self._global)
        self._wrap_raw_threads()
        self._started = True

    def stop(self):
        self._started = False
        threading.settrace(None)
        sys.settrace(None)
        _thread.start_new_thread = _thread.start_new = _RAW_START

    def _wrap_raw_threads(self):
        """Threads started with _thread.start_new_thread (not through threading) get the trace function too.
        (Threads created in C cannot be reached from Python before 3.12: the C tracer reaches them.)"""
        from bugscope.program import run_traced
        trace = self._global

        def start_new_thread(function, args, kwargs=None):
            return _RAW_START(run_traced, (trace, function, args, {} if kwargs is None else kwargs))

        _thread.start_new_thread = _thread.start_new = start_new_thread

    # -- trace functions (program threads) --------------------------------------------------------------------
    def _global(self, frame, event, arg):
        try:
            ts = self.engine._by_ident.get(threading.get_ident())
            if ts is None:
                ts = self.engine.thread_state()
                if ts is None:  # one of the tracer's threads
                    sys.settrace(None)
                    return None
            recorder = self.recorder
            if recorder is not None and recorder.records(frame.f_code):
                return recorder.trace_call(frame)  # every line of the program's frames (step back)
            mode = ts.mode
            if mode is not None and mode not in _OVER_OR_OUT:
                return self._local
            if self.table.lines_for_code(frame.f_code):
                return self._local
            data = self.engine.data
            if data is not None and data.watches and data.wants_code(frame.f_code):
                return self._local
            if self._exception_frames and is_user_code(frame.f_code.co_filename):
                frame.f_trace_lines = False  # only its exception and return events
                return self._local
        except Exception as e:
            _report(e)
        return None

    def _local(self, frame, event, arg):
        try:
            if event == "line":
                ts = self.engine._by_ident.get(threading.get_ident())
                if ts is None:
                    return None
                if self.engine.stats is not None:
                    self.engine.stats["line:" + frame.f_code.co_name] += 1
                data = self.engine.data  # a change seen on this line stops first, instead of a step or breakpoint
                watched = data is not None and data.watches and data.wants_frame(frame)
                if watched and data.check(ts, frame):
                    return self._local
                mode = ts.mode
                if mode is not None and self.engine.step_line(ts, frame):
                    return self._local
                lines = self.table.lines_for_code(frame.f_code)
                if lines and frame.f_lineno in lines and ts.suspension is None:
                    self.engine.breakpoint_hit(ts, frame)
                    return self._local
                if not lines and ts.mode == "out" and frame is ts.step_frame:
                    # Step out needs only this frame's return event, not its lines (a long loop). trace_frame()
                    # turns lines back on wherever they are needed again (breakpoints, pause, a step's return).
                    frame.f_trace_lines = False
                    return self._local
                if lines or (ts.mode is not None and (ts.mode not in _OVER_OR_OUT or frame is ts.step_frame)):
                    return self._local
                if data is not None and data.watches and data.wants_frame(frame):  # (they may have been set
                    return self._local                                           # while this line was stopped)
                return None  # nothing to do in this frame any more: stop its line events
            if event == "return":
                ts = self.engine._by_ident.get(threading.get_ident())
                if ts is not None:
                    self.engine.frame_returned(ts, frame, arg)
            elif event == "exception":
                ts = self.engine._by_ident.get(threading.get_ident())
                if ts is not None and self._exception_frames:
                    ts.unwinding = (frame, frame.f_lasti, arg[1])
                    if self.engine.exceptions.wants_raised:
                        self.engine.exception_raised(ts, frame, arg[1])
        except Exception as e:
            _report(e)
        return self._local

    # -- arming (server thread, or the program thread inside a callback) --------------------------------------
    def breakpoints_changed(self, canonical_files):
        files = set(canonical_files)
        internal = self.engine._internal
        for ident, frame in sys._current_frames().items():
            if ident in internal:
                continue
            while frame is not None:
                if self.table.is_file_in(files, frame.f_code) and self.table.lines_for_code(frame.f_code):
                    self.trace_frame(frame)
                frame = frame.f_back

    def run_control_changed(self):
        pass  # modes are read by the trace functions directly

    def data_changed(self):
        """Data breakpoints changed: running frames they need get the local trace function (new frames get it
        from _global); frames no longer needed drop it at their next line."""
        data = self.engine.data
        if data is None or not data.watches:
            return
        internal = self.engine._internal
        for ident, frame in sys._current_frames().items():
            if ident in internal:
                continue
            while frame is not None:
                if data.wants_frame(frame):
                    self.trace_frame(frame)
                frame = frame.f_back

    def exceptions_changed(self):
        """Raised and user-unhandled exceptions need the 'exception' events of the program's own frames: those
        started from now on get a local trace function (frames already running do not)."""
        settings = self.engine.exceptions
        self._exception_frames = settings.wants_raised or settings.wants_user_unhandled

    def pause(self, ts):
        frame = sys._current_frames().get(ts.ident)
        while frame is not None:
            self.trace_frame(frame)
            frame = frame.f_back

    def trace_frame(self, frame):
        if self._started:
            frame.f_trace_lines = True
            recorder = self.recorder
            frame.f_trace = recorder.local if recorder is not None and recorder.records(frame.f_code) else self._local


def _report(e):
    callback_failed("the trace function", e)
