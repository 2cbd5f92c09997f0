"""DAP framing over a socket: ``Content-Length: N\\r\\n\\r\\n`` + N bytes of UTF-8 JSON. Nothing else.

Every message goes out with one ``sendall`` (header and body together) on a TCP_NODELAY socket, under a lock,
because events are sent from program threads while the server thread answers requests.
"""
import json
import socket
import threading

_MAX_HEADER = 64 * 1024


class FramingError(Exception):
    """A frame that could not be read; the connection goes on with the next one."""


class Closed(Exception):
    """The peer closed the connection (or it broke)."""


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
        self._buffer = b""
        self.closed = False

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
        try:
            chunk = self._sock.recv(65536)
        except OSError:
            chunk = b""
        if not chunk:
            raise Closed()
        self._buffer += chunk

    def read(self):
        """The next message (a decoded JSON value). Raises FramingError for a bad frame, Closed at the end."""
        while b"\r\n\r\n" not in self._buffer:
            if len(self._buffer) > _MAX_HEADER:
                self._buffer = b""
                raise FramingError("header block longer than %d bytes; discarded" % _MAX_HEADER)
            self._fill()
        header, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
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
        while len(self._buffer) < length:
            self._fill()
        body, self._buffer = self._buffer[:length], self._buffer[length:]
        try:
            return json.loads(body.decode("utf-8"))
        except ValueError as e:
            raise FramingError("frame body is not UTF-8 JSON (%s); discarded" % e)

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
