"""3.8-3.11 without the C tracer: step back's recording (``recording``) in the settrace backend's trace functions.

The backend's global trace function hands the program's frames to ``trace_call`` (its attribute ``recorder`` is a
SettraceRecording while a client records); their local trace function is then ``local``, which records each line,
then lets the backend's own local trace function do its work (breakpoints, steps, exceptions) and stays on the
frame whatever that one answers. Library code keeps the backend's usual tracing.
"""
import sys
import threading

from bugscope.recording import report


class SettraceRecording(object):
    """What ``SettraceBackend`` calls while recording (see the module's docstring)."""

    def __init__(self, recorder, backend):
        self.recorder = recorder
        self._backend_local = backend._local

    def records(self, code):
        return self.recorder.on and self.recorder.records(code)

    def trace_call(self, frame):
        """The global trace function's 'call' event of a recorded frame: returns its local trace function."""
        self.recorder.call(frame)
        return self.local

    def local(self, frame, event, arg):
        recorder = self.recorder
        try:
            if event == "line" and recorder.on:
                recorder.line(frame, frame.f_lineno)
        except Exception as e:
            report(e)
        self._backend_local(frame, event, arg)
        if event == "return":
            recorder.leave(frame)
        elif not frame.f_trace_lines:
            frame.f_trace_lines = True  # a step out turns them off in the backend's frames; recording needs them
        return self.local if recorder.on else None

    def trace_running_frames(self, engine):
        """Frames already running (a program attached to while it runs) get ``local``; threads with no trace
        function at all (started before the tracer) are not reached."""
        internal = engine._internal
        for ident, frame in sys._current_frames().items():
            if ident in internal or ident == threading.get_ident():
                continue
            while frame is not None:
                if self.records(frame.f_code):
                    frame.f_trace = self.local
                    frame.f_trace_lines = True
                frame = frame.f_back
