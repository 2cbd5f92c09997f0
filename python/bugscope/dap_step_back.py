"""Step back in DAP (a part of ``dap.DapSession``): recording switched on per session, ``stepBack`` and
``reverseContinue``, ``bugscope/lastAssignment``, and the requests that answer from the recording while a thread
shows the past (docs/tracer-protocol.md, "Step back").

Recording (``recording``) starts when ``attach`` says ``stepBack: true`` (or on ``bugscope/stepBackRecording``);
``supportsStepBack`` is then announced in a ``capabilities`` event. A thread that steps back stays stopped where it
is: only what is shown moves (``history``). While it shows the past, ``stackTrace``, ``scopes``, ``variables``,
``evaluate`` and ``completions`` answer from the recording, read-only; ``setVariable``, ``setExpression``, ``goto``
and ``stepInTargets`` refuse; ``next``, ``stepIn`` and ``stepOut`` come back to the live stop without running
anything; ``continue`` comes back and continues. Past frame ids and variable references are fresh handles that
name nothing in the live inspector, valid until the thread resumes.
"""
import os

from bugscope import expansion, inspection, recording
from bugscope.dap_reply import After
from bugscope.history import NOT_RECORDED, History
from bugscope.recorded_values import PastValue
from bugscope.suspension import EngineError
from bugscope.watchdog import Interrupted

READ_ONLY = ("bugscope: this shows the past (%s): recorded values are read-only; step forward (F10) to come back "
             "to the live stop")
# Requests whose answer depends on whether a thread shows the past (routed through ``past_handler``).
_ROUTED = frozenset(("stackTrace", "scopes", "variables", "evaluate", "setVariable", "setExpression", "completions",
                     "stepInTargets", "goto", "next", "stepIn", "stepOut", "continue", "bugscope/tasks"))


class _HexRepr(inspection.SafeRepr):
    hex_ints = True


_REPR, _HEX_REPR = inspection.SafeRepr(), _HexRepr()


class StepBackRequests(object):
    # -- recording on and off -----------------------------------------------------------------------------------
    def recording_requested(self, args):
        """``attach``'s ``stepBack`` (with ``stepBackEntries``/``stepBackBytes``): starts recording. Returns what
        to do once the attach response is out (announce supportsStepBack), always answering True."""
        if args.get("stepBack") is not True:
            return lambda: True
        try:
            self._start_recording(args)
        except EngineError as e:
            problem = "%s\n" % e  # (``e`` is gone once the except clause ends)
            return lambda: self.output("important", problem) or True
        return lambda: self._announce_capability(True) or True

    def _start_recording(self, args):
        limits = {}
        for key, name in (("stepBackEntries", "max_entries"), ("stepBackBytes", "max_bytes")):
            value = args.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                limits[name] = value
        recording.start(self.engine, **limits)

    def _announce_capability(self, on):
        self.event("capabilities", {"capabilities": {"supportsStepBack": on}})

    def on_bugscope_stepBackRecording(self, args):
        """``{enabled?, stepBackEntries?, stepBackBytes?}``: switches recording on or off (announcing the change);
        without ``enabled`` only answers. The answer: ``{enabled, entries, bytes, evicted, maxEntries, maxBytes}``."""
        enabled = args.get("enabled")
        after = None
        if enabled is True:
            was_on = self.engine.recorder is not None
            self._start_recording(args)
            if not was_on:
                after = lambda: self._announce_capability(True) or True
        elif enabled is False and self.engine.recorder is not None:
            shown = [h for h in self._histories().values() if h.in_past and self._valid(h)]
            self._histories().clear()
            self._handles().clear()
            recording.stop(self.engine)

            def after():
                self._announce_capability(False)
                for history in shown:
                    history.go_live()
                    self._announce(history)
                return True
        recorder = self.engine.recorder
        body = dict(recorder.stats(), enabled=True) if recorder is not None else {"enabled": False}
        return After(body, after) if after is not None else body

    # -- moving through the past --------------------------------------------------------------------------------
    def on_stepBack(self, args):
        history = self._history(args.get("threadId"), create=True)
        history.step_back()
        return After(None, lambda: self._announce(history) or True)

    def on_reverseContinue(self, args):
        history = self._history(args.get("threadId"), create=True)
        history.reverse_continue(lambda code: self.engine.table.lines_for_code(code))
        return After(None, lambda: self._announce(history) or True)

    def on_bugscope_lastAssignment(self, args):
        """``{threadId, name, frameId?}``: shows the line that last assigned the local ``name`` of the frame
        (default: the top frame shown), at or before the position shown. Answers ``{line, value, stepsBack}``."""
        name = args.get("name")
        if not isinstance(name, str) or not name:
            raise EngineError("bugscope: bugscope/lastAssignment needs the 'name' of a local")
        tid = args.get("threadId")
        history = self._history(tid, create=True)
        frame_id = args.get("frameId")
        past = self._handles().get(frame_id) if frame_id is not None else None
        if past is not None and past[0] is history and past[1] == "frame":
            act, index = past[2].act, history.index
        elif history.in_past and frame_id is None:
            act, index = history.frames()[0].act, history.index
        else:
            if frame_id is not None:
                susp, frame = self.engine.inspector.frame_of(frame_id)
            else:
                susp, frame = history.susp, history.susp.frame
            if susp is not history.susp or frame is None:
                raise EngineError("bugscope: frame %s is not a frame of thread %s's stop" % (frame_id, tid))
            act = history.activation_for_live(frame)
            if act is None:
                raise EngineError("bugscope: %s is not recorded (only the program's own code is)"
                                  % frame.f_code.co_name)
            index = history.live
        target, line, value = history.last_assignment(name, act, index)
        history.index = min(target, history.live)
        body = {"line": line, "value": _text(value, False), "stepsBack": history.steps_back}
        return After(body, lambda: self._announce(history) or True)

    def _announce(self, history):
        """The stopped event that makes clients read the stack again: the past position, or the live stop."""
        susp = history.susp
        reason, _ids, description, text, all_threads = susp.event or ("step", [], None, None, True)
        body = {"reason": reason if not history.in_past else "step", "threadId": history.ts.id,
                "allThreadsStopped": all_threads}
        if history.in_past:
            description = text = history.description()
            body["past"] = {"stepsBack": history.steps_back, "of": history.live}
        if description:
            body["description"] = description
        if text or description:
            body["text"] = text or description
        self.event("stopped", body)

    # -- requests while a thread shows the past ---------------------------------------------------------------
    def past_handler(self, command):
        """The handler for ``command`` when some thread may show the past, else None (the usual one answers)."""
        if command not in _ROUTED or not getattr(self, "_step_back_histories", None):
            return None
        return lambda args: self._routed(command, args)

    def _routed(self, command, args):
        handles = self._handles()
        if command in ("stackTrace", "next", "stepIn", "stepOut", "continue", "goto", "bugscope/tasks"):
            history = self._history(args.get("threadId"))
            if history is not None and history.in_past:
                return getattr(self, "_past_" + command.replace("bugscope/", ""))(history, args)
        else:
            key = args.get("variablesReference") if command in ("variables", "setVariable") else args.get("frameId")
            entry = handles.get(key)
            if entry is not None and self._valid(entry[0]):
                return getattr(self, "_past_" + command)(entry, args)
            if entry is not None:
                raise EngineError("bugscope: %s %s is not valid: its thread has resumed since"
                                  % ("variable reference" if command in ("variables", "setVariable")
                                     else "frame id", key))
        return getattr(self, "on_" + command)(args)

    def _past_stackTrace(self, history, args):
        start, levels = int(args.get("startFrame") or 0), int(args.get("levels") or 0)
        frames = history.frames()
        shown = frames[start:start + levels] if levels else frames[start:]
        out = []
        for pf in shown:
            source = {"name": os.path.basename(pf.path)}
            if not (pf.path.startswith("<") and pf.path.endswith(">")):
                source["path"] = pf.path
            out.append({"id": self._handle(history, "frame", pf), "name": pf.name, "line": pf.line, "column": 1,
                        "source": source})
        return {"stackFrames": out, "totalFrames": len(frames)}

    def _past_scopes(self, entry, args):
        history, kind, pf = entry
        if kind != "frame":
            raise EngineError("bugscope: %s is not a frame id" % args.get("frameId"))
        return {"scopes": [{"name": "Locals", "presentationHint": "locals", "expensive": False,
                            "variablesReference": self._handle(history, "locals", pf)}]}

    def _past_variables(self, entry, args):
        history, kind, payload = entry
        hex_ints = _hex(args)
        start, count = int(args.get("start") or 0), int(args.get("count") or 0)
        if kind == "locals":
            items = history.locals_at(payload.act, payload.index)
            items = items[start:start + count] if count else items[start:]
            return {"variables": [self._variable(history, name, snap, name, hex_ints) for name, snap in items]}
        if kind != "value":
            raise EngineError("bugscope: %s is a frame id, not a variable reference" % args.get("variablesReference"))
        value, expr = payload
        which = args.get("filter") if args.get("filter") in ("indexed", "named") else None
        children = expansion.children(value, start, count, expr, which, lambda key: _text(key, False)[:200])
        return {"variables": [self._variable(history, c.name, c.value, c.expr, hex_ints) for c in children]}

    def _variable(self, history, name, value, expr, hex_ints):
        out = self._value_body(history, value, expr, hex_ints, "value")
        out["name"] = name
        if expr:
            out["evaluateName"] = expr
        out["presentationHint"] = {"attributes": ["readOnly"]}
        return out

    def _value_body(self, history, value, expr, hex_ints, key):
        out = {key: _text(value, hex_ints), "type": inspection.type_name(value) if value is not NOT_RECORDED else ""}
        ref = 0
        try:
            shape = expansion.shape(value)
        except Exception:
            shape = expansion.NOT_EXPANDABLE
        if shape.indexed or shape.named:
            ref = self._handle(history, "value", (value, expr))
            if shape.indexed:
                out["indexedVariables"] = shape.indexed
                if shape.named:
                    out["namedVariables"] = shape.named
        out["variablesReference"] = ref
        return out

    def _past_evaluate(self, entry, args):
        history, kind, pf = entry
        expression = args.get("expression")
        if kind != "frame" or not isinstance(expression, str):
            raise EngineError("bugscope: evaluate needs an 'expression' and a frame id")
        names = {name: snap for name, snap in history.locals_at(pf.act, pf.index) if snap is not NOT_RECORDED}
        value = _evaluate_recorded(self.engine, history, expression, names, READ_ONLY % history.description())
        body = self._value_body(history, value, expression, _hex(args), "result")
        if args.get("context") == "clipboard":
            body["result"] = _text(value, False, inspection.CLIPBOARD_CHARS)
        return body

    def _past_setVariable(self, entry, args):
        raise EngineError(READ_ONLY % entry[0].description())

    _past_setExpression = _past_setVariable

    def _past_stepInTargets(self, entry, args):
        raise EngineError(READ_ONLY % entry[0].description())

    def _past_completions(self, entry, args):
        history, kind, pf = entry
        text, column = args.get("text"), args.get("column")
        if kind != "frame" or not isinstance(text, str) or not isinstance(column, int):
            raise EngineError("bugscope: completions needs 'text' and 'column'")
        base = 1 if getattr(self, "client", {}).get("columnsStartAt1", True) is not False else 0
        line = text.split("\n")[min(max(int(args.get("line") or 1), 1), text.count("\n") + 1) - 1]
        cursor = max(0, min(column - base, len(line)))
        begin = cursor
        while begin > 0 and (line[begin - 1].isalnum() or line[begin - 1] == "_"):
            begin -= 1
        prefix = line[begin:cursor]
        names = [name for name, _snap in history.locals_at(pf.act, pf.index) if name.startswith(prefix)]
        return {"targets": [{"label": n, "text": n, "type": "variable", "start": begin, "length": cursor - begin}
                            for n in sorted(names)]}

    def _past_goto(self, history, args):
        raise EngineError(READ_ONLY % history.description())

    def _past_tasks(self, history, args):
        return {"tasks": [], "message": "asyncio tasks are not recorded: this shows the past (%s)"
                % history.description()}

    def _past_next(self, history, args):
        """Any step forward from the past comes back to the live stop; nothing runs."""
        self.engine.require_stopped(history.ts.id)
        history.go_live()
        return After(None, lambda: self._announce(history) or True)

    _past_stepIn = _past_stepOut = _past_next

    def _past_continue(self, history, args):
        history.go_live()
        return self.on_continue(args)

    # -- bookkeeping ------------------------------------------------------------------------------------------
    def _histories(self):
        histories = getattr(self, "_step_back_histories", None)
        if histories is None:
            histories = self._step_back_histories = {}
        return histories

    def _handles(self):
        handles = getattr(self, "_step_back_handles", None)
        if handles is None:
            handles = self._step_back_handles = {}
        return handles

    @staticmethod
    def _valid(history):
        susp = history.susp
        return history.ts.suspension is susp and not susp.resuming

    def _history(self, tid, create=False):
        """The History of thread ``tid``'s current stop; with ``create``, made when needed (the thread must be
        stopped and recording on)."""
        histories = self._histories()
        history = histories.get(tid)
        if history is not None and not self._valid(history):
            self._forget(tid)
            history = None
        if history is None and create:
            recorder = self.engine.recorder
            if recorder is None:
                raise EngineError("bugscope: step back needs recording, which is off in this session (attach with "
                                  "stepBack: true, or send bugscope/stepBackRecording {enabled: true})")
            self.engine.require_stopped(tid)
            susp = self.engine._suspension(tid)
            history = histories[tid] = History(recorder, susp.ts, susp)
        return history

    def _forget(self, tid):
        history = self._histories().pop(tid, None)
        if history is not None:
            handles = self._handles()
            for handle in [h for h, entry in handles.items() if entry[0] is history]:
                del handles[handle]

    def _handle(self, history, kind, payload):
        handle = self.engine.inspector.unregistered_id()  # from the inspector's counter: never a live handle
        self._handles()[handle] = (history, kind, payload)
        return handle


for _name in ("stepBackRecording", "lastAssignment"):
    setattr(StepBackRequests, "on_bugscope/" + _name, getattr(StepBackRequests, "on_bugscope_" + _name))
    delattr(StepBackRequests, "on_bugscope_" + _name)


def _text(value, hex_ints, limit=inspection.MAX_VALUE_CHARS):
    """A recorded value as text: its snapshot holds built-in values and our own classes only, so no time limit."""
    plain = inspection.plain_text(value, hex_ints)
    if plain is not None:
        return plain
    if isinstance(value, PastValue):
        text = str.__str__(value)
    else:
        try:
            text = (_HEX_REPR if hex_ints else _REPR).repr(value)
        except Exception as e:
            text = inspection.raised_text(e)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _evaluate_recorded(engine, history, expression, names, refusal):
    """An expression over the recorded locals only (no builtins, no calls), on the stopped thread under the
    evaluation time limit: the recorded values are plain built-in values, so only operators run."""
    import ast
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as e:
        raise EngineError("SyntaxError: %s" % e.msg)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.Lambda)) \
                or type(node).__name__ == "NamedExpr":
            raise EngineError(refusal.replace("recorded values are read-only",
                                              "expressions see the recorded locals only, without calls"))
    code = compile(tree, "<past>", "eval", dont_inherit=True)
    limit = engine.eval_timeout

    def work():
        try:
            with engine.watchdog.limit(limit):
                return eval(code, {"__builtins__": {}}, names)
        except Interrupted:
            raise EngineError("bugscope: evaluation timed out after %g s" % limit)
        except NameError as e:
            raise EngineError("NameError: %s (only the recorded locals of this frame are known in the past)" % e)
        except Exception as e:
            raise EngineError("%s: %s" % (type(e).__name__, e))

    return engine.inspector.run_on_thread(history.susp, work)


def _hex(args):
    fmt = args.get("format")
    return isinstance(fmt, dict) and fmt.get("hex") is True
