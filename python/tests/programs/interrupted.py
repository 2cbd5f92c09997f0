"""Catches KeyboardInterrupt, so the tests see whether one reached the program."""


def work():
    total = 0
    for i in range(3):
        total += i  # @stop
    return total


try:
    print("result", work())
except KeyboardInterrupt:
    print("interrupted")
