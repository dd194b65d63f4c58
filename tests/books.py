"""The rate books the tests compute with.

- `REAL`: the repository's rates.yaml as it stands. Tests whose expectations follow the data
  use it: the golden cases, the built site, parity between CPython and Pyodide.
- `FROZEN`: tests/fixtures/rates.yaml, a frozen copy that never follows rates.yaml. Behaviour
  tests that need fixed figures (an independent model of the law, amounts in messages) use it,
  so that a maintainer's change to rates.yaml changes no test but the golden cases.
"""

from __future__ import annotations

from pathlib import Path

from calculators.tools.paths import RATES
from calculators.tools.rates_file import load_book

FROZEN_RATES = Path(__file__).resolve().parent / "fixtures" / "rates.yaml"

REAL = load_book(RATES)
FROZEN = load_book(FROZEN_RATES)
