"""Evaluating expressions (and, in the console, statements) in a suspended frame, and writing variables back.

What each DAP ``evaluate`` context may do (docs/tracer-protocol.md, "Inspection and evaluation"):
- "repl" (the console): anything, statements included, under the time limit.
- "watch", "clipboard", "variables" and any other: one expression without calls, assignments (``:=``),
  ``await`` or ``yield``. Reading a property does run its getter: a watch is typed on purpose and read at
  every stop, like the Variables view's lazy properties once expanded.
- "hover": the same, and no Python code may run at all: not a property getter, ``__getattr__``,
  ``__getitem__`` or operator written in Python. Hovering happens as the mouse passes by; it must not change
  the program.
"""
import collections
import sys

from bugscope.capi import pythonapi
from bugscope.watchdog import Interrupted

FILENAME = "<debug>"  # code compiled from the user's expression; its own frames (comprehensions) may run in hovers


def _locals_writer():
    """PyFrame_LocalsToFast, or None (3.13 removed it: f_locals writes through there)."""
    return pythonapi("PyFrame_LocalsToFast", ("py_object", "c_int"))


_WRITE_THROUGH = sys.version_info >= (3, 13)


class EvaluationError(Exception):
    """An evaluation failed; the message is what the user sees ("NameError: name 'x' is not defined")."""


class _NoValue(object):
    def __repr__(self):
        return ""


NO_VALUE = _NoValue()


class _WouldRunCode(Exception):
    def __init__(self, code):
        Exception.__init__(self)
        self.code = code


def _refused_node(expression, mode):
    """The name of the first construct with side effects in ``expression``, or None."""
    import ast  # only watches and hovers need it; kept out of the tracer's start-up
    for node in ast.walk(ast.parse(expression, mode=mode)):
        if isinstance(node, ast.Call):
            return "calls"
        if isinstance(node, (ast.Await, ast.Yield, ast.YieldFrom)):
            return "await or yield"
        if type(node).__name__ == "NamedExpr":
            return "assignments"
    return None


def evaluate(frame, expression, context):
    """Evaluate in ``frame``. Returns the value (NO_VALUE for a statement). Raises EvaluationError."""
    try:
        code = compile(expression, FILENAME, "eval", dont_inherit=True)
        mode = "eval"
    except SyntaxError as e:
        if context != "repl":
            raise EvaluationError("SyntaxError: %s" % e.msg)
        try:
            code = compile(expression, FILENAME, "exec", dont_inherit=True)
        except SyntaxError as e2:
            raise EvaluationError("SyntaxError: %s" % e2.msg)
        mode = "exec"
    if context not in ("repl", "set"):  # "set": the new value of setVariable/setExpression, typed on purpose
        refused = _refused_node(expression, mode)
        if refused:
            where = "hover" if context == "hover" else "a %s expression" % context
            raise EvaluationError("bugscope: %s does not evaluate %s; use the console" % (where, refused))
    f_globals = frame.f_globals
    f_locals = frame.f_locals
    try:
        if mode == "exec":
            exec(code, f_globals, f_locals)
            return NO_VALUE
        if context == "hover":
            # The thread is stopped inside a trace or monitoring callback, where CPython delivers no profile
            # events; sys.call_tracing turns event delivery back on for the duration (what it exists for).
            return sys.call_tracing(_eval_without_python_code, (code, f_globals, f_locals))
        return eval(code, f_globals, f_locals)
    except Interrupted:
        raise
    except _WouldRunCode as e:
        raise EvaluationError("bugscope: hover does not run code, and this would run %s; evaluate it in a watch "
                              "or the console" % _code_name(e.code))
    except BaseException as e:  # SystemExit typed in the console is an error here, not an exit
        raise EvaluationError("%s: %s" % (type(e).__name__, e))
    finally:
        if mode == "exec":
            write_back(frame, f_locals)


def _eval_without_python_code(code, f_globals, f_locals):
    """Evaluates ``code`` with a profile function that aborts it as soon as any Python function outside the
    expression itself starts: the one check that catches property getters, ``__getattr__`` and operators alike.
    (An exception from a profile function propagates into the code and unsets the profiler: CPython 3.8–3.13.)"""
    previous = sys.getprofile()

    def refuse(frame, event, arg):
        if event == "call" and frame.f_code.co_filename != FILENAME:
            raise _WouldRunCode(frame.f_code)

    sys.setprofile(refuse)
    try:
        return eval(code, f_globals, f_locals)
    finally:
        sys.setprofile(previous)


def _code_name(code):
    name = getattr(code, "co_qualname", code.co_name)  # co_qualname: 3.11+
    return "%s (%s line %d)" % (name, code.co_filename, code.co_firstlineno)


def write_back(frame, f_locals):
    """<=3.12: ``f_locals`` is a snapshot; copy changes into the frame's fast locals (and cells)."""
    if not _WRITE_THROUGH and f_locals is not frame.f_globals:
        writer = _locals_writer()
        if writer is not None:
            writer(frame, 0)


def set_local(frame, name, value):
    f_locals = frame.f_locals
    f_locals[name] = value
    write_back(frame, f_locals)


def assign(frame, target, value):
    """``target = value`` in ``frame``, where ``target`` is the source of a name, attribute or subscript
    (DAP setExpression). Raises EvaluationError."""
    import ast
    try:
        node = ast.parse(target.strip(), mode="eval").body
    except SyntaxError as e:
        raise EvaluationError("SyntaxError: %s" % e.msg)
    if not isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        raise EvaluationError("bugscope: %r cannot be assigned to; give a name, an attribute or an item" % target)
    code = compile("(%s) = __bugscope_value__" % target.strip(), FILENAME, "exec", dont_inherit=True)
    f_locals = frame.f_locals
    # Stores go to the frame's locals (the first map); the value is found in the second without being stored.
    scope = collections.ChainMap(f_locals, {"__bugscope_value__": value})
    try:
        exec(code, frame.f_globals, scope)
    except Interrupted:
        raise
    except BaseException as e:
        raise EvaluationError("%s: %s" % (type(e).__name__, e))
    finally:
        write_back(frame, f_locals)
