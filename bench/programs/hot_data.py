"""The hot loop with values that change once per run, for data breakpoints on them (bench/suites_data.py).

usage: python hot_data.py KIND N REPEATS BUDGET RESULT_JSON
KIND "loop": arithmetic only; "calls": a call of a small function of the program per pass as well.
One call of measure() times every repeat, so that a data breakpoint set on one of its locals (or on an attribute
of ``box``) at the marked line watches every repeat. Writes {"times": [seconds per repeat]} to RESULT_JSON.
"""
import json
import sys
import time


class Box(object):
    def __init__(self):
        self.rare = 0


def mix(total, i):
    return total + (i & 7)


def measure(kind, n, repeats, budget):
    times = []
    box = Box()
    rare = 0  # @watch: a breakpoint here lets the client set a data breakpoint on rare or box.rare
    last = n - 1
    calls = kind == "calls"
    while len(times) < repeats and sum(times) < budget:
        start = time.thread_time()  # CPU time of this thread (see hot.py)
        total = 0
        for i in range(n):
            if calls:
                total = mix(total, i)
            else:
                total += i & 7
            if i == last:  # once per repeat: a data breakpoint checks as the program runs, and sees one change
                rare += 1
                box.rare += 1
        times.append(time.thread_time() - start)
    return times


def main(argv):
    kind, n, repeats, budget, out = argv[0], int(argv[1]), int(argv[2]), float(argv[3]), argv[4]
    times = measure(kind, n, repeats, budget)
    with open(out, "w") as f:
        json.dump({"times": times}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
