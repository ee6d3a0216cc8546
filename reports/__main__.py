"""``python -m reports MAP [--gemeente NAAM ...] [--jaren VAN TOT]``: see ``reports.cli``."""

import sys

from reports.cli import main

sys.exit(main())
