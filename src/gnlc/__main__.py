"""``python -m gnlc``: the same command line as ``gnlc``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
