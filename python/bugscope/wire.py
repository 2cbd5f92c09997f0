"""DAP framing over a socket: ``Content-Length: N\\r\\n\\r\\n`` + N bytes of UTF-8 JSON. Nothing else.

Every message goes out with one ``sendall`` (header and body together) on a TCP_NODELAY socket, under a lock,
because events are sent from program threads while the server thread answers requests.

A peer cannot make the tracer buffer without bound: a header block is at most 64 KiB and a body at most
``Connection.max_body`` bytes (16 MiB; the server lowers it until the client is authenticated); beyond that the
frame is refused and the connection must be closed. ``deadline`` (a ``time.monotonic()`` value) bounds how long
reading may take in all, for clients that have not authenticated yet.
"""
import json
import socket
import threading
import time

MAX_HEADER = 64 * 1024
MAX_BODY = 16 * 1024 * 1024


class FramingError(Exception):
    """A frame that could not be read; the connection goes on with the next one."""


class Refused(Exception):
    """A frame too large to read (or skip) safely; the connection must be closed."""


class Closed(Exception):
    """The peer closed the connection (or it broke)."""


class TimedOut(Closed):
    """The connection's deadline passed while waiting for more bytes."""


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
                self._sock.sendall(data)
            except OSError:
                self.closed = True
                raise Closed()

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
        length = None
        for line in header.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    length = None
        if length is None or length < 0:
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

    def close(self):
        with self._send_lock:
            self.closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self._sock.close()
        except OSError:
            pass
