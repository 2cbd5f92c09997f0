"""Inspection of stopped threads: frame ids, scopes, variables, evaluation, and changing values.

Runs on the server thread; anything that runs user code (reprs, evaluations, property getters, assignments) is
posted to the stopped thread as a Job and runs there under the watchdog's time limit. Handles (frame ids and
variable references) live exactly as long as the stop that gave them out.
"""
import collections
import sys
import threading
import time

from bugscope import expansion, inspection
from bugscope.evaluation import NO_VALUE, EvaluationError, assign, evaluate, set_local
from bugscope.suspension import EngineError, Job
from bugscope.threads import InternalThread
from bugscope.visibility import visible_frames
from bugscope.watchdog import Interrupted

FrameView = collections.namedtuple("FrameView", "id name path line")
# ``named``: DAP namedVariables, given only beside indexed ones (numpy arrays, DataFrames); ``lazy``: a property
# whose getter runs when the client expands it (DAP presentationHint.lazy).
VariableView = collections.namedtuple("VariableView", "name value type ref indexed evaluate_name named lazy",
                                      defaults=(0, False))
CANCELLED = "cancelled"  # the message DAP prescribes for the answer to a cancelled request
LAZY_TEXT = "(...)"


class _Node(object):
    """What a handle stands for. ``frame``/``frame_id``: the frame the value was reached from (new values for
    setVariable are evaluated there; the invalidated event names it). ``slots``: child name -> how to write it."""

    __slots__ = ("kind", "value", "expr", "frame", "frame_id", "slots")

    def __init__(self, kind, value, expr, frame, frame_id):
        self.kind, self.value, self.expr, self.frame, self.frame_id = kind, value, expr, frame, frame_id
        self.slots = {}


class _KeyName(object):
    """A dict key that is not a literal: named after the page is collected, by its repr under a time limit."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


class _ConsoleEvaluation(object):
    """A console evaluation running asynchronously, so that DAP ``cancel`` can reach it. Answered exactly once."""

    def __init__(self, reply):
        self._reply = reply
        self._lock = threading.Lock()
        self.answered = False
        self.cancelled = False
        self.guard = None

    def answer(self, success, body=None, message=None):
        with self._lock:
            if self.answered:
                return
            self.answered = True
        self._reply(success, body, message)


class Inspector(object):
    def __init__(self, engine):
        self._engine = engine
        self._handles = {}
        self._next_handle = 1
        self._console = {}  # request seq -> _ConsoleEvaluation still running

    def release(self, susp):
        """The stop ``susp`` ended: its handles are no longer valid. Called with the engine's lock held."""
        for handle in susp.handles:
            self._handles.pop(handle, None)

    def _new_handle(self, susp, node):
        with self._engine._lock:
            handle = self._next_handle
            self._next_handle += 1
            self._handles[handle] = (susp, node)
            susp.handles.append(handle)
        return handle

    def _lookup(self, handle, what):
        entry = self._handles.get(handle)
        if entry is None or entry[0].ts.suspension is not entry[0]:
            raise EngineError("bugscope: %s %s is not valid: its thread was running when it was given out, or has "
                              "resumed since" % (what, handle))
        return entry

    def stack(self, tid, start=0, levels=0):
        """([FrameView], total frames, running). A running thread is not waited for: its stack is read as it is
        at this moment (``running`` True), with frame ids that scopes and evaluate refuse."""
        ts = self._engine._thread(tid)
        susp = ts.suspension
        end = start + levels if levels else None
        if susp is None:
            frame = sys._current_frames().get(ts.ident)
            frames = visible_frames(frame) if frame is not None else []
            views = [FrameView(self.unregistered_id(), f.f_code.co_name, f.f_code.co_filename,
                               f.f_lineno or f.f_code.co_firstlineno) for f in frames[start:end]]
            return views, len(frames), True
        views = []
        for index in range(len(susp.frames))[start:end]:
            frame = susp.frames[index]
            fid = susp.frame_ids.get(index)
            if fid is None:
                fid = susp.frame_ids[index] = self._new_handle(susp, _Node("frame", frame, None, frame, None))
                self._handles[fid][1].frame_id = fid
            code = frame.f_code
            # line_of: a stop on an uncaught exception shows finished frames at their traceback's lines
            views.append(FrameView(fid, code.co_name, code.co_filename, susp.line_of(index)))
        return views, len(susp.frames), False

    def unregistered_id(self):
        """A fresh id that names nothing (a running thread's frame): lookups of it fail with a clear message."""
        with self._engine._lock:
            handle = self._next_handle
            self._next_handle += 1
        return handle

    def _frame(self, frame_id):
        susp, node = self._lookup(frame_id, "frame id")
        if node.kind != "frame":
            raise EngineError("bugscope: %s is not a frame id" % frame_id)
        return susp, node.value, frame_id

    def frame_of(self, frame_id):
        """(suspension, frame) of a frame id; EngineError if it is stale or not a frame id."""
        susp, frame, _fid = self._frame(frame_id)
        return susp, frame

    def frame_id(self, susp, frame):
        """The id of ``frame`` in the stop ``susp``: its call-stack id when the thread runs it, else one of its own
        for the rest of the stop (a suspended coroutine's frame, shown by bugscope/tasks and the logical stack),
        which scopes, variables and evaluate treat like any frame's."""
        key = next((i for i, f in enumerate(susp.frames) if f is frame), ("suspended", id(frame)))
        fid = susp.frame_ids.get(key)
        if fid is None:
            node = _Node("frame", frame, None, frame, None)
            fid = susp.frame_ids[key] = self._new_handle(susp, node)
            node.frame_id = fid
        return fid

    def _frame_or_top(self, frame_id):
        """A frame id's frame; without one, the top frame of the lowest-numbered stopped thread."""
        if frame_id is not None:
            return self._frame(frame_id)
        with self._engine._lock:
            stopped = [ts.suspension for ts in sorted(self._engine._by_id.values(), key=lambda t: t.id)
                       if ts.suspension]
        if not stopped:
            raise EngineError("bugscope: evaluate needs a stopped thread (pause the program first)")
        susp = stopped[0]
        if not susp.frames:
            return susp, susp.frame, None
        self.stack(susp.ts.id, 0, 1)
        return susp, susp.frames[0], susp.frame_ids[0]

    def scopes(self, frame_id):
        susp, frame, fid = self._frame(frame_id)
        return [("Locals", self._new_handle(susp, _Node("locals", None, None, frame, fid))),
                ("Globals", self._new_handle(susp, _Node("globals", None, None, frame, fid)))]

    # -- variables ----------------------------------------------------------------------------------------------
    def variables(self, ref, start=0, count=0, which=None, hex_ints=False):
        susp, node = self._lookup(ref, "variable reference")
        if node.kind == "frame":
            raise EngineError("bugscope: %s is a frame id, not a variable reference" % ref)
        budget = self._engine.eval_timeout
        watchdog = self._engine.watchdog

        def work():
            deadline = time.monotonic() + budget
            if node.kind == "lazy":
                return [self._read_property(susp, node, budget, hex_ints)]
            if node.kind in ("locals", "globals"):
                scope = node.frame.f_locals if node.kind == "locals" else node.frame.f_globals
                where = "local" if node.kind == "locals" else "global"
                items = [expansion.Child(k, v, k, (where, node.frame, k), False)
                         for k, v in list(scope.items()) if k != "__builtins__"]
                if node.kind == "locals" and susp.return_value is not None and susp.frames \
                        and node.frame is susp.frames[0]:
                    name, value = susp.return_value  # what the step just came back from (not an assignable name)
                    items.insert(0, expansion.Child("(return) %s" % name, value, None, None, False))
                items = items[start:start + count] if count else items[start:]
            else:
                try:
                    with watchdog.limit(budget):
                        items = expansion.children(node.value, start, count, node.expr, which, _KeyName)
                except Interrupted:
                    raise EngineError("bugscope: listing the children of this value timed out after %g s" % budget)
            items = self._name_keys(items, deadline)
            views = []
            for child in items:
                node.slots[child.name] = (child.slot, child.expr)
                remaining = deadline - time.monotonic()
                views.append(self._child_view(susp, node, child, min(1.0, budget / 4, remaining), hex_ints))
            return views

        return self._on_thread(susp, work, budget * 2 + 1.0)

    def _name_keys(self, items, deadline):
        seen = set(c.name for c in items if not isinstance(c.name, _KeyName))
        out = []
        for i, child in enumerate(items):
            if isinstance(child.name, _KeyName):
                limit = min(0.5, deadline - time.monotonic())
                name = inspection.key_text(child.name.key, self._engine.watchdog, limit)
                if name in seen:
                    name = "%s #%d" % (name, i)
                seen.add(name)
                child = child._replace(name=name)
            out.append(child)
        return out

    def _child_view(self, susp, parent, child, limit, hex_ints):
        if child.lazy:
            node = _Node("lazy", child.value, child.expr, parent.frame, parent.frame_id)
            node.slots[child.name] = (child.slot, child.expr)
            descriptor = type(expansion._class_attribute(type(child.value.owner), child.name)).__name__
            return VariableView(child.name, LAZY_TEXT, descriptor, self._new_handle(susp, node), 0, child.expr, 0, True)
        return self._view(susp, child.name, child.value, child.expr, limit, hex_ints, parent.frame, parent.frame_id)

    def _read_property(self, susp, node, limit, hex_ints):
        getter = node.value
        try:
            with self._engine.watchdog.limit(limit):
                value = getter.get()
        except Interrupted:
            return VariableView(getter.name, "<getter timed out after %g s>" % limit, "", 0, 0, node.expr)
        except BaseException as e:  # SystemExit from a getter is the getter's failure, not the program's exit
            return VariableView(getter.name, "<getter raised %s: %s>" % (type(e).__name__, inspection._message(e)),
                                type(e).__name__, 0, 0, node.expr)
        return self._view(susp, getter.name, value, node.expr, min(1.0, limit), hex_ints, node.frame, node.frame_id)

    def _view(self, susp, name, value, expr, repr_limit, hex_ints=False, frame=None, frame_id=None):
        plain = inspection.plain_text(value, hex_ints)
        if plain is not None:  # a number, a string…: no time limit, no children (large lists are mostly these)
            return VariableView(name, plain, type(value).__name__, 0, 0, expr)
        text = inspection.safe_repr(value, self._engine.watchdog, repr_limit, hex_ints)
        try:
            shape = expansion.shape(value)
        except Interrupted:
            raise
        except BaseException:  # a broken __len__ or numpy attribute: shown, not expanded
            shape = expansion.NOT_EXPANDABLE
        ref = 0
        if shape.indexed or shape.named:
            ref = self._new_handle(susp, _Node("value", value, expr, frame, frame_id))
        named = shape.named if shape.indexed else 0
        return VariableView(name, text, inspection.type_name(value), ref, shape.indexed, expr, named)

    # -- evaluation ---------------------------------------------------------------------------------------------
    def evaluate(self, frame_id, expression, context="repl", timeout=None, hex_ints=False, reply=None,
                 request_id=None):
        """Evaluates on the stopped thread and returns a VariableView. With ``reply(success, view, message)`` it
        returns at once and answers later (a console evaluation that ``cancel(request_id)`` can interrupt)."""
        susp, frame, fid = self._frame_or_top(frame_id)
        limit = timeout or self._engine.eval_timeout
        watchdog = self._engine.watchdog
        console = _ConsoleEvaluation(reply) if reply is not None else None

        def work():
            if console is not None and console.cancelled:
                raise EngineError(CANCELLED)
            try:
                with watchdog.limit(limit) as guard:
                    if console is not None:
                        console.guard = guard
                        if console.cancelled:  # cancelled between the check above and arming the limit
                            guard.expire()
                    value = evaluate(frame, expression, context)
            except Interrupted:
                if console is not None and console.cancelled:
                    raise EngineError(CANCELLED)
                raise EngineError("bugscope: evaluation timed out after %g s" % limit)
            except EvaluationError as e:
                raise EngineError(str(e))
            if value is NO_VALUE:
                return VariableView(expression, "", "", 0, 0, None)
            view = self._view(susp, expression, value, expression, min(1.0, limit), hex_ints, frame, fid)
            if context == "clipboard":
                view = view._replace(value=inspection.full_text(value, watchdog, limit))
            return view

        if console is None:
            return self._on_thread(susp, work, limit + 1.0)
        job = self._post(susp, work)
        self._console[request_id] = console

        def wait():
            try:
                if not job.done.wait(limit + 1.0):
                    console.answer(False, None, "bugscope: timed out after %g s; the thread is still busy with it"
                                   % (limit + 1.0))
                elif job.error is not None:
                    console.answer(False, None, str(job.error))
                else:
                    console.answer(True, job.result)
            finally:
                self._console.pop(request_id, None)

        InternalThread("evaluation", wait).start()
        return None

    def cancel_all(self):
        """The client went away: its console evaluations stop now (pure-Python code at once, code blocked in C
        when it returns), rather than holding their threads until their time limits."""
        for request_id in list(self._console):
            self.cancel(request_id)

    def cancel(self, request_id):
        """DAP cancel of a console evaluation: interrupt it and answer it with "cancelled". False if none runs."""
        console = self._console.get(request_id)
        if console is None:
            return False
        console.cancelled = True
        guard = console.guard
        if guard is not None:
            guard.expire()
        console.answer(False, None, CANCELLED)
        return True

    # -- changing values -------------------------------------------------------------------------------------
    def set_variable(self, ref, name, text, hex_ints=False):
        """DAP setVariable: ``text`` is evaluated in the frame the variable comes from, then stored.
        Returns (view of the new value, thread id, frame id)."""
        susp, node, slot, expr = self.child_slot(ref, name)
        if slot is None:
            raise EngineError("bugscope: %s cannot be changed: it is read-only (a tuple item, a set member, "
                              "or a property without a setter)" % name)
        if node.frame is None:
            raise EngineError("bugscope: %s has no frame to evaluate the new value in" % name)
        limit = self._engine.eval_timeout

        def work():
            with self._limit(limit):
                value = evaluate(node.frame, text, "set")
                kind, target, key = slot
                if kind == "local":
                    set_local(target, key, value)
                elif kind == "global":
                    target.f_globals[key] = value
                elif kind == "item":
                    target[key] = value
                else:
                    setattr(target, key, value)
            return self._view(susp, name, value, expr, min(1.0, limit), hex_ints, node.frame, node.frame_id)

        return self._on_thread(susp, work, limit + 1.0), susp.ts.id, node.frame_id

    def child_slot(self, ref, name):
        """(suspension, node, slot, evaluateName) of child ``name`` of variables reference ``ref``: ``slot`` says
        how it is written (expansion.Child.slot; None: read-only). A scope's names need not have been listed."""
        susp, node = self._lookup(ref, "variable reference")
        if node.kind == "frame":
            raise EngineError("bugscope: %s is a frame id, not a variable reference" % ref)
        slot, expr = node.slots.get(name, (None, None))
        if slot is None and node.kind in ("locals", "globals") and name not in node.slots:
            slot, expr = ("local" if node.kind == "locals" else "global", node.frame, name), name
        if slot is None and name not in node.slots:
            raise EngineError("bugscope: no variable %r under reference %s; ask for the variables first" % (name, ref))
        return susp, node, slot, expr

    def frame_or_top(self, frame_id):
        """(suspension, frame) of a frame id; without one, the top frame of the lowest-numbered stopped thread."""
        susp, frame, _fid = self._frame_or_top(frame_id)
        return susp, frame

    def set_expression(self, frame_id, expression, text, hex_ints=False):
        """DAP setExpression: ``expression = <text>`` in the frame. Returns (view, thread id, frame id)."""
        susp, frame, fid = self._frame_or_top(frame_id)
        limit = self._engine.eval_timeout

        def work():
            with self._limit(limit):
                value = evaluate(frame, text, "set")
                assign(frame, expression, value)
            return self._view(susp, expression, value, expression, min(1.0, limit), hex_ints, frame, fid)

        return self._on_thread(susp, work, limit + 1.0), susp.ts.id, fid

    def _limit(self, seconds):
        return _TranslatedLimit(self._engine.watchdog, seconds)

    def completions(self, frame_id, text):
        """[(label, kind, begin)] for the console text up to the cursor."""
        susp, frame, _fid = self._frame_or_top(frame_id)
        limit = self._engine.eval_timeout

        def work():
            with self._limit(limit):
                from bugscope import completion  # only the console asks (it imports re)
                return completion.complete(frame, text)

        return self._on_thread(susp, work, limit + 1.0)

    # -- running on the stopped thread ----------------------------------------------------------------------------
    def _post(self, susp, fn):
        job = Job(susp, fn)
        with self._engine._lock:
            if susp.resuming or susp.ts.suspension is not susp:
                raise EngineError("bugscope: thread %d is not stopped" % susp.ts.id)
            susp.ts.commands.put(job)
        return job

    def run_on_thread(self, susp, fn):
        """Runs ``fn`` on the stopped thread of ``susp`` (the engine's own jobs, e.g. exceptionInfo)."""
        return self._on_thread(susp, fn, self._engine.eval_timeout + 1.0)

    def _on_thread(self, susp, fn, limit):
        job = self._post(susp, fn)
        if not job.done.wait(limit):
            raise EngineError("bugscope: timed out after %g s; the thread is still busy with it" % limit)
        if job.error is not None:
            raise job.error
        return job.result


class _TranslatedLimit(object):
    """A watchdog limit whose expiry and evaluation errors become EngineErrors the user can read."""

    def __init__(self, watchdog, seconds):
        self._guard = watchdog.limit(seconds)
        self._seconds = seconds

    def __enter__(self):
        self._guard.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._guard.__exit__(exc_type, exc, tb)
        if exc_type is Interrupted:
            raise EngineError("bugscope: timed out after %g s" % self._seconds)
        if exc_type is not None and issubclass(exc_type, EvaluationError):
            raise EngineError(str(exc))
        if exc_type is not None and issubclass(exc_type, Exception) and not issubclass(exc_type, EngineError):
            raise EngineError("%s: %s" % (exc_type.__name__, exc))
        return False
