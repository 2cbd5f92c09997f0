"""The pty host (bugscope/pty_host.py) under every interpreter: the workbench runs it with the debugged program's
own Python, which may be any of 3.8-3.13. A program on it sees a TTY of the given size, reads typed lines, follows
a resize, ends with its own status, and leaves nothing behind when the host is told to stop."""
import os
import re
import select
import signal
import subprocess
import sys
import time
import unittest

HOST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bugscope", "pty_host.py")


def alive(pid):
    """Running and not a zombie (an orphan waits for init to reap it)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False


@unittest.skipIf(os.name != "posix", "pseudo-terminals are POSIX only")
class PtyHostTest(unittest.TestCase):
    def start(self, code, columns=80, rows=24):
        control_read, control_write = os.pipe()
        host = subprocess.Popen(
            [sys.executable, "-I", "-S", HOST, str(columns), str(rows), "--", sys.executable, "-c", code],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=(control_read,), preexec_fn=lambda: os.dup2(control_read, 3),
        )
        os.close(control_read)
        self.addCleanup(self.stop, host, control_write)
        self.output = b""
        return host, control_write

    def stop(self, host, control_write):
        if host.poll() is None:
            host.kill()
            host.wait()
        for stream in (host.stdin, host.stdout, host.stderr):
            stream.close()
        try:
            os.close(control_write)
        except OSError:
            pass

    def read_until(self, host, text, timeout=10.0):
        return self.read_match(host, re.escape(text), timeout).string

    def read_match(self, host, pattern, timeout=10.0):
        """Reads the terminal until `pattern` matches its text; returns the match."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.output.decode(errors="replace"))
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("no %r in the terminal's output: %r" % (pattern, self.output))
            ready, _, _ = select.select([host.stdout], [], [], left)
            if ready:
                chunk = os.read(host.stdout.fileno(), 65536)
                if not chunk:
                    self.fail("the terminal closed before %r: %r" % (text, self.output))
                self.output += chunk

    def type(self, host, keys):
        host.stdin.write(keys.encode())
        host.stdin.flush()

    def test_the_program_sees_a_tty_of_the_size_and_reads_typed_lines(self):
        host, _ = self.start(
            "import sys, shutil\n"
            "print('tty', sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty(), tuple(shutil.get_terminal_size()))\n"
            "print('got', input('name? ').upper())\n",
            columns=101, rows=33)
        self.read_until(host, "name? ")
        self.assertIn("tty True True True (101, 33)", self.output.decode())
        self.type(host, "ada\r")
        self.read_until(host, "got ADA")
        self.assertEqual(host.wait(10), 0)

    def test_a_resize_on_the_control_pipe_reaches_the_program(self):
        host, control = self.start(
            "import signal, shutil, sys\n"
            "signal.signal(signal.SIGWINCH, lambda *a: (print('size', tuple(shutil.get_terminal_size()), flush=True), sys.exit(0)))\n"
            "print('ready', flush=True)\n"
            "signal.pause()\n")
        self.read_until(host, "ready")
        os.write(control, b"resize 0 0\nresize 140 45\n")  # an impossible size is ignored
        self.read_until(host, "size (140, 45)")
        self.assertEqual(host.wait(10), 0)

    def test_ctrl_c_interrupts_the_program_through_its_terminal(self):
        host, _ = self.start(
            "import time\n"
            "try:\n"
            "    print('waiting', flush=True); time.sleep(30)\n"
            "except KeyboardInterrupt:\n"
            "    print('interrupted', flush=True)\n")
        self.read_until(host, "waiting")
        self.type(host, "\x03")
        self.read_until(host, "interrupted")
        self.assertEqual(host.wait(10), 0)

    def test_the_exit_status_is_the_programs_and_a_signal_is_128_plus_its_number(self):
        host, _ = self.start("raise SystemExit(9)")
        self.assertEqual(host.wait(10), 9)
        host, _ = self.start("import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
        self.assertEqual(host.wait(10), 128 + signal.SIGKILL)

    def test_sigterm_to_the_host_ends_the_program_and_its_background_jobs_even_when_they_ignore_it(self):
        host, _ = self.start(
            "import os, signal, subprocess, sys, time\n"
            "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            "job = subprocess.Popen([sys.executable, '-c', 'import os, signal, time; os.setpgid(0, 0); "
            "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'])\n"
            "print('pids', os.getpid(), job.pid, flush=True)\n"
            "time.sleep(60)\n")
        program_pid, job_pid = (int(n) for n in self.read_match(host, r"pids (\d+) (\d+)\r\n").groups())
        host.send_signal(signal.SIGTERM)
        self.assertEqual(host.wait(10), 128 + signal.SIGKILL)  # it ignored SIGTERM: killed after the grace
        deadline = time.monotonic() + 5
        while (alive(program_pid) or alive(job_pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(alive(program_pid))
        if os.path.isdir("/proc"):  # background jobs are found through /proc
            self.assertFalse(alive(job_pid))

    def test_a_command_that_cannot_run_is_said_on_the_terminal_with_status_127(self):
        host = subprocess.Popen([sys.executable, "-I", "-S", HOST, "80", "24", "--", "/no/such/program"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, _ = host.communicate(timeout=10)
        self.assertEqual(host.returncode, 127)
        self.assertIn(b"Could not run /no/such/program", out)

    def test_bad_usage_is_refused(self):
        host = subprocess.Popen([sys.executable, "-I", "-S", HOST, "80"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, err = host.communicate(timeout=10)
        self.assertEqual(host.returncode, 2)
        self.assertIn(b"usage:", err)


if __name__ == "__main__":
    unittest.main()
