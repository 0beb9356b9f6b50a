"""The frozen program's entry point, the same as ``python -m therapist_desk``."""

import sys

from therapist_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
