"""pytest plugin: hold the first failing test for a debugger.

    pytest -p bugscope.pytest --bugscope-on-failure [HOST:]PORT [--bugscope-wait-timeout SECONDS]

(or ``addopts``/``-p`` in the project's pytest configuration). Tests run untraced. At the first test failure
(pytest's own ``pytest_exception_interact`` hook, so assertion failures and errors that pytest caught and
reported count, skips and expected failures do not), the listener opens with the usual safety (a token from
BUGSCOPE_TOKEN, --bugscope-token-file or a generated private file; loopback unless a host is given), one line
says where to attach, and the test's frames wait for a client: inspectable and evaluable, not steppable. When
the client continues or leaves, pytest goes on with the next test; later failures are not held.
"""
import os

from bugscope.postmortem import DEFAULT_WAIT_TIMEOUT


def pytest_addoption(parser):
    group = parser.getgroup("bugscope", "Bugscope debugger")
    group.addoption("--bugscope-on-failure", metavar="[HOST:]PORT", default=None,
                    help="hold the first failing test for a debugger, listening on HOST:PORT (default host "
                         "127.0.0.1)")
    group.addoption("--bugscope-wait-timeout", metavar="SECONDS", type=float, default=DEFAULT_WAIT_TIMEOUT,
                    help="how long to wait for a debugger before going on (default %(default)s)")
    group.addoption("--bugscope-token-file", metavar="PATH", default=None,
                    help="read the token from this file's first line instead of BUGSCOPE_TOKEN")
    group.addoption("--bugscope-tls-self-signed", action="store_true", default=False,
                    help="encrypt the connection with a self-signed certificate (its fingerprint is printed)")


def pytest_configure(config):
    address = config.getoption("bugscope_on_failure")
    if address:
        config.pluginmanager.register(FailureHolder(config, address), "bugscope-failure-holder")


class FailureHolder(object):
    def __init__(self, config, address):
        from bugscope.cli import UsageError, _address
        import pytest
        try:
            self.host, self.port = _address(address, host_optional=True)
        except UsageError as e:
            raise pytest.UsageError("--bugscope-on-failure: %s" % e)
        self.config = config
        self.token = os.environ.pop("BUGSCOPE_TOKEN", None) or None  # the tests must not see it
        token_file = config.getoption("bugscope_token_file")
        if token_file:
            with open(token_file) as f:
                self.token = f.readline().strip() or None
        self.held = False

    def pytest_exception_interact(self, node, call, report):
        if self.held or not report.failed or call.excinfo is None:
            return
        self.held = True
        capture = self.config.pluginmanager.getplugin("capturemanager")
        if capture is not None:  # the lines that say where to attach must reach the terminal
            capture.suspend_global_capture(in_=True)
        try:
            self._hold(node, call.excinfo.value, call.excinfo.tb)
        finally:
            if capture is not None:
                capture.resume_global_capture()

    def _hold(self, node, exc, tb):
        from bugscope.engine import Engine
        from bugscope.listening import ListenOptions
        from bugscope.postmortem import PostMortem, UntracedBackend
        from bugscope.server import Server
        engine = Engine()
        engine.start(backend=UntracedBackend)
        server = Server(engine, self.token, "listen")
        server.program_started = True
        options = ListenOptions(self.host, self.port, self.token,
                                tls_self_signed=self.config.getoption("bugscope_tls_self_signed"))
        holder = PostMortem(server, options, "pytest " + node.nodeid, [node.nodeid],
                            self.config.getoption("bugscope_wait_timeout"))
        try:
            if holder.wait_for_client(exc):
                engine.hold(exc, _from_test_file(tb, str(getattr(node, "fspath", ""))))
        finally:
            server.program_exited(None)  # the session ends here: pytest goes on without a debugger
            engine.stop_tracing()


def _from_test_file(tb, path):
    """The traceback from the first frame in the test's file on: pytest's own call frames are not the test's."""
    start = tb
    while start is not None and os.path.abspath(start.tb_frame.f_code.co_filename) != os.path.abspath(path):
        start = start.tb_next
    return start or tb
