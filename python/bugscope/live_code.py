"""The code objects a program can still run: those of its functions, generators and coroutines (found by the
garbage collector), of running frames, and of the functions each of them defines."""
import gc
import sys
import types

_SUSPENDABLE = (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)


def live_code_objects(wanted, extra=(), running=False):
    """Every such code object for which ``wanted(code)`` holds, nested ones included, each once. ``extra``: more
    code objects to start from; ``running``: the code of every thread's running frames too."""
    found = {}

    def add(code):
        if id(code) not in found and wanted(code):
            found[id(code)] = code
            for const in code.co_consts:
                if isinstance(const, types.CodeType):
                    add(const)

    for code in extra:
        add(code)
    for obj in gc.get_objects():
        kind = type(obj)
        if kind is types.FunctionType:
            add(obj.__code__)
        elif kind in _SUSPENDABLE:
            code = getattr(obj, "gi_code", None) or getattr(obj, "cr_code", None) or getattr(obj, "ag_code", None)
            if code is not None:
                add(code)
    if running:
        for frame in sys._current_frames().values():
            while frame is not None:
                add(frame.f_code)
                frame = frame.f_back
    return list(found.values())
