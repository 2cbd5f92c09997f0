"""Opening a listener safely, for ``--listen`` and ``bugscope.listen()`` alike.

In order: TLS is set up (so a missing openssl fails before anything is bound), a token is generated if none was
given (into a 0600 file in the runtime directory; only the file's path is printed), the socket is bound, the
warnings for a non-loopback address are printed, the process is announced for local discovery, and last
``bugscope: listening on HOST:PORT (pid N)``: a tool that waits for that line has seen everything before it.
"""
import os

from bugscope.server import log


class ListenError(RuntimeError):
    """The listener cannot be opened as asked; the message says what to do."""


class ListenOptions(object):
    def __init__(self, host="127.0.0.1", port=5678, token=None, tls_cert=None, tls_key=None,
                 tls_self_signed=False, announce_token=False):
        self.host = host
        self.port = port
        self.token = token
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.tls_self_signed = tls_self_signed
        self.announce_token = announce_token

    def check(self):
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ListenError("--tls-cert and --tls-key go together")
        if self.tls_self_signed and self.tls_cert is not None:
            raise ListenError("give either --tls-self-signed or --tls-cert/--tls-key, not both")


def generate_token():
    return os.urandom(32).hex()  # 256 random bits; os.urandom needs no import (secrets would pull in more)


def is_loopback(host):
    return host.startswith("127.") or host in ("::1", "localhost") or host.startswith("::ffff:127.")


def _tls(options):
    if options.tls_cert is None and not options.tls_self_signed:
        return None, None
    from bugscope import tls
    try:
        if options.tls_self_signed:
            return tls.self_signed_context()
        return tls.server_context(options.tls_cert, options.tls_key)
    except tls.TlsSetupError as e:
        raise ListenError(str(e))


def open_listener(server, options, program, argv):
    """Binds ``server`` as ``options`` say and starts accepting clients. Returns the bound (host, port).
    Raises ListenError (nothing bound) or OSError from bind."""
    from bugscope.discovery import Announcement, RuntimeDirError, describe
    options.check()
    context, fingerprint = _tls(options)
    announcement = Announcement()
    server.on_exit.append(announcement.remove)
    token, token_file = options.token, None
    if not token:
        token = generate_token()
        try:
            token_file = announcement.write_token(token)
        except (RuntimeDirError, OSError) as e:
            raise ListenError("no token given, and a generated one cannot be stored privately (%s); set "
                              "BUGSCOPE_TOKEN in the environment or give --token-file PATH" % e)
    server.token = token
    server.token_file = token_file
    host, port = server.bind(options.host, options.port, context)
    address = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
    if not is_loopback(host):
        log(u"WARNING: listening on %s \u2014 anyone who can reach this port and has the token can run code as "
            u"this user" % address)
        if context is None:
            log("WARNING: traffic, including the token, is not encrypted; use --tls-self-signed or an SSH tunnel")
    if token_file is not None:
        log("no token given; generated one in %s (mode 0600)" % token_file)
    if fingerprint is not None:
        log("TLS certificate SHA-256 fingerprint: %s" % fingerprint)
    try:
        announcement.announce(describe(os.getpid(), host, port, fingerprint, program, argv,
                                       token=token if options.announce_token else None, token_file=token_file))
    except (RuntimeDirError, OSError) as e:
        log("not announced for local discovery: %s" % e)
    server.start_accepting()
    log("listening on %s (pid %d)" % (address, os.getpid()))
    return host, port
