"""CPython C-API functions reached through ctypes, looked up on first use: importing ctypes costs start-up time."""

_found = {}


def pythonapi(name, argtypes):
    """``ctypes.pythonapi.<name>`` with its argument types (names of ctypes types), or None where it does not
    exist (PyFrame_LocalsToFast is gone in 3.13) or ctypes is missing."""
    function = _found.get(name)
    if function is None:
        try:
            import ctypes
            function = getattr(ctypes.pythonapi, name)
            function.argtypes = [getattr(ctypes, t) for t in argtypes]
        except Exception:
            function = False
        _found[name] = function
    return function or None
