import threading

ready = threading.Event()
release = threading.Event()


def worker():
    ready.set()
    release.wait(30)


t = threading.Thread(target=worker, name="worker-1")
t.start()
ready.wait(5)
release.set()  # @main-stop
t.join()
print("joined")
