"""``python -m collabsim``: the same command line as ``collabsim``."""

from __future__ import annotations

import sys

from collabsim.cli import main

if __name__ == "__main__":
    sys.exit(main())
