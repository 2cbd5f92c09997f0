"""Values that change in loops, for data breakpoints (tests/test_data_breakpoints.py). Argument: which part runs."""
import sys

hits = 0


class Counter(object):
    def __init__(self):
        self.count = 0
        self.other = 0

    def bump(self):
        self.count += 1  # @bump


def local_loop():
    marker = 0  # @local-start
    total = 0
    for i in range(10):
        if i % 3 == 0:
            total += i  # 0 (no change: still 0), then 3, 9, 18
        other = i  # @after-total
    return total + other + marker


def attribute_loop():
    c = Counter()
    marker = 0  # @attribute-start
    for i in range(6):
        if i % 2:
            c.bump()  # @call-bump
        c.other = i
    return c, marker


def item_loop():
    d = {"k": 0, "j": 0}
    marker = 0  # @item-start
    for i in range(6):  # @item-for
        d["j"] = i
        if i % 2 == 0:
            d["k"] = i * 10  # 0 (no change), then 20, 40
    return d, marker


def global_loop():
    global hits
    marker = 0  # @global-start
    for i in range(4):
        if i >= 2:
            hits += 1  # 1, 2
        marker = i  # @after-hits
    return marker


def closure_loop():
    count = 0  # @closure-start

    def bump():
        nonlocal count
        count += 1

    for i in range(3):
        bump()  # @call-closure
    return count


def threaded():
    import threading
    shared = {"k": 0}

    def worker():
        for n in range(1, 4):
            shared["k"] = n
            shared["other"] = n  # @after-worker-write

    marker = 0  # @threaded-start
    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    return shared, marker


def library_writes():
    d = {"k": 0}
    marker = 0  # @library-start
    d.update(k=1)
    marker = 1  # @after-update
    d.pop("k")
    marker = 2  # @after-pop
    return d, marker


def freed():
    # Held by a dict, not by locals: on 3.8-3.12 the debugger's view of a frame's locals (f_locals) keeps what
    # it showed alive until the frame is looked at again or ends.
    objects = {"obj": Counter(), "table": {"k": 1}}
    marker = 0  # @freed-start
    del objects["obj"]
    marker = 1
    del objects["table"]
    marker = 2
    return marker


if __name__ == "__main__":
    part = sys.argv[1] if len(sys.argv) > 1 else "local"
    result = {"local": local_loop, "attribute": attribute_loop, "item": item_loop, "global": global_loop,
              "closure": closure_loop, "threaded": threaded,
              "library": library_writes, "freed": freed}[part]()
    print("done", part)
