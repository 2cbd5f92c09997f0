"""Drives ``python -m pdb`` through its prompt over pipes, the way a person at a terminal would.

Each command is written to pdb's stdin; it is done when the ``(Pdb) `` prompt comes back on stdout.
stdout is read with os.read on the raw fd (no Python buffering), so a prompt is seen as soon as pdb writes it.
"""
import os
import re
import select
import subprocess
import time

PROMPT = b"(Pdb) "
_LOCATION = re.compile(rb"> (.+?)\((\d+)\)")
FINISHED = b"The program finished and will be restarted"


class PdbError(Exception):
    pass


class PdbDriver(object):
    def __init__(self, python, program, args, env):
        self.started_at = time.perf_counter()
        # -u: pdb's prompt is written through sys.stdout; unbuffered, it reaches the pipe at once.
        self.process = subprocess.Popen([python, "-u", "-m", "pdb", program] + list(args), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, bufsize=0)
        self._fd = self.process.stdout.fileno()
        self.last_output = b""
        self.finished = False

    def read_prompt(self, timeout=120.0):
        """Output up to the next prompt. Sets ``finished`` when pdb says the program ended."""
        chunks = []
        tail = b""
        deadline = time.monotonic() + timeout
        while not tail.endswith(PROMPT):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._fd], [], [], remaining)[0]:
                raise PdbError("no pdb prompt within %.0f s; last output: %r" % (timeout, b"".join(chunks)[-500:]))
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                raise PdbError("pdb exited; last output: %r" % b"".join(chunks)[-500:])
            chunks.append(chunk)
            tail = (tail + chunk)[-len(PROMPT) - 1:]
        self.last_output = b"".join(chunks)
        if FINISHED in self.last_output:
            self.finished = True
        return self.last_output

    def command(self, text, timeout=120.0):
        self.process.stdin.write(text.encode("utf-8") + b"\n")
        return self.read_prompt(timeout)

    def location(self):
        """(file, line) of the last stop, from pdb's ``> file(line)function()`` line."""
        found = _LOCATION.findall(self.last_output)
        if not found:
            return None
        path, line = found[-1]
        return path.decode("utf-8", "replace"), int(line)

    def quit(self, timeout=10.0):
        try:
            self.process.stdin.write(b"q\n")
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
