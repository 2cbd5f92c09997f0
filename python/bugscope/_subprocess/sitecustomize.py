"""Bugscope's hook in the Python processes that a debugged program starts (see bugscope/subprocesses.py).

Below a program that Bugscope launched, this directory is first on PYTHONPATH, so every Python the program runs
imports this file at start-up, whatever its version: it must parse on Python 2 too, and it never breaks the process.
It takes its directory off sys.path, imports the sitecustomize it hides (if one is further along sys.path), then
lets the tracer announce this process to the debugger on CPython 3.8+.
"""
import sys


def _own_directory_off_sys_path():
    import os
    here = os.path.normcase(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:] = [p for p in sys.path if os.path.normcase(os.path.abspath(p or os.curdir)) != here]


def _chain():
    """site.py imports one sitecustomize; this one must not take the place of the program's own."""
    this = sys.modules.pop("sitecustomize", None)
    try:
        __import__("sitecustomize")
    except ImportError as e:
        if getattr(e, "name", "sitecustomize") != "sitecustomize":
            raise  # site.py reports it, as it would without Bugscope
    finally:
        if "sitecustomize" not in sys.modules and this is not None:
            sys.modules["sitecustomize"] = this  # the import system looks its module up when this file ends


def _debug_this_process():
    if sys.version_info < (3, 8) or sys.implementation.name != "cpython":
        return
    try:
        from bugscope import subprocesses
        subprocesses.start_in_child()
    except Exception as e:
        try:
            sys.stderr.write("bugscope: this process is not debugged: %s: %s\n" % (type(e).__name__, e))
        except Exception:
            pass


try:
    _own_directory_off_sys_path()
    _chain()
finally:
    _debug_this_process()
