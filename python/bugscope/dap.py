"""DAP requests mapped to engine calls: one client, from ``initialize`` to ``disconnect``.

``DapSession`` handles the session's life and run control here; its breakpoint requests are in
``dap_breakpoints`` and its inspection requests in ``dap_inspection`` (``on_<command>`` in each).
Handlers run on the server thread. Engine events (stopped, thread, continued) arrive on program threads and
go out through the same ``send``. See docs/tracer-protocol.md for the choices DAP leaves open.
"""
import json
import os
import sys
import threading

from bugscope import dap_args, exceptions
from bugscope.dap_breakpoints import BreakpointRequests
from bugscope.dap_data import DataBreakpointRequests
from bugscope.dap_inspection import InspectionRequests
from bugscope.dap_reply import After, Later, Reject
from bugscope.dap_step_back import StepBackRequests
from bugscope.engine import EngineError, Listener
from bugscope.engine_policy import POLICIES
from bugscope.diagnostics import log
from bugscope.wire import Closed

INVALID_TOKEN = "bugscope: invalid or missing token"

CAPABILITIES = {
    "supportsConfigurationDoneRequest": True,
    "supportsSingleThreadExecutionRequests": True,
    "supportsConditionalBreakpoints": True,
    "supportsFunctionBreakpoints": True,
    "supportsStepInTargetsRequest": True,
    "supportsGotoTargetsRequest": True,
    "supportsBreakpointLocationsRequest": True,
    "breakpointModes": [{"mode": "temporary", "label": "Temporary",
                         "description": "Removed at its first stop", "appliesTo": ["source"]}],
    "supportsLoadedSourcesRequest": True,
    "supportsHitConditionalBreakpoints": True,
    "supportsLogPoints": True,
    "supportsTerminateRequest": True,
    "supportTerminateDebuggee": True,
    "supportsEvaluateForHovers": True,
    "supportsVariablePaging": True,
    "supportsDelayedStackTraceLoading": True,
    # inspection and evaluation (docs/tracer-protocol.md, "Inspection and evaluation")
    "supportsSetVariable": True,
    "supportsSetExpression": True,
    "supportsCancelRequest": True,
    "supportsCompletionsRequest": True,
    "completionTriggerCharacters": [".", "["],
    "supportsValueFormattingOptions": True,
    "supportsClipboardContext": True,
    "supportsModulesRequest": True,
    "exceptionBreakpointFilters": [
        {"filter": kind, "label": exceptions.LABELS[kind], "default": kind == exceptions.UNCAUGHT,
         "supportsCondition": True,
         "conditionDescription": "A Python expression evaluated in the frame; exc is the exception"}
        for kind in exceptions.KINDS],
    "supportsExceptionOptions": True,
    "supportsExceptionFilterOptions": True,
    "supportsExceptionInfoRequest": True,
    "supportsDataBreakpoints": True,  # access type "write": break when the value changes (dap_data)
}


class DapSession(StepBackRequests, BreakpointRequests, DataBreakpointRequests, InspectionRequests, Listener):
    """One attached client. ``control`` is the server: it owns the connection and the process's fate."""

    def __init__(self, engine, conn, control, token):
        self.engine = engine
        self.conn = conn
        self.control = control
        self._token = token
        self._seq = 1
        self._send_lock = threading.Lock()
        self._sender = None    # the thread inside _send
        self._backlog = []     # messages that thread produced re-entrantly, sent after its current one
        self.authorized = False
        self.ended = False

    # -- sending ---------------------------------------------------------------------------------------------
    def _send(self, message):
        # Events come from program threads and console answers from their own threads: seq numbers must go out
        # in order and never twice. A send can re-enter on its own thread (a garbage-collected thread-local whose
        # __del__ reports a thread's end, in the middle of encoding): that message waits for the current one.
        me = threading.get_ident()
        if self._sender == me:
            self._backlog.append(message)
            return
        with self._send_lock:
            self._sender = me
            try:
                self._write(message)
                while self._backlog:
                    self._write(self._backlog.pop(0))
            finally:
                self._sender = None

    def _write(self, message):
        message["seq"] = self._seq
        self._seq += 1
        try:
            self.conn.send(message)
        except Closed:
            pass  # a dead connection is noticed by the reader
        except Exception as e:  # never silently: a lost stopped event leaves a client waiting for ever
            log("could not send a %s message: %s: %s" % (message.get("event") or message.get("command"),
                                                          type(e).__name__, e))

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

    def stopped(self, tid, reason, breakpoint_ids, description=None, text=None, all_threads=False):
        body = {"reason": reason, "threadId": tid, "allThreadsStopped": all_threads}
        if breakpoint_ids:
            body["hitBreakpointIds"] = breakpoint_ids
        if description:
            body["description"] = description
        if text or description:
            body["text"] = text or description
        self.event("stopped", body)

    def continued(self, tid, all_threads=False):
        self.event("continued", {"threadId": tid, "allThreadsContinued": all_threads})

    def breakpoint_enabled(self, bp_id):
        """A dependent breakpoint's breakpoint stopped: it is armed now (its "waits until" message goes)."""
        self.event("breakpoint", {"reason": "changed", "breakpoint": {"id": bp_id, "verified": True}})

    def breakpoint_removed(self, bp_id):
        """A temporary breakpoint stopped and is gone."""
        self.event("breakpoint", {"reason": "removed", "breakpoint": {"id": bp_id, "verified": False}})

    def breakpoint_changed(self, bp_id, path, line):
        """A function breakpoint was found when its code first ran."""
        self.event("breakpoint", {"reason": "changed", "breakpoint": {"id": bp_id, "verified": True, "line": line,
                                                                      "source": {"path": path}}})

    def output(self, category, text):
        self.event("output", {"category": category, "output": text})

    # -- requests --------------------------------------------------------------------------------------------
    def handle(self, message):
        """Handle one decoded message. Returns False when the connection must close."""
        if not isinstance(message, dict) or message.get("type") != "request":
            # Not a request: nothing to answer. Something that is not a DAP message at all is said in the console.
            if self.authorized and (not isinstance(message, dict) or message.get("type") not in ("response", "event")):
                self.output("console", "bugscope: ignored a message that is not a DAP request, response or event: "
                                       "%.200s\n" % json.dumps(message))
            return True
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
        # While a thread shows the past (step back), some requests are answered from the recording.
        handler = self.past_handler(command) or getattr(self, "on_" + command, None)
        if handler is None:
            self._respond(message, False, message="bugscope: unsupported request '%s'" % command)
            return True
        try:
            if message.get("arguments") is not None and not isinstance(message["arguments"], dict):
                raise EngineError("bugscope: %s: 'arguments' must be an object, not %s"
                                  % (command, dap_args.json_type(message["arguments"])))
            dap_args.check(command, args)  # a wrongly typed argument is a clear error, never an internal one
            body = handler(args)
        except EngineError as e:
            self._respond(message, False, message=str(e))
            return True
        except Reject as e:
            self._respond(message, False, message=str(e))
            return False
        except Exception as e:
            self._respond(message, False, message="bugscope: internal error in %s: %s: %s"
                          % (command, type(e).__name__, e))
            return True
        if isinstance(body, Later):  # answered from another thread (a console evaluation that can be cancelled)
            try:
                body.start(lambda ok, body=None, text=None: self._respond(message, ok, body, text), message.get("seq"))
            except EngineError as e:
                self._respond(message, False, message=str(e))
            return True
        after = None
        if isinstance(body, After):
            body, after = body.body, body.action
        self._respond(message, True, body)
        if after is not None:
            return after()
        return True

    def on_initialize(self, args):
        self.client = dict(args)  # the client's capabilities (supportsInvalidatedEvent, columnsStartAt1)
        return dict(CAPABILITIES)

    def on_attach(self, args):
        if self.authorized:  # a second attach must neither close this session nor change it
            raise EngineError("bugscope: this client is attached already")
        token = args.get("token")
        import hmac  # at attach, not at start-up: hmac pulls in OpenSSL
        if not isinstance(token, str) or not hmac.compare_digest(token.encode("utf-8"), self._token.encode("utf-8")):
            raise Reject(INVALID_TOKEN)
        self.authorized = True
        timeout = args.get("evaluateTimeout")
        if isinstance(timeout, (int, float)) and timeout > 0:
            self.engine.eval_timeout = float(timeout)
        if isinstance(args.get("justMyCode"), bool):
            self.engine.just_my_code = args["justMyCode"]
        if args.get("suspendPolicy") in POLICIES:
            self.engine.suspend_policy = args["suspendPolicy"]
        # Which engine traces this program, for the client to show (Bugscope's workbench puts it in the status bar).
        info = {"engine": self.engine.description(), "python": "%d.%d.%d" % sys.version_info[:3], "pid": os.getpid()}
        recording = self.recording_requested(args)  # stepBack: true (dap_step_back); announced before "initialized"
        return After(info, lambda: recording() and self.control.attached(self, bool(args.get("stopOnEntry"))))

    def on_configurationDone(self, args):
        return After(None, self.control.configured_done)

    def on_threads(self, args):
        threads = []
        for tid, name, state, reason in self.engine.threads():
            thread = {"id": tid, "name": name, "state": state}  # state and reason: Bugscope's threads view
            if reason is not None:
                thread["reason"] = reason
            threads.append(thread)
        return {"threads": threads}

    # The thread resumes only once the response is on the wire: a program that then ends at once would
    # otherwise close the connection before the response went out. ``singleThread``: only this thread resumes
    # (under suspend policy "all" the others' stops continue too otherwise).
    def _resume_after_response(self, args, mode, body=None, target=None):
        tid = args.get("threadId")
        self.engine.require_stopped(tid, mode)
        single = args.get("singleThread") is True
        def resume():
            try:
                self.engine.resume(tid, mode, target, single_thread=single)
            except EngineError:
                pass  # it resumed meanwhile (the program ended, the client detached): the answer stands
            return True  # keep the connection
        return After(body, resume)

    def on_continue(self, args):
        return self._resume_after_response(args, "continue", {"allThreadsContinued": args.get("singleThread") is not True})

    def on_next(self, args):
        return self._resume_after_response(args, "over")

    def on_stepIn(self, args):
        target = args.get("targetId")
        if isinstance(target, int):
            name = self.engine.step_in_target_name(args.get("threadId"), target)
            return self._resume_after_response(args, "in", target=name)
        return self._resume_after_response(args, "in")

    def on_gotoTargets(self, args):
        """One target per request: the line asked for if code starts there, else the next line that has code."""
        source = args.get("source") or {}
        path, line = source.get("path"), args.get("line")
        if not isinstance(path, str) or not isinstance(line, int):
            raise EngineError("bugscope: gotoTargets needs source.path and line")
        from bugscope.breakpoints import executable_lines
        try:
            lines = executable_lines(os.path.abspath(path))
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError) as e:
            raise EngineError("bugscope: cannot read or compile %s: %s" % (path, e))
        target = min((l for l in lines if l >= line), default=None)
        return {"targets": [] if target is None else [{"id": target, "label": "line %d" % target, "line": target}]}

    def on_goto(self, args):
        tid, line = args.get("threadId"), args.get("targetId")
        if not isinstance(line, int):
            raise EngineError("bugscope: goto needs a targetId from gotoTargets")
        self.engine.goto(tid, line)
        # The thread is still stopped, at the new line: the client reads the stack again.
        return After(None, lambda: self.stopped(tid, "goto", []) or True)

    def on_stepInTargets(self, args):
        targets = []
        for tid, label, _name, line, column, end in self.engine.step_in_targets(args.get("frameId")):
            target = {"id": tid, "label": label, "line": line, "column": column}
            if end is not None:
                target["endColumn"] = end
            targets.append(target)
        return {"targets": targets}

    def on_stepOut(self, args):
        return self._resume_after_response(args, "out")

    def on_pause(self, args):
        self.engine.pause(args.get("threadId"))

    def on_disconnect(self, args):
        return After(None, lambda: self.control.disconnect(self, bool(args.get("terminateDebuggee"))))

    def on_terminate(self, args):
        return After(None, self.control.terminate)

    def on_bugscope_stats(self, args):
        return {"counters": dict(self.engine.stats or {}), "backend": type(self.engine.backend).__name__}


# DAP command names may contain "/" (custom requests); map them to handler names.
for _name in ("stats", "ignoreExceptionAt", "tasks"):
    setattr(DapSession, "on_bugscope/" + _name, getattr(DapSession, "on_bugscope_" + _name))
    delattr(next(c for c in DapSession.__mro__ if "on_bugscope_" + _name in vars(c)), "on_bugscope_" + _name)
