"""The rates the calculators use, as shipped inside the package.

The wheel (installed by pip, or unpacked by Pyodide in the browser) carries the validated rates
as `calculators/data/rates.json`, written at build time from `rates.yaml` by the strict
validator. This package only reads that JSON: it never validates. A development checkout has
no such file; there the build-time tools read `rates.yaml` through the validator
(`calculators.tools.rates_file.load_book`) and pass the book to `run()`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from calculators.rates.book import (
    Band,
    Choice,
    DatedValue,
    Parameter,
    RateBook,
    Reference,
    Source,
)

__all__ = ["Band", "Choice", "DatedValue", "Parameter", "RateBook", "Reference", "Source", "packaged_book"]

# The package is always installed as plain files (pip, or Pyodide unpacking the wheel), so a
# path next to this module is enough; importlib.resources would cost a noticeable part of the
# browser's start-up for nothing.
PACKAGED_JSON = Path(__file__).resolve().parents[1] / "data" / "rates.json"


class NoPackagedRates(RuntimeError):
    """Raised in a development checkout, where no validated JSON is packaged."""


@lru_cache(maxsize=1)
def packaged_book() -> RateBook:
    """The rate book shipped with this installation."""
    if not PACKAGED_JSON.is_file():
        raise NoPackagedRates(
            "No packaged rates here (a development checkout): load rates.yaml with "
            "calculators.tools.rates_file.load_book() and pass the book to run()."
        )
    return RateBook.from_dict(json.loads(PACKAGED_JSON.read_text(encoding="utf-8")))
