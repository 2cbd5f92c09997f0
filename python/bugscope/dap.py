"""DAP requests mapped to engine calls: one client, from ``initialize`` to ``disconnect``.

Handlers run on the server thread. Engine events (stopped, thread, continued) arrive on program threads and
go out through the same ``send``. See docs/tracer-protocol.md for the choices DAP leaves open.
"""
import os
import sys

from bugscope.breakpoints import SourceBreakpoint
from bugscope.engine import EngineError, Listener
from bugscope.visibility import is_hidden

INVALID_TOKEN = "bugscope: invalid or missing token"

CAPABILITIES = {
    "supportsConfigurationDoneRequest": True,
    "supportsConditionalBreakpoints": True,
    "supportsLoadedSourcesRequest": True,
    "supportsHitConditionalBreakpoints": True,
    "supportsLogPoints": True,
    "supportsTerminateRequest": True,
    "supportsEvaluateForHovers": True,
    "supportsVariablePaging": True,
    "supportsDelayedStackTraceLoading": True,
    "exceptionBreakpointFilters": [],
}


class DapSession(Listener):
    """One attached client. ``control`` is the server: it owns the connection and the process's fate."""

    def __init__(self, engine, conn, control, token):
        self.engine = engine
        self.conn = conn
        self.control = control
        self._token = token
        self._seq = 1
        self.authorized = False
        self.ended = False

    # -- sending ---------------------------------------------------------------------------------------------
    def _send(self, message):
        message["seq"] = self._seq
        self._seq += 1
        try:
            self.conn.send(message)
        except Exception:
            pass  # a dead connection is noticed by the reader

    def event(self, name, body=None):
        message = {"type": "event", "event": name}
        if body is not None:
            message["body"] = body
        self._send(message)

    def _respond(self, request, success=True, body=None, message=None):
        response = {"type": "response", "request_seq": request.get("seq", 0), "success": success,
                    "command": request.get("command", "")}
        if body is not None:
            response["body"] = body
        if message is not None:
            response["message"] = message
        self._send(response)

    # -- engine events ---------------------------------------------------------------------------------------
    def thread_started(self, tid):
        self.event("thread", {"reason": "started", "threadId": tid})

    def thread_exited(self, tid):
        self.event("thread", {"reason": "exited", "threadId": tid})

    def stopped(self, tid, reason, breakpoint_ids, description=None):
        body = {"reason": reason, "threadId": tid, "allThreadsStopped": False}
        if breakpoint_ids:
            body["hitBreakpointIds"] = breakpoint_ids
        if description:
            body["description"] = body["text"] = description
        self.event("stopped", body)

    def continued(self, tid):
        self.event("continued", {"threadId": tid, "allThreadsContinued": False})

    def output(self, category, text):
        self.event("output", {"category": category, "output": text})

    # -- requests --------------------------------------------------------------------------------------------
    def handle(self, message):
        """Handle one decoded message. Returns False when the connection must close."""
        if not isinstance(message, dict) or message.get("type") != "request":
            return True  # not a request (or not even an object): nothing to answer
        command = message.get("command")
        args = message.get("arguments")
        if not isinstance(args, dict):
            args = {}
        if not isinstance(command, str):
            self._respond(message, False, message="bugscope: a request needs a 'command' string")
            return True
        if not self.authorized and command not in ("initialize", "attach"):
            self._respond(message, False, message=INVALID_TOKEN)
            return False
        handler = getattr(self, "on_" + command, None)
        if handler is None:
            self._respond(message, False, message="bugscope: unsupported request '%s'" % command)
            return True
        try:
            body = handler(args)
        except EngineError as e:
            self._respond(message, False, message=str(e))
            return True
        except _Reject as e:
            self._respond(message, False, message=str(e))
            return False
        except Exception as e:
            self._respond(message, False, message="bugscope: internal error in %s: %s: %s"
                          % (command, type(e).__name__, e))
            return True
        after = None
        if isinstance(body, _After):
            body, after = body.body, body.action
        self._respond(message, True, body)
        if after is not None:
            return after()
        return True

    def on_initialize(self, args):
        return dict(CAPABILITIES)

    def on_attach(self, args):
        token = args.get("token")
        import hmac  # at attach, not at start-up: hmac pulls in OpenSSL
        if not isinstance(token, str) or not hmac.compare_digest(token.encode("utf-8"), self._token.encode("utf-8")):
            raise _Reject(INVALID_TOKEN)
        self.authorized = True
        timeout = args.get("evaluateTimeout")
        if isinstance(timeout, (int, float)) and timeout > 0:
            self.engine.eval_timeout = float(timeout)
        # Which engine traces this program, for the client to show (Bugscope's workbench puts it in the status bar).
        info = {"engine": self.engine.description(), "python": "%d.%d.%d" % sys.version_info[:3], "pid": os.getpid()}
        return _After(info, lambda: self.control.attached(self, bool(args.get("stopOnEntry"))))

    def on_setBreakpoints(self, args):
        source = args.get("source") or {}
        path = source.get("path")
        if not isinstance(path, str) or not path:
            raise EngineError("bugscope: setBreakpoints needs source.path")
        requested = [SourceBreakpoint(b["line"], _text(b, "condition"), _text(b, "hitCondition"), _text(b, "logMessage"))
                     for b in args.get("breakpoints") or [] if isinstance(b, dict) and isinstance(b.get("line"), int)]
        if not requested and isinstance(args.get("lines"), list):  # the deprecated form
            requested = [SourceBreakpoint(l, None, None, None) for l in args["lines"] if isinstance(l, int)]
        results = self.engine.set_breakpoints(os.path.abspath(path), requested)
        out = []
        for r in results:
            bp = {"id": r.id, "verified": r.verified, "line": r.line, "source": {"path": path}}
            if r.message:
                bp["message"] = r.message
            out.append(bp)
        return {"breakpoints": out}

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

    def on_setExceptionBreakpoints(self, args):
        return {"breakpoints": []}  # no filters are offered yet; accepted and ignored

    def on_configurationDone(self, args):
        return _After(None, self.control.configured_done)

    def on_threads(self, args):
        return {"threads": [{"id": tid, "name": name} for tid, name in self.engine.threads()]}

    def on_stackTrace(self, args):
        views, total = self.engine.inspector.stack(args.get("threadId"), int(args.get("startFrame") or 0),
                                         int(args.get("levels") or 0))
        frames = []
        for v in views:
            source = {"name": os.path.basename(v.path)}
            if not (v.path.startswith("<") and v.path.endswith(">")):
                source["path"] = v.path
            frames.append({"id": v.id, "name": v.name, "line": v.line, "column": 1, "source": source})
        return {"stackFrames": frames, "totalFrames": total}

    def on_scopes(self, args):
        scopes = []
        for name, ref in self.engine.inspector.scopes(args.get("frameId")):
            scope = {"name": name, "variablesReference": ref, "expensive": False}
            if name == "Locals":
                scope["presentationHint"] = "locals"
            scopes.append(scope)
        return {"scopes": scopes}

    def on_variables(self, args):
        views = self.engine.inspector.variables(args.get("variablesReference"), int(args.get("start") or 0),
                                      int(args.get("count") or 0))
        return {"variables": [_variable(v) for v in views]}

    def on_evaluate(self, args):
        expression = args.get("expression")
        if not isinstance(expression, str):
            raise EngineError("bugscope: evaluate needs an 'expression' string")
        view = self.engine.inspector.evaluate(args.get("frameId"), expression, args.get("context") or "repl")
        body = {"result": view.value, "variablesReference": view.ref}
        if view.type:
            body["type"] = view.type
        if view.indexed:
            body["indexedVariables"] = view.indexed
        return body

    # The thread resumes only once the response is on the wire: a program that then ends at once would
    # otherwise close the connection before the response went out.
    def _resume_after_response(self, args, mode, body=None):
        tid = args.get("threadId")
        self.engine.require_stopped(tid)
        def resume():
            self.engine.resume(tid, mode)
            return True  # keep the connection
        return _After(body, resume)

    def on_continue(self, args):
        return self._resume_after_response(args, "continue", {"allThreadsContinued": False})

    def on_next(self, args):
        return self._resume_after_response(args, "over")

    def on_stepIn(self, args):
        return self._resume_after_response(args, "in")

    def on_stepOut(self, args):
        return self._resume_after_response(args, "out")

    def on_pause(self, args):
        self.engine.pause(args.get("threadId"))

    def on_disconnect(self, args):
        return _After(None, lambda: self.control.disconnect(self, bool(args.get("terminateDebuggee"))))

    def on_terminate(self, args):
        return _After(None, self.control.terminate)

    def on_bugscope_stats(self, args):
        return {"counters": dict(self.engine.stats or {}), "backend": type(self.engine.backend).__name__}


# DAP command names may contain "/" (custom requests); map them to handler names.
setattr(DapSession, "on_bugscope/stats", DapSession.on_bugscope_stats)
del DapSession.on_bugscope_stats


def _text(args, key):
    """An optional string argument; empty means absent (VS Code sends "" for a cleared condition)."""
    value = args.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _variable(v):
    out = {"name": v.name, "value": v.value, "type": v.type, "variablesReference": v.ref}
    if v.indexed:
        out["indexedVariables"] = v.indexed
    if v.evaluate_name:
        out["evaluateName"] = v.evaluate_name
    return out


class _Reject(Exception):
    """Answer with an error, then close the connection."""


class _After(object):
    """A response body plus what to do once the response is on the wire; the action returns False when the
    connection must close."""

    def __init__(self, body, action):
        self.body = body
        self.action = action

