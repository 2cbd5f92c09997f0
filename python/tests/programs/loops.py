def spin(n):
    total = 0  # @spin-first
    for i in range(n):
        total += i  # @loop-body
    return total


def main():
    a = spin(20000)  # @call-spin
    b = spin(5)  # @second-call
    return a + b


main()
