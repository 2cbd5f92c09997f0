"""Data breakpoints: stop when a watched value changes (DAP ``dataBreakpointInfo`` / ``setDataBreakpoints``,
access type "write"). A part of the engine: it knows nothing about DAP (``dap_data`` maps the requests).

How a change is seen: where armed code may just have changed a watched binding, it is read (``data_targets``:
C-level reads only) and compared with the value seen at the last check (``is`` first, then ``==`` for plain
values); a difference is a change made by the code that ran since. The thread stops on the line after the write
(reason "data breakpoint", ``description`` "x changed: 1 → 2"), or, when the write was the last thing a function
did, in its caller right after the call returned.

Which code is armed, so that the cost stays bounded:
* a local: only its frame (and the closures that can rebind it with ``nonlocal``); nothing else can write it.
* a global, an attribute or a container item: any code can write those, so the program's own code
  (``visibility.is_user_code``) is armed: its running frames when the breakpoint is set, and every function
  that starts or resumes while it is set. Writes made by library or C code are seen when the program's own code
  next checks. The standard library and installed packages stay untraced.
Where armed code checks is the backends' part, from the plan here (``local_frames``, ``writer_ids``,
``user_wide``): on 3.12+ right after the instructions that can write (a tool of its own, ``data_monitoring``),
on 3.8-3.11 at every line, return and yield (the C tracer's armed frames, or f_trace).

A breakpoint whose frame returned, or whose object or container was freed, reports itself unverified through
``Listener.data_breakpoint_changed`` and never hits again. Changes made while the program is stopped (setVariable,
the console) are taken as the new value when it resumes: they do not stop.
"""
import threading

from bugscope.conditions import BreakpointSpecError, compile_condition, parse_hit_condition
from bugscope.data_targets import GONE, MISSING, changed, target_for_expression, target_for_slot
from bugscope.suspension import EngineError
from bugscope.visibility import called_by_tracer, is_step_barrier, is_user_code

REASON = "data breakpoint"
_VALUE_CHARS = 80


class DataBreakpoint(object):
    """One data breakpoint the client set. ``last``: the value seen at the last check."""

    __slots__ = ("id", "data_id", "target", "condition_text", "condition", "hit_condition", "hit_test", "hits",
                 "last", "verified", "message", "condition_failed")

    def __init__(self, bp_id, data_id, target, condition, hit_condition):
        """Raises BreakpointSpecError for a condition or hit count that cannot be used."""
        self.id = bp_id
        self.data_id = data_id
        self.target = target
        self.condition_text = condition
        self.condition = compile_condition(condition) if condition else None
        self.hit_condition = hit_condition
        self.hit_test = parse_hit_condition(hit_condition) if hit_condition else None
        self.hits = 0
        self.last = MISSING
        self.verified = True
        self.message = None
        self.condition_failed = False


class _GoneNotice(object):
    """The weakref callback of a target's object: made before the target, told the target once it exists."""

    def __init__(self, owner):
        self.owner = owner
        self.target = None

    def __call__(self):
        if self.target is not None:
            self.owner.target_gone(self.target)


class DataBreakpoints(object):
    def __init__(self, engine):
        self.engine = engine
        self.watches = ()       # the live breakpoints; read by check() on program threads without the lock
        self._all = []          # every breakpoint the client set, in its order (those gone too)
        self._candidates = {}   # dataId -> (target, suspension): answered by dataBreakpointInfo, not set (yet)
        self._by_key = {}       # target.key -> dataId, so asking twice for one binding gives one dataId
        self._serial = 0
        self._lock = threading.RLock()
        self._replan = False    # the plan changed off a program thread (a weakref callback): re-arm at a check
        self.deferred = {}      # thread ident -> (description, ids) of a stop deferred to the next line (_defer)
        # The arming plan the backends read (see the module docstring).
        self.local_frames = ()
        self.writer_codes = ()
        self.writer_ids = frozenset()
        self.user_wide = False

    # -- what the client can watch (server thread; the target is made on the stopped thread) ------------------
    def info_for_variable(self, ref, name):
        """(dataId, description) for child ``name`` of variables reference ``ref``. Raises EngineError."""
        susp, node, slot, label = self.engine.inspector.child_slot(ref, name)
        if susp.dead:
            raise EngineError("bugscope: the frames of this stop have finished running; nothing in them can change")
        return self._candidate(susp, lambda notice: target_for_slot(slot, name, label or name, notice))

    def info_for_expression(self, frame_id, expression):
        """(dataId, description) for an expression (a name, ``a.b`` or ``a[k]``) in frame ``frame_id``."""
        from bugscope.evaluation import EvaluationError, evaluate
        susp, frame = self.engine.inspector.frame_or_top(frame_id)
        if susp.dead:
            raise EngineError("bugscope: the frames of this stop have finished running; nothing in them can change")

        def value_of(text):
            try:
                with self.engine.watchdog.limit(self.engine.eval_timeout):
                    return evaluate(frame, text, "watch")
            except EvaluationError as e:
                raise EngineError(str(e))

        return self._candidate(susp, lambda notice: target_for_expression(frame, expression, value_of, notice))

    def _candidate(self, susp, make):
        notice = _GoneNotice(self)
        target = self.engine.inspector.run_on_thread(susp, lambda: make(notice))
        notice.target = target
        with self._lock:
            data_id = self._by_key.get(target.key)
            if data_id is not None and (data_id in self._candidates or self._watch(data_id) is not None):
                target.release()
                return data_id, target.describe()
            self._serial += 1
            data_id = "%s:%d" % (target.kind, self._serial)
            self._candidates[data_id] = (target, susp)
            self._by_key[target.key] = data_id
        return data_id, target.describe()

    def _watch(self, data_id):
        return next((w for w in self._all if w.data_id == data_id), None)

    # -- setting (server thread) ----------------------------------------------------------------------------
    def set(self, specs):
        """``specs``: [(dataId, accessType, condition, hitCondition)], replacing the earlier set. Returns
        [(id, verified, message)] in the same order."""
        results = []
        with self._lock:
            before = {w.data_id: w for w in self._all}
            kept, taken = [], set()
            for data_id, access, condition, hit_condition in specs:
                bp_id = self.engine.table.new_id()
                if access not in (None, "write"):
                    results.append((bp_id, False, "only 'write' data breakpoints (break when the value changes) "
                                                  "are supported, not %r" % access))
                    continue
                if data_id in taken:
                    results.append((bp_id, False, "this data breakpoint is already set"))
                    continue
                earlier = before.get(data_id)
                if earlier is not None and (earlier.condition_text, earlier.hit_condition) == (condition, hit_condition):
                    kept.append(earlier)  # the same breakpoint again: its id, hit count and snapshot stay
                    taken.add(data_id)
                    results.append((earlier.id, earlier.verified, earlier.message))
                    continue
                target = earlier.target if earlier is not None else self._candidates.get(data_id, (None,))[0]
                if target is None:
                    results.append((bp_id, False, "%s is not available any more: ask for it again (its dataId came "
                                                  "from a stop that has ended)" % data_id))
                    continue
                try:
                    w = DataBreakpoint(bp_id, data_id, target, condition, hit_condition)
                except BreakpointSpecError as e:
                    results.append((bp_id, False, str(e)))
                    continue
                w.last = target.read()
                if earlier is not None and not earlier.verified:
                    w.verified, w.message = False, earlier.message
                elif w.last is GONE:
                    w.verified, w.message = False, target.gone_message()
                self._candidates.pop(data_id, None)
                kept.append(w)
                taken.add(data_id)
                results.append((w.id, w.verified, w.message))
            for data_id, w in before.items():
                if data_id not in taken:
                    self._forget(w.target, data_id)
            self._all = kept
            self.watches = tuple(w for w in kept if w.verified)
        self._apply_plan()
        return results

    def clear(self):
        """The client went away (or the process forked): no data breakpoints, nothing armed."""
        with self._lock:
            for data_id, w in [(w.data_id, w) for w in self._all]:
                self._forget(w.target, data_id)
            for data_id, (target, _susp) in list(self._candidates.items()):
                self._forget(target, data_id)
            self._all, self.watches, self._candidates, self.deferred = [], (), {}, {}
        self._apply_plan()

    def _forget(self, target, data_id):
        if self._by_key.get(target.key) == data_id:
            del self._by_key[target.key]
        target.release()

    def resumed(self, susp):
        """The stop ``susp`` ends (on its thread): the dataIds it answered that did not become breakpoints are
        dropped, and the snapshots are read again, so that what the user changed while stopped is no change."""
        if not self._candidates and not self.watches:
            return
        with self._lock:
            for data_id, (target, where) in list(self._candidates.items()):
                if where is susp:
                    del self._candidates[data_id]
                    self._forget(target, data_id)
        for w in self.watches:
            value = w.target.read()
            if value is GONE:
                self._gone(w)
            else:
                w.last = value

    # -- arming ---------------------------------------------------------------------------------------------
    def _apply_plan(self):
        frames, writers, wide = [], {}, False
        for w in self.watches:
            target = w.target
            if target.kind == "local":
                frames.append(target.frame)
                for code in target.writer_codes:
                    writers[id(code)] = code
            else:
                wide = True
        self._replan = False
        self.local_frames, self.writer_codes, self.writer_ids = tuple(frames), tuple(writers.values()), frozenset(writers)
        self.user_wide = wide
        arm = getattr(self.engine.backend, "data_changed", None)  # (the post-mortem backend arms nothing)
        if arm is not None:
            arm()

    def wants_code(self, code):
        """Do new frames of ``code`` need line and return events?"""
        return id(code) in self.writer_ids or (self.user_wide and is_user_code(code.co_filename))

    def wants_frame(self, frame):
        """Does this (running) frame need line and return events?"""
        for watched in self.local_frames:
            if frame is watched:
                return True
        code = frame.f_code  # (wants_code, inlined: this runs at every line of armed frames on 3.8-3.11)
        return id(code) in self.writer_ids or (self.user_wide and is_user_code(code.co_filename))

    # -- checking (program threads, from the backends' line, return and yield events) ------------------------
    def check(self, ts, frame, leaving=False, deferred=False, program_code=False):
        """A check point of ``frame``: a line event, or (3.12+) right after an instruction that may have written.
        ``leaving``: it returns or yields; ``deferred``: it is mid-line, so a change is reported at the next line
        (``_defer``). ``ts``: the thread's state, or None (looked up only when something changed);
        ``program_code``: the caller knows the frame runs the program's own code.
        Returns True if the thread stopped. The hot path: one read and one ``is`` per watched value this frame
        could have changed."""
        if self._replan:
            self._apply_plan()
        hits = None
        for w in self.watches:
            target = w.target
            watched = target.frame
            if watched is frame:
                value = frame.f_locals.get(target.name, MISSING)  # (LocalTarget.read, inlined)
            elif watched is None:
                if not (program_code or is_user_code(frame.f_code.co_filename)):
                    continue
                value = target.read()
            elif target.writer_ids and id(frame.f_code) in target.writer_ids:
                value = target.read()
            else:
                continue
            last = w.last
            if value is last:
                continue
            if not changed(last, value):
                w.last = value  # an equal value in another object: no change; keep the object bound now
                continue
            with self._lock:
                if w.last is not last:
                    continue  # another thread saw this change first
                w.last = value
            if value is GONE:
                self._gone(w)
                continue
            if hits is None:
                hits = []
            hits.append((w, last, value))
        if hits is None:
            return False
        if ts is None:
            engine = self.engine
            ts = engine._by_ident.get(threading.get_ident()) or engine.thread_state()
            if ts is None:
                return False
            ts.reporter = "data"  # the data breakpoints' own monitoring tool (3.12+) is reporting
        if ts.suspension is not None:
            return False
        return self._hit(ts, frame, hits, leaving, deferred)

    def left(self, ts, frame, finished):
        """``frame`` returns or yields (``finished``: it returns or unwinds). Checks what it may have changed last;
        a watched local of a frame that finished is gone. Returns True if the thread stopped."""
        stopped = self.check(ts, frame, leaving=True) if self.watches else False
        if finished and any(frame is watched for watched in self.local_frames):
            for w in self.watches:
                if w.target.frame is frame:
                    self._gone(w)
            self._apply_plan()
        return stopped

    def _hit(self, ts, frame, hits, leaving, deferred=False):
        if called_by_tracer(frame):
            return False
        stopping, problems = [], []
        for w, old, new in hits:
            w.hits += 1
            if w.hit_test is not None and not w.hit_test(w.hits):
                continue
            if w.condition is not None and not self._condition_holds(w, frame, old, new, problems):
                continue
            stopping.append((w, old, new))
        if not stopping:
            return False
        description = "; ".join("%s changed: %s → %s" % (w.target.label, self._text(old), self._text(new))
                                for w, old, new in stopping)
        if problems:
            description += " (%s)" % "; ".join(problems)
        ids = [w.id for w, _old, _new in stopping]
        if deferred:
            return self._defer(ts, frame, description, ids)
        where, in_caller = frame, False
        caller = frame.f_back
        if leaving and caller is not None and not is_step_barrier(caller) and not called_by_tracer(caller):
            # The write was the last thing this function did: stop in its caller, right after the call returned
            # (the line after the write), as the end of a step out does.
            where, in_caller = caller, True
            self.engine.backend.trace_frame(caller)
        self.engine.stop(ts, where, REASON, in_caller=in_caller, description=description, hits=ids)
        return True

    # -- deferred stops (3.12+) ------------------------------------------------------------------------------
    def _defer(self, ts, frame, description, ids):
        """The change was seen mid-line (right after the write, at the jump that ends a loop body, which still has
        the write's line): the thread steps over to the next line of ``frame`` (or returns to its caller), and that
        step's stop is this data breakpoint's (``pending_stop``)."""
        self.deferred[ts.ident] = (description, ids)
        ts.mode, ts.step_frame, ts.step_target = "over", frame, None
        self.engine.backend.run_control_changed()
        return False

    def pending_stop(self, ts, reason, description, hits):
        """Called by Engine.stop: a step's stop that ends a deferred data breakpoint stop becomes it; any other stop
        of the thread drops it (the thread stopped on that line anyway)."""
        pending = self.deferred.pop(ts.ident, None)
        if pending is None or reason != "step":
            return reason, description, hits
        return REASON, pending[0], pending[1]

    def _condition_holds(self, w, frame, old, new, problems):
        """The condition runs in the frame where the change was seen, with ``old`` and ``new`` bound to the two
        values (hiding locals of those names in the condition only). One that raises stops once and says why."""
        scope = dict(frame.f_locals)
        scope["old"], scope["new"] = old, new
        try:
            return bool(eval(w.condition, frame.f_globals, scope))
        except Exception as e:
            if w.condition_failed:
                return False
            w.condition_failed = True
            problems.append("its condition %r raised %s: %s" % (w.condition_text, type(e).__name__, e))
            self.engine.listener.output("console", "bugscope: the condition %r of the data breakpoint on %s raised "
                                        "%s: %s; stopped once so you can fix it.\n"
                                        % (w.condition_text, w.target.label, type(e).__name__, e))
            return True

    def _text(self, value):
        if value is MISSING:
            return "<not set>"
        from bugscope.inspection import safe_repr
        text = safe_repr(value, self.engine.watchdog, 0.5)
        return text if len(text) <= _VALUE_CHARS else text[:_VALUE_CHARS - 3] + "..."

    # -- gone ---------------------------------------------------------------------------------------------------
    def target_gone(self, target):
        """A watched object was freed (a weakref callback, on whatever thread freed it)."""
        for w in self.watches:
            if w.target is target:
                self._gone(w)

    def _gone(self, w):
        with self._lock:
            if not w.verified:
                return
            w.verified, w.message = False, w.target.gone_message()
            w.target.release()
            self.watches = tuple(x for x in self.watches if x is not w)
            self._replan = True  # re-armed at the next check, on a program thread
        self.engine.listener.data_breakpoint_changed(w.id, False, w.message)
