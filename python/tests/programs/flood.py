"""Prints about 40 MB as fast as it can, then says so on stderr: a client that never reads must not stop it."""
import sys

chunk = "x" * 999999 + "\n"
for _ in range(40):
    sys.stdout.write(chunk)
sys.stdout.flush()
sys.stderr.write("flood done\n")
