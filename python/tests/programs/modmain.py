import sys

print("module-name", __name__)
print("argv", sys.argv[1:])
print("argv0-is-file", sys.argv[0].endswith("modmain.py"))
