"""TLS for ``--listen``: the server context, a self-signed certificate, its fingerprint, and a socket over TLS.

Python's ``ssl`` cannot make certificates, so ``--tls-self-signed`` runs the ``openssl`` command into a private
temporary directory, loads the pair and deletes the files: the key lives only in this process's memory. The client
pins the certificate by its SHA-256 fingerprint (printed as ``AA:BB:...``, like Node's ``fingerprint256``).

``TlsSocket`` does TLS over memory BIOs instead of ``SSLContext.wrap_socket``: the server thread reads while
program threads send events, and one OpenSSL ``SSL`` object must not be used by two threads at once (CPython
releases the GIL inside ``SSL_read``/``SSL_write``). Here every use of the ``SSLObject`` is under one lock, and
the blocking ``recv`` on the plain socket happens outside it.
"""
import os
import shutil
import subprocess
import tempfile
import threading

OPENSSL_COMMAND = ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 "
                   "-subj /CN=bugscope -keyout bugscope-key.pem -out bugscope-cert.pem")


class TlsSetupError(Exception):
    """TLS cannot be set up as asked; the message says what to do instead."""


def _ssl():
    try:
        import ssl
    except ImportError:
        raise TlsSetupError("this Python has no ssl module, so the tracer cannot speak TLS; use an SSH tunnel "
                            "(ssh -L PORT:127.0.0.1:PORT host) to a tracer listening on 127.0.0.1 instead")
    return ssl


def fingerprint_of_der(der):
    import hashlib
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _leaf_der(cert_path):
    ssl = _ssl()
    with open(cert_path) as f:
        text = f.read()
    begin, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
    start = text.find(begin)
    stop = text.find(end, start)
    if start < 0 or stop < 0:
        raise TlsSetupError("%s holds no PEM certificate" % cert_path)
    return ssl.PEM_cert_to_DER_cert(text[start:stop + len(end)] + "\n")


def server_context(cert_path, key_path):
    """(SSLContext, fingerprint) for a PEM certificate (chain) and key."""
    ssl = _ssl()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if hasattr(context, "num_tickets"):
        context.num_tickets = 0  # one connection per session: resumption tickets would only be extra records
    try:
        context.load_cert_chain(cert_path, key_path)
        fingerprint = fingerprint_of_der(_leaf_der(cert_path))
    except (OSError, ValueError) as e:  # ssl.SSLError is an OSError
        raise TlsSetupError("cannot load the TLS certificate %s and key %s: %s" % (cert_path, key_path, e))
    return context, fingerprint


def self_signed_context():
    """(SSLContext, fingerprint) for a fresh self-signed P-256 certificate, valid 30 days, made with openssl."""
    _ssl()
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TlsSetupError(
            "--tls-self-signed needs the openssl command, which is not on PATH. Make a key and certificate on a "
            "machine that has it:\n    %s\nthen copy both files here and use "
            "--tls-cert bugscope-cert.pem --tls-key bugscope-key.pem" % OPENSSL_COMMAND)
    directory = tempfile.mkdtemp(prefix="bugscope-tls-")  # mode 0700
    try:
        key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # openssl writes into it; it stays 0600
        os.close(fd)
        base = [openssl, "req", "-x509", "-nodes", "-days", "30", "-subj", "/CN=bugscope", "-keyout", key,
                "-out", cert]
        error = ""
        # EC P-256 first; RSA where the openssl at hand does not take -pkeyopt (old LibreSSL).
        for key_args in (["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], ["-newkey", "rsa:2048"]):
            done = subprocess.run(base + key_args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
            if done.returncode == 0:
                os.chmod(key, 0o600)
                return server_context(cert, key)
            error = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["exit %d" % done.returncode]
            error = error[0]
        raise TlsSetupError("openssl could not make a self-signed certificate (%s); make one yourself:\n    %s\n"
                            "and use --tls-cert bugscope-cert.pem --tls-key bugscope-key.pem" % (error, OPENSSL_COMMAND))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class TlsSocket(object):
    """One TLS connection (the server side; the tests use the client side), with the socket methods
    ``wire.Connection`` uses."""

    def __init__(self, sock, context, server_side=True):
        ssl = _ssl()
        self._ssl = ssl
        self._sock = sock
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._obj = context.wrap_bio(self._in, self._out, server_side=server_side)
        self._lock = threading.Lock()

    def handshake(self, deadline):
        """Runs the whole handshake (before any DAP byte) by ``deadline`` (a time.monotonic() value).
        Raises OSError (ssl.SSLError, socket.timeout)."""
        import socket
        import time
        ssl = self._ssl
        while True:
            with self._lock:
                try:
                    self._obj.do_handshake()
                    done = True
                except ssl.SSLWantReadError:
                    done = False
                self._flush()
            if done:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout("timed out")
            self._sock.settimeout(remaining)
            data = self._sock.recv(65536)
            if not data:
                raise ConnectionResetError("the client closed the connection during the TLS handshake")
            with self._lock:
                self._in.write(data)

    def _flush(self, write_timeout=None):
        data = self._out.read()
        if data:
            if write_timeout is None:
                self._sock.sendall(data)
            else:  # a peer that stopped reading: see wire.send_within
                from bugscope.wire import send_within
                send_within(self._sock, data, write_timeout)

    def recv(self, size):
        ssl = self._ssl
        while True:
            with self._lock:
                try:
                    data = self._obj.read(size)
                except ssl.SSLWantReadError:
                    data = None
                except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                    data = b""
                self._flush()
            if data is not None:
                return data
            raw = self._sock.recv(65536)
            if not raw:
                return b""
            with self._lock:
                self._in.write(raw)

    def sendall(self, data, write_timeout=None):
        view = memoryview(data)
        with self._lock:
            while view:
                written = self._obj.write(view)
                view = view[written:]
                self._flush(write_timeout)

    def getpeercert(self, binary_form=False):
        with self._lock:
            return self._obj.getpeercert(binary_form)

    def settimeout(self, value):
        self._sock.settimeout(value)

    def setsockopt(self, *args):
        self._sock.setsockopt(*args)

    def shutdown(self, how):
        # close_notify, best effort: not if a sender holds the lock (blocked on a peer that stopped reading).
        if self._lock.acquire(timeout=0.5):
            try:
                self._sock.settimeout(0.5)
                self._obj.unwrap()
            except Exception:
                pass
            try:
                self._flush()
            except Exception:
                pass
            finally:
                self._lock.release()
        self._sock.shutdown(how)

    def close(self):
        self._sock.close()
