"""Lines to jump over and back to (goto)."""


def count():
    total = 0  # @start
    total += 1  # @one
    total += 10  # @ten
    for i in range(2):
        total += 100  # @loop
    total += 1000  # @thousand
    return total


print("total", count())
