"""Exceptions raised, caught, chained, leaving the program's code and ending it: argv[1] picks which."""
import sys
import threading
from concurrent.futures import ThreadPoolExecutor


class AppError(ValueError):
    pass


def fail(kind):
    raise kind("bad " + kind.__name__)  # @raise


def caught():
    for kind in (KeyError, AppError, StopIteration):
        try:
            fail(kind)  # @call
        except Exception:
            pass
    return "caught all"


def in_pool():
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(fail, LookupError)  # the pool's worker catches what leaves fail()
        return "pool got " + type(future.exception()).__name__


def chained():
    key = "missing"
    try:
        {}[key]
    except KeyError as e:
        raise RuntimeError("lookup of %s failed" % key) from e  # @chained


def worker():
    depth = 1
    fail(OSError)  # @worker


def grouped():
    raise ExceptionGroup("two failures", [ValueError("first"), TypeError("second")])  # @group


mode = sys.argv[1]
if mode == "caught":
    print(caught())
elif mode == "pool":
    print(in_pool())
elif mode == "uncaught":
    chained()  # @call-chained
elif mode == "thread":
    t = threading.Thread(target=worker, name="worker")
    t.start()
    t.join()
    print("main goes on")
elif mode == "group":
    grouped()
