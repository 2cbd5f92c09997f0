"""One call of work() from each kind of thread named in argv[1:]: a daemon threading.Thread, a thread started
with _thread.start_new_thread, and a thread created in C (pthread_create through ctypes)."""
import _thread
import sys
import threading


def work(kind):
    return kind  # @work


def daemon():
    t = threading.Thread(target=work, args=("daemon",), daemon=True)
    t.start()
    t.join()


def raw():
    done = threading.Event()

    def body():
        work("_thread")
        done.set()

    _thread.start_new_thread(body, ())
    done.wait(60)


def c_thread():
    import ctypes
    libc = ctypes.CDLL(None)
    callback_type = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)
    callback = callback_type(lambda arg: work("C") and None)
    tid = ctypes.c_ulong()
    if libc.pthread_create(ctypes.byref(tid), None, callback, None) != 0:
        raise OSError("pthread_create failed")
    libc.pthread_join(tid, None)  # ctypes lets go of the GIL while it waits


for kind in sys.argv[1:]:
    {"daemon": daemon, "_thread": raw, "C": c_thread}[kind]()
print("done")
