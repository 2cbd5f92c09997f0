import sys


def fail(kind):
    if kind == "raise":
        raise ValueError("boom from the program")
    if kind == "message":
        sys.exit("a message instead of a status")
    sys.exit(int(kind))


fail(sys.argv[1])
