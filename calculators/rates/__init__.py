"""The rates the calculators use, and where they are loaded from.

An installed package (the wheel, also in the browser) carries the validated rates as
`calculators/data/rates.json`, written at build time from `rates.yaml`. In a development
checkout there is no such file, so the rates are read from `rates.yaml` at the repository
root through the strict build-time validator (which needs PyYAML and pydantic).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from calculators.rates.book import (  # noqa: F401  (re-exported)
    Band,
    Choice,
    DatedValue,
    Parameter,
    RateBook,
    Reference,
    Source,
)

# The package is always installed as plain files (pip, or Pyodide unpacking the wheel), so a
# path next to this module is enough; importlib.resources would cost a noticeable part of the
# browser's start-up for nothing.
PACKAGED_JSON = Path(__file__).resolve().parents[1] / "data" / "rates.json"
REPO_RATES = Path(__file__).resolve().parents[2] / "rates.yaml"


def packaged_rates_text() -> str | None:
    """The JSON text of the rates shipped inside the package, or None in a checkout."""
    return PACKAGED_JSON.read_text(encoding="utf-8") if PACKAGED_JSON.is_file() else None


def load_file(path: str | Path) -> RateBook:
    """Validate a rates YAML file strictly and build its rate book (build-time tools needed)."""
    from calculators.rates_file import load_valid

    return RateBook.from_dict(load_valid(path))


@lru_cache(maxsize=1)
def default_book() -> RateBook:
    """The rate book of this installation: the packaged JSON, else the checkout's rates.yaml."""
    text = packaged_rates_text()
    if text is not None:
        return RateBook.from_dict(json.loads(text))
    return load_file(REPO_RATES)
