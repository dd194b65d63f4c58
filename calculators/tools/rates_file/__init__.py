"""Build-time reading and strict validation of `rates.yaml` (needs PyYAML and pydantic).

Nothing here runs in the browser: the validated data is exported as JSON and the run-time
rate book (`calculators.rates`) is built from that.
"""

from calculators.tools.rates_file.check import (
    check_bytes,
    check_file,
    check_text,
    load_book,
    load_valid,
    to_plain,
)
from calculators.tools.rates_file.errors import InvalidRatesFile, RatesError

__all__ = [
    "InvalidRatesFile",
    "RatesError",
    "check_bytes",
    "check_file",
    "check_text",
    "load_book",
    "load_valid",
    "to_plain",
]
