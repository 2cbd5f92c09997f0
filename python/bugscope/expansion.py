"""Which values expand, and into which children: paged containers and the special views of common types.

A value's children are ``Child(name, value, expr, slot, lazy)``: ``expr`` is the DAP ``evaluateName`` (or
None), ``slot`` says how ``setVariable`` writes the child (``("item", container, key)``, ``("attr", obj,
name)``, or None when it cannot be written), and ``lazy`` marks a property whose getter has not run: its
``value`` is then a ``Getter``. Runs on the suspended program thread under a watchdog limit.

Paging never copies a container: lists and tuples are sliced, everything else is walked with
``itertools.islice`` in C. Subclasses are read through the base type's C methods (``list.__getitem__``,
``dict.items``), so an override written in Python is not run just to display the value.
"""
import collections
import itertools
import keyword
import math
import sys
import types

Child = collections.namedtuple("Child", "name value expr slot lazy")

# Without ``count`` a client (nvim-dap, for one) asks for every child; this many are given, then a note.
UNPAGED_LIMIT = 1000

_C_DESCRIPTORS = (types.MemberDescriptorType, types.GetSetDescriptorType)


class Getter(object):
    """A property of ``owner`` that has not been read; reading runs user code (on the stopped thread)."""

    __slots__ = ("owner", "name")

    def __init__(self, owner, name):
        self.owner = owner
        self.name = name

    def get(self):
        return getattr(self.owner, self.name)


class Shape(object):
    """How a value expands: ``indexed`` children are paged by index; ``named`` ones come all at once."""

    __slots__ = ("kind", "indexed", "named")

    def __init__(self, kind, indexed=0, named=0):
        self.kind = kind
        self.indexed = indexed
        self.named = named


NOT_EXPANDABLE = Shape(None)


def _module_type(module, name):
    """A type from a module the program has already imported (we never import numpy or pandas ourselves)."""
    return getattr(sys.modules.get(module), name, None)


def shape(value):
    t = type(value)
    if t in (str, bytes, bytearray, int, float, complex, bool, type(None), range):
        return NOT_EXPANDABLE
    # issubclass on the type, not isinstance: isinstance falls back to a ``__class__`` that may be a property.
    if issubclass(t, dict):
        return Shape("dict", dict.__len__(value))
    if issubclass(t, tuple) and isinstance(getattr(t, "_fields", None), tuple):
        return Shape("namedtuple", 0, len(t._fields))
    if issubclass(t, (list, tuple)):
        return Shape("sequence", (list.__len__ if issubclass(t, list) else tuple.__len__)(value))
    if issubclass(t, collections.deque):
        return Shape("deque", collections.deque.__len__(value))
    if issubclass(t, (set, frozenset)):
        return Shape("set", (set.__len__ if issubclass(t, set) else frozenset.__len__)(value))
    enum_type = _module_type("enum", "Enum")
    if enum_type is not None and issubclass(t, enum_type):
        return Shape("enum", 0, 2)
    ndarray = _module_type("numpy", "ndarray")
    if ndarray is not None and issubclass(t, ndarray):
        return Shape("ndarray", value.shape[0] if value.ndim else 0, 3)
    for name in ("DataFrame", "Series"):
        pandas_type = _module_type("pandas", name)
        if pandas_type is not None and issubclass(t, pandas_type):
            return Shape(name, len(value), 3 if name == "DataFrame" else 2)
    named = _attribute_names(value)
    return Shape("object", 0, len(named)) if named else NOT_EXPANDABLE


def _type_and_position(key):
    return "<%s object>" % type(key).__name__


def children(value, start=0, count=0, parent_expr=None, which=None, key_name=_type_and_position):
    """The children of ``value``. ``which`` is DAP's ``filter``: "indexed" (a page of the indexed children,
    ``start``/``count``), "named" (all the named ones), or None (named ones, then a page of indexed ones).
    ``key_name(key)`` names a dict key that is not a literal (its repr is user code: the caller guards it)."""
    s = shape(value)
    out = []
    if s.named and which != "indexed":
        out.extend(_named(value, s.kind, parent_expr))
    if s.indexed and which != "named":
        end = start + count if count else min(s.indexed, start + UNPAGED_LIMIT)
        out.extend(_indexed(value, s.kind, start, end, parent_expr, key_name))
        if not count and end < s.indexed:
            out.append(Child("...", "%d more items: ask for them with start/count" % (s.indexed - end),
                             None, None, False))
    return out


# -- indexed children -------------------------------------------------------------------------------------------
def _indexed(value, kind, start, end, parent_expr, key_name):
    if kind == "dict":
        items = dict.items(value) if _python_override(value, "items") else value.items()
        out, seen = [], set()
        for i, (k, v) in enumerate(itertools.islice(items, start, end), start):
            literal = _literal_text(k)
            name = _short(literal) if literal is not None else key_name(k)
            if name in seen:  # two keys with the same repr: names must stay unique in one answer
                name = "%s #%d" % (name, i)
            seen.add(name)
            expr = "%s[%s]" % (parent_expr, literal) if parent_expr and literal is not None else None
            out.append(Child(name, v, expr, ("item", value, k), False))
        return out
    if kind == "sequence":
        getitem = list.__getitem__ if issubclass(type(value), list) else tuple.__getitem__
        items = getitem(value, slice(start, end))
    elif kind == "ndarray":
        items = (value[i] for i in range(start, min(end, value.shape[0])))
    elif kind in ("DataFrame", "Series"):
        return _pandas_rows(value, start, end, parent_expr, key_name)
    else:  # deque, set, frozenset: iteration in C
        items = itertools.islice(value, start, end)
    writable = kind == "ndarray" or issubclass(type(value), (list, collections.deque))
    indexable = kind in ("sequence", "deque", "ndarray")
    return [Child(str(i), v, "%s[%d]" % (parent_expr, i) if parent_expr and indexable else None,
                  ("item", value, i) if writable else None, False)
            for i, v in enumerate(items, start)]


def _pandas_rows(value, start, end, parent_expr, key_name):
    labels = value.index[start:end]
    out = []
    for offset, label in enumerate(labels):
        i = start + offset
        row = value.iloc[i]  # positional: a row Series of a DataFrame, a scalar of a Series
        expr = "%s.iloc[%d]" % (parent_expr, i) if parent_expr else None
        literal = _literal_text(label)
        out.append(Child("%d: %s" % (i, _short(literal) if literal is not None else key_name(label)), row, expr,
                         None, False))
    return out


# -- named children ---------------------------------------------------------------------------------------------
def _named(value, kind, parent_expr):
    def attr_expr(name):
        return "%s.%s" % (parent_expr, name) if parent_expr and _is_identifier(name) else None

    if kind == "namedtuple":
        return [Child(name, tuple.__getitem__(value, i), attr_expr(name), None, False)
                for i, name in enumerate(type(value)._fields)]
    if kind == "enum":
        return [Child("name", value._name_, attr_expr("name"), None, False),
                Child("value", value._value_, attr_expr("value"), None, False)]
    if kind in ("ndarray", "DataFrame", "Series"):
        names = ("shape", "dtype", "size") if kind == "ndarray" else (
            ("shape", "columns", "dtypes") if kind == "DataFrame" else ("dtype", "name"))
        return [Child(name, getattr(value, name), attr_expr(name), None, False) for name in names]
    out = []
    for name, how in _attribute_names(value):
        if how == "lazy":
            descriptor = _class_attribute(type(value), name)
            writable = hasattr(type(descriptor), "__set__") and getattr(descriptor, "fset", True) is not None
            out.append(Child(name, Getter(value, name), attr_expr(name),
                             ("attr", value, name) if writable else None, True))
            continue
        try:
            v = object.__getattribute__(value, name) if how == "slot" else _instance_dict(value)[name]
        except (AttributeError, KeyError):
            continue  # an empty slot
        out.append(Child(name if isinstance(name, str) else _type_and_position(name), v, attr_expr(name),
                         ("attr", value, name) if isinstance(name, str) else None, False))
    return out


def _attribute_names(value):
    """[(name, "dict" | "slot" | "lazy")] of an object: dataclass fields first (in their order), the rest of
    its ``__dict__``, its ``__slots__``, then properties and other data descriptors of its class (lazy)."""
    names = []
    seen = set()
    d = _instance_dict(value)
    fields = getattr(type(value), "__dataclass_fields__", None)
    if isinstance(fields, dict):
        for name in fields:
            if d is not None and name in d:
                names.append((name, "dict"))
                seen.add(name)
    if d:
        for name in list(d):
            if name not in seen:
                names.append((name, "dict"))
                seen.add(name)
    for name in _slot_names(value):
        if name not in seen:
            names.append((name, "slot"))
            seen.add(name)
    for klass in _mro(type(value)):
        for name, attr in list(klass.__dict__.items()):
            if name in seen or not isinstance(name, str) or name.startswith("__"):
                continue
            seen.add(name)  # whatever the first class in the MRO holds under this name is what counts
            if _is_property_like(attr) and not (d is not None and name in d):
                names.append((name, "lazy"))
    return names


def _is_property_like(attr):
    """A property, a cached_property, or another data descriptor written in Python: reading it runs code."""
    t = type(attr)
    if isinstance(attr, property):
        return True
    if t in _C_DESCRIPTORS or not hasattr(t, "__get__"):
        return False
    cached = _module_type("functools", "cached_property")
    return (cached is not None and isinstance(attr, cached)) or hasattr(t, "__set__") or hasattr(t, "__delete__")


def _mro(t):
    try:
        mro = type.__dict__["__mro__"].__get__(t)  # not t.__mro__: a metaclass could override it
    except Exception:
        return ()
    return [k for k in mro if k is not object]


def _class_attribute(t, name):
    for klass in _mro(t):
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def _instance_dict(value):
    try:
        d = object.__getattribute__(value, "__dict__")
    except Exception:
        return None
    return d if isinstance(d, dict) else None


def _slot_names(value):
    names = []
    for klass in _mro(type(value)):
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name not in ("__dict__", "__weakref__") and name not in names:
                names.append(name)
    return names


def _python_override(value, method):
    """True when ``value``'s class redefines ``method`` in Python (then the base type's C method is used)."""
    return isinstance(getattr(type(value), method, None), types.FunctionType)


# -- names and evaluateNames ----------------------------------------------------------------------------------
def _short(text):
    return text if len(text) <= 200 else text[:197] + "..."


def _literal_text(key, depth=0):
    """Python source that evaluates to ``key`` (so it can go in an evaluateName), or None."""
    t = type(key)
    if t in (str, bytes, bool, type(None)):
        text = repr(key)
    elif t is int:
        text = repr(key) if key.bit_length() <= 256 else None
    elif t is float:
        text = repr(key) if math.isfinite(key) else None
    elif t is tuple and depth < 4 and len(key) <= 16:
        parts = [_literal_text(k, depth + 1) for k in key]
        if any(p is None for p in parts):
            return None
        text = "(%s,)" % parts[0] if len(parts) == 1 else "(%s)" % ", ".join(parts)
    else:
        return None
    return text if text is not None and len(text) <= 1000 else None


def _is_identifier(name):
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)
