"""DAP requests that inspect a stopped program: frames, scopes, variables, evaluation, changing values,
completions, modules and sources (a part of ``dap.DapSession``). The work itself is the engine's inspector's."""
import os
import sys

from bugscope.dap_reply import After, Later
from bugscope.dap_tasks import awaiting_rows, tasks_body
from bugscope.engine import EngineError
from bugscope.visibility import is_hidden, is_user_code


class InspectionRequests(object):
    def on_loadedSources(self, args):
        """The program's source files: its script (known before it runs) and every module loaded from a file."""
        paths = set()
        if self.engine.program_path:
            paths.add(self.engine.program_path)
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if isinstance(path, str) and path.endswith(".py") and not is_hidden(path):
                paths.add(os.path.abspath(path))
        return {"sources": [{"name": os.path.basename(p), "path": p} for p in sorted(paths)]}

    def on_stackTrace(self, args):
        tid, start, levels = args.get("threadId"), int(args.get("startFrame") or 0), int(args.get("levels") or 0)
        views, total, running = self.engine.inspector.stack(tid, start, levels)
        frames = []
        if running:  # answered at once, never waiting for the thread: where it is now, not inspectable
            if start == 0:
                frames.append({"id": self.engine.inspector.unregistered_id(), "line": 0, "column": 0,
                               "name": "running: its stack at this moment (pause it to inspect)",
                               "presentationHint": "label"})
                views = views[:levels - 1] if levels else views
            else:  # frame ``start`` of the answer is frame ``start - 1`` of the thread
                views, total, running = self.engine.inspector.stack(tid, start - 1, levels)
            total += 1
        for v in views:
            source = {"name": os.path.basename(v.path)}
            if not (v.path.startswith("<") and v.path.endswith(">")):
                source["path"] = v.path
            frame = {"id": v.id, "name": v.name, "line": v.line, "column": 1, "source": source}
            if not is_user_code(v.path):  # library code: clients may fold these frames away
                frame["presentationHint"] = "subtle"
                source["presentationHint"] = "deemphasize"
            frames.append(frame)
        if not running:  # a stop in an asyncio task: the tasks awaiting it follow its frames
            frames, total = awaiting_rows(self.engine, tid, start, levels, frames, total)
        return {"stackFrames": frames, "totalFrames": total}

    def on_bugscope_tasks(self, args):
        """The asyncio tasks of a stopped thread's event loop, with their await chains (dap_tasks)."""
        return tasks_body(self.engine, args.get("threadId"))

    def on_scopes(self, args):
        scopes = []
        for name, ref in self.engine.inspector.scopes(args.get("frameId")):
            scope = {"name": name, "variablesReference": ref, "expensive": False}
            if name == "Locals":
                scope["presentationHint"] = "locals"
            scopes.append(scope)
        return {"scopes": scopes}

    def on_variables(self, args):
        which = args.get("filter") if args.get("filter") in ("indexed", "named") else None
        views = self.engine.inspector.variables(args.get("variablesReference"), int(args.get("start") or 0),
                                                int(args.get("count") or 0), which, _hex(args))
        return {"variables": [_variable(v) for v in views]}

    def on_evaluate(self, args):
        expression = args.get("expression")
        if not isinstance(expression, str):
            raise EngineError("bugscope: evaluate needs an 'expression' string")
        context = args.get("context") or "repl"
        if context == "repl":  # answered later, so that a `cancel` can be read meanwhile
            return Later(lambda reply, seq: self.engine.inspector.evaluate(
                args.get("frameId"), expression, context, hex_ints=_hex(args), request_id=seq,
                reply=lambda ok, view, text: reply(ok, _value_body(view, "result") if ok else None, text)))
        view = self.engine.inspector.evaluate(args.get("frameId"), expression, context, hex_ints=_hex(args))
        return _value_body(view, "result")

    # -- inspection and evaluation: changing values, completions, modules, cancel ------------------------------
    def on_setVariable(self, args):
        name, value = args.get("name"), args.get("value")
        if not isinstance(name, str) or not isinstance(value, str):
            raise EngineError("bugscope: setVariable needs 'name' and 'value' strings")
        view, tid, frame_id = self.engine.inspector.set_variable(args.get("variablesReference"), name, value,
                                                                 _hex(args))
        return self._invalidating(_value_body(view, "value"), tid, frame_id)

    def on_setExpression(self, args):
        expression, value = args.get("expression"), args.get("value")
        if not isinstance(expression, str) or not isinstance(value, str):
            raise EngineError("bugscope: setExpression needs 'expression' and 'value' strings")
        view, tid, frame_id = self.engine.inspector.set_expression(args.get("frameId"), expression, value,
                                                                   _hex(args))
        return self._invalidating(_value_body(view, "value"), tid, frame_id)

    def _invalidating(self, body, tid, frame_id):
        """After a change, clients that said supportsInvalidatedEvent re-read their variables (DAP invalidated)."""
        if not getattr(self, "client", {}).get("supportsInvalidatedEvent"):
            return body
        event = {"areas": ["variables"], "threadId": tid}
        if frame_id is not None:
            event["stackFrameId"] = frame_id
        return After(body, lambda: self.event("invalidated", event) or True)

    def on_completions(self, args):
        text, column = args.get("text"), args.get("column")
        if not isinstance(text, str) or not isinstance(column, int):
            raise EngineError("bugscope: completions needs 'text' and 'column'")
        base = 1 if getattr(self, "client", {}).get("columnsStartAt1", True) is not False else 0
        lines = text.split("\n")
        line = lines[min(max(int(args.get("line") or 1), 1), len(lines)) - 1]
        cursor = max(0, min(column - base, len(line)))
        items = self.engine.inspector.completions(args.get("frameId"), line[:cursor])
        # `start` is 0-based within the line whatever columnsStartAt1 says: what VS Code's console reads and
        # debugpy sends (the spec's wording differs: debug-adapter-protocol issue #138).
        return {"targets": [{"label": label, "text": label, "type": kind, "start": begin, "length": cursor - begin}
                            for label, kind, begin in items]}

    def on_modules(self, args):
        from bugscope.modules import loaded_modules
        views = loaded_modules()
        start = max(int(args.get("startModule") or 0), 0)
        count = int(args.get("moduleCount") or 0)
        page = views[start:start + count] if count > 0 else views[start:]
        modules = []
        for m in page:
            module = {"id": m.name, "name": m.name, "isUserCode": m.user}
            if m.path:
                module["path"] = m.path
            if m.version:
                module["version"] = m.version
            modules.append(module)
        return {"modules": modules, "totalModules": len(views)}

    def on_cancel(self, args):
        """Cancels a running console evaluation (its answer is an error with message "cancelled"); any other
        request id is accepted and ignored: DAP makes cancellation best effort."""
        if isinstance(args.get("requestId"), int):
            self.engine.inspector.cancel(args["requestId"])


def _variable(v):
    out = _value_body(v, "value")
    out["name"] = v.name
    if v.evaluate_name:
        out["evaluateName"] = v.evaluate_name
    return out


def _value_body(v, key):
    """The value fields shared by variables, evaluate, setVariable and setExpression answers."""
    out = {key: v.value, "type": v.type, "variablesReference": v.ref}
    if v.indexed:
        out["indexedVariables"] = v.indexed
    if v.named:
        out["namedVariables"] = v.named
    if v.lazy:  # DAP lazy: the one child of variablesReference is the value, read when the user asks
        out["presentationHint"] = {"lazy": True}
    return out


def _hex(args):
    fmt = args.get("format")
    return isinstance(fmt, dict) and fmt.get("hex") is True
