"""Values that fight inspection, for the adversarial tests (they stop at the marked lines of main)."""
import sys


class RaisingRepr(object):
    def __repr__(self):
        raise ValueError("boom")


class RecursiveRepr(object):
    def __repr__(self):
        return repr(self)  # RecursionError


class HangingRepr(object):
    def __repr__(self):
        while True:
            pass


class NonStringRepr(object):
    def __repr__(self):
        return 42


class ExitingRepr(object):
    def __repr__(self):
        raise SystemExit("exit from a repr")


class InterruptingRepr(object):
    def __repr__(self):
        raise KeyboardInterrupt


class ExitingProperty(object):
    @property
    def leave(self):
        raise SystemExit(3)


class RaisingGetattr(object):
    def __init__(self):
        self.inside = 1

    def __getattr__(self, name):
        raise RuntimeError("no attribute %s" % name)


class Untouchable(object):
    """Every attribute read raises, __dict__ and __class__ included."""

    def __init__(self):
        object.__setattr__(self, "hidden", 2)

    def __getattribute__(self, name):
        raise RuntimeError("no attribute may be read: %s" % name)


class LyingList(list):
    def __len__(self):
        return 10 ** 6


class NegativeLen(object):
    def __init__(self):
        self.data = [1, 2]

    def __len__(self):
        return -1


class HugeLen(dict):
    def __len__(self):
        return 10 ** 30  # len() itself raises OverflowError


class ClassRaises(object):
    def __init__(self):
        self.field = "kept"

    @property
    def __class__(self):
        raise RuntimeError("no class for you")


class ClassHangs(object):
    def __init__(self):
        self.field = "kept"

    @property
    def __class__(self):
        while True:
            pass


def counting():
    for i in range(3):
        yield i


def main():
    raising = RaisingRepr()
    recursive = RecursiveRepr()
    hanging = HangingRepr()
    non_string = NonStringRepr()
    exiting = ExitingRepr()
    interrupting = InterruptingRepr()
    exiting_property = ExitingProperty()
    getattr_raises = RaisingGetattr()
    untouchable = Untouchable()
    lying = LyingList([1, 2, 3])
    negative_len = NegativeLen()
    huge_len = HugeLen(a=1)
    class_raises = ClassRaises()
    class_hangs = ClassHangs()
    selfish_list = [1]
    selfish_list.append(selfish_list)
    selfish_dict = {"a": 1}
    selfish_dict["me"] = selfish_dict
    generator = counting()
    first = next(generator)
    print("stopping", first)  # @stop
    print("after", next(generator), file=sys.stdout)  # @after


main()
