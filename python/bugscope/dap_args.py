"""The types of DAP request arguments, checked before a request is handled.

A client that sends ``"threadId": "1"`` or ``"source": "main.py"`` gets ``success: false`` with a message naming
the argument and the type it needs, never an internal error (a handler's AttributeError or TypeError) and never
a guess: ``"singleThread": "no"`` must not resume every thread, nor ``"terminateDebuggee": "false"`` end the
program. ``null`` counts as absent, as most clients mean it. The names are DAP's; each has the same type in every
request that takes it. ``initialize`` and ``attach`` are left out: they carry client capabilities and launch
configuration fields of the client's own, which the tracer reads only where it understands them.
"""
from bugscope.suspension import EngineError

_INTEGER = ("threadId", "frameId", "variablesReference", "startFrame", "levels", "start", "count", "line",
            "endLine", "column", "endColumn", "targetId", "requestId", "startModule", "moduleCount")
_NON_NEGATIVE = ("startFrame", "levels", "start", "count", "startModule", "moduleCount")
_LARGEST = 2 ** 53 - 1  # JSON numbers a JavaScript client can send exactly (and islice's bounds take)
_BOOLEAN = ("singleThread", "terminateDebuggee", "suspendDebuggee", "restart", "ignore", "sourceModified")
_STRING = ("expression", "context", "name", "value", "text", "filter", "progressId")
_OBJECT = ("source", "format")
_ARRAY = ("breakpoints", "lines", "filters", "filterOptions", "exceptionOptions")

_KINDS = {}
for _names, _kind in ((_INTEGER, "integer"), (_BOOLEAN, "boolean"), (_STRING, "string"), (_OBJECT, "object"),
                      (_ARRAY, "array")):
    for _name in _names:
        _KINDS[_name] = _kind
UNCHECKED = ("initialize", "attach")


def json_type(value):
    """What a JSON value is, in the words of the JSON schema DAP is written in."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def check(command, args):
    """Raises EngineError when an argument the tracer reads has the wrong type, or an integer is out of range
    (paging arguments are never negative)."""
    if command in UNCHECKED:
        return
    for name, value in args.items():
        kind = _KINDS.get(name)
        if kind is None or value is None:
            continue
        found = json_type(value)
        if found != kind:
            raise EngineError("bugscope: %s: argument '%s' must be %s %s, not %s %s"
                              % (command, name, _article(kind), kind, _article(found), found))
        if kind == "integer" and not (0 if name in _NON_NEGATIVE else -_LARGEST) <= value <= _LARGEST:
            raise EngineError("bugscope: %s: argument '%s' is out of range (%d)" % (command, name, value))


def _article(kind):
    return "an" if kind[0] in "aeiou" else "a"
