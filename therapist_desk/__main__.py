"""`python -m therapist_desk` runs the same entry point as `therapist-desk`."""

import sys

from therapist_desk.cli import main

sys.exit(main())
