"""The entry point of bugscope.pyz: scripts/build-pyz.mjs copies this file to the archive's root as __main__.py.

``python bugscope.pyz --listen ...`` then works like ``python -m bugscope --listen ...``.
"""
import os
import sys

# Python 3.8 puts the archive into sys.path[0] as typed, maybe relative: import the tracer through an absolute
# path, so that its frames are still recognised (and hidden) after the program changes directory.
sys.path[0] = os.path.abspath(sys.path[0])

from bugscope.visibility import is_hidden  # noqa: E402
from bugscope.cli import main  # noqa: E402

is_hidden(__file__)  # cached now, while a relative __file__ (3.8) still names this archive

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
