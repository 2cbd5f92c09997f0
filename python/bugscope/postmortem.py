"""Post-mortem: run a program untraced and hold it for a debugger only when an exception would end it.

Nothing is traced and nothing listens until then: the program runs at full speed, and the only cost is the
interpreter's exception hooks. At the first hold the listener opens (token, loopback unless a host was given,
the warnings of any listener: ``listening.open_listener``), one line says where to attach, and the failing
thread waits for a client for at most ``wait_timeout`` seconds. The client then sees a stop on the exception
whose frames, from its traceback, have finished running: they can be inspected and evaluated in, not stepped.
Used by ``python -m bugscope --listen … --on-uncaught`` and by the pytest plugin (``bugscope.pytest``).
"""
import threading

from bugscope.diagnostics import log
from bugscope.exceptions import one_line

DEFAULT_WAIT_TIMEOUT = 300.0


class UntracedBackend(object):
    """The engine's backend while nothing is traced: breakpoints and steps have nothing to arm."""

    description = "post-mortem (untraced until an exception is held)"
    arms_breakpoints = False

    def __init__(self, engine):
        pass

    def start(self):
        pass

    def stop(self):
        pass

    def breakpoints_changed(self, canonical_files):
        pass

    def exceptions_changed(self):
        pass

    def run_control_changed(self):
        pass

    def pause(self, ts):
        pass

    def trace_frame(self, frame):
        pass


class PostMortem(object):
    def __init__(self, server, options, program, argv, wait_timeout=DEFAULT_WAIT_TIMEOUT):
        self.server = server
        self.options = options          # listening.ListenOptions
        self.program = program
        self.argv = argv
        self.wait_timeout = wait_timeout
        self._lock = threading.Lock()
        self._address = None
        self._failed = False

    def wait_for_client(self, exc):
        """Opens the listener if it is not open yet, says where to attach and waits for a configured client.
        True when one came in time (the caller then stops), False to let the exception take its course."""
        from bugscope.listening import ListenError, open_listener
        with self._lock:  # two threads failing at once share one listener
            if self._failed:
                return False
            if self._address is None:
                try:
                    self._address = open_listener(self.server, self.options, self.program, self.argv)
                except (ListenError, OSError) as e:
                    self._failed = True
                    log("cannot hold the program for a debugger: %s" % (getattr(e, "strerror", None) or e))
                    return False
        host, port = self._address
        token_file = getattr(self.server, "token_file", None)
        token = ("its token is in %s" % token_file if token_file else
                 "with the token given in BUGSCOPE_TOKEN or --token-file")
        log("%s in thread %s: holding the program for a debugger for %g s; attach to %s:%d %s"
            % (one_line(exc), threading.current_thread().name, self.wait_timeout,
               "[%s]" % host if ":" in host else host, port, token))
        if self.server.client_ready.wait(self.wait_timeout):
            return True
        log("no debugger attached within %g s; the program goes on to its end" % self.wait_timeout)
        return False
