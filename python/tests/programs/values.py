class RaisingRepr(object):
    def __repr__(self):
        raise ValueError("boom")


class HangingRepr(object):
    def __repr__(self):
        while True:
            pass


class Slotted(object):
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = [2, 3]


def inspect_me():
    bad = RaisingRepr()
    slow = HangingRepr()
    big = list(range(1000))
    slotted = Slotted()
    counter = 10
    return bad, slow, big, slotted, counter  # @inspect


inspect_me()
