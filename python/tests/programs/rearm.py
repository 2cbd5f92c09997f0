def work(i):
    a = i + 1  # @first
    b = a * 2  # @second
    return b


def checkpoint():
    return None  # @checkpoint


for i in range(3):
    work(i)
checkpoint()
for i in range(3, 6):
    work(i)
