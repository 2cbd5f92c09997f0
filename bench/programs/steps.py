"""Step over a long call and step out of a long loop.

usage: python steps.py N_CALL N_LOOP RESULT_JSON
Plain python writes the CPU time of each long piece of work; under a debugger the driver measures the
debuggee's CPU time across each step.
"""
import json
import sys
import time


def long_call(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def long_loop(n):
    total = 0  # @out: stepOut from here runs the whole loop
    for i in range(n):
        total += i % 7
    return total


def main(n_call, n_loop, out):
    start = time.process_time()  # @over: stop here, then `next` twice (the second steps over long_call)
    result = long_call(n_call)
    middle = time.process_time()
    result += long_loop(n_loop)
    end = time.process_time()
    with open(out, "w") as f:
        json.dump({"call": middle - start, "loop": end - middle, "result": result}, f)


main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
