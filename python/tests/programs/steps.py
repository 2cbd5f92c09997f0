def inner(n):
    doubled = n * 2  # @inner-first
    return doubled


def outer():
    a = 1  # @outer-first
    b = inner(a)  # @call-inner
    c = b + 1  # @after-inner
    return c


outer()  # @module-call
print("finished")  # @module-end
