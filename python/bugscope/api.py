"""Starting the tracer from inside a program: ``bugscope.listen()``, ``wait_for_client()``, ``breakpoint()``.

``listen()`` does what ``python -m bugscope --listen`` does before running a program (engine, tees, a safe
listener), but from the calling thread, which becomes thread 1. Code already running when it is called is
reached like code that runs when a client sets a breakpoint: by re-arming the running frames of that file.
``python -m bugscope`` registers its server here too, so ``bugscope.breakpoint()`` works under both.
"""
import atexit
import sys
import threading

_lock = threading.Lock()
_server = None


def tracer_started(server, breakpoint_hook=True):
    """The tracer of this process is running (called by the CLI and by ``listen``). ``breakpoint_hook``: the
    builtin ``breakpoint()`` stops in the attached debugger from now on."""
    global _server
    _server = server
    if breakpoint_hook:
        sys.breakpointhook = _breakpoint_builtin
    report_os_exit()


def report_os_exit():
    """os._exit skips atexit and everything the tracer does at the program's end: wrapped, it first tells this
    process's client (``exited`` with the status, ``terminated``). Once per process; a fork child reports to its
    own server, if it has one by then."""
    import os
    if getattr(os._exit, "bugscope_wrapped", False):
        return
    real_exit = os._exit

    def _exit(status):
        server = _server
        if server is not None and type(status) is int:
            try:
                server.program_exits_now(status)
            except BaseException:
                pass
        real_exit(status)

    _exit.bugscope_wrapped = True
    _exit.__doc__ = real_exit.__doc__
    os._exit = _exit


def current_server():
    """The tracer's server in this process; None before it starts (and in a fork child until it has its own)."""
    return _server


def _breakpoint_builtin(*args, **kwargs):
    """``sys.breakpointhook`` under Bugscope. PYTHONBREAKPOINT, read at each call as python does, still wins:
    set to "0" it disables breakpoint(), set to a callable's name it calls that instead."""
    import os
    if os.environ.get("PYTHONBREAKPOINT"):
        return sys.__breakpointhook__(*args, **kwargs)
    breakpoint(sys._getframe(1))


def _address(address):
    if isinstance(address, int):
        return "127.0.0.1", address
    if isinstance(address, str):
        host, sep, port = address.rpartition(":")
        return (host.strip("[]") or "127.0.0.1") if sep else "127.0.0.1", int(port)
    host, port = address
    return host or "127.0.0.1", int(port)


def listen(address=("127.0.0.1", 5678), token=None, tls_cert=None, tls_key=None, tls_self_signed=False,
           announce_token=False):
    import os
    from bugscope.engine import Engine, EngineError
    from bugscope.listening import ListenOptions, open_listener
    from bugscope.output import OutputTee
    from bugscope.server import Server

    host, port = _address(address)
    if token is None:
        token = os.environ.pop("BUGSCOPE_TOKEN", None) or None  # not inherited by the program's children
    with _lock:
        if _server is not None:
            raise RuntimeError("bugscope: the tracer is already running in this process; listen() may be called "
                               "once (and not under python -m bugscope)")
        engine = Engine()
        try:
            engine.start()
        except EngineError as e:  # e.g. another debugger holds sys.monitoring
            raise RuntimeError(str(e))
        argv0 = sys.argv[0] if sys.argv else ""
        program = os.path.abspath(argv0) if argv0 not in ("", "-c") else "-c"
        engine.program_path = program if os.path.isfile(program) else None
        server = Server(engine, token, "listen")
        server.program_started = True
        server.tees = [OutputTee(sys.stdout, "stdout"), OutputTee(sys.stderr, "stderr")]
        options = ListenOptions(host, port, token, tls_cert, tls_key, tls_self_signed, announce_token)
        try:
            bound = open_listener(server, options, program, list(sys.argv[1:]))
        except BaseException:
            engine.stop_tracing()
            server.run_exit_hooks()
            raise
        sys.stdout, sys.stderr = server.tees
        tracer_started(server)
    atexit.register(_at_exit, server, engine)
    return bound


def _at_exit(server, engine):
    # atexit runs after the interpreter joined the program's threads; the exit status is not known here.
    from bugscope.server import flush_std_streams
    flush_std_streams()
    server.program_exited(None)
    engine.stop_tracing()


def wait_for_client(frame):
    """Blocks until a client has attached and sent configurationDone. With ``stopOnEntry`` it stops at ``frame``."""
    server = _server
    if server is None:
        raise RuntimeError("bugscope: call bugscope.listen() before bugscope.wait_for_client()")
    server.client_ready.wait()
    if server.entry_requested:
        server.entry_requested = False
        _stop(server, frame, "entry")


def breakpoint(frame):
    """Stops ``frame``'s thread at ``frame`` if a client is attached; otherwise does nothing."""
    server = _server
    if server is not None and server.session is not None and server.engine.attached:
        _stop(server, frame, "breakpoint")


def _stop(server, frame, reason):
    engine = server.engine
    ts = engine.thread_state()
    if ts is None:
        return  # one of the tracer's own threads
    # A step after this stop continues in frames that started before any trace function (settrace backend):
    # give them one, as a pause does.
    caller = frame
    while caller is not None:
        engine.backend.trace_frame(caller)
        caller = caller.f_back
    engine.stop(ts, frame, reason)
