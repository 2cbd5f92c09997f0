"""``python -m bugscope``: kept tiny because the user's program replaces ``sys.modules['__main__']``."""
import sys

from bugscope.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
