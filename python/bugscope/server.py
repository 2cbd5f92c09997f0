"""The connection side: connect to an adapter or listen for clients, read frames, hand them to a DapSession.

The reading thread is an InternalThread (never traced). It also decides the process's fate when a client
leaves: under --connect the debuggee exits; under --listen the program runs on and a new client may attach.
"""
import os
import socket
import sys
import threading

from bugscope import PROTOCOL_VERSION
from bugscope.dap import DapSession
from bugscope.engine import Listener
from bugscope.threads import InternalThread
from bugscope.wire import Closed, Connection, FramingError

TERMINATED_STATUS = 143  # like SIGTERM


def log(message):
    try:
        sys.__stderr__.write("bugscope: %s\n" % message)
        sys.__stderr__.flush()
    except Exception:
        pass


class Server(object):
    def __init__(self, engine, token, mode):
        self.engine = engine
        self.token = token
        self.mode = mode                # "connect" or "listen"
        self.configured = threading.Event()
        self.session = None
        self.tees = []                  # OutputTee objects to feed while a client is attached (listen mode)
        self.program_started = False
        self.stop_on_entry = False
        self.finished = False
        self._listen_socket = None
        self._lock = threading.Lock()

    # -- starting ---------------------------------------------------------------------------------------------
    def connect(self, host, port):
        sock = socket.create_connection((host, port), timeout=10)
        sock.settimeout(None)
        self._start(Connection(sock))

    def listen(self, host, port):
        infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        family, kind, proto, _name, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(4)
        self._listen_socket = sock
        bound = sock.getsockname()
        log("listening on %s:%d (pid %d)" % (bound[0], bound[1], os.getpid()))
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
                sock, _peer = self._listen_socket.accept()
            except OSError:
                return  # closed when the program ends
            self._serve(Connection(sock))

    def _serve(self, conn):
        session = DapSession(self.engine, conn, self, self.token)
        if self.mode == "connect":
            session.event("bugscope/handshake", {"token": self.token, "pid": os.getpid(), "protocol": PROTOCOL_VERSION,
                                                 "python": "%d.%d.%d" % sys.version_info[:3]})
        keep = True
        while keep:
            try:
                message = conn.read()
            except FramingError as e:
                log(str(e))
                continue
            except Closed:
                break
            keep = session.handle(message)
        conn.close()
        self._session_ended(session)

    # -- what the session asks for ------------------------------------------------------------------------------
    def attached(self, session, stop_on_entry):
        with self._lock:
            self.session = session
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
            for tee in self.tees:
                tee.sink = None
            self.engine.listener = Listener()
            self.engine.detach()
        if self.finished or self.mode != "connect":
            return
        if not self.configured.is_set():
            log("the adapter closed the connection before the program started")
            self._exit_process(2)
        self._exit_process(TERMINATED_STATUS)

    def _exit_process(self, status):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        session = self.session
        if session is not None:
            session.conn.close()
        os._exit(status)

    # -- the program's end (main thread) ------------------------------------------------------------------------
    def program_exited(self, exit_code):
        self.finished = True
        with self._lock:
            session, self.session = self.session, None
        for tee in self.tees:
            tee.sink = None
        self.engine.attached = False
        if session is not None:
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
