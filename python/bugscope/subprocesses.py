"""Child processes of a launched program are debugged too: ``subprocess`` and ``multiprocessing`` children (spawn,
fork, forkserver), ``concurrent.futures`` process pools and ``os.fork``.

The adapter asks for it with two environment variables: ``BUGSCOPE_SUBPROCESS`` (``127.0.0.1:PORT``, where it takes
announcements) and ``BUGSCOPE_SUBPROCESS_TOKEN`` (the token an announcement must carry). The launched program's
tracer then
* puts ``_subprocess/`` (a directory that holds only a ``sitecustomize.py``) first on ``PYTHONPATH``, so every
  Python process started below it runs ``start_in_child`` at start-up, and
* registers ``after_fork_in_child`` with ``os.register_at_fork``.

A child opens its own tracer on ``127.0.0.1:0`` with a fresh token, announces itself to the adapter (one DAP event
``bugscope/child``), and waits until a client has attached and sent ``configurationDone``, for at most
``BUGSCOPE_SUBPROCESS_WAIT`` seconds (10). Without a client by then it stops tracing and runs as under plain
python: a child never hangs because nobody attached. The announcing connection stays open for the child's life;
the adapter reads its closing as the child's end and kills the children still connected when the session stops.

multiprocessing's resource tracker and forkserver are plumbing, not sessions; the workers the forkserver forks are.
"""
import os
import sys

ADDRESS_VARIABLE = "BUGSCOPE_SUBPROCESS"
TOKEN_VARIABLE = "BUGSCOPE_SUBPROCESS_TOKEN"
WAIT_VARIABLE = "BUGSCOPE_SUBPROCESS_WAIT"
DEFAULT_WAIT = 10.0
ANNOUNCE_EVENT = "bugscope/child"
SITE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_subprocess")

_RESOURCE_TRACKER = "from multiprocessing.resource_tracker import main"
_FORKSERVER = "from multiprocessing.forkserver import main"

_fork_hooked = False
_announcement = None  # the socket that announced this process, open until it ends
_name = None          # how this process was announced (a fork child is named after it)
_forkserver = None    # in multiprocessing's forkserver: (its pid, the pid of the program it serves)


def requested():
    return bool(os.environ.get(ADDRESS_VARIABLE) and os.environ.get(TOKEN_VARIABLE))


def enable():
    """The launched program's tracer: its Python descendants and its forks are debugged (when the adapter asked)."""
    if not requested():
        return False
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if SITE_DIR not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([SITE_DIR] + paths)
    _hook_fork()
    return True


def _hook_fork():
    global _fork_hooked
    if not _fork_hooked and hasattr(os, "register_at_fork"):  # POSIX only
        os.register_at_fork(after_in_child=after_fork_in_child)
        _fork_hooked = True


# -- a new Python process (sitecustomize) ---------------------------------------------------------------------------
def start_in_child():
    """Called by ``_subprocess/sitecustomize.py`` before the program's first line."""
    global _forkserver
    if not requested():
        return
    code = _command_code() if sys.argv[:1] == ["-c"] else None
    if code is not None and code.startswith(_RESOURCE_TRACKER):
        return
    if code is not None and code.startswith(_FORKSERVER):
        _forkserver = (os.getpid(), os.getppid())
        _hook_fork()  # not a session itself; the workers it forks start their own tracers
        return
    program = os.path.abspath(sys.argv[0]) if sys.argv and os.path.isfile(sys.argv[0]) else None
    if _debug_this_process(None, describe_command(sys.argv, code), program):
        _hook_fork()


def _command_argv():
    """The interpreter's whole command line (``sys.argv`` lacks the ``-c`` code and the ``-m`` module)."""
    argv = getattr(sys, "orig_argv", None)  # 3.10+
    if argv is None:
        try:
            with open("/proc/self/cmdline", "rb") as f:  # Linux; elsewhere 3.8/3.9 cannot tell
                argv = [part.decode("utf-8", "replace") for part in f.read().split(b"\0")]
        except OSError:
            return None
    return argv


def _command_code():
    argv = _command_argv()
    if argv and "-c" in argv[1:-1]:
        return argv[argv.index("-c", 1) + 1]
    return None


def describe_command(argv, code=None):
    """A short name for the process tree: the script and its arguments, ``-m module …`` or the ``-c`` code."""
    if not argv:
        return "python"
    if argv[0] == "-c":
        if "--multiprocessing-fork" in argv[1:]:
            return "multiprocessing spawn"
        text = "-c " + " ".join(code.split()) if code else "-c"
    elif argv[0] == "-m":
        full = _command_argv() or []
        module = full[full.index("-m", 1) + 1] if "-m" in full[1:-1] else ""
        text = " ".join(["-m", module] + list(argv[1:])) if module else "-m"
    else:
        text = " ".join([os.path.basename(argv[0])] + list(argv[1:]))
    return text if len(text) <= 80 else text[:77] + "..."


# -- os.fork ------------------------------------------------------------------------------------------------------
def after_fork_in_child():
    """``os.register_at_fork`` hook. Only the forking thread exists here, and the parent's connection, listener and
    server threads are the parent's: the inherited tracer forgets them, then this process announces itself."""
    global _announcement
    try:
        try:
            caller = sys._getframe(1)
        except ValueError:  # forked from C code with no Python frame
            caller = None
        if (caller is not None and caller.f_code.co_name == "_execute_child"
                and caller.f_code.co_filename.endswith("subprocess.py")):
            return  # subprocess's fork for a preexec_fn: an exec follows (and closes our sockets)
        inherited, _announcement = _announcement, None
        if inherited is not None:
            inherited.close()  # this process's descriptor only: the parent's announcement stays open
        from bugscope import api
        server = api.current_server()
        engine = None
        if server is not None:
            server.forget_after_fork()
            engine = server.engine
            engine.reset_after_fork()
            api.tracer_started(None, breakpoint_hook=False)
        _debug_this_process(engine, _fork_name(caller), engine.program_path if engine else None)
    except Exception as e:
        from bugscope.diagnostics import log
        log("this forked process is not debugged: %s: %s" % (type(e).__name__, e))


def _fork_name(frame):
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(os.path.join("multiprocessing", "popen_fork.py")):
            return "multiprocessing fork"
        if filename.endswith(os.path.join("multiprocessing", "forkserver.py")):
            return "multiprocessing forkserver"
        frame = frame.f_back
    return "fork of " + (_name or describe_command(sys.argv))


# -- both ---------------------------------------------------------------------------------------------------------
def _debug_this_process(engine, name, program):
    """Starts listening (with ``engine``, or a new one), announces this process and waits for its client. Returns
    True when a client is attached and configured; otherwise tracing stops and the program runs as under python."""
    global _name
    from bugscope import api
    from bugscope.engine import Engine
    from bugscope.listening import generate_token
    from bugscope.server import Server

    if engine is None:
        engine = Engine()
        engine.start()
    engine.program_path = program
    _name = name
    token = generate_token()
    server = Server(engine, token, "listen")
    server.program_started = True  # stopOnEntry does not apply: the program is not held before its first line
    ready = False
    try:
        _host, port = server.bind("127.0.0.1", 0)
        server.start_accepting()
        ready = _announce(name, port, token) and _wait_for_client(server, _wait_seconds())
    finally:
        if not ready:
            server.program_exited(None)  # closes the listener (and a client that came too late)
            engine.stop_tracing()
    if not ready:
        return False
    api.tracer_started(server)
    import atexit
    atexit.register(_at_exit, server, engine)
    return True


def _announce(name, port, token):
    global _announcement
    import socket
    from bugscope import PROTOCOL_VERSION
    from bugscope.wire import encode
    host, _, adapter_port = os.environ[ADDRESS_VARIABLE].rpartition(":")
    ppid = os.getppid()
    if _forkserver is not None and _forkserver[0] == ppid:
        ppid = _forkserver[1]  # in the process tree, a forkserver's worker belongs to the program it works for
    body = {"token": os.environ[TOKEN_VARIABLE], "pid": os.getpid(), "ppid": ppid, "name": name,
            "host": "127.0.0.1", "port": port, "attachToken": token, "protocol": PROTOCOL_VERSION,
            "python": "%d.%d.%d" % sys.version_info[:3]}
    try:
        sock = socket.create_connection((host.strip("[]"), int(adapter_port)), timeout=5)
    except (OSError, ValueError):
        return False  # the adapter is gone (the session ended): nobody will attach
    try:
        sock.sendall(encode({"seq": 1, "type": "event", "event": ANNOUNCE_EVENT, "body": body}))
    except OSError:
        sock.close()
        return False
    _announcement = sock
    return True


def _wait_seconds():
    try:
        value = float(os.environ.get(WAIT_VARIABLE, ""))
    except ValueError:
        return DEFAULT_WAIT
    return value if value >= 0 else DEFAULT_WAIT


def _wait_for_client(server, seconds):
    if server.client_ready.wait(seconds):
        return True
    # Attached but still sending breakpoints: give it the same time again, no more.
    return server.session is not None and server.client_ready.wait(seconds)


def _at_exit(server, engine):
    """The exit status is not known at atexit; the client gets ``terminated``. A fork of this process inherits
    this hook and has a server of its own (or none): there it does nothing."""
    from bugscope import api
    from bugscope.server import flush_std_streams
    if api.current_server() is not server:
        return
    flush_std_streams()
    server.program_exited(None)
    engine.stop_tracing()
