import time


def tick(n):
    return n + 1  # @tick


n = 0
while True:
    n = tick(n)
    time.sleep(0.02)
