"""One interface over every debugger the benchmark drives: pdb through its prompt, debugpy and Bugscope over DAP.

A session runs one program with breakpoints in that program's file and offers the few actions the suites need:
resume (continue / next / step out) until the next stop or the program's end, fetch what an IDE shows at a stop,
expand a local variable, replace the breakpoints, and finish. Timing is left to the suites.
"""
import os
import re
import socket
import subprocess
import threading

from dap_client import DapClient, DapError
from pdb_driver import PdbDriver

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BUGSCOPE_PYTHONPATH = os.path.join(REPO, "python")
TOKEN = "bench-token-0b1d"
STOP_TIMEOUT = 300.0   # pdb steps over a long call slowly; a real hang still ends the run with an error
_LISTENING = re.compile(r"bugscope: listening on [^:]+:(\d+)")


class NotSupported(Exception):
    """The debugger cannot do what the suite asks (e.g. a condition it ignores); reported, not fatal."""


def clean_env(extra=None):
    """The harness's environment without variables that change how an interpreter starts.

    PYTHONDONTWRITEBYTECODE goes too: with it (this machine sets it), Bugscope's and debugpy's modules are
    compiled from source at every start, while the standard library (python itself, pdb) loads its
    precompiled .pyc files; a user's machine caches bytecode for all of them."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONBREAKPOINT", "PYTHONHOME", "BUGSCOPE_TOKEN",
                        "PYTHONDONTWRITEBYTECODE")}
    env.update(extra or {})
    return env


def run_plain(python, program, args, env=None, timeout=600):
    process = subprocess.run([python, program] + list(args), env=env or clean_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError("%s %s failed: %s" % (python, program, process.stderr.decode()[-1000:]))


class PdbSession(object):
    name = "pdb"

    def __init__(self, python, program, args, env=None):
        self.program = program
        self.pdb = PdbDriver(python, program, args, env or clean_env())
        self.pid = self.pdb.process.pid
        self._numbers = []  # pdb's numbers of the breakpoints set, to clear them without a confirmation prompt

    def start(self, breakpoints):
        """``breakpoints``: [(line, condition or None)]. Runs from pdb's first prompt to the first stop."""
        self.pdb.read_prompt()
        self.set_breakpoints(breakpoints)
        return self.resume("continue")

    def set_breakpoints(self, breakpoints):
        for number in self._numbers:
            self.pdb.command("cl %d" % number)
        self._numbers = []
        for line, condition in breakpoints:
            spec = "%s:%d" % (self.program, line) + (", %s" % condition if condition else "")
            answer = self.pdb.command("b " + spec)
            found = re.search(rb"Breakpoint (\d+) at", answer)
            if not found:
                raise RuntimeError("pdb refused breakpoint %s: %r" % (spec, answer))
            self._numbers.append(int(found.group(1)))
        return [True] * len(breakpoints)

    def resume(self, kind):
        """Returns the stop's line, or None when the program ended."""
        self.pdb.command({"continue": "c", "next": "n", "out": "r"}[kind], STOP_TIMEOUT)
        if self.pdb.finished:
            return None
        return self.pdb.location()[1]

    def fetch_all(self):
        # What an IDE shows at a stop: the stack and the local variables.
        self.pdb.command("w")
        self.pdb.command("p locals()")

    def expand(self, name):
        output = self.pdb.command("p " + name)
        return output.count(b",") + 1  # items printed (approximately: one more than the separators)

    def finish(self):
        self.set_breakpoints([])
        while not self.pdb.finished:
            self.pdb.command("c", STOP_TIMEOUT)
        self.pdb.quit()


class DapSession(object):
    """What Bugscope and debugpy share: the DAP conversation. Subclasses spawn the process."""

    name = "dap"
    attach_arguments = {}

    def __init__(self, python, program, args, env=None):
        self.program = program
        self.process = None
        self.client = None
        self.thread_id = None
        self.is_stopped = False
        self.stderr_tail = []
        self._spawn(python, program, args, env)
        self.pid = self.process.pid

    def _spawn(self, python, program, args, env):
        raise NotImplementedError

    def _drain(self, stream):
        """Keep reading stderr so a chatty debuggee never blocks on a full pipe; keep the end for errors."""
        for line in iter(stream.readline, b""):
            self.stderr_tail = (self.stderr_tail + [line.decode("utf-8", "replace")])[-40:]

    def start(self, breakpoints, stop_on_entry=False):
        """The DAP handshake, then run to the first stop (its line) or the end (None).

        debugpy answers ``attach`` only after ``configurationDone`` and sends ``initialized`` after receiving
        attach; Bugscope answers at once. Sending attach without waiting for its answer suits both.
        """
        c = self.client
        c.request("initialize", {"clientID": "bugscope-bench", "adapterID": "python", "pathFormat": "path",
                                 "linesStartAt1": True, "columnsStartAt1": True})
        attach = c.send("attach", dict(self.attach_arguments, stopOnEntry=stop_on_entry))
        c.event("initialized")
        self.verified = self.set_breakpoints(breakpoints)
        c.request("setExceptionBreakpoints", {"filters": []})
        done = c.send("configurationDone")
        c.response(attach)
        c.response(done)
        return self.wait_stop()

    def set_breakpoints(self, breakpoints):
        body = self.client.request("setBreakpoints", {
            "source": {"path": self.program},
            "breakpoints": [dict({"line": line}, **({"condition": cond} if cond else {}))
                            for line, cond in breakpoints]})
        return [(b.get("verified", False), b.get("message")) for b in body.get("breakpoints", [])]

    def wait_stop(self, timeout=STOP_TIMEOUT):
        try:
            name, body = self.client.first_event(("stopped", "terminated", "exited"), timeout)
        except DapError as e:  # say what the debuggee said last: the likely cause
            raise DapError("%s; debuggee stderr: %s" % (e, "".join(self.stderr_tail)[-400:].strip() or "(none)"))
        self.is_stopped = name == "stopped"
        if not self.is_stopped:
            return None
        self.thread_id = body.get("threadId", self.thread_id)
        return self._top_line()

    def _top_line(self):
        frames = self.client.request("stackTrace", {"threadId": self.thread_id, "startFrame": 0, "levels": 1})
        return frames["stackFrames"][0]["line"] if frames.get("stackFrames") else None

    def resume(self, kind):
        command = {"continue": "continue", "next": "next", "out": "stepOut"}[kind]
        self.is_stopped = False
        self.client.request(command, {"threadId": self.thread_id})
        return self.wait_stop()

    def resume_only(self, thread_id):
        self.client.request("continue", {"threadId": thread_id})

    def fetch_all(self):
        """threads, stackTrace, scopes, variables of the top frame's first scope (Locals): an IDE's stop."""
        c = self.client
        c.request("threads")
        frames = c.request("stackTrace", {"threadId": self.thread_id, "startFrame": 0, "levels": 20})
        scopes = c.request("scopes", {"frameId": frames["stackFrames"][0]["id"]})["scopes"]
        self.locals = c.request("variables", {"variablesReference": scopes[0]["variablesReference"]})["variables"]
        return self.locals

    def expand(self, name):
        """All children of a local (fetched by fetch_all first) in one request; returns how many came back."""
        local = next(v for v in self.locals if v["name"] == name)
        args = {"variablesReference": local["variablesReference"]}
        if local.get("indexedVariables"):  # a paging client asks for the whole range (Bugscope caps unpaged answers)
            args.update(start=0, count=local["indexedVariables"])
        return len(self.client.request("variables", args)["variables"])

    def finish(self, timeout=120.0):
        """Clear breakpoints, run to the end, and reap the process."""
        try:
            if not self.client.closed:
                self.set_breakpoints([])
                if self.is_stopped:
                    self.client.send("continue", {"threadId": self.thread_id})
                self.client.first_event(("terminated",), timeout)
        except DapError:
            pass  # the connection closes as the program ends; the process's exit below is what counts
        self._reap(timeout)

    def kill(self):
        try:
            self.client.send("disconnect", {"terminateDebuggee": True})
        except (OSError, DapError, AttributeError):
            pass
        self._reap(5.0)

    def _reap(self, timeout):
        if self.client is not None:
            self.client.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_FINGERPRINT = re.compile(r"fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")


class BugscopeSession(DapSession):
    name = "bugscope"
    attach_arguments = {"token": TOKEN}
    listen_options = []
    on_pty = False

    def _command(self, python, program, args):
        return ([python, "-m", "bugscope", "--listen", "127.0.0.1:0", "--wait-for-client"] + self.listen_options
                + [program] + list(args))

    def _spawn(self, python, program, args, env):
        env = dict(env or clean_env())
        env["PYTHONPATH"] = BUGSCOPE_PYTHONPATH
        env["BUGSCOPE_TOKEN"] = TOKEN
        if self.on_pty:  # the program's stderr (the listening line) comes through the terminal, on stdout
            self.process = subprocess.Popen(self._command(python, program, args), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
            said = self.process.stdout
        else:
            self.process = subprocess.Popen(self._command(python, program, args), stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            said = self.process.stderr
        port = fingerprint = None
        while port is None:
            line = said.readline().decode("utf-8", "replace")
            if not line:
                raise RuntimeError("bugscope exited before listening: %s" % "".join(self.stderr_tail))
            self.stderr_tail.append(line)
            found = _LISTENING.search(line)
            port = int(found.group(1)) if found else None
            pinned = _FINGERPRINT.search(line)
            fingerprint = pinned.group(1) if pinned else fingerprint
        threading.Thread(target=self._drain, args=(said,), daemon=True).start()
        if self.listen_options and fingerprint is None:
            raise NotSupported("no TLS fingerprint printed")
        self.client = DapClient.connect(port, process=self.process, tls_fingerprint=fingerprint)

    def backend(self):
        try:
            return self.client.request("bugscope/stats").get("backend")
        except DapError:
            return None


class BugscopePtySession(BugscopeSession):
    """Bugscope as the workbench launches it: on a pseudo-terminal held by pty_host.py under the same Python
    (its output, the listening line included, comes through the terminal on the host's stdout)."""
    name = "bugscope-pty"
    on_pty = True

    def _command(self, python, program, args):
        host = os.path.join(BUGSCOPE_PYTHONPATH, "bugscope", "pty_host.py")
        return [python, "-I", "-S", host, "80", "24", "--"] + BugscopeSession._command(self, python, program, args)


class BugscopeTlsSession(BugscopeSession):
    """Bugscope over TLS with a self-signed certificate pinned by fingerprint, as for a remote attach."""
    name = "bugscope-tls"
    listen_options = ["--tls-self-signed"]


class DebugpySession(DapSession):
    name = "debugpy"
    attach_arguments = {"justMyCode": True}

    def __init__(self, python, program, args, env=None, debugpy_path=None):
        self.debugpy_path = debugpy_path
        DapSession.__init__(self, python, program, args, env)

    def _spawn(self, python, program, args, env):
        env = dict(env or clean_env())
        env["PYTHONPATH"] = self.debugpy_path
        port = free_port()
        self.process = subprocess.Popen(
            [python, "-m", "debugpy", "--listen", "127.0.0.1:%d" % port, "--wait-for-client", program] + list(args),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()
        self.client = DapClient.connect(port, timeout=30.0, process=self.process)


def process_cpu_seconds(pid):
    """CPU time used so far by every thread of process ``pid`` (Linux). Waiting for a core on a busy
    machine is not counted, which makes long measurements far steadier than wall time."""
    total = 0
    task_dir = "/proc/%d/task" % pid
    for tid in os.listdir(task_dir):
        try:
            with open(os.path.join(task_dir, tid, "schedstat")) as f:
                total += int(f.read().split()[0])  # nanoseconds on a CPU
        except (OSError, ValueError, IndexError):
            pass  # a thread that just ended
    return total / 1e9


def free_port():
    """A port nobody listens on now (debugpy needs one on its command line; it cannot report port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def line_of(path, marker):
    with open(path) as f:
        for number, text in enumerate(f, 1):
            if marker in text:
                return number
    raise ValueError("marker %r not in %s" % (marker, path))

