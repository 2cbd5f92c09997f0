"""Function breakpoints: ``module.func``, ``Class.method``, ``module.Class.method`` or a bare ``func``.

A function breakpoint is a breakpoint on the first line of the function's body, placed in the breakpoint table
beside the file's line breakpoints (which win on the same line). Names are looked up without running any of the
program's code (no descriptors, no ``__getattr__``): in loaded modules first; a name not found yet stays pending
and is matched against each new code object the first time it runs (its name, its qualified name on 3.11+, and
the module's file when the name gives a module), so functions of modules imported later still stop.
"""
import os
import sys
import types

from bugscope.breakpoints import canonical_path, own_lines
from bugscope.visibility import is_user_code


class FunctionSpec(object):
    __slots__ = ("id", "name", "condition", "hit_condition", "parts", "suspend_policy")

    def __init__(self, bp_id, name, condition=None, hit_condition=None, suspend_policy=None):
        self.id = bp_id
        self.name = name
        self.condition = condition
        self.hit_condition = hit_condition
        self.parts = name.split(".")
        self.suspend_policy = suspend_policy


def _static_attr(owner, name):
    """``owner.name`` without running code: the module's or the class's (MRO) own dict entry."""
    if isinstance(owner, types.ModuleType):
        return vars(owner).get(name)
    for klass in getattr(owner, "__mro__", ()) or (type(owner),):
        found = vars(klass).get(name)
        if found is not None:
            return found
    return None


def _code_of(obj):
    for _ in range(8):  # decorators: staticmethod/classmethod, property getters, functools.wraps chains
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
        elif isinstance(obj, property):
            obj = obj.fget
        elif isinstance(obj, types.MethodType):
            obj = obj.__func__
        elif isinstance(obj, types.FunctionType) and "__wrapped__" not in vars(obj):
            return obj.__code__
        elif obj is not None and "__wrapped__" in getattr(obj, "__dict__", {}):
            obj = obj.__dict__["__wrapped__"]
        else:
            break
    return getattr(obj, "__code__", None) if isinstance(obj, types.FunctionType) else None


def find_code(spec):
    """The code object ``spec`` names among loaded modules, or None."""
    parts = spec.parts
    candidates = []
    for i in range(len(parts) - 1, 0, -1):  # the longest loaded module prefix
        module = sys.modules.get(".".join(parts[:i]))
        if isinstance(module, types.ModuleType):
            candidates.append((module, parts[i:]))
            break
    main = sys.modules.get("__main__")
    if isinstance(main, types.ModuleType):
        candidates.append((main, parts))  # "Class.method" or "func" in the program's script
    for owner, rest in candidates:
        obj = owner
        for name in rest:
            obj = _static_attr(obj, name)
            if obj is None:
                break
        code = _code_of(obj) if obj is not None else None
        if code is not None:
            return code
    return None


def matches(spec, code):
    """Could ``code``, running for the first time, be the function ``spec`` names (not loaded when it was set)?"""
    parts = spec.parts
    if code.co_name != parts[-1]:
        return False
    qualname = getattr(code, "co_qualname", None)  # 3.11+
    if qualname is not None and "<locals>" not in qualname:
        tail = qualname.split(".")
        if parts[-len(tail):] != tail:
            return False
        module_parts = parts[:-len(tail)]
    else:
        module_parts = parts[:-1]
    if not module_parts:
        return True
    module = sys.modules.get(".".join(module_parts))
    path = getattr(module, "__file__", None)
    if isinstance(path, str):
        return canonical_path(path) == canonical_path(code.co_filename)
    stem = os.path.splitext(os.path.basename(code.co_filename))[0]  # a module still being imported
    if stem == module_parts[-1] or (stem == "__init__" and
                                    os.path.basename(os.path.dirname(code.co_filename)) == module_parts[-1]):
        return True
    # 3.8-3.10 have no co_qualname: "Class.method" cannot be told from "module.function" by the code alone;
    # take the program's own code with that function name.
    return qualname is None and module is None and is_user_code(code.co_filename)


def entry_line(code):
    lines = own_lines(code)
    return min(lines) if lines else None
