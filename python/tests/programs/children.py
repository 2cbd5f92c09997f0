"""Starts a child process in the way argv[1] names; each child runs work() (or child_script.py)."""
import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor


def work(n):
    doubled = n * 2  # @worker
    return doubled


def main(mode):
    if mode == "run":
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child_script.py")
        # preexec_fn makes subprocess fork through the at-fork hooks: that fork is not a process to debug
        done = subprocess.run([sys.executable, script, "7"], preexec_fn=lambda: None)
        print("child status", done.returncode)
    elif mode in ("spawn", "fork", "forkserver"):
        process = multiprocessing.get_context(mode).Process(target=work, args=(7,))
        process.start()
        process.join()  # @joined
        print("exitcode", process.exitcode)
    elif mode == "pool":
        with multiprocessing.Pool(1) as pool:
            print("results", pool.map(work, [5]))
    elif mode == "executor":
        with ProcessPoolExecutor(max_workers=1) as executor:
            print("result", executor.submit(work, 4).result())
    elif mode == "os.fork":
        pid = os.fork()
        if pid == 0:
            work(3)
            os._exit(0)
        print("child status", os.waitpid(pid, 0)[1])


if __name__ == "__main__":
    main(sys.argv[1])
