"""The program's loaded modules, for DAP ``modules``: name, path, and whether they are the user's own code.

"User code" is what the exception filters call the program's code (visibility.is_user_code): a file outside
the tracer, the standard library and installed packages. Built-in and frozen modules are not user code.
"""
import collections
import os
import sys
import types

from bugscope.visibility import is_user_code

ModuleView = collections.namedtuple("ModuleView", "name path user version")


def loaded_modules():
    """ModuleViews of every module in sys.modules, by name."""
    views = []
    for name, module in sorted(list(sys.modules.items()), key=lambda item: item[0]):
        if module is None:
            continue  # a failed or blocked import leaves None in sys.modules
        # The module's dict, not getattr: a module-level __getattr__ (PEP 562) is user code, and this runs on
        # the server thread with no time limit. Objects other than modules in sys.modules are listed by name only.
        namespace = module.__dict__ if isinstance(module, types.ModuleType) else {}
        path = namespace.get("__file__")
        version = namespace.get("__version__")
        version = version if isinstance(version, str) else None
        if not isinstance(path, str):
            views.append(ModuleView(name, None, False, version))
            continue
        views.append(ModuleView(name, os.path.abspath(path), is_user_code(path), version))
    return views
