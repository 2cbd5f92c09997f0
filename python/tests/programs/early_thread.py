"""A thread starts, and runs a loop, before the program starts its tracer with bugscope.listen()."""
import threading
import time


def tick(n):
    return n + 1  # @tick


def loop():
    n = 0
    while True:
        n = tick(n)
        time.sleep(0.002)


threading.Thread(target=loop, name="early", daemon=True).start()
import bugscope  # noqa: E402  (after the thread started, on purpose)

bugscope.listen(("127.0.0.1", 0))
bugscope.wait_for_client()
time.sleep(60)
