"""3.12+: the data breakpoints' sys.monitoring tool (the plan it arms: ``data_breakpoints``).

A tool of its own (the first free of 4, 3, 5, 2; taken at the first data breakpoint, so sessions without one
never hold it), because its events are armed and disarmed on other code objects than the breakpoint and step
tools', and what it DISABLEs must not be lost to them.

Values are compared only right after an instruction that can have changed them, through INSTRUCTION events
that answer DISABLE once at every other instruction (then that instruction runs untraced for good, in every
frame of the code, until the plan changes):
* a local: after the instructions that write it (STORE_FAST, DELETE_FAST, STORE_DEREF and the 3.13
  superinstructions; in closures that rebind it with ``nonlocal``, their STORE_DEREF), in its frame's code and
  those closures'. A loop that writes other variables costs nothing. PY_RETURN and PY_YIELD locally, PY_UNWIND
  globally while a local is watched (it cannot be local), see the frame end.
* a global, an attribute or an item: any code can write those, through a call (``setattr``, a method, C code)
  or a store. In the program's own code (``is_user_code``): after every call and every store other than a local
  one, after each yield (other code ran meanwhile) and where an exception handler starts. Its running frames'
  code is armed when the plan changes, and each code object as it starts or resumes (PY_START and PY_RESUME
  globally, answering DISABLE: once per code object; when such a breakpoint is set again, the program's
  functions are found by the garbage collector instead). A write made by library or C code is seen after the
  call into it returns to the program's code.
When that instruction returns from the function (the write was the last thing it did), the stop is in the caller;
when it is in the middle of a line, at the next line (data_breakpoints: deferred stops).

LINE is armed too, answering DISABLE except where a line starts right at such an instruction: 3.12.1 and 3.13.0
skip an instruction's INSTRUCTION event in an execution where every LINE callback at that instruction answered
DISABLE (the breakpoint tool's do, once per line), unless one of them did not.
"""
import sys
import threading

from bugscope.diagnostics import callback_failed
from bugscope.engine import EngineError
from bugscope.live_code import live_code_objects
from bugscope.visibility import is_user_code

M = sys.monitoring
E = M.events
DISABLE = M.DISABLE
TOOL_CANDIDATES = (4, 3, 5, 2)
_WIDE = E.LINE | E.INSTRUCTION                            # the program's own code (globals, attributes, items)
_LOCAL = E.LINE | E.INSTRUCTION | E.PY_RETURN | E.PY_YIELD  # a watched local's code and its closures
_RETURNS = frozenset(("RETURN_VALUE", "RETURN_CONST"))
_LOCAL_WRITES = frozenset(("STORE_FAST", "DELETE_FAST", "STORE_DEREF", "DELETE_DEREF", "STORE_FAST_STORE_FAST",
                           "STORE_FAST_LOAD_FAST", "LOAD_FAST_AND_CLEAR"))
# After these, any global, attribute or item may have changed: calls (and what runs code like a call), stores
# that are not to a local, and a yield (other code ran before the frame resumed).
_MAY_WRITE = frozenset(("CALL", "CALL_KW", "CALL_FUNCTION_EX", "CALL_INTRINSIC_1", "CALL_INTRINSIC_2",
                        "BEFORE_WITH", "BEFORE_ASYNC_WITH", "WITH_EXCEPT_START", "IMPORT_NAME", "SEND",
                        "YIELD_VALUE", "STORE_ATTR", "DELETE_ATTR", "STORE_SUBSCR", "DELETE_SUBSCR", "STORE_SLICE",
                        "DELETE_SLICE", "STORE_GLOBAL", "DELETE_GLOBAL", "STORE_NAME", "DELETE_NAME"))
_HANDLER = "PUSH_EXC_INFO"  # an exception handler starts: whatever raised may have written first


def _instructions(code):
    import dis
    return list(dis.get_instructions(code))


def _points(code, pairs):
    """(offsets of the instructions to check at, those of them that return, those in the middle of a line) from
    (instruction, following) pairs. A change seen mid-line (after a call whose result is then stored, at the jump
    back that ends a loop body, which still has the write's line) is reported at the line the program goes on
    with: the thread steps over to it (data_breakpoints: deferred stops)."""
    import dis
    line_starts = frozenset(offset for offset, _line in dis.findlinestarts(code))
    found, returning, mid_line = set(), set(), set()
    for _first, following in pairs:
        found.add(following.offset)
        if following.opname in _RETURNS:
            returning.add(following.offset)
        elif following.offset not in line_starts:
            mid_line.add(following.offset)
    return frozenset(found), frozenset(returning), frozenset(mid_line)


def after_writes(code, name):
    """Check points of a watched local ``name``: right after each instruction of ``code`` that writes it."""
    instructions = _instructions(code)
    pairs = []
    for write, following in zip(instructions, instructions[1:]):
        if write.opname in _LOCAL_WRITES:
            names = write.argval if isinstance(write.argval, tuple) else (write.argval,)
            if name in names:
                pairs.append((write, following))
    return _points(code, pairs)


def check_points(code):
    """Check points of globals, attributes and items in ``code``: after calls, non-local stores and yields, and
    where a handler starts."""
    instructions = _instructions(code)
    pairs = [(first, following) for first, following in zip(instructions, instructions[1:])
             if first.opname in _MAY_WRITE]
    pairs += [(None, handler) for handler in instructions if handler.opname == _HANDLER]
    return _points(code, pairs)


class DataTool(object):
    def __init__(self, engine):
        self.engine = engine
        self.tool = None
        self._armed = {}      # id(code) -> (code, mask) armed on this tool
        # Read by the callbacks without the lock, so replaced, never changed in place:
        self._offsets = {}    # id(code) -> offsets where values are compared
        self._returning = {}  # id(code) -> those of them that return
        self._mid_line = {}   # id(code) -> those of them in the middle of a line (reported at the next line)
        self._wide = frozenset()  # id(code) of the program's own code armed for globals, attributes and items
        self._points = {}     # (id(code), name or None) -> (code, (offsets, returning)): computed once per code
        self._lock = threading.RLock()

    def _acquire(self):
        tool = next((t for t in TOOL_CANDIDATES if M.get_tool(t) is None), None)
        if tool is None:
            raise EngineError("bugscope: sys.monitoring tool ids 2-5 are all in use; data breakpoints need one")
        M.use_tool_id(tool, "bugscope-data")
        M.register_callback(tool, E.LINE, self._line)
        M.register_callback(tool, E.INSTRUCTION, self._instruction)
        M.register_callback(tool, E.PY_RETURN, self._return)
        M.register_callback(tool, E.PY_YIELD, self._yield)
        M.register_callback(tool, E.PY_UNWIND, self._unwind)
        M.register_callback(tool, E.PY_START, self._start)
        M.register_callback(tool, E.PY_RESUME, self._start)
        self.tool = tool

    def stop(self):
        with self._lock:
            if self.tool is None:
                return
            M.set_events(self.tool, 0)
            for code, _mask in self._armed.values():
                M.set_local_events(self.tool, code, 0)
            self._armed.clear()
            self._offsets, self._returning, self._mid_line, self._wide = {}, {}, {}, frozenset()
            for event in (E.LINE, E.INSTRUCTION, E.PY_RETURN, E.PY_YIELD, E.PY_UNWIND, E.PY_START, E.PY_RESUME):
                M.register_callback(self.tool, event, None)
            M.free_tool_id(self.tool)
            self.tool = None

    def _points_of(self, code, name):
        key = (id(code), name)
        found = self._points.get(key)
        if found is None or found[0] is not code:
            found = self._points[key] = (code, after_writes(code, name) if name is not None else check_points(code))
        return found[1]

    # -- arming (server thread, or a program thread inside a callback) ----------------------------------------
    def changed(self):
        data = self.engine.data
        with self._lock:
            if self.tool is None:
                if data is None or not data.watches:
                    return
                self._acquire()
            plan = {}  # id(code) -> [code, mask, offsets, returning, mid_line]

            def add(code, mask, points):
                entry = plan.setdefault(id(code), [code, 0, frozenset(), frozenset(), frozenset()])
                entry[1] |= mask
                entry[2] |= points[0]
                entry[3] |= points[1]
                entry[4] |= points[2]

            for w in data.watches:
                target = w.target
                if target.kind == "local":
                    for code in (target.frame.f_code,) + tuple(target.writer_codes):
                        add(code, _LOCAL, self._points_of(code, target.name))
            wide = set()
            if data.user_wide:
                codes = [self._armed[key][0] for key in self._wide if key in self._armed]  # armed as they started
                if not self._wide:
                    codes += _program_code()  # PY_START DISABLEd what ran under an earlier one
                internal = self.engine._internal
                for ident, frame in sys._current_frames().items():
                    if ident in internal:
                        continue
                    while frame is not None:
                        if is_user_code(frame.f_code.co_filename):
                            codes.append(frame.f_code)
                        frame = frame.f_back
                for code in codes:
                    if id(code) in wide:
                        continue
                    wide.add(id(code))
                    if id(code) in plan:  # also a watched local's: its check points are all known now
                        add(code, _WIDE, self._points_of(code, None))
                    elif id(code) in self._wide and self._armed.get(id(code), (None, 0))[1] == _WIDE:
                        # armed the same way before: keep its check points (and what it DISABLEd)
                        plan[id(code)] = [code, _WIDE, self._offsets.get(id(code)), self._returning.get(id(code)),
                                          self._mid_line.get(id(code))]
                    else:  # its check points are found when it first runs (_lazy_points)
                        plan[id(code)] = [code, _WIDE, None, None, None]
            previous = self._offsets
            self._offsets = {key: entry[2] for key, entry in plan.items() if entry[2] is not None}
            self._returning = {key: entry[3] for key, entry in plan.items() if entry[3] is not None}
            self._mid_line = {key: entry[4] for key, entry in plan.items() if entry[4] is not None}
            self._wide = frozenset(wide)
            for key, (code, _mask) in list(self._armed.items()):
                if key not in plan:
                    M.set_local_events(self.tool, code, 0)
                    del self._armed[key]
            # This tool's global events first: changing them after its local INSTRUCTION events loses those (3.12.1
            # and 3.13.0, when another tool has global events), so every code object is armed again after a change.
            events = (E.PY_START | E.PY_RESUME if data.user_wide else 0) | (E.PY_UNWIND if data.local_frames else 0)
            rearm = M.get_events(self.tool) != events
            if rearm:
                M.set_events(self.tool, events)
            for key, (code, mask, offsets, _returning, _mid_line) in plan.items():
                armed = self._armed.get(key)
                if not rearm and armed is not None and armed[1] == mask and previous.get(key) == offsets:
                    continue
                self._arm(code, mask)

    def _arm(self, code, mask):
        M.set_local_events(self.tool, code, 0)  # forgets the lines and instructions DISABLEd before
        M.set_local_events(self.tool, code, mask)
        self._armed[id(code)] = (code, mask)

    # -- callbacks (program threads) ---------------------------------------------------------------------------
    def _start(self, code, offset):
        # Once per code object: DISABLE, for good. A later data breakpoint finds the code again (_program_code).
        try:
            if id(code) not in self._wide and is_user_code(code.co_filename):
                data = self.engine.data
                if data is not None and data.user_wide:
                    with self._lock:
                        if self.tool is not None and id(code) not in self._wide:
                            armed = self._armed.get(id(code))
                            if armed is not None:  # a watched local's code: its check points are known now
                                self._add_points(code, self._points_of(code, None))
                            self._wide = self._wide | {id(code)}
                            self._arm(code, _WIDE | (armed[1] if armed is not None else 0))
        except Exception as e:
            _report(e)
        return DISABLE

    def _add_points(self, code, points):
        """Adds check points of ``code`` (replacing the maps: the callbacks read them without the lock)."""
        key = id(code)
        self._offsets = _with(self._offsets, key, points[0])
        self._returning = _with(self._returning, key, points[1])
        self._mid_line = _with(self._mid_line, key, points[2])

    def _lazy_points(self, code):
        """The check points of the program's own code armed for globals, attributes and items, found the first
        time it runs; None for code that is not armed that way."""
        if id(code) not in self._wide:
            return None
        with self._lock:
            if id(code) in self._wide and id(code) not in self._offsets:
                self._add_points(code, self._points_of(code, None))
        return self._offsets.get(id(code))

    def _instruction(self, code, offset):
        offsets = self._offsets.get(id(code))
        if offsets is None:
            offsets = self._lazy_points(code)
        if offsets is None or offset not in offsets:
            return DISABLE  # nothing can have changed right before this instruction: not looked at again
        try:
            data = self.engine.data
            if data is not None and data.watches:
                key = id(code)  # (only the program's own code is armed here)
                data.check(None, sys._getframe(1), offset in self._returning.get(key, ()),
                           offset in self._mid_line.get(key, ()), True)
        except Exception as e:
            _report(e)
        return None

    def _line(self, code, line):
        # Only keeps the INSTRUCTION event of the line's first instruction when that is a check point (see the
        # module's docstring); the check itself is the INSTRUCTION event's.
        try:
            offsets = self._offsets.get(id(code))
            if offsets is None:
                offsets = self._lazy_points(code)
            if offsets is None or sys._getframe(1).f_lasti not in offsets:
                return DISABLE
        except Exception as e:
            _report(e)
        return None

    # Each callback reads its own caller's frame: sys._getframe(1) in a helper would be the callback's.
    def _return(self, code, offset, value):
        return self._left(sys._getframe(1), True)

    def _yield(self, code, offset, value):
        return self._left(sys._getframe(1), False)

    def _unwind(self, code, offset, exception):
        try:
            data = self.engine.data
            if data is not None and data.local_frames:
                frame = sys._getframe(1)
                if any(frame is watched for watched in data.local_frames):
                    self._left(frame, True)
        except Exception as e:
            _report(e)

    def _left(self, frame, finished):
        try:
            data = self.engine.data
            if data is not None and data.watches:
                data.left(None, frame, finished)
        except Exception as e:
            _report(e)
        return None


def _program_code():
    """Code objects of the program's own code that can run again: its functions' and generators' (with the code of
    the functions they define), found by the garbage collector."""
    return live_code_objects(lambda code: is_user_code(code.co_filename))


def _with(mapping, key, value):
    """A copy of ``mapping`` with ``value`` added to the set under ``key`` (callbacks read the old one meanwhile)."""
    copy = dict(mapping)
    copy[key] = copy.get(key, frozenset()) | value
    return copy


def _report(e):
    callback_failed("a data breakpoint callback", e)
