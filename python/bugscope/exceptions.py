"""Exception breakpoints: which raised exceptions stop the program, and what the client is told about one.

Three kinds of moment, each with a DAP filter of the same name:
* ``raised``: an exception is raised in a frame of the program (reported once per exception object, in the
  frame where the program first sees it, not again in every frame it passes through);
* ``userUnhandled``: an exception leaves the program's own code for library code (which may still catch it);
* ``uncaught``: an exception ends the program or one of its threads; the frames are those of its traceback
  (dead: they can be inspected and evaluated in, not stepped).

Per-type rules (DAP ``exceptionOptions``) come first: the rule for the class nearest to the exception's own in
its MRO decides (``never`` silences, ``always`` stops at the raise, ``unhandled``/``userUnhandled`` stop at
those moments); without a rule, the filters decide. A filter's condition is a Python expression evaluated in
the frame with ``exc`` bound to the exception (it hides a local of that name inside the condition only).
"""
import sys

from bugscope.breakpoints import canonical_path
from bugscope.visibility import is_hidden

RAISED, USER_UNHANDLED, UNCAUGHT = "raised", "userUnhandled", "uncaught"
KINDS = (RAISED, UNCAUGHT, USER_UNHANDLED)
LABELS = {RAISED: "Raised Exceptions", UNCAUGHT: "Uncaught Exceptions", USER_UNHANDLED: "User Uncaught Exceptions"}
MODES = ("always", "unhandled", "userUnhandled", "never")
# Which moments each break mode of a type rule stops at.
_MODE_STOPS = {"always": (RAISED, UNCAUGHT), "userUnhandled": (USER_UNHANDLED, UNCAUGHT),
               "unhandled": (UNCAUGHT,), "never": ()}


class FilterResult(object):
    def __init__(self, verified, message=None):
        self.verified = verified
        self.message = message


class ExceptionSettings(object):
    """What the client asked for. Replaced as a whole by each ``configure`` (DAP's setExceptionBreakpoints)."""

    def __init__(self):
        self.filters = {}   # kind -> compiled condition, or None for "always"
        self.rules = {}     # exception class name (simple or dotted) -> break mode
        self.ignored = set()  # (canonical path, line) of raise points the user chose to ignore
        self._update_needs()

    def _update_needs(self):
        modes = set(self.rules.values())
        self.wants_raised = RAISED in self.filters or "always" in modes
        self.wants_user_unhandled = USER_UNHANDLED in self.filters or "userUnhandled" in modes
        self.wants_uncaught = UNCAUGHT in self.filters or bool(modes - {"never"})

    def configure(self, filters, rules):
        """``filters``: [(kind, condition text or None)]; ``rules``: [(type name, mode)].
        Returns one FilterResult per filter then per rule, in order."""
        results = []
        new_filters = {}
        for kind, condition in filters:
            if kind not in LABELS:
                results.append(FilterResult(False, "bugscope: unknown exception filter %r (known: %s)"
                                            % (kind, ", ".join(KINDS))))
                continue
            compiled = None
            if condition:
                try:
                    compiled = compile(condition, "<exception condition>", "eval", dont_inherit=True)
                except SyntaxError as e:
                    results.append(FilterResult(False, "bugscope: the condition %r is not a Python expression: %s"
                                                % (condition, e.msg)))
                    continue
            new_filters[kind] = compiled
            results.append(FilterResult(True))
        new_rules = {}
        for name, mode in rules:
            if mode not in MODES:
                results.append(FilterResult(False, "bugscope: unknown break mode %r for %s (known: %s)"
                                            % (mode, name, ", ".join(MODES))))
                continue
            new_rules[name] = mode
            results.append(FilterResult(True))
        self.filters, self.rules = new_filters, new_rules
        self._update_needs()
        return results

    def ignore_at(self, path, line, ignore=True):
        key = (canonical_path(path), line)
        if ignore:
            self.ignored.add(key)
        else:
            self.ignored.discard(key)

    def decide(self, kind, exc, frame, line):
        """(stop, problem): should this moment stop, and the error the filter's condition raised, as text, when
        it did (then it stops: the stop says why rather than hiding the exception). The condition runs once.
        ``frame``/``line``: where the exception was raised (the condition's frame)."""
        if self.ignored and (canonical_path(frame.f_code.co_filename), line) in self.ignored:
            return False, None
        mode = self._rule_for(type(exc))
        if mode is not None:
            return kind in _MODE_STOPS[mode], None
        if kind not in self.filters:
            return False, None
        condition = self.filters[kind]
        if condition is None:
            return True, None
        scope = dict(frame.f_locals)
        scope["exc"] = exc
        try:
            return bool(eval(condition, frame.f_globals, scope)), None
        except Exception as e:
            return True, "%s: %s" % (type(e).__name__, e)

    def _rule_for(self, cls):
        if not self.rules:
            return None
        for klass in getattr(cls, "__mro__", ()):
            for name in (klass.__name__, "%s.%s" % (klass.__module__, klass.__qualname__), klass.__qualname__):
                mode = self.rules.get(name)
                if mode is not None:
                    return mode
        return None


# -- what the client is told (DAP's exceptionInfo, built here so that the engine can format on its thread) ---
def full_type_name(exc):
    cls = type(exc)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", "__main__") else "%s.%s" % (module, cls.__qualname__)


def message_of(exc):
    """``str(exc)``, cut at 1000 characters, safe against a __str__ that raises."""
    try:
        text = str(exc)
    except Exception as e:
        text = "<str() raised %s>" % type(e).__name__
    return text[:1000] + "…" if len(text) > 1000 else text


def one_line(exc):
    """``ValueError: bad value``."""
    text = message_of(exc)
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__


def details(exc, stack_lines=None, depth=0, seen=None):
    """DAP ExceptionDetails for ``exc``: its traceback and, as innerException, its cause or context and, for
    an exception group (3.11+), the exceptions it holds. ``stack_lines``: the formatted frames of the stack
    when the exception is still propagating; they replace its __traceback__, which then holds only the frames
    it has left so far (and on 3.8-3.10 is not even attached yet when a trace function first sees it)."""
    import traceback  # only on an exception stop: kept out of the tracer's start-up
    seen = seen if seen is not None else set()
    seen.add(id(exc))
    try:
        if stack_lines is not None:
            tb_lines = stack_lines
        else:
            # The tracer's and runpy's frames (the program runner) are not the program's.
            tb_lines = traceback.format_list([f for f in traceback.extract_tb(exc.__traceback__)
                                              if not is_hidden(f.filename)])
        text = "".join(traceback.format_exception_only(type(exc), exc))
    except Exception as e:  # a hostile __str__ or a broken traceback
        tb_lines, text = [], "%s (formatting failed: %s)\n" % (type(exc).__name__, e)
    body = {"message": message_of(exc), "typeName": type(exc).__name__, "fullTypeName": full_type_name(exc),
            "stackTrace": "Traceback (most recent call last):\n" + "".join(tb_lines) + text}
    inner = []
    if depth < 8:
        cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if cause is not None and id(cause) not in seen:
            inner.append(details(cause, None, depth + 1, seen))
        for sub in (getattr(exc, "exceptions", None) if _is_group(exc) else None) or ():
            if id(sub) not in seen:
                inner.append(details(sub, None, depth + 1, seen))
    if inner:
        body["innerException"] = inner
    return body


def _is_group(exc):
    group = getattr(sys.modules.get("builtins"), "BaseExceptionGroup", None)
    return group is not None and isinstance(exc, group)
