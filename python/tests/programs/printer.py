import sys

print("hello stdout")
sys.stderr.write("hello stderr\n")
