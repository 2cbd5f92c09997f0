"""Looking at values without trusting them: guarded reprs, which values expand, and their children.

Everything here runs on the suspended program thread (a repr is user code), inside a watchdog limit.
"""
import collections
import reprlib

from bugscope.watchdog import Interrupted

MAX_VALUE_CHARS = 1000


class SafeRepr(reprlib.Repr):
    """reprlib with generous limits, where a failing element repr shows the failure instead of a fallback."""

    def __init__(self):
        reprlib.Repr.__init__(self)
        self.maxlevel = 4
        self.maxtuple = self.maxlist = self.maxarray = self.maxset = self.maxfrozenset = 30
        self.maxdeque = self.maxdict = 30
        self.maxstring = 300
        self.maxlong = 300
        self.maxother = MAX_VALUE_CHARS

    def repr_instance(self, obj, level):
        try:
            text = repr(obj)
        except Exception as e:
            return raised_text(e)
        if len(text) > self.maxother:
            text = text[:self.maxother - 3] + "..."
        return text


_REPR = SafeRepr()


def raised_text(e):
    return "<repr raised %s: %s>" % (type(e).__name__, _message(e))


def _message(e):
    try:
        return str(e)
    except Exception:
        return "?"


# Exact built-in types whose repr runs no user code and ends quickly: no time limit to arm (arming wakes the
# watchdog thread; a 10,000-item list of ints would otherwise cost 10,000 thread round trips).
_PLAIN = frozenset((int, float, bool, type(None), str, bytes, complex, range))
_SHORT = frozenset((int, float, bool, type(None), complex))  # their repr() needs no truncation by reprlib


def plain_text(value):
    """The display string of a value of a _PLAIN type, or None for any other value."""
    t = type(value)
    if t not in _PLAIN:
        return None
    try:
        text = repr(value) if t in _SHORT else _REPR.repr(value)
    except Exception as e:  # int reprs of > 4300 digits raise ValueError (3.11+)
        return raised_text(e)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 3] + "..."


def safe_repr(value, watchdog, seconds):
    """A display string for ``value``. Never raises; a repr that hangs past ``seconds`` is cut off."""
    plain = plain_text(value)
    if plain is not None:
        return plain
    try:
        with watchdog.limit(seconds):
            text = _REPR.repr(value)
    except Interrupted:
        return "<repr timed out after %g s>" % seconds
    except Exception as e:
        return raised_text(e)
    if len(text) > MAX_VALUE_CHARS:
        text = text[:MAX_VALUE_CHARS - 3] + "..."
    return text


def type_name(value):
    t = type(value)
    module = getattr(t, "__module__", "builtins")
    name = getattr(t, "__qualname__", t.__name__)
    return name if module in ("builtins", "__main__") else "%s.%s" % (module, name)


_INDEXED = (list, tuple, collections.deque, set, frozenset, dict)


def indexed_count(value):
    """Number of indexed children (containers are paged by index), or 0."""
    if isinstance(value, _INDEXED):
        try:
            return len(value)
        except Exception:
            return 0
    return 0


def _instance_dict(value):
    try:
        d = object.__getattribute__(value, "__dict__")
    except Exception:
        return None
    return d if isinstance(d, dict) else None


def _slot_names(value):
    names = []
    for klass in type(value).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name not in ("__dict__", "__weakref__") and name not in names:
                names.append(name)
    return names


def is_expandable(value):
    if isinstance(value, _INDEXED):
        return indexed_count(value) > 0
    if isinstance(value, (str, bytes, bytearray, int, float, complex, bool, type(None))):
        return False
    d = _instance_dict(value)
    return bool(d) or bool(_slot_names(value))


def children(value, start=0, count=None, parent_expr=None):
    """(name, value, evaluate_name or None) for the children of ``value``, paged for containers."""
    end = None if not count else start + count
    if isinstance(value, dict):
        out = []
        for i, (k, v) in enumerate(value.items()):
            if i < start:
                continue
            if end is not None and i >= end:
                break
            key_text = safe_key(k)
            expr = "%s[%s]" % (parent_expr, key_text) if parent_expr and _is_literal(k) else None
            out.append((key_text, v, expr))
        return out
    if isinstance(value, (list, tuple, collections.deque)):
        items = list(value)[start:end]
        return [(str(start + i), v, "%s[%d]" % (parent_expr, start + i) if parent_expr else None)
                for i, v in enumerate(items)]
    if isinstance(value, (set, frozenset)):
        items = list(value)[start:end]
        return [(str(start + i), v, None) for i, v in enumerate(items)]
    out = []
    d = _instance_dict(value)
    if d:
        for k, v in list(d.items()):
            name = k if isinstance(k, str) else safe_key(k)
            expr = "%s.%s" % (parent_expr, k) if parent_expr and isinstance(k, str) and k.isidentifier() else None
            out.append((name, v, expr))
    for name in _slot_names(value):
        try:
            v = object.__getattribute__(value, name)
        except AttributeError:
            continue
        out.append((name, v, "%s.%s" % (parent_expr, name) if parent_expr else None))
    return out[start:end]


def safe_key(key):
    try:
        text = _REPR.repr(key)
    except Exception as e:
        text = raised_text(e)
    return text


def _is_literal(key):
    return isinstance(key, (str, int, float, bool, bytes, type(None)))
