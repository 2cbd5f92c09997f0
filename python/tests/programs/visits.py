def visit(i):
    square = i * i  # @visit
    return square


total = 0
for i in range(10):
    total += visit(i)
print("total", total)  # @end
