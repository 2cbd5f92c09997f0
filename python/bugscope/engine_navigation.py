"""Where a stopped thread goes next, besides resuming (a part of ``engine.Engine``): jumping to a line and the
calls of the current line that a step in can enter."""
from bugscope.breakpoints import own_lines
from bugscope.suspension import EngineError


def _no_trace(frame, event, arg):
    return None


class Navigation(object):
    def goto(self, tid, line):
        """Moves where thread ``tid`` goes on: the next line it runs in its innermost frame becomes ``line``.
        CPython decides what is allowed (not into or out of a loop body, a try or a with block, not from a
        return): its refusal comes back as the EngineError's message."""
        susp = self._suspension(tid)
        if susp.dead:
            raise EngineError("bugscope: the frames of an uncaught exception have finished running; there is "
                              "nothing to jump in")
        frame = susp.frame
        if line not in own_lines(frame.f_code):
            raise EngineError("bugscope: line %d is not in %s (a jump stays in the function where the thread "
                              "is stopped)" % (line, frame.f_code.co_name))

        def work():
            # Only a trace function may set f_lineno (<=3.11 checks f_trace; 3.12+ checks that a LINE event is
            # being handled, which it is while the thread is stopped in one).
            restore = frame.f_trace is None
            if restore:
                frame.f_trace = _no_trace
            try:
                frame.f_lineno = line
            except ValueError as e:
                raise EngineError("bugscope: cannot jump to line %d: %s" % (line, e))
            finally:
                if restore:
                    frame.f_trace = None
            return frame.f_lineno

        return self.inspector.run_on_thread(susp, work)

    def step_in_targets(self, frame_id):
        """The calls on the current line of a frame: [(id, label, name, line, column, end column)]; ``name`` is
        what a step in to that target waits for. Reads the source (linecache) and its syntax tree only."""
        susp, frame = self.inspector.frame_of(frame_id)
        index = susp.frames.index(frame) if frame in susp.frames else 0
        from bugscope.calls import calls_on_line
        targets = calls_on_line(frame.f_code.co_filename, susp.line_of(index), frame.f_globals)
        susp.step_targets = {t[0]: t[2] for t in targets}
        return targets

    def step_in_target_name(self, tid, target_id):
        susp = self._suspension(tid)
        name = getattr(susp, "step_targets", {}).get(target_id)
        if name is None:
            raise EngineError("bugscope: step-in target %s is not known for this stop (ask stepInTargets first)"
                              % target_id)
        return name
