"""DAP framing over a socket: ``Content-Length: N\\r\\n\\r\\n`` + N bytes of UTF-8 JSON. Nothing else.

Every message goes out with one ``sendall`` (header and body together) on a TCP_NODELAY socket, under a lock,
because events are sent from program threads while the server thread answers requests. A client that takes no
bytes for ``write_timeout`` seconds (30; it stopped reading) is dropped, so a program printing a lot, or stopping,
never blocks for ever on a client that does not read (``send_within``).

A bad frame costs itself only: the next frame is found again even when the bad one's length was unreadable
(``_content_length``). An HTTP request line is recognised as such (``HttpRequest``): the server answers it.

A peer cannot make the tracer buffer without bound: a header block is at most 64 KiB and a body at most
``Connection.max_body`` bytes (16 MiB; the server lowers it until the client is authenticated); beyond that the
frame is refused and the connection must be closed. ``deadline`` (a ``time.monotonic()`` value) bounds how long
reading may take in all, for clients that have not authenticated yet.
"""
import json
import select
import socket
import threading
import time

from bugscope.diagnostics import log

MAX_HEADER = 64 * 1024
MAX_BODY = 16 * 1024 * 1024
WRITE_TIMEOUT = 30.0  # seconds a client may take no bytes at all before it is dropped (see send_within)


class FramingError(Exception):
    """A frame that could not be read; the connection goes on with the next one."""


class Refused(Exception):
    """A frame too large to read (or skip) safely; the connection must be closed."""


class Closed(Exception):
    """The peer closed the connection (or it broke)."""


class TimedOut(Closed):
    """The connection's deadline passed while waiting for more bytes."""


class HttpRequest(Refused):
    """An HTTP request line where a DAP header should be (a browser or curl pointed at the port)."""


class WriteTimedOut(Closed):
    """The peer took no bytes for ``Connection.write_timeout`` seconds: it stopped reading."""


def _content_length(header):
    """The value of the last Content-Length field of a header block, or None if it has none or it is not a
    non-negative integer. The last one also when it is glued to the end of other bytes: after a frame whose
    length could not be read, that frame's body (of unknown size) is still in the stream, in front of the next
    frame's header. Taking the last Content-Length finds that header again, so one bad frame costs itself only,
    not every frame after it."""
    at = header.lower().rfind(b"content-length")
    if at < 0:
        return None
    name_rest, colon, value = header[at + len(b"content-length"):].split(b"\r\n", 1)[0].partition(b":")
    value = value.strip()
    if not colon or name_rest.strip() or not value.isdigit():
        return None
    return int(value)


_HTTP_METHODS = (b"GET", b"POST", b"PUT", b"HEAD", b"DELETE", b"OPTIONS", b"PATCH", b"CONNECT", b"TRACE", b"PRI")


def _is_http_request(header):
    parts = header.split(b"\r\n", 1)[0].split(b" ")
    return len(parts) == 3 and parts[0] in _HTTP_METHODS and parts[2].startswith(b"HTTP/")


def send_within(sock, data, seconds):
    """sendall() that gives up (WriteTimedOut) when the peer takes nothing for ``seconds``: a client that stopped
    reading must not block the program's threads (its output, its stopped events) for ever. Any progress restarts
    the clock, so a slow reader is never cut off. The socket stays in blocking mode for the reading thread:
    each send is non-blocking on its own (MSG_DONTWAIT; where that flag does not exist, a small blocking send
    once select() says the socket is writable)."""
    flags = getattr(socket, "MSG_DONTWAIT", 0)
    view = memoryview(data)
    deadline = time.monotonic() + seconds
    while view:
        try:
            sent = sock.send(view if flags else view[:4096], flags)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except socket.timeout:  # a socket that has a read deadline (before attach) has a timeout too
            sent = 0
        if sent:
            view = view[sent:]
            deadline = time.monotonic() + seconds
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WriteTimedOut()
        _wait_writable(sock, min(remaining, 1.0))


def _wait_writable(sock, seconds):
    if hasattr(select, "poll"):  # select() cannot take descriptors over 1023 (a program with many files open)
        poller = select.poll()
        poller.register(sock, select.POLLOUT)
        poller.poll(seconds * 1000)
    else:
        select.select([], [sock], [], seconds)


def encode(message):
    body = json.dumps(message, separators=(",", ":"), default=repr).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def configure(sock):
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass  # not a TCP socket (socketpair in tests)


class Connection(object):
    def __init__(self, sock):
        configure(sock)
        self._sock = sock
        self._send_lock = threading.Lock()
        self._buffer = bytearray()  # bytes += bytes would copy the whole buffer per chunk of a large body
        self.closed = False
        self.max_body = MAX_BODY
        self.deadline = None
        self.write_timeout = WRITE_TIMEOUT  # None: sends may block for ever
        self.peer = "the client"

    def clear_deadline(self):
        self.deadline = None
        try:
            self._sock.settimeout(None)
        except OSError:
            pass

    def send(self, message):
        data = encode(message)
        with self._send_lock:
            if self.closed:
                raise Closed()
            try:
                if self.write_timeout is None:
                    self._sock.sendall(data)
                elif isinstance(self._sock, socket.socket):
                    send_within(self._sock, data, self.write_timeout)
                else:  # a TlsSocket (tls.py) bounds the writes of its records the same way
                    self._sock.sendall(data, self.write_timeout)
            except WriteTimedOut:
                self.closed = True
                log("%s has read nothing for %g s; dropped it (a client must keep reading)"
                    % (self.peer, self.write_timeout))
                self._shutdown()  # the reading thread sees the end: the session ends as when the client leaves
                raise
            except OSError:
                self.closed = True
                raise Closed()

    def send_bytes(self, data):
        """Raw bytes (the answer to an HTTP request); errors are ignored, the connection is closed next."""
        with self._send_lock:
            try:
                if isinstance(self._sock, socket.socket):
                    send_within(self._sock, data, self.write_timeout or WRITE_TIMEOUT)
                else:
                    self._sock.sendall(data, self.write_timeout or WRITE_TIMEOUT)
            except (OSError, Closed):
                pass

    def _fill(self):
        deadline = self.deadline
        try:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimedOut()
                self._sock.settimeout(remaining)
            chunk = self._sock.recv(65536)
        except socket.timeout:
            raise TimedOut()
        except OSError:
            chunk = b""
        if not chunk:
            raise Closed()
        self._buffer += chunk

    def read(self):
        """The next message (a decoded JSON value). Raises FramingError for a bad frame (reading may go on),
        Refused for one that ends the connection, Closed at the end (TimedOut past the deadline)."""
        end = self._buffer.find(b"\r\n\r\n")
        while end < 0:
            if len(self._buffer) > MAX_HEADER:
                self._buffer = bytearray()
                raise Refused("header block longer than %d bytes" % MAX_HEADER)
            self._fill()
            end = self._buffer.find(b"\r\n\r\n")
        header = bytes(self._buffer[:end])
        del self._buffer[:end + 4]
        if _is_http_request(header):
            raise HttpRequest("an HTTP request (%r), not a DAP frame" % header.split(b"\r\n", 1)[0][:100])
        length = _content_length(header)
        if length is None:
            raise FramingError("frame without a valid Content-Length header; discarded: %r" % header[:200])
        if length > self.max_body:
            raise Refused("frame of %d bytes is over the limit of %d bytes" % (length, self.max_body))
        while len(self._buffer) < length:
            self._fill()
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        try:
            return json.loads(body.decode("utf-8"))
        except ValueError as e:
            raise FramingError("frame body is not UTF-8 JSON (%s); discarded" % e)

    def abandon(self):
        """In the child of os.fork(): this is the parent's connection. Close this process's descriptor only
        (shutdown() would end it for the parent too); the send lock may have been held by a thread that is gone."""
        self._send_lock = threading.Lock()
        self.closed = True
        try:
            self._sock.close()
        except OSError:
            pass

    def _shutdown(self):
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self):
        with self._send_lock:
            self.closed = True
        self._shutdown()
        try:
            self._sock.close()
        except OSError:
            pass
