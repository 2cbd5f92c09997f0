"""asyncio as seen from one of the program's threads: its event loop's tasks, what each one awaits, and which
tasks await which.

Everything here runs on the program thread whose loop it describes (asyncio keeps the running loop per
thread): inside a step's trace callback (``awaiting_frame``) or as a Job on a stopped thread (``tasks`` and
``logical_stack``). It reads asyncio's own bookkeeping (a task's ``_fut_waiter``, a future's ``_callbacks``,
the loop's ``_scheduled`` timers) and coroutine attributes; it never imports asyncio (callers check that the
program did) and calls none of the program's functions (an attribute read of an object a callback holds could
still reach a ``__getattr__``: errors there only leave that callback out).

Who awaits a task is found from the callbacks of the task: a task waiting for a future adds its wake-up
method (bound to the waiting task); gather() adds a closure over the gathering future, wait_for() (3.8-3.11) a
partial over its waiter future, TaskGroup (3.11+) a method of the group, which knows its parent task.
"""
import collections
import os
import sys

from bugscope.visibility import is_user_code

MAX_CHAIN = 64          # levels of one await chain
MAX_AWAITERS_DEPTH = 3  # awaiting tasks followed in the logical stack
MAX_TASKS = 500         # tasks listed by the tasks view

# ``frames``: the task's coroutine frames, outermost first (for the running task: its frames on the thread's
# stack); ``awaiting``: what the innermost one waits for, in words (None for a running or finished task).
TaskView = collections.namedtuple("TaskView", "name coroutine state frames awaiting")
# One awaiting task of the logical stack: ``more`` other tasks await the same one; frames innermost first.
AwaitingTask = collections.namedtuple("AwaitingTask", "name coroutine more frames")


def _asyncio():
    return sys.modules.get("asyncio")


def running_loop():
    """The event loop running on the calling thread, or None."""
    asyncio = _asyncio()
    if asyncio is None:
        return None
    try:
        return asyncio.events._get_running_loop()
    except Exception:
        return None


def _current_task(asyncio, loop):
    try:
        return asyncio.current_task(loop)
    except Exception:
        return None


def _is_future(asyncio, obj):
    try:
        return obj is not None and asyncio.isfuture(obj)
    except Exception:
        return False


def _is_task(asyncio, obj):
    return _is_future(asyncio, obj) and hasattr(obj, "get_coro")


def _task_name(task):
    try:
        return str(task.get_name())
    except Exception:
        return "Task"


def _coroutine_name(task):
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None) or getattr(coro, "ag_code", None)
    if code is not None:
        return getattr(code, "co_qualname", code.co_name)
    return type(coro).__name__


def _frame_of(awaitable):
    for attr in ("cr_frame", "ag_frame", "gi_frame"):
        frame = getattr(awaitable, attr, None)
        if frame is not None:
            return frame
    return None


def _awaited_by(awaitable):
    """What a suspended coroutine (generator, async generator) is awaiting: the next level down, or None."""
    for attr in ("cr_await", "ag_await", "gi_yieldfrom"):
        inner = getattr(awaitable, attr, None)
        if inner is not None:
            return inner
    return None


def await_chain(coro):
    """The frames of a suspended coroutine, outermost first: its own, then those of what it awaits, down to
    the first awaited object without a frame (a future)."""
    frames = []
    awaitable = coro
    while awaitable is not None and len(frames) < MAX_CHAIN:
        frame = _frame_of(awaitable)
        if frame is None:
            break
        frames.append(frame)
        awaitable = _awaited_by(awaitable)
    return frames


def _callbacks(future):
    try:
        return [entry[0] if isinstance(entry, tuple) else entry for entry in (future._callbacks or ())]
    except Exception:
        return []


def _futures_behind(asyncio, callback):
    """The futures a done-callback passes the result on to (a gather's outer future, wait_for's waiter)."""
    found = []
    func = callback
    partial_args = getattr(callback, "args", None)
    if isinstance(partial_args, tuple) and hasattr(callback, "func"):  # functools.partial
        found.extend(a for a in partial_args if _is_future(asyncio, a))
        func = callback.func
    owner = getattr(func, "__self__", None)
    if _is_future(asyncio, owner):
        found.append(owner)
    for cell in getattr(func, "__closure__", None) or ():
        try:
            content = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if _is_future(asyncio, content):
            found.append(content)
    return found


def awaiting_tasks(future, asyncio=None, _depth=0, _seen=None):
    """The tasks that wait for ``future`` to finish, directly or through gather/wait_for/TaskGroup."""
    asyncio = asyncio or _asyncio()
    seen = _seen if _seen is not None else set()
    if asyncio is None or id(future) in seen or _depth > 4:
        return []
    seen.add(id(future))
    tasks = []
    for callback in _callbacks(future):
        try:
            owner = getattr(callback, "__self__", None)
            if _is_task(asyncio, owner):
                found = [owner]  # the task's wake-up: it awaits this future itself
            elif _is_task(asyncio, getattr(owner, "_parent_task", None)) and \
                    getattr(owner, "_parent_cancel_requested", None) is not None:  # asyncio.TaskGroup
                found = [owner._parent_task]
            else:
                found = [t for outer in _futures_behind(asyncio, callback)
                         for t in awaiting_tasks(outer, asyncio, _depth + 1, seen)]
        except Exception:
            continue
        tasks.extend(t for t in found if not any(t is known for known in tasks))
    return tasks


def _innermost_frame(frames, just_my_code):
    """The frame of an await chain (outermost first) that runs first when the task goes on, among the
    program's own code when ``just_my_code``."""
    for frame in reversed(frames):
        if not just_my_code or is_user_code(frame.f_code.co_filename):
            return frame
    return None


def awaiting_frame(frame, just_my_code=True):
    """``frame`` is returning as the coroutine of the calling thread's current task: the suspended frame of
    the task awaiting that task where it goes on (None when no task awaits it, or ``frame`` is another one)."""
    asyncio = _asyncio()
    loop = running_loop()
    if loop is None:
        return None
    try:
        task = _current_task(asyncio, loop)
        if task is None or _frame_of(task.get_coro()) is not frame:
            return None
        for waiter in awaiting_tasks(task, asyncio):
            target = _innermost_frame(await_chain(waiter.get_coro()), just_my_code)
            if target is not None:
                return target
    except Exception:  # (inside a trace callback: the step then ends as it would without asyncio)
        pass
    return None


# -- the tasks view and the logical stack (Jobs on a stopped thread) ----------------------------------------------

def logical_stack(thread_frames):
    """The tasks awaiting the task stopped in ``thread_frames`` (the stopped thread's frames, innermost first),
    nearest first, at most MAX_AWAITERS_DEPTH deep: [AwaitingTask]. Empty unless the thread is stopped in the
    coroutine of its loop's current task."""
    asyncio = _asyncio()
    loop = running_loop()
    if loop is None:
        return []
    task = _current_task(asyncio, loop)
    if task is None:
        return []
    top = _frame_of(task.get_coro())
    if top is None or not any(f is top for f in thread_frames):
        return []
    out = []
    seen = {id(task)}
    while len(out) < MAX_AWAITERS_DEPTH:
        waiters = [t for t in awaiting_tasks(task, asyncio) if id(t) not in seen]
        if not waiters:
            break
        task = waiters[0]
        seen.add(id(task))
        frames = await_chain(task.get_coro())
        out.append(AwaitingTask(_task_name(task), _coroutine_name(task), len(waiters) - 1, frames[::-1]))
    return out


def tasks(thread_frames):
    """The tasks of the calling thread's running loop, the running one first, then by name: [TaskView]; or
    None when no loop runs on this thread. ``thread_frames``: the stopped thread's frames, innermost first."""
    asyncio = _asyncio()
    loop = running_loop()
    if loop is None:
        return None
    current = _current_task(asyncio, loop)
    timers = _timers(loop)
    ordered = sorted(_tasks_of(asyncio, loop), key=lambda t: (t is not current, _natural(_task_name(t))))
    views = []
    for task in ordered[:MAX_TASKS]:
        name, coroutine = _task_name(task), _coroutine_name(task)
        if task is current:
            views.append(TaskView(name, coroutine, "running", _running_frames(task, thread_frames), None))
        elif task.done():
            views.append(TaskView(name, coroutine, "cancelled" if task.cancelled() else "done", [], None))
        else:
            frames = await_chain(task.get_coro())
            views.append(TaskView(name, coroutine, "pending", frames,
                                  _describe_wait(asyncio, loop, task, frames, timers)))
    return views


def _natural(name):
    """Task-10 after Task-9."""
    head = name.rstrip("0123456789")
    digits = name[len(head):]
    return (head, int(digits) if digits else -1, name)


def _tasks_of(asyncio, loop):
    """Every task of ``loop`` still alive, finished ones too (asyncio.all_tasks leaves those out)."""
    module = sys.modules.get("asyncio.tasks")
    registry = getattr(module, "_all_tasks", None)  # 3.8-3.11
    if registry is None:
        registry = getattr(module, "_scheduled_tasks", None)  # 3.12+, with the eager tasks apart
    found = []
    try:
        candidates = list(registry) if registry is not None else list(asyncio.all_tasks(loop))
        candidates.extend(getattr(module, "_eager_tasks", ()) or ())
    except RuntimeError:  # the set changed size meanwhile (another thread's loop)
        candidates = list(asyncio.all_tasks(loop))
    seen = set()
    for task in candidates:
        if id(task) in seen:
            continue
        seen.add(id(task))
        try:
            if task.get_loop() is loop:
                found.append(task)
        except Exception:
            continue
    return found


def _running_frames(task, thread_frames):
    """The running task's frames on the stopped thread, outermost (its coroutine) first."""
    top = _frame_of(task.get_coro())
    for index, frame in enumerate(thread_frames):
        if frame is top:
            return list(thread_frames[index::-1])
    return [top] if top is not None else []


def _started(coro, frames):
    if hasattr(coro, "cr_suspended"):  # 3.11+
        return coro.cr_suspended or coro.cr_running
    return bool(frames) and frames[0].f_lasti >= 0


def _describe_wait(asyncio, loop, task, frames, timers):
    """What a pending task waits for, in words. ``timers``: _timers(loop)."""
    waiter = getattr(task, "_fut_waiter", None)
    if waiter is None:
        if not _started(task.get_coro(), frames):
            return "not started yet (scheduled to run)"
        return "ready to run (scheduled on the event loop)"
    if _is_task(asyncio, waiter):
        return "Task %s (%s)" % (_task_name(waiter), _coroutine_name(waiter))
    children = getattr(waiter, "_children", None)  # gather()'s future
    if isinstance(children, list):
        names = [_task_name(c) if _is_task(asyncio, c) else "a Future" for c in children]
        done = sum(1 for c in children if c.done())
        return "gather(%s): %d of %d done" % (", ".join(names[:8]) + (", ..." if len(names) > 8 else ""),
                                             done, len(children))
    timer = timers.get(id(waiter))
    left = max(0.0, timer.when() - loop.time()) if timer is not None else None
    inner = frames[-1] if frames else None
    if inner is not None and inner.f_code.co_name == "wait_for" and not is_user_code(inner.f_code.co_filename):
        # 3.8-3.11: wait_for runs what it waits for as a task and waits for a future of its own
        fut = inner.f_locals.get("fut")
        what = "Task %s (%s)" % (_task_name(fut), _coroutine_name(fut)) if _is_task(asyncio, fut) else "a Future"
        return "wait_for(%s)" % what + (", timeout in %.3g s" % left if left is not None else "")
    if left is not None:
        delay = _sleep_delay(frames)
        if delay is not None:
            return "asyncio.sleep(%g): %.3g s left" % (delay, left)
        return "a Future set by a timer in %.3g s" % left
    if inner is not None and not is_user_code(inner.f_code.co_filename):
        return "a Future, in %s (%s)" % (_function_name(inner), os.path.basename(inner.f_code.co_filename))
    return "a Future"


def _timers(loop):
    """id(future) -> the loop's timer that will set it (asyncio.sleep's call_later passes the future)."""
    timers = {}
    for handle in list(getattr(loop, "_scheduled", ()) or ()):
        if not handle.cancelled():
            for arg in getattr(handle, "_args", None) or ():
                timers[id(arg)] = handle
    return timers


def _sleep_delay(frames):
    for frame in reversed(frames):
        if frame.f_code.co_name == "sleep" and not is_user_code(frame.f_code.co_filename):
            delay = frame.f_locals.get("delay")
            if isinstance(delay, (int, float)):
                return delay
    return None


def _function_name(frame):
    """``Event.wait`` rather than ``wait``: the qualified name (3.11+), else the class of ``self``."""
    code = frame.f_code
    qualname = getattr(code, "co_qualname", None)
    if qualname:
        return qualname
    owner = frame.f_locals.get("self") if code.co_argcount else None
    return "%s.%s" % (type(owner).__name__, code.co_name) if owner is not None else code.co_name
