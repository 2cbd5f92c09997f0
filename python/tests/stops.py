"""Starting a tracer stopped at a marker, for the inspection and evaluation suites."""
from dapclient import TOKEN, line_of, program

INSPECTABLES = program("inspectables.py")
HUGE = program("huge.py")


def stop_at(case, path, marker="@stop", evaluate_timeout=None, client=None, args=()):
    """A client stopped on thread 1 at ``marker`` of ``path``, and its top frame id. ``client``: extra
    initialize arguments (client capabilities such as supportsInvalidatedEvent)."""
    c = case.launch([path] + list(args))
    arguments = {"adapterID": "bugscope-tests", "pathFormat": "path"}
    arguments.update(client or {})
    c.ok("initialize", arguments)
    attach = {"token": TOKEN}
    if evaluate_timeout:
        attach["evaluateTimeout"] = evaluate_timeout
    c.ok("attach", attach)
    c.event("initialized")
    c.ok("setBreakpoints", {"source": {"path": path}, "breakpoints": [{"line": line_of(path, marker)}]})
    c.ok("configurationDone")
    c.stopped("breakpoint", timeout=60)
    return c, c.top_frame(1)["id"]


def evaluate(c, frame, expression, context="repl", **extra):
    args = {"expression": expression, "frameId": frame, "context": context}
    args.update(extra)
    return c.request("evaluate", args)


def value_of(c, frame, expression, context="repl", **extra):
    response = evaluate(c, frame, expression, context, **extra)
    assert response["success"], "%s failed: %s" % (expression, response.get("message"))
    return response["body"]["result"]


def reads(c, frame):
    """How often the program's instrumented user code (getters, __getattr__, operators) has run."""
    return int(value_of(c, frame, "reads['total']", "watch"))
