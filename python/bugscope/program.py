"""Running the debugged program with the ``sys.argv``, ``sys.path[0]`` and ``__main__`` it would get from python.

The program gets a fresh ``__main__`` module: ``sys.modules['__main__']`` is bugscope's own ``__main__`` at
this point, and the program must not run in (or see) the tracer's globals.
"""
import builtins
import io
import os
import sys
import types

from bugscope.visibility import is_hidden


def run_traced(trace, function, args, kwargs):
    """The body of a thread started with _thread.start_new_thread under the settrace backend: the program's
    function with the trace function on. It lives here, with the runner's code, because a frame of the tracer's
    own code below the program's would keep the program from stopping (visibility.called_by_tracer)."""
    sys.settrace(trace)
    return function(*args, **kwargs)


def _fresh_main(filename=None):
    main = types.ModuleType("__main__")
    main.__dict__.update({"__builtins__": builtins, "__file__": filename, "__cached__": None,
                          "__spec__": None, "__loader__": None})
    if filename is None:
        del main.__file__
    sys.modules["__main__"] = main
    return main


def _run_script(path, args):
    path_abs = os.path.abspath(path)
    sys.argv = [path] + list(args)
    sys.path[0] = os.path.dirname(path_abs)
    opener = getattr(io, "open_code", None) or (lambda p: open(p, "rb"))
    with opener(path_abs) as f:
        source = f.read()
    code = compile(source, path_abs, "exec", dont_inherit=True)
    main = _fresh_main(path_abs)
    exec(code, main.__dict__)


def _run_code(source, args):
    sys.argv = ["-c"] + list(args)
    sys.path[0] = ""
    code = compile(source, "<string>", "exec", dont_inherit=True)
    main = _fresh_main()
    exec(code, main.__dict__)


def _run_module(name, args):
    sys.argv = ["-m"] + list(args)  # runpy puts the module's path in argv[0], as python -m does
    sys.path[0] = os.getcwd()
    _fresh_main()
    import runpy  # only for -m: python itself imports it only then (importlib.machinery and more)
    run_as_main = getattr(runpy, "_run_module_as_main", None)
    if run_as_main is not None:
        run_as_main(name, alter_argv=True)
    else:  # pragma: no cover - every supported version has it
        runpy.run_module(name, run_name="__main__", alter_sys=True)


def exit_code_of(code):
    """What python exits with for ``SystemExit(code)``; a non-int code is printed first, like python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    try:
        sys.stderr.write("%s\n" % (code,))
    except Exception:
        pass
    return 1


def _print_uncaught(exc_type, value, tb):
    while tb is not None and is_hidden(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next  # the tracer's and runpy's frames are not the user's business
    try:
        value.__traceback__ = tb
    except Exception:
        pass
    try:
        sys.excepthook(exc_type, value, tb)
    except Exception:
        import traceback
        traceback.print_exception(exc_type, value, tb)


def run(kind, target, args, on_uncaught=None):
    """Run the program to its end; return the exit status python would have given. ``on_uncaught(exc)`` is
    called on an exception that ends the program, before its traceback is printed."""
    runner = {"script": _run_script, "code": _run_code, "module": _run_module}[kind]
    try:
        runner(target, args)
    except SystemExit as e:
        return exit_code_of(e.code)
    except KeyboardInterrupt:
        _print_uncaught(*sys.exc_info())
        return 130
    except BaseException as e:
        if on_uncaught is not None:
            on_uncaught(e)
        _print_uncaught(*sys.exc_info())
        return 1
    return 0
