"""A pseudo-terminal for a program the workbench runs (POSIX): the debuggee of a launch, or the shell terminal.

Node has no pseudo-terminals of its own (node-pty is a native module), so the workbench runs this script with pipes
and it relays between them and a pty:

    python -I -S pty_host.py COLUMNS ROWS -- COMMAND ARG...

- fd 0 (pipe in): keystrokes, written to the terminal as they come (Ctrl+C is byte 3: the terminal's line
  discipline turns it into SIGINT for the program's foreground process group, as in any terminal).
- fd 1 (pipe out): what the program writes to its terminal (stdout and stderr, in the order written, as in any
  terminal), and the terminal's echo of what is typed. stderr is not given a terminal of its own: CPython writes
  input()'s prompt to stderr when readline is not loaded, and the two would lose their order.
- fd 2: this script's own errors.
- fd 3 (pipe in, optional): control lines, "resize COLUMNS ROWS".
- The exit status is the program's (128 + N for signal N, as a shell reports it).

The program gets its own session with the pty as controlling terminal. SIGTERM or SIGHUP to this process is
passed to every process of that session, and what outlives it by a second is killed. When the program ends,
what it left running in its session is hung up on (SIGHUP), as when a terminal window closes.

Standard library only; the script imports nothing from bugscope, so it runs under -I -S from any directory.
"""
import errno
import fcntl
import os
import select
import _signal as signal  # the C module itself: signal.py's enums would cost ~10 ms at every program start
import struct
import sys
import termios
import time

CONTROL_FD = 3
KILL_GRACE_SECONDS = 1.0
DRAIN_SECONDS = 0.2


def set_size(fd, columns, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def parse_size(columns, rows):
    columns, rows = int(columns), int(rows)
    if not (1 <= columns <= 10000 and 1 <= rows <= 10000):
        raise ValueError("terminal size out of range: %dx%d" % (columns, rows))
    return columns, rows


def start(command, columns, rows):
    """Forks the program onto a new pty; returns (pid, terminal master)."""
    master, slave = os.openpty()
    set_size(master, columns, rows)
    pid = os.fork()
    if pid == 0:  # the program
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            os.dup2(slave, 0)
            os.dup2(slave, 1)
            os.dup2(slave, 2)
            close_inherited()
            for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE"):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
            os.execvp(command[0], command)
        except OSError as e:
            os.write(2, ("Could not run %s: %s\r\n" % (command[0], e.strerror)).encode())
            os._exit(127)
        except BaseException:
            os._exit(127)
    os.close(slave)
    return pid, master


def close_inherited():
    """Closes every descriptor above 2 in the program (the pipes to the workbench, the masters)."""
    try:
        fds = [int(name) for name in os.listdir("/dev/fd")]
    except OSError:
        fds = range(3, 256)
    for fd in fds:
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass


def session_processes(sid):
    """Pids of the processes still in session `sid`: Linux's /proc; elsewhere none are listed (the group is)."""
    pids = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return pids
    for name in names:
        if name.isdigit():
            try:
                if os.getsid(int(name)) == sid:
                    pids.append(int(name))
            except OSError:
                pass  # gone, or not ours to ask about
    return pids


def signal_session(pid, signum):
    """Sends `signum` to the program's process group and to every process of its session (a shell's background
    jobs have groups of their own), as a terminal that closes hangs up on all of them."""
    try:
        os.killpg(pid, signum)
    except OSError:
        pass
    for member in session_processes(pid):
        try:
            os.kill(member, signum)
        except OSError:
            pass


def write_all(fd, data):
    while data:
        try:
            written = os.write(fd, data)
        except InterruptedError:
            continue
        data = data[written:]


def exit_status(status):
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def relay(pid, master, control_fd):
    """Moves bytes until the program has exited and its terminal is drained; returns its exit status."""
    # select.select, not selectors: one import less at every start (selectors brings enum and collections), and
    # a stdin that is a file or /dev/null (run by hand) is simply read to its end instead of refused by epoll.
    roles = {0: "keys", master: "terminal"}
    if control_fd is not None:
        roles[control_fd] = "control"
    control = b""
    status = None
    drain_until = None
    kill_at = [None]

    def forward(signum, _frame):
        signal_session(pid, signum)
        if kill_at[0] is None:
            kill_at[0] = time.monotonic() + KILL_GRACE_SECONDS

    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), forward)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the program through its terminal

    while True:
        if status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = exit_status(raw)
                # Output still in the terminal is read; a grandchild holding it open is not waited for.
                drain_until = time.monotonic() + DRAIN_SECONDS
        if status is not None and (master not in roles or time.monotonic() >= drain_until):
            # What the program left running in its session is hung up on (a nohup'ed job stays).
            signal_session(pid, signal.SIGKILL if kill_at[0] is not None else signal.SIGHUP)
            return status
        if kill_at[0] is not None and status is None and time.monotonic() >= kill_at[0]:
            signal_session(pid, signal.SIGKILL)
        try:
            # Quick turns once the program or its terminal has ended (its exit follows at once, as a rule).
            ready, _, _ = select.select(list(roles), [], [], 0.02 if status is not None or master not in roles else 0.25)
        except InterruptedError:
            continue
        for fd in ready:
            role = roles[fd]
            try:
                data = os.read(fd, 65536)
            except OSError as e:
                # EIO on the terminal: every program holding it has closed it (Linux's end of file for a pty).
                if role == "terminal" and e.errno not in (errno.EIO, errno.EBADF):
                    raise
                data = b""
            if not data:  # the workbench closed a pipe (no more keys), or the terminal has ended
                del roles[fd]
            elif role == "terminal":
                try:
                    write_all(1, data)
                except BrokenPipeError:
                    signal_session(pid, signal.SIGHUP)  # nobody reads the terminal any more
            elif role == "keys":
                try:
                    write_all(master, data)
                except OSError:
                    pass  # the terminal is gone: the program has ended
            else:
                control += data
                while b"\n" in control:
                    line, control = control.split(b"\n", 1)
                    words = line.split()
                    if len(words) == 3 and words[0] == b"resize":
                        try:
                            set_size(master, *parse_size(words[1], words[2]))
                        except (ValueError, OSError):
                            pass


def main(argv):
    try:
        split = argv.index("--")
    except ValueError:
        split = len(argv)
    options, command = argv[:split], argv[split + 1:]
    if len(options) < 2 or not command:
        sys.stderr.write("usage: pty_host.py COLUMNS ROWS -- COMMAND ARG...\n")
        return 2
    columns, rows = parse_size(options[0], options[1])
    try:
        os.fstat(CONTROL_FD)  # before the ptys are opened, which could take that number
        control_fd = CONTROL_FD
    except OSError:
        control_fd = None  # run by hand: no control pipe
    pid, master = start(command, columns, rows)
    return relay(pid, master, control_fd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
