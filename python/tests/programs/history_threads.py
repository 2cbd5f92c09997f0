"""Step back per thread: a worker thread and the main thread run the same function; each has its own recording."""
import threading


def work(tag, n):
    total = 0
    for i in range(n):
        total += i  # @thread-add
    return total  # @thread-return


worker = threading.Thread(target=work, args=("worker", 50), name="worker")
worker.start()
worker.join()
result = work("main", 3)  # @main-call
print(result)
