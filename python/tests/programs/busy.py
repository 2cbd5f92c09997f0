import sys


def busy():
    x = 0  # @busy-first
    while True:
        x += 1
        if x == 1000:  # the test pauses only once the loop is well under way
            sys.stdout.write("busy\n")
            sys.stdout.flush()


busy()
