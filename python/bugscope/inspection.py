"""Looking at values without trusting them: guarded, size-limited reprs and the text of one value.

Everything here runs on the suspended program thread (a repr is user code), inside a watchdog limit. No
function here walks or copies a whole container, string or number: a 10-million-item dict or a 1 GiB bytes
object costs the same as a small one.
"""
import itertools
import reprlib

from bugscope.watchdog import Interrupted

MAX_VALUE_CHARS = 1000
CLIPBOARD_CHARS = 1024 * 1024  # evaluate(context "clipboard"): the whole value up to this many characters
_HUGE_INT_BITS = 10000         # ~3000 digits: decimal conversion is quadratic below 3.12 and refused on 3.11+


class SafeRepr(reprlib.Repr):
    """reprlib with generous limits, where a failing element repr shows the failure instead of a fallback.

    reprlib sorts dicts and sets before cutting them (``_possibly_sorted``) and has no bytes support (it would
    call repr() on the whole object); both are replaced so that only the shown part is ever looked at."""

    hex_ints = False

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
        except Interrupted:
            raise
        except BaseException as e:  # SystemExit or KeyboardInterrupt from a repr is the repr's failure too
            return raised_text(e)
        if len(text) > self.maxother:
            text = text[:self.maxother - 3] + "..."
        return text

    def repr_int(self, x, level):
        return int_text(x, self.hex_ints)

    def repr_bytes(self, x, level):
        return _bytes_text(x, self.maxstring)

    def repr_bytearray(self, x, level):
        return "bytearray(%s)" % _bytes_text(x, self.maxstring)

    def repr_dict(self, x, level):
        n = len(x)
        if n == 0:
            return "{}"
        if level <= 0:
            return "{...}"
        pieces = ["%s: %s" % (self.repr1(k, level - 1), self.repr1(v, level - 1))
                  for k, v in itertools.islice(x.items(), self.maxdict)]
        if n > self.maxdict:
            pieces.append("...")
        return "{%s}" % ", ".join(pieces)

    def _repr_unordered(self, x, level, left, right, empty):
        n = len(x)
        if n == 0:
            return empty
        if level <= 0:
            return left + "..." + right
        pieces = [self.repr1(v, level - 1) for v in itertools.islice(x, self.maxset)]
        if n > self.maxset:
            pieces.append("...")
        return left + ", ".join(pieces) + right

    def repr_set(self, x, level):
        return self._repr_unordered(x, level, "{", "}", "set()")

    def repr_frozenset(self, x, level):
        return self._repr_unordered(x, level, "frozenset({", "})", "frozenset()")


class _HexRepr(SafeRepr):
    """DAP ``format: {hex: true}``: ints (also inside containers) in hexadecimal."""

    hex_ints = True


_REPR = SafeRepr()
_HEX_REPR = _HexRepr()


def _repr_for(hex_ints):
    return _HEX_REPR if hex_ints else _REPR


def _bytes_text(x, limit):
    """b'head'...b'tail' (N bytes) for long bytes, so that a large binary blob still reads well. A byte can
    take 4 characters (\\x01), so the head is a third of the string limit and the tail a few bytes."""
    n = len(x)
    if n <= limit // 4:
        return repr(bytes(x))
    return "%s...%s (%d bytes)" % (repr(bytes(x[:limit // 3])), repr(bytes(x[n - 16:])), n)


def int_text(x, hex_ints=False):
    if type(x) is bool:
        return repr(x)
    bits = x.bit_length()
    if hex_ints:
        text = hex(x)  # linear time, whatever the size
        return text if len(text) <= MAX_VALUE_CHARS else "%s... (%d bits)" % (text[:60], bits)
    if bits > _HUGE_INT_BITS:
        return "<int of %d bits, about %d digits; use hex format to see it>" % (bits, int(bits * 0.30103) + 1)
    return int.__repr__(x)


def raised_text(e):
    message = _message(e)
    return "<repr raised %s%s>" % (type(e).__name__, ": " + message if message else "")


def _message(e):
    try:
        return str(e)
    except Exception:
        return "?"


# Exact built-in types whose repr runs no user code and ends quickly: no time limit to arm (arming wakes the
# watchdog thread; a 10,000-item list of ints would otherwise cost 10,000 thread round trips).
_PLAIN = frozenset((int, float, bool, type(None), str, bytes, complex, range))
_SHORT = frozenset((float, bool, type(None), complex))  # their repr() needs no truncation by reprlib


def plain_text(value, hex_ints=False):
    """The display string of a value of a _PLAIN type, or None for any other value."""
    t = type(value)
    if t not in _PLAIN:
        return None
    try:
        if t is int:
            text = int_text(value, hex_ints)
        else:
            text = repr(value) if t in _SHORT else _repr_for(hex_ints).repr(value)
    except Exception as e:
        return raised_text(e)
    return _cut(text)


def _cut(text, limit=MAX_VALUE_CHARS):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def safe_repr(value, watchdog, seconds, hex_ints=False):
    """A display string for ``value``. Never raises; a repr that hangs past ``seconds`` is cut off."""
    plain = plain_text(value, hex_ints)
    if plain is not None:
        return plain
    if seconds <= 0:
        return "<repr not run: this request's time budget is spent>"
    try:
        with watchdog.limit(seconds):
            text = _repr_for(hex_ints).repr(value)
    except Interrupted:
        return "<repr timed out after %g s>" % seconds
    except BaseException as e:
        return raised_text(e)
    return _cut(text)


def full_text(value, watchdog, seconds, limit=CLIPBOARD_CHARS):
    """The whole value as text, up to ``limit`` characters (evaluate in the "clipboard" context).

    Strings and bytes are cut before their repr is made, so a 1 GiB string costs ``limit`` characters."""
    t = type(value)
    if t is str or t is bytes or t is bytearray:
        text = repr(value[:limit]) if t is not bytearray else repr(bytes(value[:limit]))
        if len(value) > limit:
            text += "... (%d of %d %s)" % (limit, len(value), "characters" if t is str else "bytes")
        return text
    if t is int:
        return int.__repr__(value) if value.bit_length() <= _HUGE_INT_BITS * 10 else hex(value)
    try:
        with watchdog.limit(seconds):
            text = repr(value)
    except Interrupted:
        return "<repr timed out after %g s>" % seconds
    except BaseException as e:
        return raised_text(e)
    return _cut(text, limit)


def key_text(key, watchdog, seconds, limit=200):
    """A dict key as a child's name: its repr, guarded (a key is user code too) and kept short."""
    return _cut(safe_repr(key, watchdog, seconds), limit)


def type_name(value):
    t = type(value)
    module = getattr(t, "__module__", "builtins")
    name = getattr(t, "__qualname__", t.__name__)
    return name if module in ("builtins", "__main__") else "%s.%s" % (module, name)
