"""Units a parameter can be written in, and what kind of number each one holds.

The unit says how the law writes an amount: a sum of money, a percentage, or a coefficient
of the base salary. The calculators convert coefficients into money only when they compute.
"""

from __future__ import annotations

MONEY = "money"
DECIMAL = "decimal"
COUNT = "count"
TABLE = "table"

# unit -> (kind of number, Vietnamese name shown after a value)
UNITS: dict[str, tuple[str, str]] = {
    "vnd": (MONEY, "đồng"),
    "vnd_per_month": (MONEY, "đồng/tháng"),
    "vnd_per_day": (MONEY, "đồng/ngày"),
    "vnd_per_shift": (MONEY, "đồng/ca"),
    "coefficient_of_base_salary": (DECIMAL, "lần mức lương cơ sở"),
    "percent": (DECIMAL, "%"),
    "years": (DECIMAL, "năm"),
    "count": (COUNT, ""),
    "household_bands": (TABLE, ""),
}


def kind_of(unit: str) -> str:
    """The kind of number (money, decimal, count, table) a unit holds."""
    return UNITS[unit][0]


def unit_name(unit: str) -> str:
    """The Vietnamese name written after a value in this unit."""
    return UNITS[unit][1]
