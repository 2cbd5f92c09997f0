"""Bugscope's Python tracer: a DAP server that runs inside the debugged program.

Layers (Delve-like): ``engine`` and its backends know nothing about sockets or JSON; ``dap`` maps DAP requests
to engine calls; ``wire`` only frames bytes; ``server`` owns the connection; ``cli`` runs the program.

From inside a program (imports stay lazy: ``import bugscope`` costs nothing until one of these is called)::

    import bugscope
    bugscope.listen(("127.0.0.1", 5678))   # token from BUGSCOPE_TOKEN, else generated (its file is printed)
    bugscope.wait_for_client()             # optional: until a client attached and sent configurationDone
    bugscope.breakpoint()                  # stops here when a client is attached
"""
import sys as _sys

PROTOCOL_VERSION = 1
__version__ = "0.1.0"  # the same as package.json's version


def listen(address=("127.0.0.1", 5678), token=None, tls_cert=None, tls_key=None, tls_self_signed=False,
           announce_token=False):
    """Start tracing this process and accept DAP clients at ``address`` ((host, port), or a port); returns the
    bound (host, port). Safe defaults as for ``python -m bugscope --listen``: loopback unless a host is given;
    ``token`` (else ``BUGSCOPE_TOKEN``, else generated into a private file whose path is printed); TLS with
    ``tls_cert``/``tls_key`` or ``tls_self_signed=True`` (prints the fingerprint to pin). May be called once.
    Raises RuntimeError when it cannot listen as asked (OSError when the address cannot be bound)."""
    from bugscope import api
    return api.listen(address, token, tls_cert, tls_key, tls_self_signed, announce_token)


def wait_for_client():
    """Block until a client has attached and sent configurationDone (``listen()`` first)."""
    from bugscope import api
    api.wait_for_client(_sys._getframe(1))


def breakpoint():
    """Stop here if a client is attached; otherwise do nothing."""
    from bugscope import api
    api.breakpoint(_sys._getframe(1))
