"""Step back's recording: the last lines each program thread ran in the program's own code, each with the locals
that changed since that frame's previous line, so that a stopped thread can be shown as it was N lines ago
(``history``). Off unless the client asks for it (attach argument ``stepBack``); nothing here runs otherwise.

Per thread a ring of entries ``(activation, line, changes, bytes)``, newest last: ``activation`` is one run of a
frame (from its call, or a generator's resume, to its return or yield) and knows its caller's activation and the
line the caller was on, so an entry's stack is rebuilt without storing it; ``changes`` is None or a flat tuple
``(name, snapshot, name, snapshot, ...)`` (``recorded_values``; ``pairs`` reads it): every local on an activation's
first line (an ``AllLocals``), then only those that changed. The ring holds at most ``max_entries`` entries and
about ``max_bytes`` bytes (estimated per snapshot); the oldest entries go first.

Which locals a line may have changed is read once per code object from its bytecode: the names a line stores or
deletes, and the locals a line with a call, a subscript or attribute store, or a ``with`` uses (a list appended
to, an object's attribute set). At the next line event of that frame those names only are compared with what was
last recorded: by identity, and for containers and objects with a ``__dict__`` by their snapshot. A line that
stores nothing (a condition, a call whose result is dropped) costs no look at the locals at all.

Events reach ``call``/``line``/``leave`` from the backends, only for the program's own code (``is_user_code``):
on 3.12+ from a ``sys.monitoring`` tool of its own (``recording_monitoring``); below, from the settrace backend's
trace function or the C tracer (``set_record_callbacks``), which then trace the program's frames and leave
library code untraced. While a thread is stopped its evaluations are not traced, so they are never recorded.

Where the native module builds, ``line`` runs in C (``native/recording.h``, with C ``Activation`` and
``ThreadRecording`` types that have the attributes of the classes here); it calls back into ``_first_line``,
``snapshot``, ``size_of`` and ``_recheck`` for what is not the common case. ``_line_recorder`` is the same line in
Python: the reference, and what runs without a compiler.
"""
import collections
import sys
import threading

from bugscope.diagnostics import log
from bugscope.suspension import EngineError
from bugscope.recorded_values import DELETED, MAX_TEXT, is_mutable, size_of, snapshot
from bugscope.visibility import is_user_code

DEFAULT_ENTRIES = 10000
DEFAULT_BYTES = 16 * 1024 * 1024
ENTRY_BYTES = 96         # an entry without changes: its tuple and the ring's slot
ACTIVATION_BYTES = 240   # an activation's own objects, charged to its first entry
_PLAIN = frozenset((int, float, complex, bool, type(None), str, bytes, range, tuple, frozenset))
_KEPT = frozenset((int, float, complex, bool, type(None), range))  # snapshot() keeps them as they are
_TEXTS = frozenset((str, bytes))
_CALLS = ("CALL", "WITH", "STORE_SUBSCR", "DELETE_SUBSCR", "STORE_ATTR", "DELETE_ATTR", "STORE_SLICE",
          "LOAD_METHOD")
_STORES = frozenset(("STORE_FAST", "STORE_NAME", "STORE_DEREF", "DELETE_FAST", "DELETE_NAME", "DELETE_DEREF",
                     "STORE_FAST_LOAD_FAST", "STORE_FAST_STORE_FAST", "STORE_FAST_MAYBE_NULL"))
_LOADS = frozenset(("LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_NAME", "LOAD_DEREF", "LOAD_CLASSDEREF",
                    "LOAD_FAST_LOAD_FAST", "LOAD_FROM_DICT_OR_DEREF"))


class AllLocals(tuple):
    """The changes of an activation's first entry: all its locals then."""

    __slots__ = ()


def pairs(changes):
    """(name, snapshot) of an entry's changes."""
    return zip(changes[0::2], changes[1::2])


class Activation(object):
    """One run of a frame. ``parent``: the activation of the nearest recorded caller, or None; ``call_line``: the
    line that caller was on. ``values``: what each local was when last looked at (for identity), dropped when
    the run ends; ``snaps``: each local's last snapshot; ``initial``: see ``Recorder._link``."""

    __slots__ = ("code", "name", "parent", "call_line", "rec", "watch", "line", "values", "snaps", "initial")

    def __init__(self, code, parent, call_line, rec, watch):
        self.code = code
        self.name = code.co_name
        self.parent = parent
        self.call_line = call_line
        self.rec = rec
        self.watch = watch
        self.line = None
        self.values = {}
        self.snaps = {}
        self.initial = None  # {name: snapshot} of a frame that was running when recording began, taken then


class ThreadRecording(object):
    """The ring of one program thread (see the module's docstring)."""

    __slots__ = ("ident", "entries", "bytes", "max_entries", "max_bytes", "evicted")

    def __init__(self, ident, max_entries, max_bytes):
        self.ident = ident
        self.entries = collections.deque()
        self.bytes = 0
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.evicted = 0

    def append(self, act, line, changes, size):
        entries = self.entries
        if len(entries) >= self.max_entries:
            self.bytes -= entries.popleft()[3]
            self.evicted += 1
        entries.append((act, line, changes, size))
        self.bytes += size
        if self.bytes > self.max_bytes:
            self.evict()

    def evict(self):
        entries = self.entries
        while entries and (len(entries) > self.max_entries or self.bytes > self.max_bytes):
            self.bytes -= entries.popleft()[3]
            self.evicted += 1


def watched_names(code):
    """{line: (names)}: per line, the locals whose value the line may change (see the module's docstring)."""
    import dis  # only recording sessions need it
    stores, loads, calls = {}, {}, set()
    line = code.co_firstlineno
    newer = sys.version_info >= (3, 13)  # starts_line became a bool; line_number holds the line
    for ins in dis.get_instructions(code):
        number = ins.line_number if newer else ins.starts_line
        if number is not None:
            line = number
        name = ins.opname
        if name in _STORES or name in _LOADS:
            names = ins.argval if isinstance(ins.argval, tuple) else (ins.argval,)
            target = stores if name in _STORES else loads
            target.setdefault(line, set()).update(n for n in names if isinstance(n, str))
        elif any(part in name for part in _CALLS):
            calls.add(line)
    watch = {}
    for line in set(stores) | calls:
        names = set(stores.get(line, ()))
        if line in calls:
            names.update(loads.get(line, ()))
        names.discard("__builtins__")
        if names:
            watch[line] = tuple(sorted(names))
    return watch


def _line_recorder(recorder):
    """The function that records one line, ``line(frame, number)``: the hot path of recording, so everything it
    uses is bound here. The common case (a known activation, its previous line stored one or two scalars) makes
    no other Python call."""
    acts_get = recorder._acts.get
    first_line = recorder._first_line
    keep, texts, plain = _KEPT, _TEXTS, _PLAIN

    def line(frame, number):
        act = acts_get(id(frame))
        if act is None or act.code is not frame.f_code or act.line is None:
            return first_line(frame, number)
        names = act.watch.get(act.line)
        act.line = number
        changes = None
        size = ENTRY_BYTES
        if names is not None:
            f_locals = frame.f_locals
            values = act.values
            for name in names:
                value = f_locals.get(name, DELETED)
                if values.get(name, DELETED) is value:
                    if value is DELETED or type(value) in plain or not is_mutable(value):
                        continue
                    snap = snapshot(value)
                    if snap == act.snaps.get(name, DELETED):
                        continue
                    size += 56 + size_of(snap)
                elif value is DELETED:
                    del values[name]
                    snap = DELETED
                    size += 64
                else:
                    values[name] = value
                    t = type(value)
                    if t in keep or (t in texts and len(value) <= MAX_TEXT):
                        snap = value
                        size += 64
                    else:
                        snap = snapshot(value)
                        size += 56 + size_of(snap)
                act.snaps[name] = snap
                changes = (name, snap) if changes is None else changes + (name, snap)
        # The ring (ThreadRecording), inline: this runs for every recorded line.
        rec = act.rec
        entries = rec.entries
        if len(entries) >= rec.max_entries:
            rec.bytes -= entries.popleft()[3]
            rec.evicted += 1
        entries.append((act, number, changes, size))
        rec.bytes += size
        if rec.bytes > rec.max_bytes:
            rec.evict()

    return line


def _recheck(act, name, value):
    """A container or object a line used (or stored again): its new snapshot if it changed, else None."""
    if not is_mutable(value):
        return None
    snap = snapshot(value)
    return None if snap == act.snaps.get(name, DELETED) else snap


class Recorder(object):
    """Records the program threads' lines (see the module's docstring). Events arrive on program threads; the
    reading side (``history``) runs on the server thread while the thread it reads is stopped."""

    def __init__(self, max_entries=DEFAULT_ENTRIES, max_bytes=DEFAULT_BYTES, native=None):
        self.max_entries = max(1, int(max_entries))
        self.max_bytes = max(1024, int(max_bytes))
        # native: the C tracer's module, whose recording.h records lines in C with its own Activation and
        # ThreadRecording types (the same attributes as the classes here); None: all in Python.
        self.native = native
        self.Activation = native.Activation if native is not None else Activation
        self.ThreadRecording = native.ThreadRecording if native is not None else ThreadRecording
        self.on = True
        self._acts = {}       # id(frame) -> Activation of every recorded frame that is running now
        self._threads = {}    # thread ident -> ThreadRecording
        self._watch = {}      # id(code) -> (code, watched_names(code))
        self._user = {}       # id(code) -> (code, is it the program's own code?)
        self.driver = None    # what feeds the events: recording_monitoring's tool, or a backend
        self.internal = ()    # idents of the tracer's own threads (the engine's set), never recorded
        # line(frame, number): a line of a recorded frame is about to run (the hot path: _line_recorder)
        self.line = _line_recorder(self)
        if native is not None:
            disable = sys.monitoring.DISABLE if sys.version_info >= (3, 12) else None
            native.recording_configure(self._acts, self._first_line, _recheck, snapshot, size_of, DELETED, disable)

    # -- which code ------------------------------------------------------------------------------------------
    def records(self, code):
        known = self._user.get(id(code))
        if known is not None and known[0] is code:
            return known[1]
        user = is_user_code(code.co_filename)
        self._user[id(code)] = (code, user)
        return user

    def _watch_of(self, code):
        known = self._watch.get(id(code))
        if known is not None and known[0] is code:
            return known[1]
        try:
            watch = watched_names(code)
        except Exception as e:  # a code object dis cannot read: every line compares every local it stores
            log("step back: cannot read the bytecode of %s: %s" % (code.co_name, e))
            watch = {}
        self._watch[id(code)] = (code, watch)
        return watch

    # -- events (program threads) ----------------------------------------------------------------------------
    def call(self, frame):
        """A recorded frame starts or resumes: a new activation. Returns it, or None when the frame is not
        recorded after all: a thread of the tracer's own, or code compiled from a string outside ``__main__``
        (a namedtuple's ``__new__``, for one: the program's own ``-c`` code is recorded)."""
        ident = threading.get_ident()
        rec = self._threads.get(ident)
        if rec is None:
            if ident in self.internal:
                return None
            rec = self._threads[ident] = self.ThreadRecording(ident, self.max_entries, self.max_bytes)
        code = frame.f_code
        if code.co_filename[:1] == "<" and frame.f_globals.get("__name__") != "__main__":
            self._user[id(code)] = (code, False)
            return None
        act = self.Activation(code, None, None, rec, self._watch_of(code))
        self._link(act, frame.f_back)
        self._acts[id(frame)] = act
        return act

    def _link(self, act, caller):
        """Makes the nearest recorded frame among ``caller`` and its callers ``act``'s parent. Such a frame that
        has no activation (it was running when recording began) gets one, with its locals as they are now."""
        acts = self._acts
        while caller is not None:
            parent = acts.get(id(caller))
            if parent is not None and parent.code is caller.f_code:
                break
            if self.records(caller.f_code) and caller.f_code.co_filename[:1] != "<":
                parent = self.Activation(caller.f_code, None, None, act.rec, self._watch_of(caller.f_code))
                parent.initial = dict((name, snapshot(value)) for name, value in list(caller.f_locals.items())
                                      if name != "__builtins__" and isinstance(name, str))
                acts[id(caller)] = parent
                self._link(parent, caller.f_back)
                break
            caller = caller.f_back
        if caller is not None:
            act.parent, act.call_line = parent, caller.f_lineno

    def _first_line(self, frame, line):
        """A line of a frame without an activation (one that was running when recording began), or the first
        line of an activation: all its locals."""
        act = self._acts.get(id(frame))
        if act is None or act.code is not frame.f_code:
            act = self.call(frame)
            if act is None:  # True: this code is never recorded (a monitoring tool DISABLEs the line)
                return not self.records(frame.f_code)
        act.line = line
        changes, size = self._all_locals(act, frame)
        act.rec.append(act, line, changes, size)

    def leave(self, frame):
        """A recorded frame returns, yields or unwinds: its activation ends (a resume starts a new one)."""
        act = self._acts.pop(id(frame), None)
        if act is not None:
            act.values = None  # the recorded snapshots stay; the frame's own objects are let go

    # -- the C tracer's callbacks (3.8-3.11): an error is logged, never raised into the program -----------------
    def frame_called(self, frame):
        try:
            self.call(frame)
        except Exception as e:
            report(e)

    def frame_line(self, frame):
        try:
            self.line(frame, frame.f_lineno)  # (the C tracer's line events come with f_lineno up to date)
        except Exception as e:
            report(e)

    def frame_left(self, frame):
        try:
            self.leave(frame)
        except Exception as e:
            report(e)

    # -- what changed ----------------------------------------------------------------------------------------
    def _all_locals(self, act, frame):
        values, snaps = act.values, act.snaps
        out = []
        size = ENTRY_BYTES + ACTIVATION_BYTES
        for name, value in list(frame.f_locals.items()):
            if name == "__builtins__" or not isinstance(name, str):
                continue
            values[name] = value
            snap = snaps[name] = snapshot(value)
            out += (name, snap)
            size += 56 + size_of(snap)
        return AllLocals(out), size

    # -- reading (server thread; the thread read is stopped) ---------------------------------------------------
    def recording_of(self, ident):
        return self._threads.get(ident)

    def activation_of(self, frame):
        act = self._acts.get(id(frame))
        return act if act is not None and act.code is frame.f_code else None

    def stats(self):
        """{entries, bytes, evicted, threads, maxEntries, maxBytes, recordedIn}: for tests and the benchmark."""
        recs = list(self._threads.values())
        return {"entries": sum(len(r.entries) for r in recs), "bytes": sum(r.bytes for r in recs),
                "evicted": sum(r.evicted for r in recs), "threads": len(recs),
                "maxEntries": self.max_entries, "maxBytes": self.max_bytes,
                "recordedIn": "C" if self.native is not None else "Python"}

    def clear(self):
        if self.native is not None:
            self.native.recording_configure(None, None, None, None, None, None, None)
        self._acts.clear()
        self._threads.clear()
        self._watch.clear()
        self._user.clear()


def report(e):
    log("internal error while recording for step back: %s: %s" % (type(e).__name__, e))


# -- switching it on and off (server thread) -------------------------------------------------------------------
def start(engine, max_entries=DEFAULT_ENTRIES, max_bytes=DEFAULT_BYTES):
    """Records the program's lines from now on; returns the Recorder (``engine.recorder``). Raises EngineError
    when this interpreter's tracing cannot record (a sys.monitoring tool id is missing). Called again while it
    records: new limits, for the threads recorded from then on."""
    recorder = getattr(engine, "recorder", None)
    if recorder is not None and recorder.on:
        recorder.max_entries, recorder.max_bytes = max(1, int(max_entries)), max(1024, int(max_bytes))
        return recorder
    backend = engine.backend
    if sys.version_info >= (3, 12):
        from bugscope import native_build
        native = native_build.load()[0]
    else:
        native = getattr(backend, "native", None) if hasattr(backend, "set_recorder") else None
    if native is not None and not hasattr(native, "recording_configure"):
        native = None
    recorder = Recorder(max_entries, max_bytes, native)
    recorder.internal = engine._internal
    if sys.version_info >= (3, 12):
        from bugscope.recording_monitoring import MonitoringRecording
        try:
            recorder.driver = MonitoringRecording(recorder)
        except EngineError:
            recorder.clear()
            raise
        recorder.driver.start()
    elif hasattr(backend, "set_recorder"):
        recorder.driver = backend
        backend.set_recorder(recorder)
    else:
        from bugscope.recording_settrace import SettraceRecording
        recorder.driver = backend
        backend.recorder = SettraceRecording(recorder, backend)
        backend.recorder.trace_running_frames(engine)
    engine.recorder = recorder
    return recorder


def stop(engine):
    """Recording ends and what it held is let go."""
    recorder = getattr(engine, "recorder", None)
    if recorder is None:
        return
    engine.recorder = None
    recorder.on = False
    driver = recorder.driver
    if sys.version_info >= (3, 12):
        driver.stop()  # the recording's own sys.monitoring tool is freed
    elif hasattr(driver, "set_recorder"):
        driver.set_recorder(None)  # the C tracer
    else:
        driver.recorder = None  # the settrace backend
    recorder.clear()
