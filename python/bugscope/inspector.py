"""Inspection of stopped threads: frame ids, scopes, variables and evaluation.

Runs on the server thread; anything that runs user code (reprs, evaluations, property getters) is posted to
the stopped thread as a Job and runs there under the watchdog's time limit. Handles (frame ids and variable
references) live exactly as long as the stop that gave them out.
"""
import collections

from bugscope import inspection
from bugscope.evaluation import NO_VALUE, EvaluationError, evaluate
from bugscope.suspension import EngineError, Job
from bugscope.watchdog import Interrupted

FrameView = collections.namedtuple("FrameView", "id name path line")
VariableView = collections.namedtuple("VariableView", "name value type ref indexed evaluate_name")


class Inspector(object):
    def __init__(self, engine):
        self._engine = engine
        self._handles = {}
        self._next_handle = 1

    def release(self, susp):
        """The stop ``susp`` ended: its handles are no longer valid. Called with the engine's lock held."""
        for handle in susp.handles:
            self._handles.pop(handle, None)

    def _new_handle(self, susp, payload):
        with self._engine._lock:
            handle = self._next_handle
            self._next_handle += 1
            self._handles[handle] = (susp, payload)
            susp.handles.append(handle)
        return handle

    def _lookup(self, handle, what):
        entry = self._handles.get(handle)
        if entry is None or entry[0].ts.suspension is not entry[0]:
            raise EngineError("bugscope: %s %s is not valid: its thread has resumed since it was given out"
                              % (what, handle))
        return entry

    def stack(self, tid, start=0, levels=0):
        susp = self._engine._suspension(tid)
        end = start + levels if levels else None
        views = []
        for index in range(len(susp.frames))[start:end]:
            frame = susp.frames[index]
            fid = susp.frame_ids.get(index)
            if fid is None:
                fid = susp.frame_ids[index] = self._new_handle(susp, ("frame", frame))
            code = frame.f_code
            views.append(FrameView(fid, code.co_name, code.co_filename, frame.f_lineno or code.co_firstlineno))
        return views, len(susp.frames)

    def _frame(self, frame_id):
        susp, payload = self._lookup(frame_id, "frame id")
        if payload[0] != "frame":
            raise EngineError("bugscope: %s is not a frame id" % frame_id)
        return susp, payload[1]

    def scopes(self, frame_id):
        susp, frame = self._frame(frame_id)
        return [("Locals", self._new_handle(susp, ("locals", frame))),
                ("Globals", self._new_handle(susp, ("globals", frame)))]

    def variables(self, ref, start=0, count=0):
        susp, payload = self._lookup(ref, "variable reference")
        kind = payload[0]
        if kind == "frame":
            raise EngineError("bugscope: %s is a frame id, not a variable reference" % ref)
        repr_limit = min(1.0, self._engine.eval_timeout / 4)

        def work():
            if kind in ("locals", "globals"):
                frame = payload[1]
                scope = frame.f_locals if kind == "locals" else frame.f_globals
                items = [(k, v, k) for k, v in list(scope.items()) if k != "__builtins__"]
                items = items[start:start + count] if count else items[start:]
            else:
                items = inspection.children(payload[1], start, count, payload[2])
            return [self._view(susp, name, value, expr, repr_limit) for name, value, expr in items]

        return self._on_thread(susp, work, self._engine.eval_timeout * 2)

    def _view(self, susp, name, value, expr, repr_limit):
        plain = inspection.plain_text(value)
        if plain is not None:  # a number, a string…: no time limit, no children (large lists are mostly these)
            return VariableView(name, plain, type(value).__name__, 0, 0, expr)
        text = inspection.safe_repr(value, self._engine.watchdog, repr_limit)
        ref = self._new_handle(susp, ("value", value, expr)) if inspection.is_expandable(value) else 0
        return VariableView(name, text, inspection.type_name(value), ref, inspection.indexed_count(value), expr)

    def evaluate(self, frame_id, expression, context="repl", timeout=None):
        if frame_id is None:
            with self._engine._lock:
                stopped = [ts.suspension for ts in sorted(self._engine._by_id.values(), key=lambda t: t.id) if ts.suspension]
            if not stopped:
                raise EngineError("bugscope: evaluate needs a stopped thread (pause the program first)")
            susp, frame = stopped[0], stopped[0].frames[0] if stopped[0].frames else stopped[0].frame
        else:
            susp, frame = self._frame(frame_id)
        limit = timeout or self._engine.eval_timeout

        def work():
            try:
                with self._engine.watchdog.limit(limit):
                    value = evaluate(frame, expression, context)
            except Interrupted:
                raise EngineError("bugscope: evaluation timed out after %g s" % limit)
            except EvaluationError as e:
                raise EngineError(str(e))
            if value is NO_VALUE:
                return VariableView(expression, "", "", 0, 0, None)
            return self._view(susp, expression, value, expression, min(1.0, limit))

        return self._on_thread(susp, work, limit + 1.0)

    def _on_thread(self, susp, fn, limit):
        job = Job(susp, fn)
        with self._engine._lock:
            if susp.resuming or susp.ts.suspension is not susp:
                raise EngineError("bugscope: thread %d is not stopped" % susp.ts.id)
            susp.ts.commands.put(job)
        if not job.done.wait(limit):
            raise EngineError("bugscope: timed out after %g s; the thread is still busy with it" % limit)
        if job.error is not None:
            raise job.error
        return job.result
