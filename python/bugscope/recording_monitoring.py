"""3.12+: step back's recording (``recording``) fed by a ``sys.monitoring`` tool of its own.

The tool takes the highest free id of 5, 4, 3, 2: CPython calls a location's tools from the highest id down, so
a line is recorded before the debugger's breakpoint tool (0) or step tool (3 or 4) stops on it, and the stop's
own line is the newest entry. ``PY_START`` is global and answers ``DISABLE`` for code that is not the program's
own (once per code object, for this tool only); for the program's code it arms ``LINE``, ``PY_RETURN``,
``PY_YIELD`` and ``PY_RESUME`` locally, so library code never reaches Python here. ``PY_UNWIND`` (global only in
CPython) ends the activation of a frame an exception leaves. Nothing of this tool is armed while recording is
off: the breakpoint and step tools (``backend_monitoring``) are untouched by it.
"""
import sys

from bugscope.diagnostics import log
from bugscope.suspension import EngineError

M = sys.monitoring
E = M.events
DISABLE = M.DISABLE
TOOL_CANDIDATES = (5, 4, 3, 2)
_LOCAL = E.LINE | E.PY_RETURN | E.PY_YIELD | E.PY_RESUME
_CALLBACKS = (E.PY_START, E.LINE, E.PY_RETURN, E.PY_YIELD, E.PY_RESUME, E.PY_UNWIND)


class MonitoringRecording(object):
    def __init__(self, recorder):
        self.recorder = recorder
        self.tool = next((t for t in TOOL_CANDIDATES if M.get_tool(t) is None), None)
        if self.tool is None:
            raise EngineError("bugscope: step back needs a free sys.monitoring tool id (5, 4, 3 or 2) and all are "
                              "in use")
        self._armed = {}  # id(code) -> code with the local events on
        self._started = False

    def start(self):
        M.use_tool_id(self.tool, "bugscope-record")
        recorder = self.recorder
        getframe = sys._getframe

        def py_start(code, offset):
            try:
                if not recorder.records(code):
                    return DISABLE
                if id(code) not in self._armed:
                    self._armed[id(code)] = code
                    M.set_local_events(self.tool, code, _LOCAL)
                recorder.call(getframe(1))
            except Exception as e:
                _report(e)
            return None

        record_line = recorder.line

        def python_line(code, number):
            try:
                if record_line(getframe(1), number):
                    return DISABLE  # not recorded after all (Recorder.call)
            except Exception as e:
                _report(e)
            return None

        def resume(code, offset):
            try:
                recorder.call(getframe(1))
            except Exception as e:
                _report(e)

        def leave(code, offset, value):
            recorder.leave(getframe(1))

        def unwind(code, offset, exception):
            if recorder._acts:
                recorder.leave(getframe(1))

        # The line in C (native/recording.h) where the native module loaded.
        line = recorder.native.record_line if recorder.native is not None else python_line
        for event, callback in ((E.PY_START, py_start), (E.LINE, line), (E.PY_RESUME, resume),
                                (E.PY_RETURN, leave), (E.PY_YIELD, leave), (E.PY_UNWIND, unwind)):
            M.register_callback(self.tool, event, callback)
        self._started = True
        self._arm_running_code()
        M.set_events(self.tool, E.PY_START | E.PY_UNWIND)

    def _arm_running_code(self):
        """Frames already running (a program attached to while it runs) are recorded from their next line."""
        for frame in sys._current_frames().values():
            while frame is not None:
                code = frame.f_code
                if id(code) not in self._armed and self.recorder.records(code):
                    self._armed[id(code)] = code
                    M.set_local_events(self.tool, code, _LOCAL)
                frame = frame.f_back

    def stop(self):
        if not self._started:
            return
        self._started = False
        M.set_events(self.tool, 0)
        for code in list(self._armed.values()):
            M.set_local_events(self.tool, code, 0)
        self._armed.clear()
        for event in _CALLBACKS:
            M.register_callback(self.tool, event, None)
        M.free_tool_id(self.tool)


def _report(e):
    log("internal error while recording for step back: %s: %s" % (type(e).__name__, e))
