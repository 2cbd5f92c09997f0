"""Which frames belong to the program, and which to the tracer or Python's own plumbing."""
import os
import sys
import threading

from bugscope.breakpoints import canonical_path


def _tracer_root():
    """The package's directory; inside a zip archive (bugscope.pyz), the whole archive, whose __main__.py
    is the tracer's launcher."""
    package = os.path.dirname(os.path.abspath(__file__))
    archive = os.path.dirname(package)
    return canonical_path(archive if os.path.isfile(archive) else package) + os.sep


_PACKAGE_DIR = _tracer_root()
# runpy's frames run `-m` programs; it is imported only then, so its file is named rather than looked up.
_RUNPY = {canonical_path(os.path.join(os.path.dirname(os.__file__), "runpy.py")), "<frozen runpy>"}
_THREADING = canonical_path(threading.__file__)
_THREAD_BOOTSTRAP = ("run", "_bootstrap", "_bootstrap_inner")

_hidden_cache = {}
_role_cache = {}
_RUNNER_FILES = ("program.py", "cli.py", "__main__.py")


def _is_tracer_code(filename):
    """The tracer's own machinery (server, session, output tee...), as opposed to the program runner."""
    role = _role_cache.get(filename)
    if role is None:
        canon = canonical_path(filename)
        role = canon.startswith(_PACKAGE_DIR) and os.path.basename(canon) not in _RUNNER_FILES
        _role_cache[filename] = role
    return role


def called_by_tracer(frame):
    """True for code the tracer itself is running (e.g. json while it sends an event from a print()):
    the program must never stop there, or the tracer would wait on itself."""
    while frame is not None:
        if _is_tracer_code(frame.f_code.co_filename):
            return True
        frame = frame.f_back
    return False


def is_hidden(filename):
    """Frames of the tracer itself and of runpy/importlib plumbing are never shown or stepped into."""
    hidden = _hidden_cache.get(filename)
    if hidden is None:
        canon = canonical_path(filename)
        hidden = (canon.startswith(_PACKAGE_DIR) or canon in _RUNPY
                  or filename.startswith("<frozen importlib"))
        _hidden_cache[filename] = hidden
    return hidden


def _library_roots():
    """The standard library's directories (of this interpreter and of the one a venv was made from)."""
    roots = set()
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, getattr(sys, "base_exec_prefix", sys.prefix)}:
        roots.add(canonical_path(os.path.join(prefix, "lib")) + os.sep)
        roots.add(canonical_path(os.path.join(prefix, "Lib")) + os.sep)
    roots.add(canonical_path(os.path.dirname(os.__file__)) + os.sep)
    return tuple(roots)


_library_root_list = None
_user_cache = {}
_PACKAGE_DIRS = (os.sep + "site-packages" + os.sep, os.sep + "dist-packages" + os.sep)


def is_user_code(filename):
    """The program's own code: not the tracer's, not the standard library's, not an installed package's."""
    global _library_root_list
    user = _user_cache.get(filename)
    if user is None:
        if _library_root_list is None:
            _library_root_list = _library_roots()
        canon = canonical_path(filename)
        user = not (is_hidden(filename) or filename.startswith("<frozen") or canon.startswith(_library_root_list)
                    or any(d in canon for d in _PACKAGE_DIRS))
        _user_cache[filename] = user
    return user


def is_step_barrier(frame):
    """A frame a step never returns into: tracer/runpy plumbing or the bottom of a thread."""
    code = frame.f_code
    if is_hidden(code.co_filename):
        return True
    return code.co_name in _THREAD_BOOTSTRAP and canonical_path(code.co_filename) == _THREADING


def visible_frames(frame):
    frames = []
    while frame is not None:
        if not is_hidden(frame.f_code.co_filename):
            frames.append(frame)
        frame = frame.f_back
    return frames
