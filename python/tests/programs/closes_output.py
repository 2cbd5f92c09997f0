"""Takes its output streams away (argv[1]: close, none or replace), then stops at the marked line and ends."""
import io
import sys


class Broken(object):
    def write(self, text):
        raise OSError("this stream is broken")

    def flush(self):
        raise OSError("this stream is broken")


print("before")
mode = sys.argv[1]
if mode == "close":
    sys.stdout.close()
    sys.stderr.close()
elif mode == "none":
    sys.stdout = sys.stderr = None  # what pythonw has
else:
    kept = sys.stdout = io.StringIO()
    sys.stderr = Broken()
    print("into the StringIO")
done = True  # @stop
