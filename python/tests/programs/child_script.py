"""Run by children.py as a subprocess."""
import builtins
import sys


def greet(name):
    message = "child %s" % name  # @child
    return message


monitored = hasattr(sys, "monitoring") and sys.monitoring.get_tool(sys.monitoring.DEBUGGER_ID) is not None
print(greet(sys.argv[1]), "chained" if getattr(builtins, "CHAINED_SITECUSTOMIZE", False) else "alone",
      any(p.endswith("_subprocess") for p in sys.path), "traced" if sys.gettrace() or monitored else "untraced")
