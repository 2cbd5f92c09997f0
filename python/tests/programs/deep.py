"""Recurses until RecursionError (the recursion limit is set low), catches it and ends normally."""
import sys

sys.setrecursionlimit(120)
deepest = 0


def dive(n):
    global deepest
    deepest = n  # @dive
    return dive(n + 1)


try:
    dive(1)
except RecursionError:
    print("caught RecursionError")
print("done")
