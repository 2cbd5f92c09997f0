"""Several calls on one line, for stepInTargets."""


def double(x):
    return x * 2  # @double


def shout(text):
    return text.upper() + "!"  # @shout


result = shout(str(double(21)))  # @line
print(result)  # @print
