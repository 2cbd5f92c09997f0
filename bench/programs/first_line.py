import os, time; open(os.environ["BENCH_STAMP"], "w").write(repr(time.time()))  # @first: spawn -> this line
x = 1
