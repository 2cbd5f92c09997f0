"""Four threads reach one breakpoint at the same moment.

usage: python threads4.py STAMP_FILE  (the release time, time.time(), is written there)
"""
import sys
import threading
import time


def release():
    with open(sys.argv[1], "w") as f:
        f.write(repr(time.time()))


def worker(barrier, results, index):
    barrier.wait()
    value = index * 2  # @meet: all four threads hit this breakpoint at once
    results[index] = value


def main():
    barrier = threading.Barrier(4, action=release)
    results = [None] * 4
    threads = [threading.Thread(target=worker, args=(barrier, results, i)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


main()
