"""A loop whose later breakpoints wait for an earlier one; a temporary breakpoint stops once."""


def setup():
    ready = True  # @setup
    return ready


for i in range(3):
    value = i * 10  # @loop
    if i == 1:
        setup()  # @call-setup
print("end")
