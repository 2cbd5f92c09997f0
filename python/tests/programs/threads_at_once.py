"""Four threads reach one breakpoint line at the same moment, ROUNDS times (argv[1], default 1)."""
import sys
import threading

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
barrier = threading.Barrier(4)


def worker(n):
    hit = None
    for r in range(ROUNDS):
        barrier.wait()
        hit = (n, r)  # @hit
    return hit


threads = [threading.Thread(target=worker, args=(n,), name="worker-%d" % n) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done", ROUNDS)
