"""The debuggee of bench/soak.py: a breakpoint line reached over and over, with values worth expanding."""
import sys


class Record(object):
    def __init__(self, i):
        self.index = i
        self.tags = ["t%d" % (i % 7), "u"]


def visit(i, record, table):
    label = "visit %d" % i
    return len(label) + record.index + len(table)  # @soak: the breakpoint


def main(count):
    table = {"k%d" % k: k for k in range(50)}
    total = 0
    for i in range(count):
        total += visit(i, Record(i), table)
    print("soak target done", total)


main(int(sys.argv[1]))
