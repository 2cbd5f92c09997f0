"""Step back: a loop that calls a function, so that stepping back crosses a return and earlier iterations."""
import textwrap


class Box(object):
    def __init__(self):
        self.items = []


def square(n):
    result = n * n  # @square-body
    return result  # @square-return


def main():
    total = 0
    box = Box()
    names = []
    for i in range(4):  # @loop-head
        sq = square(i)  # @call-square
        total += sq  # @add
        names.append(textwrap.dedent("  n%d" % i).strip())  # @append
        box.items.append(i)  # @box-append
    del sq
    done = total  # @after-loop
    return done  # @return-done


main()  # @module-call
