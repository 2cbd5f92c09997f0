"""A minimal DAP client over TCP, used to drive both Bugscope's tracer and debugpy.

It reads on the calling thread (no reader thread): a timed request then measures the debugger, not a
thread hand-off inside the harness. Messages that arrive while waiting for something else are kept in
order and matched later.
"""
import json
import re
import socket
import time

_HEADER_END = b"\r\n\r\n"
_LENGTH = re.compile(br"Content-Length:\s*(\d+)", re.IGNORECASE)
# Events nobody here waits for; dropping them keeps the list of unmatched messages short.
_IGNORED_EVENTS = frozenset(("output", "continued", "thread", "module", "loadedSource", "process", "breakpoint"))


def _pinned_tls(sock, fingerprint):
    """TLS client side: the self-signed certificate is trusted only if its SHA-256 matches ``fingerprint``."""
    import hashlib
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    wrapped = context.wrap_socket(sock)
    presented = hashlib.sha256(wrapped.getpeercert(binary_form=True)).hexdigest().upper()
    if presented != fingerprint.replace(":", "").upper():
        wrapped.close()
        raise DapError("TLS fingerprint mismatch")
    return wrapped


class DapError(Exception):
    """The debugger answered with success:false, closed the connection, or did not answer in time."""


class DapClient(object):
    def __init__(self, sock):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        self._buffer = b""
        self._pending = []      # decoded messages not yet consumed by a wait
        self._seq = 1
        self.closed = False

    @classmethod
    def connect(cls, port, timeout=10.0, process=None, tls_fingerprint=None):
        """Connect to 127.0.0.1:port, retrying while the server is not listening yet (debugpy). With
        ``tls_fingerprint`` (AA:BB:… as Bugscope prints it) over TLS, the certificate pinned to it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=2.0)
                if tls_fingerprint is not None:
                    sock = _pinned_tls(sock, tls_fingerprint)
                return cls(sock)
            except OSError:
                if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                    raise DapError("cannot connect to 127.0.0.1:%d" % port)
                time.sleep(0.005)

    # -- wire -------------------------------------------------------------------------------------------------
    def send(self, command, arguments=None):
        seq = self._seq
        self._seq += 1
        message = {"seq": seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        body = json.dumps(message).encode("utf-8")
        self.sock.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        return seq

    def _read_one(self, deadline):
        """Decode one message from the socket, blocking until ``deadline``."""
        while True:
            end = self._buffer.find(_HEADER_END)
            if end >= 0:
                match = _LENGTH.search(self._buffer[:end])
                if match is None:
                    raise DapError("frame without Content-Length: %r" % self._buffer[:end])
                length = int(match.group(1))
                start = end + len(_HEADER_END)
                if len(self._buffer) >= start + length:
                    body = self._buffer[start:start + length]
                    self._buffer = self._buffer[start + length:]
                    return json.loads(body.decode("utf-8"))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DapError("timed out")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                raise DapError("timed out")
            except OSError as e:
                chunk = b""
                if not self.closed:
                    self.closed = True
                    raise DapError("connection lost: %s" % e)
            if not chunk:
                self.closed = True
                raise DapError("connection closed by the debugger")
            self._buffer += chunk

    def wait(self, predicate, timeout, what):
        """The first message (kept or new) for which ``predicate`` is true; others are kept."""
        for index, message in enumerate(self._pending):
            if predicate(message):
                return self._pending.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self._read_one(deadline)
            except DapError as e:
                raise DapError("no %s: %s" % (what, e))
            if predicate(message):
                return message
            if message.get("type") == "event" and message.get("event") in _IGNORED_EVENTS:
                continue
            self._pending.append(message)

    # -- conveniences -----------------------------------------------------------------------------------------
    def response(self, seq, timeout=30.0):
        message = self.wait(lambda m: m.get("type") == "response" and m.get("request_seq") == seq, timeout,
                            "response to request %d" % seq)
        if not message.get("success"):
            raise DapError("%s failed: %s" % (message.get("command"), message.get("message")))
        return message.get("body") or {}

    def request(self, command, arguments=None, timeout=30.0):
        return self.response(self.send(command, arguments), timeout)

    def event(self, name, timeout=30.0):
        message = self.wait(lambda m: m.get("type") == "event" and m.get("event") == name, timeout,
                            "%r event" % name)
        return message.get("body") or {}

    def first_event(self, names, timeout=30.0):
        """(name, body) of the first of several events, e.g. a stop or the program's end."""
        message = self.wait(lambda m: m.get("type") == "event" and m.get("event") in names, timeout,
                            "event among %s" % (names,))
        return message["event"], message.get("body") or {}

    def close(self):
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass
