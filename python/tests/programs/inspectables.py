"""Values of many kinds, for the inspection tests (the tests stop at the end of main)."""
import collections
import dataclasses
import enum
import functools

try:
    import numpy
except ImportError:
    numpy = None
try:
    import pandas
except ImportError:
    pandas = None

reads = {"total": 0}  # how many times user code ran that inspection must not run on its own
counter = 7


class Account(object):
    def __init__(self):
        self.owner = "ann"
        self._balance = 10

    @property
    def balance(self):
        reads["total"] += 1
        return self._balance

    @balance.setter
    def balance(self, value):
        self._balance = value

    @property
    def broken(self):
        raise RuntimeError("no balance sheet")

    @property
    def stuck(self):
        while True:
            pass

    @functools.cached_property
    def summary(self):
        reads["total"] += 1
        return "ann: %d" % self._balance


class Dynamic(object):
    def __getattr__(self, name):
        reads["total"] += 1
        return 42


class Vector(object):
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        reads["total"] += 1
        return Vector(self.x + other.x)

    def __getitem__(self, index):
        reads["total"] += 1
        return self.x


@dataclasses.dataclass
class Order:
    zeta: int
    alpha: str
    middle: list


Point = collections.namedtuple("Point", "x y")


class Color(enum.Enum):
    RED = 1
    GREEN = "g"


class Slotted(object):
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = [2, 3]


class Key(object):
    def __repr__(self):
        return "Key()"


class BadKey(object):
    def __repr__(self):
        raise ValueError("no repr")


def main():
    account = Account()
    dynamic = Dynamic()
    vec = Vector(2)
    order = Order(3, "a", [1])
    point = Point(1, 2)
    color = Color.GREEN
    slotted = Slotted()
    keyed = {(1, "a"): "tuple", None: "none", Key(): "object", BadKey(): "bad", 3.5: "float", b"k": "bytes",
             frozenset({1}): "frozen"}
    numbers = [1, 2, 3]
    table = {"alpha": 1, "beta": 2}
    words = ("a", "b")
    big_number = 255
    ratio = 0.5
    text = "hello"
    blob = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    array = numpy.arange(12).reshape(4, 3) if numpy is not None else None
    frame = pandas.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}) if pandas is not None else None
    total = 0
    print("before", total)  # @stop
    print("total", total, "numbers", numbers, "table", table, "owner", account.owner, "counter", counter)


main()
