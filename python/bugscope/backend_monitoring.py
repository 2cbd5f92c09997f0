"""3.12+ backend on sys.monitoring (PEP 669).

Two tools:
* breakpoints on DEBUGGER_ID (0): PY_START is global and answers DISABLE for every code object (arming LINE
  locally on those that own breakpoint lines); LINE answers DISABLE for every line that is not a breakpoint.
  Steady state: code without breakpoints costs nothing.
* stepping/pause on the first free id of 3, 4, 2: LINE globally only while some thread steps "in", pauses or
  waits for its entry stop; LINE + PY_RETURN/PY_YIELD locally on the step frame's code for "in"/"over",
  only PY_RETURN/PY_YIELD for "out" (so callees, and for "out" the frame's own loop, are never traced),
  PY_UNWIND globally meanwhile. This tool never answers DISABLE.

Breakpoint lines with a condition or hit count are decided in C where the native module builds
(``native/bugscope_monitoring.c``: the breakpoint tool's LINE callback, which calls ``_breakpoint_line`` only
when a breakpoint is due to stop or log); ``BUGSCOPE_NATIVE=0`` or no compiler: ``_breakpoint_line`` itself.
The module is loaded (built the first time) when the first such breakpoint is set, so a session without
them never pays for it at start-up.

DISABLE persists per (tool, code location) until restart_events(), which is global across tools, so a
breakpoint change re-arms each affected code object with set_local_events(0, code, 0) and then the new mask
(verified on 3.12.1 and 3.13.0; re-setting the same mask does not re-arm).
"""
import sys
import threading

from bugscope.coroutines import YIELDED
from bugscope.diagnostics import callback_failed
from bugscope.engine import NO_RETURN_VALUE, EngineError
from bugscope.live_code import live_code_objects

M = sys.monitoring
E = M.events
DISABLE = M.DISABLE
BREAKPOINT_TOOL = M.DEBUGGER_ID
STEP_TOOL_CANDIDATES = (3, 4, 2)
_STEP_RETURN = E.PY_RETURN | E.PY_YIELD
_STEP_LOCAL = E.LINE | _STEP_RETURN


class MonitoringBackend(object):
    description = "sys.monitoring"

    def __init__(self, engine):
        self.engine = engine
        self.table = engine.table
        taken = M.get_tool(BREAKPOINT_TOOL)
        if taken is not None:
            raise EngineError("bugscope: sys.monitoring tool id %d (DEBUGGER_ID) is already used by %r; "
                              "only one debugger can run in a process" % (BREAKPOINT_TOOL, taken))
        M.use_tool_id(BREAKPOINT_TOOL, "bugscope")
        # The stepping tool is taken only while some thread steps, pauses or waits for its entry stop, and given
        # back after: ids 2-5 stay the program's between steps (its own profiler or coverage tool).
        self.step_tool = None
        # Kept here, not only in sys.monitoring's table: the tool is given back from inside its own callbacks,
        # which must not drop the last reference to the callable that is running.
        self._step_callbacks = ((E.LINE, self._step_line), (E.PY_RETURN, self._step_return),
                                (E.PY_YIELD, self._step_yield), (E.PY_UNWIND, self._step_unwind))
        self._bootstrap_code = threading.Thread._bootstrap_inner.__code__
        self._armed = {}        # id(code) -> code: LINE armed on the breakpoint tool
        self._step_armed = {}   # id(code) -> (code, mask) on the step tool
        self._lock = threading.RLock()
        self._started = False
        self._native = None  # the C LINE callback's module, once a breakpoint has a condition or hit count
        self._line_callback = self._breakpoint_line
        self._data_tool = None  # data_monitoring.DataTool, made at the first data breakpoint
        self._no_step_tool_said = False

    def start(self):
        M.register_callback(BREAKPOINT_TOOL, E.PY_START, self._py_start)
        M.register_callback(BREAKPOINT_TOOL, E.LINE, self._line_callback)
        M.register_callback(BREAKPOINT_TOOL, E.RAISE, self._raise)
        M.register_callback(BREAKPOINT_TOOL, E.PY_UNWIND, self._unwind)
        self._started = True
        self.exceptions_changed()

    def stop(self):
        if not self._started:
            return
        self._started = False
        if self._data_tool is not None:
            self._data_tool.stop()
        with self._lock:
            M.set_events(BREAKPOINT_TOOL, 0)
            for code in self._armed.values():
                M.set_local_events(BREAKPOINT_TOOL, code, 0)
            self._armed.clear()
            self._give_back_step_tool()
            for event in (E.PY_START, E.LINE, E.PY_RETURN, E.PY_YIELD, E.PY_UNWIND, E.RAISE):
                M.register_callback(BREAKPOINT_TOOL, event, None)
            M.free_tool_id(BREAKPOINT_TOOL)

    def _take_step_tool(self):
        """The first free of 3, 4, 2 for stepping; False when the program holds them all."""
        tool = next((t for t in STEP_TOOL_CANDIDATES if M.get_tool(t) is None), None)
        if tool is None:
            return False
        M.use_tool_id(tool, "bugscope-step")
        M.set_events(tool, 0)  # (3.12 does not clear a freed id's events)
        for event, callback in self._step_callbacks:
            M.register_callback(tool, event, callback)
        self.step_tool = tool
        return True

    def _give_back_step_tool(self):
        tool = self.step_tool
        if tool is None:
            return
        M.set_events(tool, 0)
        for code, _mask in self._step_armed.values():
            M.set_local_events(tool, code, 0)
        self._step_armed.clear()
        for event, _callback in self._step_callbacks:
            M.register_callback(tool, event, None)
        M.free_tool_id(tool)
        self.step_tool = None

    def reset_after_fork(self):
        self._lock = threading.RLock()  # a thread that is gone in the fork child may have held it

    # -- callbacks (program threads) --------------------------------------------------------------------------
    def _py_start(self, code, offset):
        try:
            if code is self._bootstrap_code:
                # A new thread (this code is never DISABLEd). It is not in threading._active yet.
                self.engine.thread_state(sys._getframe(1).f_locals.get("self"))
                return None
            if self.table.pending_names or self.table.file_breakpoints(code.co_filename) is not None:
                if self.engine.stats is not None:
                    self.engine.stats["py_start:" + code.co_name] += 1
                if self.table.lines_for_code(code):
                    with self._lock:
                        self._armed[id(code)] = code
                        M.set_local_events(BREAKPOINT_TOOL, code, E.LINE)
        except Exception as e:
            _report(e)
        return DISABLE

    def _breakpoint_line(self, code, line, evaluated=None):
        """``evaluated``: the compiled condition of this line's breakpoint when the C callback has just found it
        true (it calls here only when a breakpoint is due to stop or log, see breakpoint_check.h), else None."""
        try:
            if self.engine.stats is not None:
                self.engine.stats["line:" + code.co_name] += 1
            bp = self.table.lines_for_code(code).get(line)
            if bp is None:
                return DISABLE
            frame = sys._getframe(1)
            condition = None
            if evaluated is not None and evaluated is bp.condition:  # ``is``: not a condition set since
                condition = True
            elif bp.condition is not None and bp.hit_test is None:
                # The hot path of a conditional breakpoint: a false condition costs one eval, nothing else.
                try:
                    condition = bool(eval(bp.condition, frame.f_globals, frame.f_locals))
                except Exception:
                    condition = None  # the engine evaluates it again and reports the error
                if condition is False:
                    return None
            ts = self.engine.thread_state()
            if ts is None:
                return None
            if ts.consume_resumed_at(frame, line, "breakpoint") or ts.suspension is not None:
                return None
            ts.reporter = "breakpoint"
            data = self.engine.data  # a change seen on this line stops first (the data tool's turn comes later)
            if data is not None and data.watches and data.check(ts, frame):
                return None
            self.engine.breakpoint_hit(ts, frame, condition_true=condition is True)
        except Exception as e:
            _report(e)
        return None

    def _step_line(self, code, line):
        try:
            ts = self.engine.thread_state()
            if ts is None or ts.mode is None:
                return None
            frame = sys._getframe(1)
            if ts.consume_resumed_at(frame, line, "step"):
                return None
            ts.reporter = "step"
            data = self.engine.data  # a change seen on this line stops instead of the step (as with breakpoints)
            if data is not None and data.watches and data.check(ts, frame):
                return None
            self.engine.step_line(ts, frame)
        except Exception as e:
            _report(e)
        return None

    # Each callback reads its own caller's frame: sys._getframe(1) in a helper would be the callback's.
    def _step_return(self, code, offset, value):
        return self._step_left(sys._getframe(1), value)

    def _step_yield(self, code, offset, value):
        return self._step_left(sys._getframe(1), YIELDED)  # a coroutine's step goes on at an await

    def _step_unwind(self, code, offset, exception):
        return self._step_left(sys._getframe(1), NO_RETURN_VALUE)

    def _step_left(self, frame, value):
        try:
            ts = self.engine.thread_state()
            if ts is not None and ts.mode is not None:
                self.engine.step_return(ts, frame, value)
        except Exception as e:
            _report(e)
        return None

    # Exception events are global (RAISE and PY_UNWIND cannot be DISABLEd: returning DISABLE from RAISE raises
    # ValueError and removes the callback), so they are on only while an exception filter needs them.
    def _raise(self, code, offset, exception):
        try:
            ts = self.engine.thread_state()
            if ts is not None:
                self.engine.exception_raised(ts, sys._getframe(1), exception)
        except Exception as e:
            _report(e)

    def _unwind(self, code, offset, exception):
        try:
            ts = self.engine.thread_state()
            if ts is not None:
                self.engine.exception_leaving_user_code(ts, sys._getframe(1), exception)
        except Exception as e:
            _report(e)

    def exceptions_changed(self):
        settings = self.engine.exceptions
        events = E.PY_START
        if settings.wants_raised:
            events |= E.RAISE
        if settings.wants_user_unhandled:
            events |= E.PY_UNWIND
        with self._lock:
            if self._started and M.get_events(BREAKPOINT_TOOL) != events:
                M.set_events(BREAKPOINT_TOOL, events)

    # -- arming (server thread, or the program thread inside a callback) --------------------------------------
    def breakpoints_changed(self, canonical_files):
        files = set(canonical_files)
        if self._native is None and self._has_options(files):
            self._use_native_conditions()
        if self._native is not None:
            self._native.breakpoints_changed()  # its per-code cache asks the table again
        with self._lock:
            for code in self._codes_of(files):
                M.set_local_events(BREAKPOINT_TOOL, code, 0)  # also forgets earlier DISABLEs
                if self.table.lines_for_code(code):
                    M.set_local_events(BREAKPOINT_TOOL, code, E.LINE)
                    self._armed[id(code)] = code
                else:
                    self._armed.pop(id(code), None)

    def _has_options(self, files):
        for canon in files:
            for bp in (self.table.file_breakpoints(canon) or {}).values():
                if bp.condition is not None or bp.hit_op:
                    return True
        return False

    def _use_native_conditions(self):
        native, _why_not = native_conditions()  # the outcome is kept: a failed build is not tried again
        if native is None:
            return
        native.configure(self.table.lines_for_code, self._breakpoint_line, DISABLE)
        self._native = native
        self._line_callback = native.line
        self.description = "sys.monitoring + native conditions (C)"
        with self._lock:
            if self._started:
                M.register_callback(BREAKPOINT_TOOL, E.LINE, native.line)

    def _codes_of(self, files):
        """Every reachable code object of those files: armed ones, functions, generators, running frames."""
        return live_code_objects(lambda code: self.table.is_file_in(files, code), list(self._armed.values()),
                                 running=True)

    def run_control_changed(self):
        """Arm the step tool for what the threads' modes now need, and disarm what they no longer need."""
        global_events = 0
        wanted = {}
        for ts in list(self.engine._by_id.values()):
            mode = ts.mode
            if mode in ("in", "pause", "entry"):
                global_events |= E.LINE
            if mode in ("in", "over", "out") and ts.step_frame is not None:
                global_events |= E.PY_UNWIND
                code = ts.step_frame.f_code
                # Step out only waits for the frame to return: its own lines (a long loop) run untraced.
                mask = _STEP_RETURN if mode == "out" else _STEP_LOCAL
                if id(code) in wanted:  # two threads stepping in the same function
                    mask |= wanted[id(code)][1]
                wanted[id(code)] = (code, mask)
        with self._lock:
            if not self._started:
                return
            if not global_events and not wanted:
                self._give_back_step_tool()
                return
            if self.step_tool is None and not self._take_step_tool():
                if not self._no_step_tool_said:
                    self._no_step_tool_said = True
                    self.engine.listener.output("console", "bugscope: the program holds sys.monitoring tool ids "
                                                "2, 3 and 4; stepping and pausing need one of them and cannot "
                                                "stop until one is free\n")
                return
            for key, (code, _mask) in list(self._step_armed.items()):
                if key not in wanted:
                    M.set_local_events(self.step_tool, code, 0)
                    del self._step_armed[key]
            for key, (code, mask) in wanted.items():
                if self._step_armed.get(key, (None, 0))[1] != mask:
                    if key not in self._step_armed:  # whatever an earlier holder of this id left (DISABLEs)
                        M.set_local_events(self.step_tool, code, 0)
                    M.set_local_events(self.step_tool, code, mask)
                    self._step_armed[key] = (code, mask)
            if M.get_events(self.step_tool) != global_events:
                M.set_events(self.step_tool, global_events)

    def data_changed(self):
        """Data breakpoints changed: their own tool arms what they need (data_monitoring)."""
        if self._data_tool is None:
            if not self._started:
                return
            from bugscope.data_monitoring import DataTool
            self._data_tool = DataTool(self.engine)
        self._data_tool.changed()

    def pause(self, ts):
        # A global LINE reaches frames that are already running (3.12 instruments executing code at once).
        self.run_control_changed()

    def trace_frame(self, frame):
        pass  # the step tool's events are armed per code object by run_control_changed


def native_conditions():
    """(the C LINE callback's module, None), or (None, why not)."""
    from bugscope import native_build
    return native_build.load()


def engine_summary():
    """What ``python -m bugscope --version`` says on 3.12+."""
    native, why_not = native_conditions()
    if native is not None:
        return "engine sys.monitoring + native conditions (C)"
    return "engine sys.monitoring; native conditions are not used: %s" % why_not


def _report(e):
    callback_failed("a monitoring callback", e)
