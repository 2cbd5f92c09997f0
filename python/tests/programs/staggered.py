"""THREADS threads (argv[1]) each reach a breakpoint HITS times (argv[2]) at scattered moments."""
import random
import sys
import threading
import time

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 4
HITS = int(sys.argv[2]) if len(sys.argv) > 2 else 10


def worker(n):
    rng = random.Random(n)
    for i in range(HITS):
        time.sleep(rng.random() * 0.002)
        hit = (n, i)  # @hit
    return hit


threads = [threading.Thread(target=worker, args=(n,), name="worker-%d" % n) for n in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done", THREADS * HITS)
