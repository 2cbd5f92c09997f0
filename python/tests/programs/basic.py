import sys


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


def add(a, b):
    total = a + b  # @add-body
    return total


def main():
    numbers = [1, 2, 3]
    table = {"a": 1, "b": [4, 5]}
    point = Point(1, 2)
    nested = {"points": [Point(3, 4)], "t": (1, "two")}
    text = "x" * 5000
    result = add(2, 3)  # @call-add
    print("result", result)  # @after-add

    # blank lines and comments above a statement: @blank
    done = True  # @done
    return done


main()  # @main-call
print("argv", sys.argv[1:])
