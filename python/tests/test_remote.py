"""Safe remote attach: tokens, time limits, frame limits, TLS, local discovery, the in-program API, bugscope.pyz.

Every rule is shown against a real tracer process over real sockets; "the debuggee is unharmed" always means
a proper client attaches afterwards and the program is still running (its breakpoint is hit).
"""
import hashlib
import json
import os
import re
import shutil
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from dapclient import PYTHON_DIR, TIMEOUT, TOKEN, DapClient, encode, line_of, program, tracer_env

if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)  # the TLS tests' client uses the tracer's memory-BIO TLS socket

TICKER = program("ticker.py")
TICK_LINE = line_of(TICKER, "@tick")
HAS_OPENSSL = shutil.which("openssl") is not None
AUTH_TIMEOUT = "0.6"


class Tracer(object):
    """A tracer process; its stdout and stderr are collected by threads (``out``, ``err``)."""

    def __init__(self, test, argv, env, cwd=None):
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env, cwd=cwd or PYTHON_DIR)
        self._chunks = {"out": [], "err": []}
        self._cond = threading.Condition()
        self._threads = [threading.Thread(target=self._pump, args=(stream, key), daemon=True)
                         for stream, key in ((self.process.stdout, "out"), (self.process.stderr, "err"))]
        for thread in self._threads:
            thread.start()
        test.addCleanup(self.stop)

    def _pump(self, stream, key):
        for line in iter(stream.readline, b""):
            with self._cond:
                self._chunks[key].append(line.decode("utf-8", "replace"))
                self._cond.notify_all()
        with self._cond:
            self._chunks[key].append(None)
            self._cond.notify_all()

    def text(self, key):
        with self._cond:
            return "".join(c for c in self._chunks[key] if c is not None)

    @property
    def out(self):
        return self.text("out")

    @property
    def err(self):
        return self.text("err")

    def wait_for(self, pattern, key="err", timeout=TIMEOUT):
        deadline = time.time() + timeout
        with self._cond:
            while True:
                m = re.search(pattern, "".join(c for c in self._chunks[key] if c is not None))
                if m:
                    return m
                remaining = deadline - time.time()
                if remaining <= 0 or None in self._chunks[key]:
                    raise AssertionError("no %r on %s within %.1f s; got:\n%s" % (pattern, key, timeout, self.text(key)))
                self._cond.wait(min(remaining, 0.2))

    def port(self):
        return int(self.wait_for(r"bugscope: listening on \S+:(\d+) \(pid \d+\)").group(1))

    def finish(self, timeout=TIMEOUT):
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("tracer did not exit; stderr:\n%s" % self.err)
        for thread in self._threads:
            thread.join(TIMEOUT)
        return self.process.returncode

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for thread in self._threads:
            thread.join(TIMEOUT)
        self.process.stdout.close()
        self.process.stderr.close()


class RemoteTestCase(unittest.TestCase):
    def setUp(self):
        self.runtime = tempfile.mkdtemp(prefix="bugscope-run-")
        os.rmdir(self.runtime)  # the tracer creates it, private
        self.addCleanup(shutil.rmtree, self.runtime, True)

    def env(self, token=TOKEN, **extra):
        env = tracer_env({"BUGSCOPE_RUNTIME_DIR": self.runtime, "BUGSCOPE_AUTH_TIMEOUT": AUTH_TIMEOUT})
        if token is None:
            del env["BUGSCOPE_TOKEN"]
        else:
            env["BUGSCOPE_TOKEN"] = token
        env.update(extra)
        return env

    def tracer(self, listen_args, prog=(TICKER,), env=None, python=None, cwd=None):
        argv = [python or sys.executable, "-m", "bugscope"] + list(listen_args) + list(prog)
        return Tracer(self, argv, env or self.env(), cwd)

    def connect(self, port, wrap=None):
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        if wrap is not None:
            sock = wrap(sock)
        sock.settimeout(None)
        client = DapClient(sock)
        self.addCleanup(client.close)
        return client

    def assert_ticking(self, port, token=TOKEN, wrap=None):
        """A proper client attaches, the program is still running (its loop hits a breakpoint), and leaves."""
        c = self.connect(port, wrap)
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": token})
        c.event("initialized")
        c.ok("setBreakpoints", {"source": {"path": TICKER}, "breakpoints": [{"line": TICK_LINE}]})
        c.ok("configurationDone")
        stopped = c.stopped("breakpoint")["body"]
        self.assertEqual(c.top_frame(stopped["threadId"])["line"], TICK_LINE)
        c.ok("disconnect", {})
        c.wait_closed()
        return c

    def wait_closed_by_tracer(self, sock, within):
        """The tracer closes ``sock`` (recv gives EOF) within ``within`` seconds."""
        sock.settimeout(within)
        started = time.time()
        data = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            self.fail("the connection was still open after %.1f s" % within)
        except ConnectionResetError:
            pass
        return time.time() - started, data


class TokenTest(RemoteTestCase):
    def test_a_generated_token_is_written_to_a_0600_file_and_works_and_is_never_printed(self):
        t = self.tracer(["--listen", "127.0.0.1:0"], env=self.env(token=None))
        port = t.port()
        path = t.wait_for(r"no token given; generated one in (\S+\.token) \(mode 0600\)").group(1)
        self.assertEqual(os.path.dirname(path), self.runtime)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as f:
            token = f.readline().strip()
        self.assertGreaterEqual(len(token), 32)  # 32 hex digits are 128 bits; it has 256
        self.assert_ticking(port, token)
        with open(os.path.join(self.runtime, "%d.json" % t.process.pid)) as f:
            announcement = f.read()
        self.assertIn(path, announcement)
        self.assertNotIn(token, announcement)
        if os.path.exists("/proc/%d/cmdline" % t.process.pid):
            with open("/proc/%d/cmdline" % t.process.pid, "rb") as f:
                self.assertNotIn(token.encode(), f.read())
        t.stop()
        self.assertNotIn(token, t.out + t.err)

    def test_two_generated_tokens_differ(self):
        tokens = []
        for _ in range(2):
            t = self.tracer(["--listen", "127.0.0.1:0"], env=self.env(token=None))
            t.port()
            with open(t.wait_for(r"generated one in (\S+\.token)").group(1)) as f:
                tokens.append(f.read())
            t.stop()
        self.assertNotEqual(tokens[0], tokens[1])

    def test_the_token_is_in_no_argv_output_or_announcement(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        port = t.port()
        self.assert_ticking(port)
        with open(os.path.join(self.runtime, "%d.json" % t.process.pid)) as f:
            self.assertNotIn(TOKEN, f.read())
        if os.path.exists("/proc/%d/cmdline" % t.process.pid):
            with open("/proc/%d/cmdline" % t.process.pid, "rb") as f:
                self.assertNotIn(TOKEN.encode(), f.read())
        t.stop()
        self.assertNotIn(TOKEN, t.out + t.err)

    def test_no_request_but_initialize_is_answered_without_the_token(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        c = self.connect(t.port())
        c.ok("initialize", {"adapterID": "t"})
        response = c.request("setBreakpoints", {"source": {"path": TICKER}, "breakpoints": [{"line": TICK_LINE}]})
        self.assertEqual((response["success"], response["message"]), (False, "bugscope: invalid or missing token"))
        c.wait_closed()


class TimeLimitTest(RemoteTestCase):
    def test_a_silent_connection_is_closed_after_the_auth_timeout_and_the_program_runs_on(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        port = t.port()
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.addCleanup(sock.close)
        took, _ = self.wait_closed_by_tracer(sock, 5)
        self.assertGreater(took, 0.3)
        t.wait_for(r"127\.0\.0\.1:\d+ did not attach within 0\.6 s; closed the connection")
        self.assert_ticking(port)

    def test_half_a_header_is_closed_after_the_auth_timeout(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        port = t.port()
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.addCleanup(sock.close)
        sock.sendall(b"Content-Length: 50\r\n")
        self.wait_closed_by_tracer(sock, 5)
        self.assert_ticking(port)

    def test_initialize_without_attach_does_not_extend_the_time_limit(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        port = t.port()
        c = self.connect(port)
        deadline = time.time() + 5
        while not c.closed and time.time() < deadline:
            try:
                c.send("initialize", {"adapterID": "t"})
            except OSError:
                break
            time.sleep(0.1)
        c.wait_closed(1)
        self.assert_ticking(port)

    def test_an_attached_client_is_not_timed_out(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        c = self.connect(t.port())
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": TOKEN})
        c.ok("configurationDone")
        time.sleep(float(AUTH_TIMEOUT) * 2)
        self.assertTrue(c.ok("threads")["threads"])


class FrameLimitTest(RemoteTestCase):
    def test_an_oversized_frame_is_refused_and_the_debuggee_can_be_attached_again(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        port = t.port()
        c = self.connect(port)
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": TOKEN})
        c.ok("configurationDone")
        c.send_raw(b"Content-Length: 999999999\r\n\r\n" + b"x" * 1000)
        c.wait_closed()
        t.wait_for(r"frame of 999999999 bytes is over the limit of 16777216 bytes from 127\.0\.0\.1:\d+; "
                   r"closed the connection")
        self.assert_ticking(port)

    def test_before_attach_a_large_frame_or_a_bad_header_closes_the_connection(self):
        t = self.tracer(["--listen", "127.0.0.1:0"], env=self.env(BUGSCOPE_AUTH_TIMEOUT="8"))
        port = t.port()
        for junk in (b"Content-Length: 100000\r\n\r\n", b"X-No-Length: 1\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"A" * 70000):
            sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            self.addCleanup(sock.close)
            try:
                sock.sendall(junk)
            except OSError:
                pass  # already closed, which is the point
            took, _ = self.wait_closed_by_tracer(sock, 6)
            self.assertLess(took, 4, junk[:30])  # at once, not at the time limit
        self.assert_ticking(port)


@unittest.skipUnless(HAS_OPENSSL, "no openssl command")
class TlsTest(RemoteTestCase):
    def client_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # trust comes from the pinned fingerprint
        return context

    def pinned(self, fingerprint):
        """A wrap function for connect(): TLS handshake, then the certificate's SHA-256 must be ``fingerprint``."""
        from bugscope.tls import TlsSocket

        def wrap(sock):
            tls = TlsSocket(sock, self.client_context(), server_side=False)
            tls.handshake(time.monotonic() + TIMEOUT)
            digest = hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest().upper()
            self.assertEqual(":".join(digest[i:i + 2] for i in range(0, 64, 2)), fingerprint)
            return tls
        return wrap

    def fingerprint(self, t):
        return t.wait_for(r"TLS certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\n").group(1)

    def test_self_signed_prints_the_fingerprint_of_the_certificate_it_serves(self):
        t = self.tracer(["--listen", "127.0.0.1:0", "--tls-self-signed"])
        port = t.port()
        fingerprint = self.fingerprint(t)
        # An independent client (the ssl module's own socket) sees the same certificate.
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
            with self.client_context().wrap_socket(raw) as tls:
                der = tls.getpeercert(binary_form=True)
                self.assertGreaterEqual(tls.version(), "TLSv1.2")
                tls.sendall(encode({"seq": 1, "type": "request", "command": "initialize", "arguments": {}}))
                self.assertIn(b"supportsConfigurationDoneRequest", tls.recv(65536))
        digest = hashlib.sha256(der).hexdigest().upper()
        self.assertEqual(fingerprint.replace(":", ""), digest)
        with open(os.path.join(self.runtime, "%d.json" % t.process.pid)) as f:
            announcement = json.load(f)
        self.assertEqual((announcement["tls"], announcement["fingerprint"]), (True, fingerprint))

    def test_attach_over_tls_and_hit_a_breakpoint(self):
        t = self.tracer(["--listen", "127.0.0.1:0", "--tls-self-signed"])
        port = t.port()
        self.assert_ticking(port, wrap=self.pinned(self.fingerprint(t)))

    def test_a_failed_handshake_is_logged_and_the_tracer_keeps_listening(self):
        t = self.tracer(["--listen", "127.0.0.1:0", "--tls-self-signed"])
        port = t.port()
        fingerprint = self.fingerprint(t)
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.addCleanup(sock.close)
        sock.sendall(encode({"seq": 1, "type": "request", "command": "initialize"}))  # plain DAP to a TLS port
        self.wait_closed_by_tracer(sock, 5)
        t.wait_for(r"TLS handshake with 127\.0\.0\.1:\d+ failed \(.*\); closed it, still listening")
        silent = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)  # no handshake at all
        self.addCleanup(silent.close)
        self.wait_closed_by_tracer(silent, 5)
        t.wait_for(r"failed \(no handshake within 0\.6 s\)")
        self.assert_ticking(port, wrap=self.pinned(fingerprint))

    def test_a_given_certificate_and_key_are_served_and_their_fingerprint_printed(self):
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory, True)
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "1", "-subj", "/CN=test", "-keyout", key, "-out", cert],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        with open(cert) as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        expected = ":".join(re.findall("..", hashlib.sha256(der).hexdigest().upper()))
        t = self.tracer(["--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key])
        port = t.port()
        self.assertEqual(self.fingerprint(t), expected)
        self.assert_ticking(port, wrap=self.pinned(expected))

    def test_without_openssl_self_signed_exits_with_status_2_and_says_what_to_do_instead(self):
        t = self.tracer(["--listen", "127.0.0.1:0", "--tls-self-signed"], env=self.env(PATH=self.runtime + "-nothing"))
        self.assertEqual(t.finish(), 2)
        self.assertIn("--tls-self-signed needs the openssl command, which is not on PATH", t.err)
        self.assertIn("openssl req -x509 -newkey ec", t.err)
        self.assertIn("--tls-cert bugscope-cert.pem --tls-key bugscope-key.pem", t.err)
        self.assertNotIn("listening on", t.err)

    def test_tls_options_are_checked(self):
        t = self.tracer(["--listen", "127.0.0.1:0", "--tls-cert", "c.pem"])
        self.assertEqual(t.finish(), 2)
        self.assertIn("--tls-cert and --tls-key go together", t.err)


class WarningTest(RemoteTestCase):
    def test_a_non_loopback_address_warns_that_anyone_with_the_token_can_run_code_and_that_it_is_unencrypted(self):
        t = self.tracer(["--listen", "0.0.0.0:0"])
        port = t.port()
        self.assertIn(u"bugscope: WARNING: listening on 0.0.0.0:%d \u2014 anyone who can reach this port and has the "
                      u"token can run code as this user\n" % port, t.err)
        self.assertIn("bugscope: WARNING: traffic, including the token, is not encrypted; use --tls-self-signed or "
                      "an SSH tunnel\n", t.err)

    @unittest.skipUnless(HAS_OPENSSL, "no openssl command")
    def test_with_tls_only_the_first_warning_remains(self):
        t = self.tracer(["--listen", "0.0.0.0:0", "--tls-self-signed"])
        t.port()
        self.assertIn("WARNING: listening on 0.0.0.0:", t.err)
        self.assertNotIn("not encrypted", t.err)

    def test_loopback_gives_no_warning_and_is_the_default_host(self):
        t = self.tracer(["--listen", "0"])
        t.port()
        self.assertIn("listening on 127.0.0.1:", t.err)
        self.assertNotIn("WARNING", t.err)


class DiscoveryTest(RemoteTestCase):
    def list_listeners(self):
        done = subprocess.run([sys.executable, "-m", "bugscope", "--list"], env=self.env(token=None),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20, cwd=PYTHON_DIR)
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout.decode())

    def test_the_announcement_is_private_and_says_where_and_what(self):
        t = self.tracer(["--listen", "127.0.0.1:0"], prog=[TICKER, "an-arg"])
        port = t.port()
        self.assertEqual(stat.S_IMODE(os.stat(self.runtime).st_mode), 0o700)
        path = os.path.join(self.runtime, "%d.json" % t.process.pid)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as f:
            info = json.load(f)
        self.assertEqual((info["pid"], info["host"], info["port"], info["tls"]), (t.process.pid, "127.0.0.1", port, False))
        self.assertEqual((info["program"], info["argv"]), (TICKER, [TICKER, "an-arg"]))
        self.assertEqual(info["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(info["cwd"], PYTHON_DIR)
        self.assertLess(abs(info["started"] - time.time()), 60)
        self.assertNotIn("token", info)
        self.assertNotIn("fingerprint", info)
        self.assertEqual(os.listdir(self.runtime), ["%d.json" % t.process.pid])

    def test_announce_token_puts_the_token_in_the_announcement(self):
        t = self.tracer(["--listen", "127.0.0.1:0", "--announce-token"])
        t.port()
        with open(os.path.join(self.runtime, "%d.json" % t.process.pid)) as f:
            self.assertEqual(json.load(f)["token"], TOKEN)

    def test_list_shows_a_listening_process_and_drops_a_dead_one(self):
        t = self.tracer(["--listen", "127.0.0.1:0"])
        port = t.port()
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        stale = os.path.join(self.runtime, "%d.json" % dead.pid)
        with open(stale, "w") as f:
            json.dump({"pid": dead.pid, "host": "127.0.0.1", "port": 1}, f)
        listed = self.list_listeners()
        self.assertEqual([(l["pid"], l["port"]) for l in listed], [(t.process.pid, port)])
        self.assertFalse(os.path.exists(stale))

    def test_the_entry_is_removed_when_the_program_ends(self):
        t = self.tracer(["--listen", "127.0.0.1:0"], prog=["-c", "import time; time.sleep(0.3)"],
                        env=self.env(token=None))
        t.port()
        self.assertEqual(len(os.listdir(self.runtime)), 2)  # <pid>.json and <pid>.token
        self.assertEqual(t.finish(), 0)
        self.assertEqual(os.listdir(self.runtime), [])
        self.assertEqual(self.list_listeners(), [])

    def test_a_runtime_directory_others_can_read_is_refused(self):
        os.mkdir(self.runtime, 0o755)
        os.chmod(self.runtime, 0o755)
        t = self.tracer(["--listen", "127.0.0.1:0"])
        self.assert_ticking(t.port())  # with a token given it still listens, unannounced
        self.assertIn("not announced for local discovery: %s has mode 755; it must be private (0700)" % self.runtime,
                      t.err)
        self.assertEqual(os.listdir(self.runtime), [])
        t.stop()
        no_token = self.tracer(["--listen", "127.0.0.1:0"], env=self.env(token=None))
        self.assertEqual(no_token.finish(), 2)
        self.assertIn("no token given, and a generated one cannot be stored privately", no_token.err)


class ApiTest(RemoteTestCase):
    PROGRAM = program("api_listen.py")

    def start(self):
        t = Tracer(self, [sys.executable, self.PROGRAM], self.env(), cwd=PYTHON_DIR)
        return t, t.port()

    def test_listen_wait_for_client_and_breakpoint_stop_where_breakpoint_is_called(self):
        t, port = self.start()
        self.assertEqual(int(t.wait_for(r"bound 127\.0\.0\.1 (\d+)", "out").group(1)), port)
        c = self.connect(port)
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": TOKEN})
        c.event("initialized")
        c.ok("configurationDone")
        stopped = c.stopped("breakpoint")["body"]
        tid = stopped["threadId"]
        frames = c.ok("stackTrace", {"threadId": tid})["stackFrames"]
        self.assertEqual([(f["name"], f["line"]) for f in frames], [("<module>", line_of(self.PROGRAM, "@api-break"))])
        self.assertEqual(c.locals_of(frames[0]["id"])["value"]["value"], "41")
        c.ok("next", {"threadId": tid})
        c.stopped("step")
        self.assertEqual(c.top_frame(tid)["line"], line_of(self.PROGRAM, "@after-break"))
        c.ok("continue", {"threadId": tid})
        c.event("terminated")
        self.assertEqual(t.finish(), 0)
        self.assertIn("value 42", t.out)
        self.assertEqual(os.listdir(self.runtime), [])

    def test_stop_on_entry_stops_at_wait_for_client(self):
        t, port = self.start()
        c = self.connect(port)
        c.ok("initialize", {"adapterID": "t"})
        c.ok("attach", {"token": TOKEN, "stopOnEntry": True})
        c.ok("configurationDone")
        tid = c.stopped("entry")["body"]["threadId"]
        self.assertEqual(c.top_frame(tid)["line"], line_of(self.PROGRAM, "@wait"))
        c.ok("continue", {"threadId": tid})
        c.stopped("breakpoint")
        c.ok("disconnect", {})
        self.assertEqual(t.finish(), 0)
        self.assertIn("value 42", t.out)

    def test_breakpoint_without_a_client_does_nothing_and_import_is_cheap(self):
        code = ("import sys, bugscope; bugscope.breakpoint(); "
                "print(sorted(m for m in sys.modules if m.startswith('bugscope')))")
        done = subprocess.run([sys.executable, "-c", code], env=self.env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=20)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), b"['bugscope', 'bugscope.api']")

    def test_listen_twice_raises(self):
        code = ("import bugscope; bugscope.listen(0)\n"
                "try:\n    bugscope.listen(0)\nexcept RuntimeError as e:\n    print('refused:', e)\n")
        done = subprocess.run([sys.executable, "-c", code], env=self.env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=20)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(b"refused: bugscope: the tracer is already running in this process", done.stdout)


class ZipappTest(RemoteTestCase):
    def build(self):
        """bugscope.pyz as scripts/build-pyz.mjs makes it: the package plus its launcher as the root __main__.py."""
        directory = tempfile.mkdtemp(prefix="bugscope-pyz-")
        self.addCleanup(shutil.rmtree, directory, True)
        source = os.path.join(directory, "src")
        shutil.copytree(os.path.join(PYTHON_DIR, "bugscope"), os.path.join(source, "bugscope"),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.pyd", "build"))
        shutil.copy(os.path.join(PYTHON_DIR, "bugscope", "_pyz_main.py"), os.path.join(source, "__main__.py"))
        subprocess.run([sys.executable, "-m", "zipapp", source, "-o", os.path.join(directory, "bugscope.pyz"),
                        "-p", "/usr/bin/env python3"], check=True)
        return directory

    def test_the_pyz_runs_a_program_that_a_client_attaches_to(self):
        directory = self.build()
        env = self.env()
        del env["PYTHONPATH"]  # the archive alone
        basic = program("basic.py")
        t = Tracer(self, [sys.executable, "bugscope.pyz", "--listen", "127.0.0.1:0", "--wait-for-client", basic],
                   env, cwd=directory)  # a relative archive path: sys.path[0] is relative on 3.8
        c = self.connect(t.port())
        c.start_session({basic: [line_of(basic, "@add-body")]})
        tid = c.stopped("breakpoint")["body"]["threadId"]
        frames = c.ok("stackTrace", {"threadId": tid})["stackFrames"]
        self.assertEqual([f["name"] for f in frames], ["add", "main", "<module>"])  # no frame of the archive
        self.assertEqual(c.ok("evaluate", {"expression": "a + b", "frameId": frames[0]["id"]})["result"], "5")
        c.ok("continue", {"threadId": tid})
        self.assertEqual(c.event("exited")["body"]["exitCode"], 0)
        self.assertEqual(t.finish(), 0)
        self.assertIn("result 5", t.out)


if __name__ == "__main__":
    unittest.main()
