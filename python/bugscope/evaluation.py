"""Evaluating expressions (and, in the console, statements) in a suspended frame."""
import sys

from bugscope.capi import pythonapi
from bugscope.watchdog import Interrupted


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


def _has_call(expression, mode):
    import ast  # only hovers need it; kept out of the tracer's start-up
    for node in ast.walk(ast.parse(expression, mode=mode)):
        if isinstance(node, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)) or type(node).__name__ == "NamedExpr":
            return True
    return False


def evaluate(frame, expression, context):
    """Evaluate in ``frame``. Returns the value (NO_VALUE for a statement). Raises EvaluationError."""
    try:
        code = compile(expression, "<debug>", "eval", dont_inherit=True)
        mode = "eval"
    except SyntaxError as e:
        if context != "repl":
            raise EvaluationError("SyntaxError: %s" % e.msg)
        try:
            code = compile(expression, "<debug>", "exec", dont_inherit=True)
        except SyntaxError as e2:
            raise EvaluationError("SyntaxError: %s" % e2.msg)
        mode = "exec"
    if context == "hover" and _has_call(expression, mode):
        # Hovering must not change the program: no calls (the console is the place for those).
        raise EvaluationError("bugscope: hover does not evaluate calls; use the console")
    f_globals = frame.f_globals
    f_locals = frame.f_locals
    try:
        if mode == "eval":
            return eval(code, f_globals, f_locals)
        exec(code, f_globals, f_locals)
        return NO_VALUE
    except Interrupted:
        raise
    except BaseException as e:  # SystemExit typed in the console is an error here, not an exit
        raise EvaluationError("%s: %s" % (type(e).__name__, e))
    finally:
        if mode == "exec" and not _WRITE_THROUGH and f_locals is not f_globals:
            # <=3.12: f_locals is a snapshot; copy assignments back into the frame's fast locals.
            writer = _locals_writer()
            if writer is not None:
                writer(frame, 0)
