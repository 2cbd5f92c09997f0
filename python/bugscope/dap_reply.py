"""What a DAP request handler can return besides a body, shared by the request modules of ``dap``."""


def text_argument(args, key):
    """An optional string argument; empty means absent (VS Code sends "" for a cleared condition)."""
    value = args.get(key)
    return value if isinstance(value, str) and value.strip() else None


class Reject(Exception):
    """Answer with an error, then close the connection."""


class After(object):
    """A response body plus what to do once the response is on the wire; the action returns False when the
    connection must close."""

    def __init__(self, body, action):
        self.body = body
        self.action = action


class Later(object):
    """The answer comes later, from another thread: ``start(reply, request_seq)`` begins the work and calls
    ``reply(success, body, message)`` once."""

    def __init__(self, start):
        self.start = start
