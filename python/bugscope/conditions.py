"""What a breakpoint does when its line is reached: hit count, condition and log message.

Everything is parsed and compiled once, when the client sets the breakpoint, so that a pass through a hot line
costs one integer test (hit count) and one ``eval`` of a compiled code object (condition) at most. The hit
count is checked first: it counts every time the line is reached, and it is the cheaper test.

The native tracers (``native/breakpoint_check.h``) make the same decisions in C from ``hit_op``/``hit_n``,
``condition`` and ``hits``, and hand over to the engine only when the breakpoint is due to stop or log.
"""
_HIT_OPERATORS = ("==", ">=", "<=", ">", "<", "%")  # two-character ones first
_HIT_TESTS = {
    "==": lambda hits, n: hits == n,
    ">=": lambda hits, n: hits >= n,
    "<=": lambda hits, n: hits <= n,
    ">": lambda hits, n: hits > n,
    "<": lambda hits, n: hits < n,
    "%": lambda hits, n: hits % n == 0,
}


class BreakpointSpecError(ValueError):
    """A condition, hit count or log message that cannot be used; the message is shown on the breakpoint."""


def parse_hit_condition(text):
    """``N`` (same as ``== N``), ``== N``, ``>= N``, ``> N``, ``<= N``, ``< N`` or ``% N``."""
    op, n = parse_hit_count(text)
    test = _HIT_TESTS[_HIT_OPERATORS[op - 1]]
    return lambda hits: test(hits, n)


def parse_hit_count(text):
    """(operator, N): the operator is 1 + its index in _HIT_OPERATORS (the numbering native/ uses)."""
    rest = text.strip()
    op = next((o for o in _HIT_OPERATORS if rest.startswith(o)), "==")
    if rest.startswith(op):
        rest = rest[len(op):].strip()
    if not (rest.isdigit() and rest.isascii()):
        raise BreakpointSpecError("invalid hit count %r: use N, == N, >= N, > N, <= N, < N or %% N" % text)
    n = int(rest)
    if op == "%" and n == 0:
        raise BreakpointSpecError("invalid hit count %r: %% 0 never matches" % text)
    return _HIT_OPERATORS.index(op) + 1, n


def compile_condition(text):
    try:
        return compile(text, "<breakpoint condition>", "eval", dont_inherit=True)
    except SyntaxError as e:
        raise BreakpointSpecError("invalid condition %r: %s" % (text, e.msg))


def parse_log_message(text):
    """Literal text and ``{expression}`` parts (``{{`` and ``}}`` stand for braces), expressions compiled."""
    parts = []
    literal = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "{}" and text[i:i + 2] in ("{{", "}}"):
            literal.append(ch)
            i += 2
        elif ch == "{":
            end, depth = i + 1, 1
            while end < n and depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            if depth:
                raise BreakpointSpecError("invalid log message %r: '{' at %d is never closed" % (text, i))
            expression = text[i + 1:end - 1].strip()
            if not expression:
                raise BreakpointSpecError("invalid log message %r: empty {} at %d" % (text, i))
            try:
                code = compile(expression, "<log message>", "eval", dont_inherit=True)
            except SyntaxError as e:
                raise BreakpointSpecError("invalid log message %r: {%s}: %s" % (text, expression, e.msg))
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(code)
            i = end
        else:
            literal.append(ch)
            i += 1
    if literal:
        parts.append("".join(literal))
    return parts


class Breakpoint(object):
    """One verified breakpoint on one line. Replaced (hits reset) when the client sets the file again."""

    __slots__ = ("id", "line", "condition", "condition_text", "hit_test", "hit_op", "hit_n", "log_parts", "hits",
                 "condition_failed", "temporary", "waiting_for", "requested_line", "suspend_policy")

    def __init__(self, bp_id, line, condition=None, hit_condition=None, log_message=None):
        """Raises BreakpointSpecError for a condition, hit count or log message that cannot be used."""
        self.id = bp_id
        self.line = line
        self.condition_text = condition or None
        self.condition = compile_condition(condition) if condition else None
        self.hit_op, self.hit_n = parse_hit_count(hit_condition) if hit_condition else (0, 0)
        self.hit_test = parse_hit_condition(hit_condition) if hit_condition else None
        self.log_parts = parse_log_message(log_message) if log_message else None
        self.hits = 0
        self.condition_failed = False
        self.temporary = False      # removed at its first stop
        self.waiting_for = None     # (canonical path, line) of the breakpoint whose stop enables this one
        self.requested_line = line  # the line the client asked for (``line`` may have moved down from it)
        self.suspend_policy = None  # "all" or "thread" (engine_policy); None: the session's default

    def render_log(self, frame):
        """The log message with its expressions evaluated in ``frame``; an expression that raises shows why."""
        out = []
        f_globals, f_locals = frame.f_globals, frame.f_locals
        for part in self.log_parts:
            if isinstance(part, str):
                out.append(part)
                continue
            try:
                value = eval(part, f_globals, f_locals)
                out.append(str(value))  # like an f-string
            except Exception as e:
                out.append("<%s: %s>" % (type(e).__name__, e))
        return "".join(out)
