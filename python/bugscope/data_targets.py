"""What a data breakpoint watches, and how its value is read without running the program's code.

A target is one binding: a local of one frame, a global of one module, an attribute of one object, or an item of
one dict or list. ``read()`` returns the value bound there now, MISSING when nothing is bound, or GONE when the
frame, object or container itself is gone (then the breakpoint can never hit again). Reads happen at line events
of armed code, so they go through C-level accessors only (``dict.get``, ``list.__getitem__``, a slot's member
descriptor, the frame's locals): no ``__getattr__``, property, ``__getitem__`` or ``__eq__`` written in Python.

The container is held weakly when its type allows it (a weakref callback reports its end at once); dicts, lists
and frames cannot be weakly referenced, so they are held strongly and checked by reference count: when ours are
the only references left, the program has dropped it, and the target lets it go (see ``CountedAnchor``).
"""
import sys
import types

from bugscope.suspension import EngineError


class _Marker(object):
    def __init__(self, text):
        self._text = text

    def __repr__(self):
        return self._text


MISSING = _Marker("<not set>")  # nothing bound (a local not assigned yet, a deleted key or attribute)
GONE = _Marker("<gone>")        # the frame, object or container is gone

# Values compared by ``==`` when the binding now holds another object (equal numbers and strings are no change).
# Only types whose comparison is C code and cannot run the program's code.
_BY_VALUE = frozenset((int, float, complex, str, bytes, bool, type(None)))
_PLAIN_KEYS = frozenset((int, float, str, bytes, bool, type(None)))


def changed(old, new):
    """Is ``new`` another value than ``old``? Identity first; then equality for plain built-in values (and
    tuples of them), whose ``==`` is C code; any other object bound in place of another is a change."""
    if old is new:
        return False
    t = type(new)
    if t is not type(old):
        return True
    if t in _BY_VALUE:
        return not old == new
    if t is tuple and len(new) == len(old) <= 32 and all(type(x) in _BY_VALUE for x in new) \
            and all(type(x) in _BY_VALUE for x in old):
        return not old == new
    return True


class CountedAnchor(object):
    """Holds an object that cannot be weakly referenced (a dict, a list) and lets it go once nothing but this
    anchor refers to it. The count is read at checks, so the program's last reference going away is noticed at
    the next line event of armed code (until then the object lives on, one event longer than it would)."""

    __slots__ = ("_obj",)
    _OURS = 3  # self._obj, the local ``obj`` and getrefcount's argument (3.8-3.13)

    def __init__(self, obj):
        self._obj = obj

    def get(self):
        obj = self._obj
        if obj is not None and sys.getrefcount(obj) <= self._OURS:
            self._obj = obj = None
        return obj

    def release(self):
        self._obj = None


class WeakAnchor(object):
    """A weak reference; ``on_gone()`` runs when the object is freed (on whatever thread frees it)."""

    __slots__ = ("_ref",)

    def __init__(self, obj, on_gone):
        import weakref
        self._ref = weakref.ref(obj, lambda _ref: on_gone())

    def get(self):
        return self._ref()

    def release(self):
        pass


def anchor_for(obj, on_gone):
    try:
        return WeakAnchor(obj, on_gone)
    except TypeError:
        return CountedAnchor(obj)


class Target(object):
    """One watched binding. ``kind``: local, global, attribute, item; ``label``: how the user names it
    (``x``, ``self.count``, ``d['k']``); ``key``: identity of the binding, so that asking twice gives one dataId."""

    kind = None
    wide = True         # any code can write it: checked in every frame of the program's own code
    frame = None        # a local's frame (only that frame and the functions that share its cell can write it)
    writer_codes = ()   # code objects besides the frame's own that can write it (closures with ``nonlocal``)

    def read(self):
        raise NotImplementedError

    def gone_message(self):
        return "%s is gone: the object it belonged to was freed" % self.label

    def release(self):
        pass


class LocalTarget(Target):
    kind = "local"
    wide = False

    def __init__(self, frame, name, label=None):
        self.frame = frame
        self.name = name
        self.label = label or name
        self.function = frame.f_code.co_name
        self.key = ("local", id(frame), name)
        code = frame.f_code
        self.writer_codes = tuple(_closures_writing(code, name)) if name in code.co_cellvars else ()
        self.writer_ids = frozenset(id(c) for c in self.writer_codes)

    def read(self):
        frame = self.frame
        if frame is None:
            return GONE
        # <=3.12: a fresh snapshot of the fast locals (and cells); 3.13: the write-through proxy.
        return frame.f_locals.get(self.name, MISSING)

    def sees(self, frame):
        return frame is self.frame or (self.writer_ids and id(frame.f_code) in self.writer_ids)

    def describe(self):
        return "%s (local of %s)" % (self.name, self.function)

    def gone_message(self):
        return "%s() returned: its local %s is gone" % (self.function, self.name)

    def release(self):
        self.frame = None


def _closures_writing(code, name):
    """Nested code objects that have ``name`` as a free variable (they can rebind it with ``nonlocal``)."""
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            if name in const.co_freevars:
                yield const
            if name in const.co_freevars or name not in const.co_cellvars:
                for nested in _closures_writing(const, name):
                    yield nested


class GlobalTarget(Target):
    kind = "global"

    def __init__(self, namespace, name, label=None):
        self._anchor = CountedAnchor(namespace)
        self.name = name
        self.label = label or name
        self.module = namespace.get("__name__", "?") if isinstance(namespace, dict) else "?"
        self.key = ("global", id(namespace), name)

    def read(self):
        namespace = self._anchor.get()
        if namespace is None:
            return GONE
        return dict.get(namespace, self.name, MISSING)

    def describe(self):
        return "%s (global of %s)" % (self.name, self.module)

    def gone_message(self):
        return "%s is gone: the namespace of module %s was freed" % (self.name, self.module)

    def release(self):
        self._anchor.release()


class AttributeTarget(Target):
    kind = "attribute"

    def __init__(self, obj, name, on_gone, label=None):
        if not isinstance(name, str):
            raise EngineError("bugscope: only attributes with a string name can be watched")
        self.name = name
        self.label = label or "%s.%s" % (_type_name(obj), name)
        self.key = ("attribute", id(obj), name)
        self._reader = _attribute_reader(obj, name)
        self._anchor = anchor_for(obj, on_gone)
        if isinstance(self._anchor, WeakAnchor) and self._reader.__name__ == "read_dict":
            self.read = _weak_dict_reader(self._anchor._ref, name)  # the common case, in one call

    def read(self):
        obj = self._anchor.get()
        if obj is None:
            return GONE
        return self._reader(obj)

    def describe(self):
        return self.label

    def release(self):
        self._anchor.release()


def _weak_dict_reader(ref, name, attribute=object.__getattribute__, get=dict.get):
    """AttributeTarget.read for an attribute in the ``__dict__`` of an object held weakly."""
    def read():
        obj = ref()
        if obj is None:
            return GONE
        try:
            d = attribute(obj, "__dict__")
        except Exception:
            return MISSING
        return get(d, name, MISSING) if isinstance(d, dict) else MISSING
    return read


def _attribute_reader(obj, name):
    """A function reading attribute ``name`` of ``obj`` through C accessors only. Raises EngineError for an
    attribute whose value is computed (a property or another descriptor written in Python)."""
    if isinstance(obj, type):  # a class attribute: the class's own namespace (a mappingproxy, read in C)
        namespace = type.__dict__["__dict__"]

        def read_class(o):
            return namespace.__get__(o).get(name, MISSING)
        return read_class
    descriptor = None
    for klass in _mro(type(obj)):
        if name in klass.__dict__:
            descriptor = klass.__dict__[name]
            break
    if isinstance(descriptor, types.MemberDescriptorType):  # a __slots__ slot
        def read_slot(o):
            try:
                return descriptor.__get__(o, type(o))
            except AttributeError:
                return MISSING
        return read_slot
    if descriptor is not None and hasattr(type(descriptor), "__set__"):
        raise EngineError("bugscope: %s.%s is computed by a %s, not stored: watch the attribute it reads instead"
                          % (_type_name(obj), name, type(descriptor).__name__))
    if _instance_dict(obj) is None:
        raise EngineError("bugscope: %s objects keep no attributes of their own: %s cannot change"
                          % (_type_name(obj), name))

    def read_dict(o):
        d = _instance_dict(o)
        return MISSING if d is None else dict.get(d, name, MISSING)
    return read_dict


class ItemTarget(Target):
    kind = "item"

    def __init__(self, container, key, on_gone, label=None):
        t = type(container)
        if issubclass(t, dict):
            if not _plain_key(key):
                raise EngineError("bugscope: items can be watched by keys of type str, bytes, int, float, bool, None "
                                  "or tuples of those, not %s (its hash or == could run the program's code)"
                                  % _type_name(key))
            self._read = lambda c: dict.get(c, key, MISSING)
        elif issubclass(t, list):
            if type(key) is not int or key < 0:
                raise EngineError("bugscope: list items are watched by a non-negative index")
            self._read = lambda c: list.__getitem__(c, key) if key < list.__len__(c) else MISSING
        else:
            raise EngineError("bugscope: items of dicts and lists can be watched, not of %s" % _type_name(container))
        self.item_key = key
        self.label = label or "%s[%r]" % (_type_name(container), key)
        self.key = ("item", id(container), type(key).__name__, repr(key))
        self._anchor = anchor_for(container, on_gone)

    def read(self):
        container = self._anchor.get()
        if container is None:
            return GONE
        return self._read(container)

    def describe(self):
        return self.label

    def release(self):
        self._anchor.release()


def _plain_key(key, depth=0):
    t = type(key)
    if t in _PLAIN_KEYS:
        return True
    return t is tuple and depth < 4 and len(key) <= 16 and all(_plain_key(k, depth + 1) for k in key)


def _mro(t):
    try:
        return type.__dict__["__mro__"].__get__(t)  # not t.__mro__: a metaclass could override it
    except Exception:
        return (t,)


def _instance_dict(obj):
    try:
        d = object.__getattribute__(obj, "__dict__")
    except Exception:
        return None
    return d if isinstance(d, dict) else None


def _type_name(value):
    return getattr(type(value), "__qualname__", type(value).__name__)


# -- from what the client names to a target (on the stopped thread) -------------------------------------------
def target_for_slot(slot, name, label, on_gone):
    """A target for a child listed under a variables reference. ``slot`` is how setVariable would write it
    (expansion.Child.slot, or ("local"|"global", frame, name) for scopes)."""
    if slot is None:
        raise EngineError("bugscope: %s cannot change (a tuple item, a set member, a computed value): there is "
                          "nothing to watch" % name)
    kind, where, key = slot
    if kind == "local":
        if where.f_locals is where.f_globals:  # module level: its "locals" are the module's globals
            return GlobalTarget(where.f_globals, key, label)
        return LocalTarget(where, key, label)
    if kind == "global":
        return GlobalTarget(where.f_globals, key, label)
    if kind == "attr":
        return AttributeTarget(where, key, on_gone, label)
    return ItemTarget(where, key, on_gone, label)


def target_for_expression(frame, expression, evaluate, on_gone):
    """A target for an expression typed by the user (a watch): a name, ``a.b`` or ``a[k]`` with a literal
    ``k``. ``evaluate(text)`` evaluates the part left of the last ``.`` or ``[`` in ``frame`` (watch rules)."""
    import ast
    text = expression.strip()
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError as e:
        raise EngineError("bugscope: %r is not an expression: %s" % (expression, e.msg))
    if isinstance(node, ast.Name):
        name = node.id
        code = frame.f_code
        if frame.f_locals is frame.f_globals:
            return GlobalTarget(frame.f_globals, name, text)
        if name in code.co_varnames or name in code.co_cellvars or name in code.co_freevars:
            return LocalTarget(frame, name, text)
        if name in frame.f_globals:
            return GlobalTarget(frame.f_globals, name, text)
        raise EngineError("bugscope: %s is neither a local of %s nor a global of its module" % (name, code.co_name))
    if isinstance(node, ast.Attribute):
        return AttributeTarget(evaluate(_source(text, node.value)), node.attr, on_gone, text)
    if isinstance(node, ast.Subscript):
        index = node.slice
        if type(index).__name__ == "Index":  # 3.8: the key is wrapped
            index = index.value
        try:
            key = ast.literal_eval(index)
        except ValueError:
            raise EngineError("bugscope: the key of %s must be a literal (a string or a number)" % text)
        return ItemTarget(evaluate(_source(text, node.value)), key, on_gone, text)
    raise EngineError("bugscope: %s cannot be watched: give a name, an attribute (a.b) or an item (a[k])" % text)


def _source(text, node):
    """The source text of ``node`` within ``text`` (ast.get_source_segment: 3.8+)."""
    import ast
    return ast.get_source_segment(text, node) or text
