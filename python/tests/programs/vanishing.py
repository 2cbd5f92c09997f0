"""A function whose frame is gone by the time the client asks about it again."""


def inner():
    local = [1, 2, 3]
    return len(local)  # @inner


result = inner()
print("result", result)  # @outer
