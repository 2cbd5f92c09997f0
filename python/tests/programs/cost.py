def hot(i):
    y = i * 2
    return y + 1


def target():
    value = 42  # @target
    return value


for i in range(2000):
    hot(i)
target()
for i in range(2000):
    hot(i)
