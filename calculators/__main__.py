"""`python -m calculators`: see calculators.tools.cli."""

import sys

from calculators.tools.cli import main

sys.exit(main())
