"""A small DAP client for the tests: starts ``python -m bugscope`` as a real subprocess and talks over TCP."""
import atexit
import json
import os
import re
import socket
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, "programs")
TOKEN = "test-token-1234"
TIMEOUT = 8.0
# Listening tracers announce themselves in a runtime directory: the tests' own, never the user's.
RUNTIME_DIR = os.path.join(tempfile.gettempdir(), "bugscope-tests-%d" % os.getpid())


def program(name):
    return os.path.join(PROGRAMS, name)


def line_of(path, marker):
    """The 1-based line of ``path`` that contains ``marker`` (e.g. a ``# @stop`` comment)."""
    with open(path) as f:
        for number, text in enumerate(f, 1):
            if marker in text:
                return number
    raise AssertionError("marker %r not in %s" % (marker, path))


def tracer_env(extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = PYTHON_DIR + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["BUGSCOPE_TOKEN"] = TOKEN
    env["PYTHONUNBUFFERED"] = "1"
    env["BUGSCOPE_RUNTIME_DIR"] = RUNTIME_DIR
    env.pop("BUGSCOPE_SUMMARY_FILE", None)
    if extra:
        env.update(extra)
    return env


def _remove_runtime_dir():
    shutil.rmtree(RUNTIME_DIR, ignore_errors=True)


atexit.register(_remove_runtime_dir)


def encode(message):
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Framer(object):
    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def read(self):
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
        header, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        length = int(re.search(br"Content-Length: *(\d+)", header).group(1))
        while len(self.buffer) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body.decode("utf-8"))


class DapClient(object):
    """Drives one tracer process. ``messages`` holds everything received, in order."""

    def __init__(self, sock, process=None):
        self.sock = sock
        self.process = process
        self.framer = Framer(sock)
        self.messages = []
        self.closed = False
        self.cond = threading.Condition()
        self.seq = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    @classmethod
    def launch_listen(cls, args, wait_for_client=True, env=None, cwd=None):
        argv = [sys.executable, "-m", "bugscope", "--listen", "127.0.0.1:0"]
        if wait_for_client:
            argv.append("--wait-for-client")
        return cls.launch_command(argv + list(args), env, cwd)

    @classmethod
    def launch_command(cls, argv, env=None, cwd=None):
        """Starts ``argv`` (which opens a tracer's listener), waits for its "listening on" line and connects."""
        # Unbuffered: a buffered reader would read ahead past the "listening" line, and finish() (communicate(),
        # which reads the raw pipe) would never see what it had buffered.
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=tracer_env(env), cwd=cwd or HERE, bufsize=0)
        port = None
        stderr_lines = []
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            line = process.stderr.readline().decode("utf-8", "replace")
            if not line:
                break
            stderr_lines.append(line)
            m = re.search(r"bugscope: listening on ([\d.]+):(\d+) \(pid (\d+)\)", line)
            if m:
                port = int(m.group(2))
                break
        if port is None:
            process.kill()
            raise AssertionError("tracer did not listen: %s" % "".join(stderr_lines))
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        sock.settimeout(None)
        client = cls(sock, process)
        client.port = port
        client.stderr_head = "".join(stderr_lines)
        return client

    def _read(self):
        while True:
            try:
                message = self.framer.read()
            except (OSError, ValueError):
                message = None
            with self.cond:
                if message is None:
                    self.closed = True
                    self.cond.notify_all()
                    return
                self.messages.append(message)
                self.cond.notify_all()

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, command, arguments=None):
        seq = self.seq
        self.seq += 1
        message = {"seq": seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        self.sock.sendall(encode(message))
        return seq

    def wait_for(self, predicate, timeout=TIMEOUT, what="message"):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for message in self.messages:
                    if predicate(message):
                        self.messages.remove(message)
                        return message
                remaining = deadline - time.time()
                if remaining <= 0 or (self.closed and not any(predicate(m) for m in self.messages)):
                    raise AssertionError("no %s within %.1f s (closed=%s); got %s"
                                         % (what, timeout, self.closed, json.dumps(self.messages)[-1500:]))
                self.cond.wait(min(remaining, 0.2))

    def response(self, seq, timeout=TIMEOUT):
        return self.wait_for(lambda m: m.get("type") == "response" and m.get("request_seq") == seq, timeout,
                             "response to request %d" % seq)

    def request(self, command, arguments=None, timeout=TIMEOUT):
        return self.response(self.send(command, arguments), timeout)

    def ok(self, command, arguments=None, timeout=TIMEOUT):
        response = self.request(command, arguments, timeout)
        assert response["success"], "%s failed: %s" % (command, response.get("message"))
        return response.get("body") or {}

    def event(self, name, timeout=TIMEOUT, predicate=None):
        return self.wait_for(lambda m: m.get("type") == "event" and m.get("event") == name
                             and (predicate is None or predicate(m.get("body") or {})), timeout,
                             "%r event" % name)

    def wait_closed(self, timeout=TIMEOUT):
        deadline = time.time() + timeout
        with self.cond:
            while not self.closed:
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise AssertionError("connection still open")
                self.cond.wait(remaining)

    # -- conveniences ----------------------------------------------------------------------------------------
    def start_session(self, breakpoints=None, stop_on_entry=False, evaluate_timeout=None, exceptions=None,
                      attach=None):
        """initialize, attach, setBreakpoints per file, setExceptionBreakpoints (``exceptions``: its arguments),
        configurationDone. Returns {path: [breakpoint]}, and the exception filters' results under "exceptions".
        ``attach``: more attach arguments (suspendPolicy, justMyCode).

        A breakpoint is a line number or a DAP SourceBreakpoint dict (condition, hitCondition, logMessage)."""
        self.ok("initialize", {"adapterID": "bugscope-tests", "pathFormat": "path"})
        args = dict(attach or {}, token=TOKEN, stopOnEntry=stop_on_entry)
        if evaluate_timeout:
            args["evaluateTimeout"] = evaluate_timeout
        self.ok("attach", args)
        self.event("initialized")
        placed = {}
        for path, lines in (breakpoints or {}).items():
            body = self.ok("setBreakpoints", {"source": {"path": path},
                                              "breakpoints": [l if isinstance(l, dict) else {"line": l}
                                                              for l in lines]})
            placed[path] = body["breakpoints"]
        placed["exceptions"] = self.ok("setExceptionBreakpoints", exceptions or {"filters": []})["breakpoints"]
        self.ok("configurationDone")
        return placed

    def stopped(self, reason=None, timeout=TIMEOUT):
        return self.event("stopped", timeout, (lambda b: b.get("reason") == reason) if reason else None)

    def top_frame(self, thread_id):
        return self.ok("stackTrace", {"threadId": thread_id})["stackFrames"][0]

    def locals_of(self, frame_id):
        scopes = self.ok("scopes", {"frameId": frame_id})["scopes"]
        ref = [s for s in scopes if s["name"] == "Locals"][0]["variablesReference"]
        return {v["name"]: v for v in self.ok("variables", {"variablesReference": ref})["variables"]}

    def children(self, ref, **paging):
        args = {"variablesReference": ref}
        args.update(paging)
        return {v["name"]: v for v in self.ok("variables", args)["variables"]}

    def finish(self, timeout=TIMEOUT):
        """Wait for the process to end; returns (exit status, stdout, stderr)."""
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
            raise AssertionError("tracer process did not exit: %s" % err.decode("utf-8", "replace")[-2000:])
        return self.process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        elif self.process is not None:
            for stream in (self.process.stdout, self.process.stderr):
                if stream:
                    stream.close()
