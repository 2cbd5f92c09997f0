"""Local listeners announce themselves in a per-user runtime directory, so a debugger on this machine can list them.

The directory is ``$BUGSCOPE_RUNTIME_DIR`` if set, else ``$XDG_RUNTIME_DIR/bugscope``, else
``~/.cache/bugscope/run``, else ``<tempdir>/bugscope-<uid>``. It is created with mode 0700 and refused if it
exists owned by someone else or readable by others. Each listening tracer writes ``<pid>.json`` (mode 0600,
written to a temporary name and renamed, so readers never see half a file) and removes it when the process ends;
a generated token goes to ``<pid>.token`` (mode 0600) beside it. ``list_listeners()`` skips and deletes entries
whose process is gone (a tracer killed by a signal cannot clean up).
"""
import atexit
import json
import os
import sys
import time


class RuntimeDirError(Exception):
    """The runtime directory cannot be used safely; the message says why."""


def runtime_dir_candidates():
    """The runtime directories to try, best first (a generator: the last one costs importing tempfile)."""
    explicit = os.environ.get("BUGSCOPE_RUNTIME_DIR")
    if explicit:
        yield explicit
        return
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isabs(xdg) and os.path.isdir(xdg):
        yield os.path.join(xdg, "bugscope")
    home = os.path.expanduser("~")
    if home and home != "~" and os.path.isdir(home):
        yield os.path.join(home, ".cache", "bugscope", "run")
    import tempfile
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    yield os.path.join(tempfile.gettempdir(), "bugscope-%s" % uid)


def _check_private(path):
    info = os.lstat(path)
    import stat
    if not stat.S_ISDIR(info.st_mode):
        raise RuntimeDirError("%s is not a directory" % path)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise RuntimeDirError("%s belongs to another user (uid %d); refusing to use it" % (path, info.st_uid))
    if os.name == "posix" and info.st_mode & 0o077:
        raise RuntimeDirError("%s has mode %03o; it must be private (0700): chmod 700 %s"
                              % (path, info.st_mode & 0o777, path))


def runtime_dir(create=True):
    """The first usable runtime directory (created if needed), or RuntimeDirError naming the last problem."""
    problem = None
    for path in runtime_dir_candidates():
        try:
            if not os.path.lexists(path):
                if not create:
                    continue
                parent = os.path.dirname(path)
                if not os.path.isdir(parent):
                    os.makedirs(parent, 0o700)
                os.mkdir(path, 0o700)
                os.chmod(path, 0o700)  # a umask never adds bits, but may have taken the owner's
            _check_private(path)
            return path
        except RuntimeDirError as e:
            if os.environ.get("BUGSCOPE_RUNTIME_DIR"):
                raise
            problem = str(e)
        except OSError as e:
            problem = "cannot create %s: %s" % (path, e.strerror or e)
    raise RuntimeDirError(problem or "no runtime directory exists yet")


def write_private(path, text):
    """Write ``text`` to ``path`` with mode 0600, atomically (temporary file + rename)."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    _remove(temporary)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


class Announcement(object):
    """This process's entry (``<pid>.json``, and ``<pid>.token`` if the token was generated)."""

    def __init__(self):
        self.pid = os.getpid()
        self.paths = []
        self._registered = False

    def write_token(self, token):
        """Put a generated token in ``<pid>.token``; returns the path. Raises RuntimeDirError or OSError."""
        path = os.path.join(runtime_dir(), "%d.token" % self.pid)
        write_private(path, token + "\n")
        self._track(path)
        return path

    def announce(self, info):
        path = os.path.join(runtime_dir(), "%d.json" % self.pid)
        write_private(path, json.dumps(info, indent=2) + "\n")
        self._track(path)
        return path

    def _track(self, path):
        if path not in self.paths:
            self.paths.append(path)
        if not self._registered:
            self._registered = True
            atexit.register(self.remove)

    def remove(self):
        if os.getpid() != self.pid:
            return  # a forked child: the entries are the parent's
        for path in self.paths:
            _remove(path)
        self.paths = []


def describe(pid, host, port, fingerprint, program, argv, token=None, token_file=None):
    """The content of ``<pid>.json``."""
    info = {"pid": pid, "host": host, "port": port, "tls": fingerprint is not None, "program": program,
            "argv": list(argv), "python": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable,
            "started": time.time(), "cwd": os.getcwd(), "protocol": 1}
    if fingerprint is not None:
        info["fingerprint"] = fingerprint
    if token_file is not None:
        info["tokenFile"] = token_file
    if token is not None:
        info["token"] = token
    return info


def _alive(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, another user's (cannot happen in a private directory, but not ours to judge)
    except OSError:
        return False
    return True


def list_listeners():
    """Entries of live listening tracers of this user, oldest first; dead ones are deleted on the way."""
    try:
        directory = runtime_dir(create=False)
    except RuntimeDirError:
        return []
    found = []
    for name in sorted(os.listdir(directory)):
        stem, dot, ext = name.partition(".")
        if not stem.isdigit() or ext not in ("json", "token"):
            continue
        pid = int(stem)
        path = os.path.join(directory, name)
        if not _alive(pid):
            _remove(path)
            continue
        if ext != "json":
            continue
        try:
            with open(path) as f:
                info = json.load(f)
        except (OSError, ValueError):
            continue  # being replaced right now, or not ours
        if isinstance(info, dict) and info.get("pid") == pid:
            found.append(info)
    found.sort(key=lambda i: i.get("started") or 0)
    return found
