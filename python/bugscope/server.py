"""The connection side: connect to an adapter or listen for clients, read frames, hand them to a DapSession.

The reading thread is an InternalThread (never traced). It also decides the process's fate when a client
leaves: under --connect the debuggee exits; under --listen the program runs on and a new client may attach.

Under --listen, clients are served one at a time. A client that has not completed ``attach`` within the
authentication time limit is dropped, gets small frames only, and any frame it garbles closes its connection; a
TLS handshake happens first, under the same limit. Whatever a client does, the worst outcome is its own
connection closed with one line on stderr: the program runs on and the tracer keeps listening.
"""
import os
import signal
import socket
import sys
import threading
import time

from bugscope import PROTOCOL_VERSION
from bugscope.diagnostics import log
from bugscope.dap import DapSession
from bugscope.engine import Listener
from bugscope.threads import InternalThread
from bugscope.wire import MAX_BODY, WRITE_TIMEOUT, Closed, Connection, FramingError, HttpRequest, Refused, TimedOut

TERMINATED_STATUS = 143  # like SIGTERM
REAL_EXIT = os._exit
AUTH_TIMEOUT = 10.0      # seconds from accept to a successful attach (BUGSCOPE_AUTH_TIMEOUT overrides, for tests)
PRE_AUTH_MAX_BODY = 64 * 1024  # initialize and attach are small
_HTTP_TEXT = (b"This port speaks the Debug Adapter Protocol (a Bugscope debugger listens here), not HTTP.\n"
              b"Attach to it with a DAP client: Bugscope's Attach dialog, or any editor's DAP attach.\n")
HTTP_ANSWER = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
               b"Connection: close\r\n\r\n" % len(_HTTP_TEXT)) + _HTTP_TEXT


def write_timeout():
    """How long a client may take no bytes before it is dropped (wire.send_within); BUGSCOPE_WRITE_TIMEOUT
    overrides it, for tests."""
    try:
        value = float(os.environ.get("BUGSCOPE_WRITE_TIMEOUT", ""))
    except ValueError:
        return WRITE_TIMEOUT
    return value if value > 0 else WRITE_TIMEOUT


def auth_timeout():
    try:
        value = float(os.environ.get("BUGSCOPE_AUTH_TIMEOUT", ""))
    except ValueError:
        return AUTH_TIMEOUT
    return value if value > 0 else AUTH_TIMEOUT




def flush_std_streams():
    """The program's buffered output goes out before its end is reported (or the process exits). Returns False
    when sys.stdout or sys.stderr (not None, not closed) cannot be flushed: python then exits with status 120
    (Py_FinalizeEx fails), whatever the program's own status, and the exit status reported must say so."""
    flushed = True
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and getattr(stream, "closed", False) is not True:
                stream.flush()
        except Exception:
            flushed = False
    return flushed


def _end_own_process_group():
    """The adapter starts a --connect debuggee as the leader of its own process group and, ending the session, ends
    the whole group. When the adapter's connection closes without a disconnect (the adapter was killed, the IDE
    went away), nobody else will: end the group here, so the program's children (a multiprocessing worker, a
    subprocess) do not outlive it. The SIGTERM reaches this process too; by default it ends it with 143, as
    REAL_EXIT would. A process that does not lead its own group (run from a pipeline, a test) leaves it alone."""
    if os.name == "nt" or os.getpgrp() != os.getpid():
        return
    try:
        os.killpg(os.getpid(), signal.SIGTERM)
    except OSError:
        pass


def _ascii_host(host):
    """An ASCII host name as bytes: getaddrinfo() encodes a str with the idna codec, whose import (encodings.idna,
    stringprep, unicodedata) costs milliseconds of start-up for an address like 127.0.0.1."""
    try:
        return host.encode("ascii")
    except UnicodeEncodeError:
        return host

class Server(object):
    def __init__(self, engine, token, mode):
        self.engine = engine
        self.token = token
        self.mode = mode                # "connect" or "listen"
        self.configured = threading.Event()
        self.client_ready = threading.Event()  # a client is attached and configured (listen mode: cleared when it leaves)
        self.entry_requested = False    # that client asked for stopOnEntry
        self.session = None
        self.tees = []                  # OutputTee objects to feed while a client is attached (listen mode)
        self.program_started = False
        self.stop_on_entry = False
        self.finished = False
        self._listen_socket = None
        self._tls_context = None
        self._auth_timeout = AUTH_TIMEOUT
        self._lock = threading.Lock()
        # Held while a request is handled: the program's end waits for it, or a `continue` that lets the program
        # finish could lose its response to the connection being closed.
        self._handling = threading.Lock()
        self.on_exit = []               # callables run before the process exits (announcement removal)

    # -- starting ---------------------------------------------------------------------------------------------
    def connect(self, host, port):
        sock = socket.create_connection((_ascii_host(host), port), timeout=10)
        sock.settimeout(None)
        self._start(Connection(sock))

    def bind(self, host, port, tls_context=None):
        """Binds and listens; returns the bound (host, port). ``start_accepting`` then serves clients."""
        infos = socket.getaddrinfo(_ascii_host(host), port, 0, socket.SOCK_STREAM)
        family, kind, proto, _name, address = infos[0]
        sock = socket.socket(family, kind, proto)
        if os.name != "nt":  # on Windows SO_REUSEADDR would let another process bind the same port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
            sock.listen(4)
        except OSError:
            sock.close()
            raise
        self._listen_socket = sock
        self._tls_context = tls_context
        self._auth_timeout = auth_timeout()
        bound = sock.getsockname()
        return bound[0], bound[1]

    def start_accepting(self):
        thread = InternalThread("listener", self._accept_loop)
        thread.start()
        self.engine.mark_internal(thread.ident)

    def _start(self, conn):
        thread = InternalThread("connection", self._serve, (conn,))
        thread.start()
        self.engine.mark_internal(thread.ident)

    def _accept_loop(self):
        while not self.finished:
            try:
                sock, peer = self._listen_socket.accept()
            except OSError as e:
                if self.finished or self._listen_socket.fileno() < 0:
                    return  # closed when the program ends
                log("accept failed (%s); still listening" % (e.strerror or e))
                time.sleep(0.1)  # e.g. out of file descriptors: do not spin
                continue
            try:
                self._serve_client(sock, peer)
            except Exception as e:  # never let one client end the listener
                log("internal error serving %s: %s: %s; still listening" % (_peer_text(peer), type(e).__name__, e))
                try:
                    sock.close()
                except OSError:
                    pass

    def _serve_client(self, sock, peer):
        deadline = time.monotonic() + self._auth_timeout
        channel = sock
        if self._tls_context is not None:
            from bugscope.tls import TlsSocket
            channel = TlsSocket(sock, self._tls_context)
            try:
                channel.handshake(deadline)
            except (OSError, ValueError) as e:
                reason = "no handshake within %g s" % self._auth_timeout if isinstance(e, socket.timeout) else e
                log("TLS handshake with %s failed (%s); closed it, still listening" % (_peer_text(peer), reason))
                sock.close()
                return
        conn = Connection(channel)
        conn.deadline = deadline
        conn.max_body = PRE_AUTH_MAX_BODY
        self._serve(conn, _peer_text(peer))

    def _serve(self, conn, peer=None):
        session = DapSession(self.engine, conn, self, self.token)
        if self.mode == "connect":
            session.event("bugscope/handshake", {"token": self.token, "pid": os.getpid(), "protocol": PROTOCOL_VERSION,
                                                 "python": "%d.%d.%d" % sys.version_info[:3]})
        conn.peer = peer or "the adapter"
        conn.write_timeout = write_timeout()
        keep = True
        while keep:
            try:
                message = conn.read()
            except HttpRequest as e:
                if not session.authorized:  # a browser or curl pointed at the port: say what it is, and close
                    log("%s from %s; this port speaks DAP, not HTTP: answered 400 and closed the connection"
                        % (e, peer or "the adapter"))
                    conn.send_bytes(HTTP_ANSWER)
                    break
                self._discarded(session, e)  # in an attached session: skipped like any bad frame
                continue
            except FramingError as e:
                if not session.authorized and self.mode == "listen":
                    log("%s from %s before attach; closed the connection" % (e, peer))
                    break
                self._discarded(session, e)
                continue
            except Refused as e:
                log("%s from %s; closed the connection" % (e, peer or "the adapter"))
                break
            except TimedOut:
                log("%s did not attach within %g s; closed the connection" % (peer, self._auth_timeout))
                break
            except Closed:
                break
            with self._handling:
                keep = session.handle(message)
        conn.close()
        self._session_ended(session)

    @staticmethod
    def _discarded(session, error):
        """A bad frame was skipped: on stderr and, once attached, in the client's console, as it cannot be
        answered (its seq is unknown)."""
        log(str(error))
        if session.authorized:
            session.output("console", "bugscope: %s (the tracer goes on with the next frame)\n" % error)

    # -- what the session asks for ------------------------------------------------------------------------------
    def attached(self, session, stop_on_entry):
        session.conn.clear_deadline()
        session.conn.max_body = MAX_BODY
        with self._lock:
            self.session = session
            self.entry_requested = stop_on_entry
        self.engine.listener = session
        self.engine.attached = True
        for tee in self.tees:
            tee.sink = session.output
        if stop_on_entry and not self.program_started:
            self.stop_on_entry = True
        session.event("initialized")
        return True

    def configured_done(self):
        self.configured.set()
        self.client_ready.set()
        return True

    def disconnect(self, session, terminate_debuggee):
        if self.mode == "connect" or terminate_debuggee:
            self._exit_process(TERMINATED_STATUS)
        return False  # close this connection; _session_ended detaches

    def terminate(self):
        session = self.session
        if session is not None:
            session.event("exited", {"exitCode": TERMINATED_STATUS})
            session.event("terminated")
        self._exit_process(TERMINATED_STATUS)

    def _session_ended(self, session):
        with self._lock:
            current = self.session is session
            if current:
                self.session = None
        if current:
            self.client_ready.clear()
            for tee in self.tees:
                tee.sink = None
            self.engine.listener = Listener()
            self.engine.detach()
        if self.finished or self.mode != "connect":
            return
        if not self.configured.is_set():
            log("the adapter closed the connection before the program started")
            self._exit_process(2)
        self._exit_process(TERMINATED_STATUS, end_process_group=True)

    def _exit_process(self, status, end_process_group=False):
        self.run_exit_hooks()
        flush_std_streams()
        session = self.session
        if session is not None:
            session.conn.close()
        if end_process_group:
            _end_own_process_group()
        REAL_EXIT(status)  # not the program's os._exit (api.report_os_exit): this exit has been reported

    def program_exits_now(self, status):
        """The program called os._exit(status) (so did multiprocessing's fork children): no atexit, no
        program_exited. The client hears the status before the process is gone; nothing waits for a lock a
        request handler may hold (it may be waiting for the very thread that is exiting)."""
        if self.finished:
            return
        self.finished = True
        self.run_exit_hooks()
        session = self.session
        if session is not None:
            session.event("exited", {"exitCode": status})
            session.event("terminated")
            session.conn.close()

    def forget_after_fork(self):
        """In the child of os.fork(): the connection, the listening socket and the threads serving them are the
        parent's. Close this process's descriptors (without a shutdown, which would end them for the parent) and
        keep nothing that could send on them or run the parent's exit hooks; any lock may have been held."""
        self.finished = True
        self._lock = threading.Lock()
        self._handling = threading.Lock()
        self.on_exit = []
        session, self.session = self.session, None
        for tee in self.tees:
            tee.sink = None
        if session is not None:
            session.conn.abandon()
        sock, self._listen_socket = self._listen_socket, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    # -- the program's end (main thread) ------------------------------------------------------------------------
    def run_exit_hooks(self):
        hooks, self.on_exit = self.on_exit, []
        for hook in hooks:
            try:
                hook()
            except Exception:
                pass

    def program_exited(self, exit_code):
        """The program ended (``exit_code`` None when unknown: ``bugscope.listen()`` at interpreter exit)."""
        self.finished = True
        self.run_exit_hooks()
        idle = self._handling.acquire(timeout=1.0)  # bounded: a handler may be waiting on a program thread
        try:
            self._program_exited(exit_code)
        finally:
            if idle:
                self._handling.release()

    def _program_exited(self, exit_code):
        with self._lock:
            session, self.session = self.session, None
        for tee in self.tees:
            tee.sink = None
        self.engine.attached = False
        if session is not None:
            if exit_code is not None:
                session.event("exited", {"exitCode": exit_code})
            session.event("terminated")
            session.conn.close()
        if self._listen_socket is not None:
            try:
                self._listen_socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                self._listen_socket.close()
            except OSError:
                pass


def _peer_text(peer):
    try:
        return "%s:%d" % (peer[0], peer[1])
    except (TypeError, IndexError):
        return "a client"
