"""DAP requests about breakpoints: line, function and exception breakpoints (a part of ``dap.DapSession``)."""
import os

from bugscope import exceptions
from bugscope.breakpoints import SourceBreakpoint, executable_lines
from bugscope.dap_reply import text_argument
from bugscope.engine import EngineError
from bugscope.engine_policy import POLICIES
from bugscope.functions import FunctionSpec

EXCEPTION_CATEGORY = "Python Exceptions"  # the root of exceptionOptions paths, as VS Code's UI sends them
_BREAK_MODE = {exceptions.RAISED: "always", exceptions.USER_UNHANDLED: "userUnhandled",
               exceptions.UNCAUGHT: "unhandled"}


class BreakpointRequests(object):
    def on_setBreakpoints(self, args):
        source = args.get("source") or {}
        path = source.get("path")
        if not isinstance(path, str) or not path or "\0" in path:  # (a NUL: no file system takes it)
            raise EngineError("bugscope: setBreakpoints needs source.path (a file path)")
        requested = [SourceBreakpoint(b["line"], text_argument(b, "condition"), text_argument(b, "hitCondition"),
                                      text_argument(b, "logMessage"), text_argument(b, "mode"), _depends_on(b),
                                      _suspend_policy(b))
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

    def on_breakpointLocations(self, args):
        """The lines from ``line`` to ``endLine`` (default: ``line``) where a breakpoint can stop (columns are
        not offered: a breakpoint stops at the start of its line)."""
        source = args.get("source") or {}
        path, line = source.get("path"), args.get("line")
        if not isinstance(path, str) or not path or not isinstance(line, int):
            raise EngineError("bugscope: breakpointLocations needs source.path and line")
        end = args.get("endLine") if isinstance(args.get("endLine"), int) else line
        try:
            lines = executable_lines(os.path.abspath(path))
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError) as e:
            raise EngineError("bugscope: cannot read or compile %s: %s" % (path, e))
        return {"breakpoints": [{"line": l} for l in sorted(lines) if line <= l <= end]}

    def on_setFunctionBreakpoints(self, args):
        specs = []
        for b in args.get("breakpoints") or []:
            if isinstance(b, dict) and isinstance(b.get("name"), str) and b["name"].strip():
                specs.append(FunctionSpec(self.engine.table.new_id(), b["name"].strip(), text_argument(b, "condition"),
                                          text_argument(b, "hitCondition"), _suspend_policy(b)))
        out = []
        for r in self.engine.set_function_breakpoints(specs):
            bp = {"id": r.id, "verified": r.verified}
            if r.line is not None:
                bp["line"] = r.line
                bp["source"] = {"path": r.path, "name": os.path.basename(r.path)}
            if r.message:
                bp["message"] = r.message
            out.append(bp)
        return {"breakpoints": out}

    def on_setExceptionBreakpoints(self, args):
        """``filters`` and ``filterOptions`` (with conditions) choose the moments; ``exceptionOptions`` add rules
        per exception type: the last segment of each path names the types (an optional first segment is the
        category, "Python Exceptions"); ``negate`` is not supported (DAP lets the adapter say so)."""
        filters = [(f, None) for f in args.get("filters") or [] if isinstance(f, str)]
        for option in args.get("filterOptions") or []:
            if isinstance(option, dict) and isinstance(option.get("filterId"), str):
                filters.append((option["filterId"], text_argument(option, "condition")))
        rules, per_option = [], []  # per_option: the indices of each option's rules in ``rules``, or an error
        for option in args.get("exceptionOptions") or []:
            path = option.get("path") if isinstance(option, dict) else None
            segments = [p for p in path if isinstance(p, dict)] if isinstance(path, list) else []
            names = segments[-1].get("names") if segments else None
            names = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
            names = [n for n in names if n != EXCEPTION_CATEGORY]
            if not names or any(p.get("negate") for p in segments):
                per_option.append("bugscope: an exception option needs a path ending in exception type names "
                                  "(negate is not supported)")
                continue
            per_option.append(range(len(rules), len(rules) + len(names)))
            rules.extend((name, option.get("breakMode")) for name in names)
        results = self.engine.set_exception_breakpoints(filters, rules)
        out = [_verified(r.verified, r.message) for r in results[:len(filters)]]
        rule_results = results[len(filters):]
        for entry in per_option:
            if isinstance(entry, str):
                out.append(_verified(False, entry))
            else:
                bad = [rule_results[i].message for i in entry if not rule_results[i].verified]
                out.append(_verified(not bad, "; ".join(bad) or None))
        return {"breakpoints": out}

    def on_exceptionInfo(self, args):
        exc, kind, details = self.engine.exception_info(args.get("threadId"))
        return {"exceptionId": exceptions.full_type_name(exc), "description": exceptions.one_line(exc),
                "breakMode": _BREAK_MODE.get(kind, "always"), "details": details}

    def on_bugscope_ignoreExceptionAt(self, args):
        """Custom request: stop no more on exceptions raised at ``source.path`` line ``line`` (``ignore``:
        false takes it back). The workbench's "Ignore at this location" on an exception stop."""
        path = (args.get("source") or {}).get("path") if isinstance(args.get("source"), dict) else None
        line = args.get("line")
        if not isinstance(path, str) or "\0" in path or not isinstance(line, int):
            raise EngineError("bugscope: bugscope/ignoreExceptionAt needs source.path and line")
        self.engine.exceptions.ignore_at(os.path.abspath(path), line, args.get("ignore", True) is not False)


def _verified(verified, message):
    return {"verified": verified, "message": message} if message else {"verified": verified}


def _depends_on(args):
    """Bugscope's ``dependsOn: {source: {path}, line}`` on a SourceBreakpoint: enabled once that one stops."""
    target = args.get("dependsOn")
    if not isinstance(target, dict) or not isinstance(target.get("line"), int):
        return None
    source = target.get("source")
    path = source.get("path") if isinstance(source, dict) else None
    return (os.path.abspath(path), target["line"]) if isinstance(path, str) and path else None


def _suspend_policy(b):
    """A breakpoint's own ``suspendPolicy`` (Bugscope's extension of Source/FunctionBreakpoint): "all" stops every
    thread, "thread" only the one that hit it; anything else means the session's default."""
    policy = b.get("suspendPolicy")
    return policy if policy in POLICIES else None
