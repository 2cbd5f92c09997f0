"""Values whose repr ends the process (argv[1]: exit or kill), for the tests of a debuggee that dies mid-request."""
import os
import signal
import sys


class Dying(object):
    def __repr__(self):
        if sys.argv[1] == "exit":
            os._exit(9)
        os.kill(os.getpid(), signal.SIGKILL)


def main():
    harmless = 1
    dying = Dying()
    return harmless  # @stop


main()
