import sys
import time


def spin():
    count = 0
    print("spinning", flush=True)
    while True:
        count += 1  # @loop-body


spin()
