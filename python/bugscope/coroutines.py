"""Stepping through coroutines: a step over an ``await`` stays in its own task.

When the frame a step started in is a coroutine (or an async generator) and it suspends at an ``await``, the
thread goes back to the event loop, which runs other tasks, often of the same coroutine function. The step then
keeps waiting for that same frame object's next line, when its task resumes it (other frames of the same code
do not end it: ``Engine.step_line`` compares frames by identity); breakpoints elsewhere still stop. When a
task's own coroutine returns, its caller is the event loop: the step goes on in the task that awaits it.

Which yield is an await is read from the instruction the frame stopped at (per version, below). The engine
calls ``step_goes_on`` from ``step_return`` for frames whose code has one of the ASYNC_CODE flags only.
"""
import opcode
import sys

# CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR
_CO_COROUTINE, _CO_ITERABLE_COROUTINE, _CO_ASYNC_GENERATOR = 0x0080, 0x0100, 0x0200
ASYNC_CODE = _CO_COROUTINE | _CO_ITERABLE_COROUTINE | _CO_ASYNC_GENERATOR

YIELDED = object()  # step_return's value for a frame that suspends at a yield or an await (not a return or unwind)

_YIELD_VALUE = opcode.opmap["YIELD_VALUE"]
_YIELD_FROM = opcode.opmap.get("YIELD_FROM")  # 3.8-3.10: `await`, `async with`, `async for` and `yield from`
_RESUME = opcode.opmap.get("RESUME")          # 3.11+: follows each yield; its oparg says which kind
_RESUME_WHERE = 3             # the oparg's low bits (3.13 adds a flag above them): 1 yield, 2 yield from, 3 await
_RESUME_AFTER_YIELD_FROM = 2


def _yield_kind(frame):
    """How ``frame`` is leaving at its current instruction: "await" (it suspends at an await or a yield from),
    "yield" (a plain yield), or None (a return, or an exception unwinding it).

    3.8-3.10: an await is LOAD_CONST None; YIELD_FROM, and while the awaited thing is suspended f_lasti points
    at the LOAD_CONST (YIELD_FROM backs up to repeat itself); a plain yield is YIELD_VALUE. 3.11-3.12: every
    yield is YIELD_VALUE followed by RESUME, whose oparg is 1 after a yield, 2 after yield from, 3 after an
    await. 3.13: at PY_YIELD f_lasti is already at that RESUME. An exception never unwinds from these
    positions at an await: a throw into an await leaves from the YIELD_FROM itself (3.8-3.10) or after the SEND
    loop (3.11+).
    """
    code = frame.f_code.co_code
    i = frame.f_lasti
    if i < 0 or i + 1 >= len(code):
        return None
    op = code[i]
    if _RESUME is None:
        if op == _YIELD_VALUE:
            return "yield"
        return "await" if i + 2 < len(code) and code[i + 2] == _YIELD_FROM else None
    if op == _YIELD_VALUE:
        i += 2
        if i + 1 >= len(code):
            return None
        op = code[i]
    where = code[i + 1] & _RESUME_WHERE
    if op != _RESUME or not where:
        return None
    return "await" if where >= _RESUME_AFTER_YIELD_FROM else "yield"


# 3.9 only: END_ASYNC_FOR, which ends an ``async for`` loop, carries the line of the loop body's last line in the
# line number table (3.8 and 3.10 do not do this), so a line event of the body comes once more after the last item.
_END_ASYNC_FOR = opcode.opmap.get("END_ASYNC_FOR") if sys.version_info[:2] == (3, 9) else None
PHANTOM_LINES = _END_ASYNC_FOR is not None


def phantom_line(frame):
    """Is this line event 3.9's end of an ``async for`` loop (not a pass through its body)? A breakpoint on
    the body's last line must not stop there again, nor a step show the body after the loop is over."""
    code = frame.f_code.co_code
    return 0 <= frame.f_lasti < len(code) and code[frame.f_lasti] == _END_ASYNC_FOR


def yields(frame):
    """Is a trace function's 'return' event that returns no value a yield (or await), not an exception?"""
    return _yield_kind(frame) is not None


def suspends_task(frame):
    """Does ``frame``, leaving at a yield, suspend its whole task? Every yield of a coroutine does (its awaits;
    a bare yield of a @types.coroutine generator); an async generator's only at an await, its plain ``yield``
    hands a value to the ``async for`` consuming it, which goes on at once, like a generator's."""
    if frame.f_code.co_flags & (_CO_COROUTINE | _CO_ITERABLE_COROUTINE):
        return True
    return _yield_kind(frame) == "await"


def step_goes_on(engine, ts, frame, value):
    """``frame``, the frame thread ``ts`` steps in (a coroutine or async generator), leaves with ``value``
    (step_return's). True when the step goes on without stopping in the caller:

    * it suspends at an await: a step over or out waits for its next line or its return; a step in (the
      awaited call was not the program's, e.g. asyncio.sleep) becomes a step over of this frame.
    * it returns (or raises) as the coroutine of an asyncio task that another task awaits: the step goes on
      as a step over of the awaiting task's innermost suspended frame of the program, instead of stopping at
      whatever line of whatever task the event loop runs next.
    """
    if value is YIELDED:
        if not suspends_task(frame):
            return False
        if ts.mode == "in":
            ts.mode, ts.step_target = "over", None
            engine.backend.run_control_changed()
        return True
    if "asyncio" not in sys.modules:
        return False
    from bugscope import asyncio_view
    target = asyncio_view.awaiting_frame(frame, engine.just_my_code)
    if target is None:
        return False
    ts.mode, ts.step_frame, ts.step_target = "over", target, None
    engine.backend.trace_frame(target)  # settrace: its lines, once it resumes; native: armed; monitoring: no-op
    engine.backend.run_control_changed()
    return True
