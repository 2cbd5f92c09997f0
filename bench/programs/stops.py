"""Stops, steps and variable fetches driven by the benchmark (no timing inside)."""


def hit(i):
    value = i * 2  # @hit: the continue -> stopped target
    return value


def stepper(n):
    x = n  # @step: 30 `next`s start here
    x += 1
    x += 2
    x += 3
    x += 4
    x += 5
    x += 6
    x += 7
    x += 8
    x += 9
    x += 10
    x += 11
    x += 12
    x += 13
    x += 14
    x += 15
    x += 16
    x += 17
    x += 18
    x += 19
    x += 20
    x += 21
    x += 22
    x += 23
    x += 24
    x += 25
    x += 26
    x += 27
    x += 28
    x += 29
    x += 30
    x += 31
    return x


def main():
    big_list = list(range(10000))
    big_dict = {"key%d" % i: i for i in range(1000)}
    label = "stops"  # @expand: big_list and big_dict are expanded here
    for i in range(101):
        hit(i)
    stepper(len(big_list) + len(big_dict) + len(label))


main()
