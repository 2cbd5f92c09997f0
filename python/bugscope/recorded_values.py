"""What step back's recording keeps of a value: a snapshot taken when a line changed it, never running the
program's code, bounded in size.

- Immutable scalars (int, float, complex, bool, None, range) and strings/bytes up to ``MAX_TEXT`` characters are
  kept as they are (a reference, no copy).
- Lists, tuples, dicts, sets, frozensets and deques of at most ``MAX_ITEMS`` items are copied one level (a new
  container of the same built-in type), their items snapshotted the same way up to ``MAX_DEPTH`` levels and
  ``MAX_ITEMS`` items in all; a tuple or frozenset of scalars is kept as it is.
- An object with an instance ``__dict__`` of at most ``MAX_ITEMS`` attributes becomes a ``PastObject`` of a class
  named like the object's: its ``__dict__`` holds the attributes' snapshots, so the variables view expands it as
  it would the object.
- Anything else becomes a ``PastValue``, a ``str`` subclass whose repr is a description: a function's, class's or
  module's name, an exception's type and arguments, else ``<Type object at 0x…>``, or ``<list of 5000 items>``
  for a container too large to copy. No repr that could reach the program's code is called.

Only exact built-in types are kept or copied: a subclass may run Python code in its methods. A snapshot therefore
holds only built-in values and the two classes here, so showing one (repr, children, comparison) never runs the
program's code and can happen on the server thread. Strings longer than ``MAX_TEXT`` keep their head and tail.
"""
import collections
import types

MAX_ITEMS = 100    # items copied per container, and in all per snapshot
MAX_DEPTH = 3      # containers inside containers
MAX_TEXT = 1000    # characters of a kept string, and of a description
_SCALARS = frozenset((int, float, complex, bool, type(None), range, type(Ellipsis), type(NotImplemented)))
_TEXTS = frozenset((str, bytes))
_DICT_OFFSET = type.__dict__["__dictoffset__"]
_MUTABLE = frozenset((list, dict, set, bytearray, collections.deque))
_BUILTIN_MODULE = "builtins"
_SAFE_REPR = (types.FunctionType, types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType)
# Described, never expanded into a PastObject (functions and classes have an instance __dict__ too).
_DESCRIBED = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType, BaseException)


class _Deleted(object):
    """A local that the line deleted (``del x``), or that does not exist yet."""

    __slots__ = ()

    def __repr__(self):
        return "<deleted>"


DELETED = _Deleted()


class PastValue(str):
    """A recorded value shown by a description; its repr is the description itself."""

    __slots__ = ()

    def __repr__(self):
        return str.__str__(self)


class PastObject(object):
    """A recorded object: its instance attributes' snapshots in its own ``__dict__``. Each recorded class gets a
    subclass named like it (``past_class``), so its type reads as the original's."""

    def __repr__(self):
        parts = []
        for name, value in list(self.__dict__.items())[:8]:
            text = repr(value)
            parts.append("%s=%s" % (name, text if len(text) <= 60 else text[:57] + "..."))
        if len(self.__dict__) > 8:
            parts.append("...")
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def __eq__(self, other):
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None


_past_classes = {}


def past_class(base, module, qualname):
    """The subclass of ``base`` (PastValue or PastObject) that stands for values of the class ``module.qualname``."""
    key = (base, module, qualname)
    klass = _past_classes.get(key)
    if klass is None:
        name = qualname.rsplit(".", 1)[-1]
        attrs = {"__module__": module, "__qualname__": qualname}
        if base is PastValue:
            attrs["__slots__"] = ()
        klass = _past_classes[key] = type(name, (base,), attrs)
    return klass


def _class_name(t):
    return (getattr(t, "__module__", None) or _BUILTIN_MODULE, getattr(t, "__qualname__", None) or t.__name__)


def _cut(text):
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT // 2 - 2] + "..." + text[-(MAX_TEXT // 2 - 2):]


def _described(value, text):
    module, qualname = _class_name(type(value))
    return past_class(PastValue, module, qualname)(_cut(text))


def _address_text(value):
    module, qualname = _class_name(type(value))
    name = qualname if module in (_BUILTIN_MODULE, "__main__") else "%s.%s" % (module, qualname)
    return "<%s object at %#x>" % (name, id(value))


def _description(value):
    """A PastValue describing ``value`` without calling any repr that could reach the program's code."""
    t = type(value)  # issubclass on the type, never isinstance: that falls back to a __class__ property
    try:
        if issubclass(t, type):
            return _described(value, type.__repr__(value))  # (a metaclass's own __repr__ is not called)
        if issubclass(t, types.ModuleType):
            return _described(value, "<module %r>" % (getattr(value, "__name__", "?"),))
        if issubclass(t, _SAFE_REPR):  # C reprs that show names and addresses only
            return _described(value, repr(value))
        if issubclass(t, types.MethodType):  # its repr would show repr(self)
            return _described(value, "<bound method %s of %s>" % (
                getattr(value.__func__, "__qualname__", "?"), _address_text(value.__self__)))
        if issubclass(t, BaseException):
            args = value.args if type(value.args) is tuple else ()
            return _described(value, "%s(%s)" % (type(value).__name__, ", ".join(repr(snapshot(a)) for a in args)))
    except Exception:
        pass
    return _described(value, _address_text(value))


def _instance_dict(value):
    """The instance ``__dict__`` through the C descriptor only (never a ``__getattribute__`` of the program)."""
    for klass in type.__dict__["__mro__"].__get__(type(value)):
        descriptor = klass.__dict__.get("__dict__")
        if descriptor is not None:
            if type(descriptor) is not types.GetSetDescriptorType:
                return None
            try:
                d = descriptor.__get__(value)
            except Exception:
                return None
            return d if type(d) is dict else None
    return None


class _Budget(object):
    __slots__ = ("items",)

    def __init__(self):
        self.items = MAX_ITEMS


def snapshot(value):
    """What the recording keeps of ``value`` (see the module's docstring)."""
    t = type(value)
    if t in _SCALARS:
        return value
    if t in _TEXTS:
        return value if len(value) <= MAX_TEXT else _described(value, "%r... (%d %s)" % (
            value[:MAX_TEXT // 2], len(value), "characters" if t is str else "bytes"))
    return _copy(value, t, _Budget(), 0)


def _copy(value, t, budget, depth):
    if t in _SCALARS:
        return value
    if t in _TEXTS:
        return value if len(value) <= MAX_TEXT else _described(value, "<%s of %d %s>" % (
            t.__name__, len(value), "characters" if t is str else "bytes"))
    if t is list or t is tuple or t is set or t is frozenset or t is collections.deque or t is dict:
        n = len(value)
        if n > budget.items or depth >= MAX_DEPTH:
            return _described(value, "<%s of %d items>" % (t.__name__, n))
        budget.items -= n
        if t is dict:
            return {_key(k, budget, depth): _copy(v, type(v), budget, depth + 1) for k, v in list(value.items())}
        items = [_copy(v, type(v), budget, depth + 1) for v in list(value)]
        if t is tuple or t is frozenset:
            # A tuple of scalars is itself immutable: kept, not copied (the same object then compares "is").
            if all(a is b for a, b in zip(items, value)):
                return value
            return t(items) if t is tuple else frozenset(_hashable(i) for i in items)
        if t is set:
            return set(_hashable(i) for i in items)
        return items if t is list else collections.deque(items)
    if t is bytearray:
        return _described(value, "bytearray(%r)" % bytes(value[:MAX_TEXT // 4]) if len(value) <= MAX_TEXT // 4
                          else "<bytearray of %d bytes>" % len(value))
    if issubclass(t, _DESCRIBED):
        return _description(value)
    d = _instance_dict(value) if depth < MAX_DEPTH else None
    if d is not None and len(d) <= budget.items:
        budget.items -= len(d)
        module, qualname = _class_name(t)
        obj = past_class(PastObject, module, qualname)()
        for name, v in list(d.items()):
            if isinstance(name, str):
                obj.__dict__[name] = _copy(v, type(v), budget, depth + 1)
        return obj
    return _description(value)


def _key(k, budget, depth):
    t = type(k)
    if t in _SCALARS or t in _TEXTS:
        return k if t in _SCALARS or len(k) <= MAX_TEXT else _described(k, "%r..." % (k[:MAX_TEXT // 2],))
    if t is tuple:
        copied = _copy(k, t, budget, depth + 1)
        return copied if type(copied) is tuple else _hashable(copied)
    return _description(k)


def _hashable(item):
    try:
        hash(item)
        return item
    except TypeError:
        return _described(item, repr(item))


def is_mutable(value):
    """Can ``value`` change without the local being assigned (so a line that uses it is checked again)?"""
    t = type(value)
    if t in _MUTABLE:
        return True
    if t in _SCALARS or t in _TEXTS or t is tuple or t is frozenset or issubclass(t, _DESCRIBED):
        return False
    return _DICT_OFFSET.__get__(t) != 0  # instances with a __dict__ become PastObjects: their attributes change


def size_of(snap):
    """An estimate of the bytes a snapshot holds (for the recording's memory cap): containers and text by their
    length, objects by their attributes; a kept scalar costs its reference."""
    t = type(snap)
    if t in _SCALARS:
        return 8
    if t in _TEXTS or isinstance(snap, PastValue):
        return 56 + len(snap)
    if t is dict:
        return 64 + sum(size_of(k) + size_of(v) for k, v in snap.items())
    if t in (list, tuple, set, frozenset, collections.deque):
        return 64 + sum(size_of(v) for v in snap)
    if isinstance(snap, PastObject):
        return 120 + sum(56 + size_of(v) for v in snap.__dict__.values())
    return 16
