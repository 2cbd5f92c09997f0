"""Hot loops timed from inside the program (CPU time), so that start-up and connection costs do not count.

usage: python hot.py VARIANT N REPEATS BUDGET RESULT_JSON
Repeats the work up to REPEATS times, but no more once BUDGET seconds have gone (a slow debugger then
runs it once or twice). Writes {"times": [seconds per repeat], "vmhwm_kib": peak RSS} to RESULT_JSON.
"""
import json
import sys
import time


def never_called():
    return 0  # @never: the breakpoint that is armed but never reached


def leaf(x):
    return x + 1


def loop_heavy(n):
    total = 0
    for i in range(n):
        total += i & 7
    return total


def call_heavy(n):
    total = 0
    for _ in range(n):
        total = leaf(total)
    return total


def conditional(n):
    total = 0
    for i in range(n):
        total += i  # @cond: a breakpoint here has the condition "i < 0", false on every pass
    return total


VARIANTS = {"loop": loop_heavy, "call": call_heavy, "cond": conditional}


def run(variant, n, repeats, budget):
    work = VARIANTS[variant]
    times = []
    while len(times) < repeats and sum(times) < budget:
        # CPU time of this thread, not wall time: on a shared machine the process is often descheduled, and
        # that waiting says nothing about the debugger. Other threads' work (a debugger's server) is not
        # counted either, which is fair here: in a hot loop nothing else should be running.
        start = time.thread_time()
        work(n)
        times.append(time.thread_time() - start)
    return times


def peak_rss_kib():
    """VmHWM of this process (Linux), read just before exit."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main(argv):
    variant, n, repeats, budget, out = argv[0], int(argv[1]), int(argv[2]), float(argv[3]), argv[4]
    times = run(variant, n, repeats, budget)
    with open(out, "w") as f:
        json.dump({"times": times, "vmhwm_kib": peak_rss_kib()}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
