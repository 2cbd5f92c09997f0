"""Four threads each reach one breakpoint HITS times (argv[1]) at scattered moments; the client continues every
stop at once. The program prints how many hits it made."""
import random
import sys
import threading
import time

HITS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def worker(index):
    rng = random.Random()
    for _ in range(HITS):
        time.sleep(rng.random() * 0.003)
        hit = index  # @hit
    return hit


threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
