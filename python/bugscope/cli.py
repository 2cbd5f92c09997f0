"""``python -m bugscope``: parse the command line, start the tracer, run the program like ``python`` would."""
import os
import sys
import threading

from bugscope import api, program, subprocesses
from bugscope import __version__
from bugscope.engine import Engine, EngineError, engine_summary
from bugscope.listening import ListenError, ListenOptions, open_listener
from bugscope.output import OutputTee
from bugscope.server import Server, flush_std_streams, log
from bugscope.threads import is_internal

FLUSH_FAILED_STATUS = 120  # python's exit status when sys.stdout or sys.stderr cannot be flushed at the end

USAGE = """usage: python -m bugscope --connect HOST:PORT [--] (script.py | -m module | -c code) [args...]
       python -m bugscope --listen [HOST:]PORT [--wait-for-client] [--token-file PATH]
                          [--tls-self-signed | --tls-cert PATH --tls-key PATH] [--announce-token] [--]
                          (script.py | -m module | -c code) [args...]
       python -m bugscope --listen [HOST:]PORT --on-uncaught [--wait-timeout SECONDS] [--token-file PATH]
                          [--tls-…] [--] (script.py | -m module | -c code) [args...]
       python -m bugscope --list
       python -m bugscope --version
The token comes from the environment variable BUGSCOPE_TOKEN (or, with --listen, from --token-file); --listen
without one generates one into a private file and prints that file's path. --on-uncaught runs the program
untraced, and only when an exception would end it (or one of its threads) opens the listener and holds it there
for a debugger, for --wait-timeout seconds (default 300). --list prints the listening tracers of this user on
this machine as JSON."""

_FLAGS = ("--wait-for-client", "--tls-self-signed", "--announce-token", "--on-uncaught", "--list", "--version")
_VALUED = ("--connect", "--listen", "--token-file", "--tls-cert", "--tls-key", "--wait-timeout")
_LISTEN_ONLY = ("wait_for_client", "token_file", "tls_cert", "tls_key", "tls_self_signed", "announce_token",
                "wait_timeout")


class UsageError(Exception):
    pass


class Options(object):
    def __init__(self):
        self.connect = None
        self.listen = None
        self.wait_for_client = False
        self.token_file = None
        self.tls_cert = None
        self.tls_key = None
        self.tls_self_signed = False
        self.announce_token = False
        self.on_uncaught = False
        self.wait_timeout = None
        self.list = False
        self.version = False
        self.kind = None      # "script", "module" or "code"
        self.target = None
        self.args = []


def _address(text, host_optional):
    host, sep, port = text.rpartition(":")
    if not sep:
        if not host_optional:
            raise UsageError("expected HOST:PORT, got %r" % text)
        host = "127.0.0.1"
    try:
        port_number = int(port)
    except ValueError:
        raise UsageError("bad port in %r" % text)
    return (host.strip("[]") or "127.0.0.1"), port_number


def parse_args(argv):
    opts = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, inline = arg.partition("=")
        if arg == "--":
            i += 1
            break
        if name in _VALUED:
            if eq:
                value = inline
            else:
                i += 1
                if i >= len(argv):
                    raise UsageError("%s needs a value" % name)
                value = argv[i]
            if name == "--connect":
                opts.connect = _address(value, host_optional=False)
            elif name == "--listen":
                opts.listen = _address(value, host_optional=True)
            elif name == "--wait-timeout":
                try:
                    opts.wait_timeout = float(value)
                except ValueError:
                    raise UsageError("--wait-timeout needs a number of seconds, got %r" % value)
                if not opts.wait_timeout > 0:
                    raise UsageError("--wait-timeout needs a positive number of seconds")
            else:
                setattr(opts, name[2:].replace("-", "_"), value)
        elif arg in _FLAGS:
            setattr(opts, arg[2:].replace("-", "_"), True)
        elif name == "--token":
            raise UsageError("the token is never accepted on the command line; use BUGSCOPE_TOKEN or --token-file")
        elif arg in ("-m", "-c") or not arg.startswith("-"):
            break
        else:
            raise UsageError("unknown option %r" % arg)
        i += 1
    rest = argv[i:]
    if opts.list or opts.version:
        if len(argv) != 1:
            raise UsageError("--list and --version take nothing else")
        return opts
    if not rest:
        raise UsageError("no program given")
    if rest[0] in ("-m", "-c"):
        if len(rest) < 2:
            raise UsageError("%s needs an argument" % rest[0])
        opts.kind = "module" if rest[0] == "-m" else "code"
        opts.target, opts.args = rest[1], rest[2:]
    else:
        opts.kind, opts.target, opts.args = "script", rest[0], rest[1:]
    if (opts.connect is None) == (opts.listen is None):
        raise UsageError("give exactly one of --connect HOST:PORT or --listen [HOST:]PORT")
    if opts.connect and any(getattr(opts, name) for name in _LISTEN_ONLY):
        raise UsageError("--wait-for-client, --token-file, --tls-…, --announce-token and --wait-timeout go with "
                         "--listen")
    if opts.wait_timeout is not None and not opts.on_uncaught:
        raise UsageError("--wait-timeout goes with --on-uncaught")
    if opts.on_uncaught and opts.wait_for_client:
        raise UsageError("--on-uncaught waits for a client only when an exception would end the program; "
                         "leave out --wait-for-client")
    return opts


def _read_token(opts):
    token = os.environ.pop("BUGSCOPE_TOKEN", None)  # the program must not see it
    if opts.token_file:
        with open(opts.token_file) as f:
            token = f.readline().strip()
        if not token:
            raise OSError(0, "its first line is empty")
    return token or None


def _listen_options(opts, token):
    label = {"script": opts.target, "module": "-m " + str(opts.target), "code": "-c"}[opts.kind]
    options = ListenOptions(opts.listen[0], opts.listen[1], token, opts.tls_cert, opts.tls_key, opts.tls_self_signed,
                            opts.announce_token)
    return options, label, [opts.target] + list(opts.args) if opts.kind == "script" else list(opts.args)


def _listen(server, opts, token):
    open_listener(server, *_listen_options(opts, token))


def _run_post_mortem(opts, token, engine):
    """--on-uncaught: the program runs untraced; the listener opens when an exception would end it."""
    from bugscope.postmortem import DEFAULT_WAIT_TIMEOUT, PostMortem
    server = Server(engine, token, "listen")
    server.program_started = True
    options, label, argv = _listen_options(opts, token)
    try:
        options.check()
    except ListenError as e:
        log(str(e))
        return 2
    engine.hold_uncaught = PostMortem(server, options, label, argv,
                                      opts.wait_timeout or DEFAULT_WAIT_TIMEOUT).wait_for_client
    api.tracer_started(server, breakpoint_hook=False)  # breakpoint() behaves as under python (untraced run)
    exit_code = program.run(opts.kind, opts.target, opts.args, on_uncaught=engine.exception_uncaught)
    _wait_for_threads()
    flush_std_streams()
    server.program_exited(exit_code)
    return exit_code


def _list():
    import json
    from bugscope.discovery import list_listeners
    sys.stdout.write(json.dumps(list_listeners(), indent=2) + "\n")
    return 0


def main(argv):
    try:
        opts = parse_args(argv)
    except UsageError as e:
        sys.stderr.write("bugscope: %s\n%s\n" % (e, USAGE))
        return 2
    if opts.list:
        return _list()
    if opts.version:
        sys.stdout.write("bugscope %s on CPython %d.%d.%d: %s\n" % ((__version__,) + tuple(sys.version_info[:3])
                                                                  + (engine_summary(),)))
        return 0
    try:
        token = _read_token(opts)
    except OSError as e:
        log("cannot read the token file %s: %s" % (opts.token_file, e.strerror))
        return 2
    if token is None and opts.connect:
        log("no token: set BUGSCOPE_TOKEN in the environment")
        return 2
    if opts.kind == "script" and not os.path.isfile(opts.target):
        log("can't open file %r: no such file" % opts.target)
        return 2

    engine = Engine()
    engine.program_path = os.path.abspath(opts.target) if opts.kind == "script" else None
    if opts.on_uncaught:
        from bugscope.postmortem import UntracedBackend
        engine.start(backend=UntracedBackend)
        if opts.listen:
            return _run_post_mortem(opts, token, engine)
    else:
        try:
            engine.start()
        except EngineError as e:
            sys.stderr.write("%s\n" % e)
            return 2
    server = Server(engine, token, "connect" if opts.connect else "listen")
    if opts.on_uncaught:  # --connect: the client is there from the start, so a crash stops while it still is
        engine.hold_uncaught = lambda exc: server.client_ready.is_set()
    if opts.listen:  # before listening: a quick client must find the tees when it attaches
        server.tees = [OutputTee(sys.stdout, "stdout"), OutputTee(sys.stderr, "stderr")]
    try:
        if opts.connect:
            server.connect(*opts.connect)
        else:
            _listen(server, opts, token)
    except (OSError, ListenError) as e:
        engine.stop_tracing()
        server.run_exit_hooks()
        if isinstance(e, ListenError):
            log(str(e))
        else:
            address = opts.connect or opts.listen
            log("cannot %s %s:%d: %s" % ("connect to" if opts.connect else "listen on", address[0], address[1],
                                         e.strerror or e))
        return 2
    api.tracer_started(server, breakpoint_hook=not opts.on_uncaught)
    if opts.connect and not opts.on_uncaught:
        subprocesses.enable()  # when the adapter asked (BUGSCOPE_SUBPROCESS): children and forks are debugged too
    if opts.listen:
        sys.stdout, sys.stderr = server.tees
    if opts.connect or opts.wait_for_client:
        server.configured.wait()  # held before the first line until configurationDone
    server.program_started = True
    if server.stop_on_entry:
        engine.stop_on_entry()

    exit_code = program.run(opts.kind, opts.target, opts.args, on_uncaught=engine.exception_uncaught)
    _wait_for_threads()
    if not flush_std_streams():
        exit_code = FLUSH_FAILED_STATUS
    server.program_exited(exit_code)
    engine.stop_tracing()
    return exit_code


def _wait_for_threads():
    """Like the interpreter at exit: the program ends when its last non-daemon thread does."""
    main_thread = threading.main_thread()
    for thread in threading.enumerate():
        if thread is not main_thread and not thread.daemon and not is_internal(thread):
            thread.join()
