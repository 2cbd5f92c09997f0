"""Functions and methods for function breakpoints; argv[1] == "late" also imports a module late."""
import sys


class Shape:
    def area(self):
        width = 3  # @area
        return width * 2

    @staticmethod
    def unit():
        return 1  # @unit


def compute(n):
    total = n + 1  # @compute
    return total


print("start")  # @start
for n in range(3):
    compute(n)
print(Shape().area(), Shape.unit())
if len(sys.argv) > 1 and sys.argv[1] == "late":
    import late_module
    print(late_module.later(5))  # @later-call
