"""Step back: a stopped thread shown as it was some recorded lines ago, read from its recording (``recording``).

A ``History`` belongs to one stop of one thread and holds the thread's entries as they were when it was made
(the thread is stopped, so they do not change). Positions are indexes into them: ``live`` is the stop itself
(the newest entry when it is the stop's own line, else one past the newest), and ``index`` the position shown.
Showing the past never runs the program's code and changes nothing in it; the thread stays stopped where it is.

- ``step_back``: one recorded line back, whatever the frame: from the line after a call, that is the called
  function's last line; from a loop's head, the previous iteration's last line.
- ``reverse_continue``: back to the newest older line that has a breakpoint now (its condition is not
  evaluated: the values it would need are the recorded ones), else to the oldest recorded line.
- ``last_assignment``: the newest line at or before the position shown that assigned a local of a frame.
"""
import collections

from bugscope.recorded_values import DELETED, PastValue
from bugscope.recording import AllLocals, pairs
from bugscope.suspension import EngineError

PastFrame = collections.namedtuple("PastFrame", "act name path line index")
NOT_RECORDED = PastValue("<not recorded: it changed before the recording's oldest line>")


class History(object):
    def __init__(self, recorder, ts, susp):
        self.ts = ts
        self.susp = susp
        rec = recorder.recording_of(ts.ident)
        self.entries = list(rec.entries) if rec is not None else []
        self.live = len(self.entries)
        frame = susp.frame if not susp.dead else None
        if self.entries and frame is not None:
            act, line = self.entries[-1][0], self.entries[-1][1]
            if act is recorder.activation_of(frame) and line == frame.f_lineno:
                self.live -= 1  # the stop's own line was recorded: it is the live position, not the past
        self.index = self.live
        self._recorder = recorder
        self._frames = {}  # index -> [PastFrame], innermost first

    # -- where it is ------------------------------------------------------------------------------------------
    @property
    def in_past(self):
        return self.index < self.live

    @property
    def steps_back(self):
        return self.live - self.index

    def description(self):
        if not self.in_past:
            return "Back at the live stop"
        return "Showing the past: step %d of %d back" % (self.steps_back, self.live)

    # -- moving -----------------------------------------------------------------------------------------------
    def step_back(self):
        if self.index == 0:
            raise EngineError(self._no_further())
        self.index -= 1

    def reverse_continue(self, breakpoint_lines):
        """``breakpoint_lines(code)``: the lines of ``code`` that have a breakpoint. Returns True if one was found
        (else the oldest recorded line is shown)."""
        if self.index == 0:
            raise EngineError(self._no_further())
        for i in range(self.index - 1, -1, -1):
            act, line = self.entries[i][0], self.entries[i][1]
            if line in breakpoint_lines(act.code):
                self.index = i
                return True
        self.index = 0
        return False

    def go_live(self):
        self.index = self.live

    def _no_further(self):
        if not self.entries:
            return "bugscope: nothing is recorded for this thread yet (recording started after its last line ran)"
        return ("bugscope: the recording goes back no further: this is the oldest of the %d lines it holds"
                % len(self.entries))

    # -- what the past shows ----------------------------------------------------------------------------------
    def frames(self, index=None):
        """[PastFrame] at ``index`` (default: the position shown), innermost first: the entry's own frame, then
        its recorded callers at the lines of their calls."""
        index = self.index if index is None else index
        frames = self._frames.get(index)
        if frames is None:
            act, line = self.entries[index][0], self.entries[index][1]
            frames = [PastFrame(act, act.name, act.code.co_filename, line, index)]
            while act.parent is not None:
                frames.append(PastFrame(act.parent, act.parent.name, act.parent.code.co_filename, act.call_line,
                                        index))
                act = act.parent
            self._frames[index] = frames
        return frames

    def locals_at(self, act, index):
        """[(name, snapshot)] of ``act``'s locals when the entry at ``index`` was about to run, in the order they
        were first recorded. A local whose older value has left the recording shows NOT_RECORDED."""
        found = {}
        complete = False
        for i in range(index, -1, -1):
            entry = self.entries[i]
            changes = entry[2]
            if entry[0] is not act or changes is None:
                continue
            for name, snap in pairs(changes):
                if name not in found:
                    found[name] = snap
            if type(changes) is AllLocals:
                complete = True
                break
        if not complete:
            # The activation began before the oldest entry: a local not changed since is as last recorded.
            later = set()
            for entry in self.entries[index + 1:]:
                if entry[0] is act and entry[2] is not None:
                    later.update(entry[2][0::2])
            for name, snap in list((act.initial or act.snaps).items()):
                if name not in found:
                    # An activation adopted when recording began knows its locals as they were then.
                    found[name] = NOT_RECORDED if name in later and act.initial is None else snap
        order = list(act.initial or ()) + list(act.snaps)
        rank = {name: i for i, name in enumerate(order)}
        names = sorted(found, key=lambda n: rank.get(n, len(order)))
        return [(name, found[name]) for name in names if found[name] is not DELETED]

    def last_assignment(self, name, act, index):
        """The position of the line that last assigned ``name`` in ``act`` at or before ``index``: the line of
        that frame that ran just before the change was seen; for an argument, the caller's line of the call.
        Returns (position, line that assigned it, value it got)."""
        for j in range(min(index, len(self.entries) - 1), -1, -1):
            entry = self.entries[j]
            if entry[0] is not act or entry[2] is None:
                continue
            value = next((snap for n, snap in pairs(entry[2]) if n == name), _MISSING)
            if value is _MISSING:
                continue
            if type(entry[2]) is AllLocals:  # it came with the call (or the frame's resume)
                target = j - 1 if j > 0 else j
            else:
                target = next((k for k in range(j - 1, -1, -1) if self.entries[k][0] is act), j)
            return target, self.entries[target][1], value
        raise EngineError("bugscope: no recorded line assigned %r in %s: it was assigned before the recording's "
                          "oldest line, or it is not a local of that frame" % (name, act.name))

    def activation_for_live(self, frame):
        return self._recorder.activation_of(frame)


_MISSING = object()
