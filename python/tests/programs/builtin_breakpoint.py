"""Calls the builtin breakpoint() between two prints."""
print("before")
answer = 42
breakpoint()  # @builtin
print("after", answer)
