"""Debug-console completions in a suspended frame: names, attributes after a dot, dict keys after ``[``.

The object left of the dot or bracket is evaluated like a hover (no calls, no Python code at all), and its
attributes are listed from the instance and class dictionaries, never with ``dir()`` or ``getattr``: completing
must not run ``__dir__``, ``__getattr__`` or a property getter.
"""
import builtins
import itertools
import re
import types

from bugscope.evaluation import EvaluationError, evaluate

MAX_ITEMS = 500
_DOTTED = r"[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*"
_ATTRIBUTE = re.compile(r"(%s)\s*\.\s*(\w*)$" % _DOTTED)
_KEY = re.compile(r"(%s)\s*\[\s*((?:'[^']*|\"[^\"]*|[\w.-]*))$" % _DOTTED)
_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*|)$")


def complete(frame, text):
    """[(label, kind, begin)] for the cursor at the end of ``text``: ``begin`` is the 0-based offset in ``text``
    where the replaced part starts (it runs to the cursor)."""
    m = _KEY.search(text)
    if m:
        return _keys(frame, m.group(1), m.group(2), m.start(2))
    m = _ATTRIBUTE.search(text)
    if m:
        return _attributes(frame, m.group(1), m.group(2), m.start(2))
    m = _NAME.search(text)
    if m is None:
        return []
    partial = m.group(1)
    names = {}
    for scope, kind in ((builtins.__dict__, None), (frame.f_globals, None), (frame.f_locals, None)):
        for name, value in list(scope.items()):
            if isinstance(name, str) and name.startswith(partial):
                names[name] = _kind(value)
    return _sorted(names, partial, m.start(1))


def _target(frame, expression):
    try:
        return evaluate(frame, expression, "hover")
    except EvaluationError:
        return _MISSING


_MISSING = object()


def _attributes(frame, expression, partial, begin):
    value = _target(frame, expression)
    if value is _MISSING:
        return []
    names = {}
    sources = []
    try:
        sources.append(object.__getattribute__(value, "__dict__"))
    except Exception:
        pass
    try:
        mro = type.__dict__["__mro__"].__get__(type(value))
    except Exception:
        mro = ()
    if issubclass(type(value), type):  # a class: its own attributes and its bases'
        sources.extend(k.__dict__ for k in type.__dict__["__mro__"].__get__(value))
    sources.extend(k.__dict__ for k in mro)
    for source in sources:
        try:
            items = list(source.items())
        except Exception:
            continue
        for name, attr in items:
            if isinstance(name, str) and name.startswith(partial) and name not in names:
                names[name] = _kind(attr)
    return _sorted(names, partial, begin)


def _keys(frame, expression, partial, begin):
    value = _target(frame, expression)
    if not issubclass(type(value), dict):
        return []
    quote = partial[:1] if partial[:1] in ("'", '"') else ""
    names = {}
    for key in itertools.islice(dict.keys(value), 10 * MAX_ITEMS):
        if isinstance(key, str):
            label = repr(key)
            if quote == '"':
                label = '"%s"' % label[1:-1] if label[0] == "'" and '"' not in key else label
            matches = label.startswith(partial) if quote else key.startswith(partial)
        elif type(key) in (int, float, bool, bytes) or key is None:
            label = repr(key)
            matches = label.startswith(partial)
        else:
            continue
        if matches:
            names[label] = "value"
    return _sorted(names, partial, begin, keep_private=True)


def _sorted(names, partial, begin, keep_private=False):
    # Private names only when the user started typing one: a console full of dunders is noise.
    show = [n for n in names if keep_private or partial.startswith("_") or not n.startswith("_")]
    show.sort(key=lambda n: (n.lstrip("_") != n, n.lower()))
    return [(n, names[n], begin) for n in show[:MAX_ITEMS]]


def _kind(value):
    """The DAP CompletionItemType for a value, by type only (no user code)."""
    t = type(value)
    if t is types.ModuleType:
        return "module"
    if issubclass(t, type):
        return "class"
    if issubclass(t, property):
        return "property"
    if t in (types.FunctionType, types.BuiltinFunctionType, types.MethodType, staticmethod, classmethod,
             types.MethodDescriptorType if hasattr(types, "MethodDescriptorType") else types.FunctionType):
        return "function"
    return "variable"
