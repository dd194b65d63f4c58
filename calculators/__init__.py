"""Entitlements of Cần Thơ's neighbourhood security teams (Resolution 03/2024/NQ-HĐND).

Pure calculators over one rates file. The same package runs in CPython (tests, command line,
site build) and unchanged in the browser through Pyodide; at run time it imports only the
standard library.

    from calculators import run
    result = run("monthly", {"date": "2024-08-15", "role": "to_vien", "training": "none"})
    result.total, result.complete

Installed (the wheel, or Pyodide), `run` uses the rates packaged with it. In a development
checkout, pass the book: `run(..., book=calculators.tools.rates_file.load_book())`.
"""

from calculators.core.errors import InputError
from calculators.core.result import Result
from calculators.registry import CALCULATORS, run

__all__ = ["CALCULATORS", "InputError", "Result", "run"]
