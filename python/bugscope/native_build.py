"""Finds a C compiler, builds, caches and loads the optional native tracer: ``native/bugscope_native.c`` (a
frame-evaluation tracer) on 3.8-3.11, ``native/bugscope_monitoring.c`` (the sys.monitoring LINE callback for
breakpoint lines) on 3.12+. Both build the module ``_bugscope_native``.

``load()`` returns ``(module, None)``, or ``(None, reason)`` when the pure-Python tracer has to do. It never
raises: a debuggee must run even when nothing here works.

The extension is built once per interpreter and source version, against the running interpreter's own headers,
into ``<cache>/native/<cache_tag>-<source crc>-<interpreter crc>/`` (the source crc covers the headers it
includes), where ``<cache>`` is ``$BUGSCOPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/bugscope``, else
``~/.cache/bugscope``. A cached build is loaded without importing sysconfig, subprocess or hashlib (about 1 ms):
those are only needed to build. A failed build leaves a note in its cache directory so that later starts do not
try again with the same compiler.
"""
import os
import sys
import zlib

from bugscope.diagnostics import log

MODULE_NAME = "_bugscope_native"
NATIVE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "native")
# 3.12+: sys.monitoring already runs code without breakpoints for free; C only decides on breakpoint lines.
SOURCE = os.path.join(NATIVE_DIR, "bugscope_native.c" if sys.version_info < (3, 12) else "bugscope_monitoring.c")
HEADERS = tuple(os.path.join(NATIVE_DIR, h) for h in ("breakpoint_check.h", "recording.h", "recording_types.h"))
FIRST, LAST = (3, 8), (3, 13)  # the newest version whose C API the sources were checked against
BUILD_TIMEOUT = 120
_FAILED_NOTE = "build-failed.txt"

_loaded = None


def load():
    """(module, None) or (None, reason); the result is computed once per process."""
    global _loaded
    if _loaded is None:
        try:
            _loaded = _load()
        except Exception as e:  # never let a bug here stop the debuggee
            _loaded = (None, "the native tracer failed to load: %s: %s" % (type(e).__name__, e))
    return _loaded


def _load():
    if os.environ.get("BUGSCOPE_NATIVE") == "0":
        return None, "disabled by BUGSCOPE_NATIVE=0"
    reason = unsupported_reason()
    if reason:
        return None, reason
    source = b""
    for path in (SOURCE,) + HEADERS:
        try:
            with open(path, "rb") as f:
                source += f.read()
        except OSError as e:
            return None, "the native tracer's source is missing (%s: %s)" % (path, e.strerror)
    target = built_path(source)
    if not os.path.exists(target):
        problem = build(target, announce=True)
        if problem:
            return None, problem
    try:
        return _import(target), None
    except Exception as e:
        log("cannot load the native tracer %s (%s); using the pure-Python tracer" % (target, e))
        return None, "cannot load %s: %s" % (target, e)


def unsupported_reason():
    if sys.implementation.name != "cpython":
        return "the native tracer is for CPython, not %s" % sys.implementation.name
    if not FIRST <= sys.version_info[:2] <= LAST:
        return "the native tracer is for CPython %d.%d-%d.%d, not %d.%d" % (
            FIRST + LAST + tuple(sys.version_info[:2]))
    if os.name == "nt":
        return "the native tracer is not built on Windows yet"
    return None


def cache_root():
    root = os.environ.get("BUGSCOPE_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "bugscope")
    return os.path.join(root, "native")


def built_path(source):
    """Where the build of ``source`` (bytes: the C file and its headers) for this interpreter lives.

    Internal CPython structs may change between patch releases, so the key is the full version string (which
    includes the build date and compiler) and the installation prefix, not only the ABI tag."""
    from importlib.machinery import EXTENSION_SUFFIXES
    interpreter = "\0".join((sys.version, sys.base_prefix, EXTENSION_SUFFIXES[0])).encode("utf-8", "replace")
    name = "%s-%08x-%08x" % (sys.implementation.cache_tag, zlib.crc32(source), zlib.crc32(interpreter))
    return os.path.join(cache_root(), name, MODULE_NAME + EXTENSION_SUFFIXES[0])


def _import(path):
    from importlib.machinery import ExtensionFileLoader, ModuleSpec
    loader = ExtensionFileLoader(MODULE_NAME, path)
    spec = ModuleSpec(MODULE_NAME, loader, origin=path)
    module = loader.create_module(spec)
    loader.exec_module(module)
    sys.modules[MODULE_NAME] = module
    return module


# -- building ------------------------------------------------------------------------------------------------
def find_compiler():
    """The compiler command as a list: $CC if set (it may hold flags, e.g. "ccache gcc"), else cc, gcc or clang
    on PATH. None if there is none."""
    import shlex
    import shutil
    cc = os.environ.get("CC")
    if cc:
        command = shlex.split(cc)
        return command if command and shutil.which(command[0]) else None
    for name in ("cc", "gcc", "clang"):
        path = shutil.which(name)
        if path:
            return [path]
    return None


def build(target, announce=False):
    """Builds the extension into ``target``. Returns None on success, else the reason (one line).

    ``announce``: say on stderr that a build failed (a compiler exists but does not work: worth one line)."""
    compiler = find_compiler()
    if compiler is None:
        wanted = "CC=%s was not found" % os.environ["CC"] if os.environ.get("CC") else "no cc/gcc/clang on PATH"
        return "no C compiler to build the native tracer (%s)" % wanted
    directory = os.path.dirname(target)
    note = os.path.join(directory, _FAILED_NOTE)
    try:
        with open(note) as f:
            if f.readline().rstrip("\n") == " ".join(compiler):
                return "building the native tracer failed before with this compiler; see %s" % note
    except OSError:
        pass
    include = _include_dir()
    if include is None:
        return "Python's C headers are not installed for %s (install its -dev/-devel package)" % sys.executable
    command = compiler + ["-O2", "-fPIC", "-DNDEBUG", "-I", include]
    if sys.platform == "darwin":
        command += ["-bundle", "-undefined", "dynamic_lookup"]
    else:
        command += ["-shared"]
    temporary = "%s.%d.tmp" % (target, os.getpid())  # concurrent builds each write their own, then rename
    command += [SOURCE, "-o", temporary]
    try:
        os.makedirs(directory, exist_ok=True)
        output, status = _run(command)
    except OSError as e:
        return "cannot build the native tracer in %s: %s" % (directory, e.strerror or e)
    if status == 0 and os.path.exists(temporary):
        os.replace(temporary, target)
        _prune(directory)
        return None
    try:
        os.unlink(temporary)
    except OSError:
        pass
    try:
        with open(note, "w") as f:
            f.write("%s\n%s\nexit status %s\n%s" % (" ".join(compiler), " ".join(command), status, output))
    except OSError:
        note = "(could not write %s)" % note
    if announce:
        log("could not build the native tracer (see %s); using the pure-Python tracer" % note)
    return "building the native tracer failed; see %s" % note


def _prune(current, keep=3):
    """Removes builds of older sources for this interpreter, keeping the newest few (two checkouts of bugscope
    with different sources on one machine must not rebuild each other's at every start)."""
    import shutil
    parent, name = os.path.split(current)
    tag, _source, interpreter = name.rsplit("-", 2)  # the cache tag itself holds a dash (cpython-311)
    try:
        siblings = [os.path.join(parent, n) for n in os.listdir(parent)
                    if n.startswith(tag + "-") and n.endswith("-" + interpreter)]
        siblings.sort(key=os.path.getmtime, reverse=True)
    except OSError:
        return
    for old in siblings[keep:]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def _include_dir():
    import sysconfig
    for path in (sysconfig.get_paths().get("include"), sysconfig.get_config_var("INCLUDEPY")):
        if path and os.path.isfile(os.path.join(path, "Python.h")):
            return path
    return None


def _run(command):
    import subprocess
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timed out after %d s" % BUILD_TIMEOUT, "timeout"
    return done.stdout.decode("utf-8", "replace"), done.returncode
