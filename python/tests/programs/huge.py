"""Very large values and reprs that misbehave, for the paging and time-limit tests (the tests stop at the end of main)."""
import resource
import sys

SMALL = sys.argv[1:] == ["small"]  # only the misbehaving reprs: the time-limit tests need no gigabytes
N = 1000 if SMALL else 10 * 1000 * 1000
SIZE = 1000 if SMALL else 1 << 30


class HangingRepr(object):
    def __repr__(self):
        while True:
            pass


class RaisingRepr(object):
    def __repr__(self):
        raise ValueError("boom")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    big_list = list(range(N))
    big_dict = dict.fromkeys(range(N), 1)
    big_str = "x" * SIZE
    big_bytes = b"\x01" * SIZE
    big_int = 7 ** 100000
    hanging = HangingRepr()
    raising = RaisingRepr()
    many_hanging = [HangingRepr() for _ in range(20)]
    tail = "y" * 300000 + "END"
    return len(big_list)  # @stop


main()
