"""The standard library (copy.py) calls back into the program."""
import copy


class Thing:
    def __deepcopy__(self, memo):
        made = Thing()  # @deepcopy
        return made


thing = Thing()
clone = copy.deepcopy(thing)  # @call
print("done")  # @done
