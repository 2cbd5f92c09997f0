"""asyncio in DAP answers: the custom request ``bugscope/tasks`` and the logical stack that ``stackTrace``
appends for a stop inside an asyncio task (docs/tracer-protocol.md, "asyncio").

The collection runs on the stopped thread as a Job (asyncio keeps the running loop per thread; see
``asyncio_view``). Suspended coroutine frames get frame ids in the thread's current stop, so scopes, variables
and evaluate work in them as in call-stack frames. A program that never imported asyncio pays one dict lookup.
"""
import os
import sys
import weakref

from bugscope import asyncio_view
from bugscope.coroutines import ASYNC_CODE
from bugscope.suspension import EngineError
from bugscope.visibility import is_user_code

NO_LOOP = "no asyncio event loop running on this thread"
_awaiting_rows = weakref.WeakKeyDictionary()  # Suspension -> its logical stack rows, the same for every page


def source_frame(fid, name, path, line):
    """A DAP StackFrame for a frame of code at ``path``; library code is subtle, as in stackTrace."""
    source = {"name": os.path.basename(path)}
    if not (path.startswith("<") and path.endswith(">")):
        source["path"] = path
    frame = {"id": fid, "name": name, "line": line, "column": 1, "source": source}
    if not is_user_code(path):
        frame["presentationHint"] = "subtle"
        source["presentationHint"] = "deemphasize"
    return frame


def _level(inspector, susp, frame):
    code = frame.f_code
    return source_frame(inspector.frame_id(susp, frame), code.co_name, code.co_filename,
                        frame.f_lineno or code.co_firstlineno)


def tasks_body(engine, tid):
    """The answer to ``bugscope/tasks {threadId}``."""
    susp = engine._suspension(tid)
    views = None
    if "asyncio" in sys.modules and not susp.dead:
        frames = list(susp.frames)
        views = engine.inspector.run_on_thread(susp, lambda: asyncio_view.tasks(frames))
    if views is None:
        return {"tasks": [], "message": NO_LOOP}
    inspector = engine.inspector
    out = []
    for view in views:
        task = {"name": view.name, "coroutine": view.coroutine, "state": view.state,
                "awaitChain": [_level(inspector, susp, f) for f in view.frames]}
        if view.awaiting is not None:
            task["awaiting"] = view.awaiting
        out.append(task)
    return {"tasks": out}


def awaiting_rows(engine, tid, start, levels, frames, total):
    """``stackTrace``'s frames and totalFrames with the logical stack after the thread's own frames: for each
    task awaiting the stopped one, a label row ("awaited by Task-2 (main)") and its suspended frames."""
    rows = _rows(engine, tid)
    if not rows:
        return frames, total
    end = start + levels if levels else None
    first = max(start - total, 0)
    if end is None:
        frames = frames + rows[first:]
    elif end > total:
        frames = frames + rows[first:end - total]
    return frames, total + len(rows)


def _rows(engine, tid):
    susp = engine._suspension(tid)
    rows = _awaiting_rows.get(susp)
    if rows is not None:
        return rows
    rows = []
    # Cheap way out first: no asyncio, or no coroutine on the stopped thread's stack.
    if "asyncio" in sys.modules and not susp.dead and any(f.f_code.co_flags & ASYNC_CODE for f in susp.frames):
        frames = list(susp.frames)
        inspector = engine.inspector
        try:
            waiters = inspector.run_on_thread(susp, lambda: asyncio_view.logical_stack(frames))
        except EngineError:
            return []  # the thread is busy (a console evaluation): the thread's own frames, the rest next time
        for waiter in waiters:
            label = "awaited by %s (%s)" % (waiter.name, waiter.coroutine)
            if waiter.more:
                label += " and %d other task%s" % (waiter.more, "s" if waiter.more > 1 else "")
            rows.append({"id": inspector.unregistered_id(), "name": label, "line": 0, "column": 0,
                         "presentationHint": "label"})
            rows.extend(_level(inspector, susp, f) for f in waiter.frames)
    _awaiting_rows[susp] = rows
    return rows
