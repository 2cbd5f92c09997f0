"""Which interpreters to measure, and a debugpy for each where one can be had.

debugpy is only a point of comparison, never a dependency of Bugscope: its wheel is fetched with the target
interpreter's own pip (from the configured index or mirror) into bench/.cache/ and unpacked there.
"""
import glob
import os
import re
import subprocess
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache")
PYENV_GLOB = "/root/.pyenv/versions/3.*/bin/python"
SUPPORTED = ((3, 8), (3, 13))   # the range Bugscope supports (inclusive)
DEBUGPY_VERSION = "1.8.22"


class Interpreter(object):
    def __init__(self, python, version):
        self.python = python
        self.version = version          # (major, minor, micro)
        self.debugpy_path = None        # a PYTHONPATH entry holding debugpy, or None

    @property
    def label(self):
        return "%d.%d.%d" % self.version

    def __repr__(self):
        return "Interpreter(%s, %s)" % (self.python, self.label)


def probe(python):
    """The interpreter's version, or None if it does not run."""
    try:
        out = subprocess.run([python, "-c", "import sys; print('%d %d %d' % sys.version_info[:3])"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30).stdout
        return tuple(int(x) for x in out.split())
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def discover(explicit=None):
    """Interpreters 3.8-3.13, one per minor version (the newest micro), oldest first."""
    candidates = [explicit] if explicit else sorted(glob.glob(PYENV_GLOB))
    by_minor = {}
    for python in candidates:
        version = probe(python)
        if version is None or len(version) != 3:
            if explicit:
                raise SystemExit("bench: cannot run %s" % python)
            continue
        if not explicit and not (SUPPORTED[0] <= version[:2] <= SUPPORTED[1]):
            continue
        if version[:2] not in by_minor or version > by_minor[version[:2]].version:
            by_minor[version[:2]] = Interpreter(python, version)
    return [by_minor[k] for k in sorted(by_minor)]


def provide_debugpy(interp, log):
    """Unpack debugpy for ``interp`` into the cache (downloading its wheel once); None when there is none.

    A failed download is remembered in the cache (pip takes seconds to say no); delete bench/.cache to retry.
    """
    tag = "%d.%d" % interp.version[:2]
    target = os.path.join(CACHE, "debugpy-%s" % tag)
    if os.path.isdir(os.path.join(target, "debugpy")):
        interp.debugpy_path = target
        return target
    missing_marker = target + ".unavailable"
    if os.path.exists(missing_marker):
        return None
    wheels = os.path.join(CACHE, "wheels")
    os.makedirs(wheels, exist_ok=True)
    wheel = _wheel_for(wheels, interp.version)
    if wheel is None:
        log("fetching debugpy %s for Python %s with its pip..." % (DEBUGPY_VERSION, tag))
        try:
            subprocess.run([interp.python, "-m", "pip", "download", "--quiet", "--no-deps",
                            "debugpy==%s" % DEBUGPY_VERSION, "-d", wheels],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        except (OSError, subprocess.TimeoutExpired):
            pass
        wheel = _wheel_for(wheels, interp.version)
    if wheel is None:
        with open(missing_marker, "w") as f:
            f.write("pip could not download debugpy==%s for Python %s\n" % (DEBUGPY_VERSION, tag))
        return None
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target + ".partial")
    os.replace(target + ".partial", target)
    interp.debugpy_path = target
    return target


def _wheel_for(directory, version):
    """A debugpy wheel in ``directory`` built for this interpreter (cpXY) or for any Python (py3-none)."""
    tag = "cp%d%d" % version[:2]
    for wheel in sorted(glob.glob(os.path.join(directory, "debugpy-%s-*.whl" % DEBUGPY_VERSION))):
        name = os.path.basename(wheel)
        if re.search(r"-%s-%s-" % (tag, tag), name) or "-py3-none-any" in name or "-py2.py3-none-any" in name:
            return wheel
    return None
