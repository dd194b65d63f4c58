"""The forms a figure of the law can take, and what kind of number each one holds.

A form (the `unit` of a parameter, or one of its `forms`) says how the law writes an amount: a
sum of money for a period (per month, day, shift, or once), a coefficient of the base salary for
such a period, or a percentage of a named basis (the member's contribution, the contribution
computed on the rural poverty line, the costs paid). The calculators turn a figure into money
only when they compute (calculators.amounts), so a pending figure may be filled in whichever
form the official text uses, with no change of code.

This is the one vocabulary of forms: the validator, the calculators, the texts and the guide
all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

MONEY = "money"
DECIMAL = "decimal"
COUNT = "count"
TABLE = "table"

# Bounds of a sane figure (the rates check refuses a larger one): an amount of money up to a
# million million đồng, a coefficient (or a number of years) up to 100, a count up to a hundred
# million. Within them every calculator computes exactly (28 significant digits).
MAX_MONEY = 10**12
MAX_COEFFICIENT = 100
MAX_COUNT = 10**8
# A coefficient or a percentage has at most this many digits after the point.
MAX_DECIMALS = 6

# Periods: what one amount is for.
MONTH, DAY, SHIFT, ONCE = "month", "day", "shift", "once"

# Bases: what a coefficient or a percentage multiplies. The base salary is a parameter of its
# own; the others are amounts a calculator computes (or is given) for the situation.
BASE_SALARY = "base_salary"
CONTRIBUTION = "contribution"
POVERTY_LINE_CONTRIBUTION = "poverty_line_contribution"
COSTS = "costs"


@dataclass(frozen=True)
class Form:
    """One way of writing a figure.

    `name` is written after a value ('đồng/tháng', 'lần mức lương cơ sở', '% số tiền đóng');
    `describe` tells maintainers what the form means, in Vietnamese.
    """

    key: str
    kind: str
    name: str
    describe: str
    basis: str | None = None
    per: str | None = None

    @property
    def is_percent(self) -> bool:
        return self.name.startswith("%")

    @property
    def maximum(self) -> int | None:
        """The largest figure this form may hold: beyond it, a figure is a typo, never the law's."""
        if self.kind == MONEY:
            return MAX_MONEY
        if self.is_percent:
            return 100
        if self.kind == DECIMAL:
            return MAX_COEFFICIENT
        if self.kind == COUNT:
            return MAX_COUNT
        return None


_FORMS = (
    Form("vnd", MONEY, "đồng", "số tiền trả một lần (mỗi trường hợp)", per=ONCE),
    Form("vnd_per_month", MONEY, "đồng/tháng", "số tiền mỗi tháng", per=MONTH),
    Form("vnd_per_day", MONEY, "đồng/ngày", "số tiền mỗi ngày", per=DAY),
    Form("vnd_per_shift", MONEY, "đồng/ca", "số tiền mỗi ca", per=SHIFT),
    Form(
        "coefficient_of_base_salary",
        DECIMAL,
        "lần mức lương cơ sở",
        "hệ số nhân với mức lương cơ sở, mỗi tháng",
        basis=BASE_SALARY,
        per=MONTH,
    ),
    Form(
        "coefficient_of_base_salary_per_day",
        DECIMAL,
        "lần mức lương cơ sở mỗi ngày",
        "hệ số nhân với mức lương cơ sở, mỗi ngày",
        basis=BASE_SALARY,
        per=DAY,
    ),
    Form(
        "coefficient_of_base_salary_per_shift",
        DECIMAL,
        "lần mức lương cơ sở mỗi ca",
        "hệ số nhân với mức lương cơ sở, mỗi ca",
        basis=BASE_SALARY,
        per=SHIFT,
    ),
    Form(
        "coefficient_of_base_salary_once",
        DECIMAL,
        "lần mức lương cơ sở (một lần)",
        "hệ số nhân với mức lương cơ sở, trả một lần",
        basis=BASE_SALARY,
        per=ONCE,
    ),
    Form("percent", DECIMAL, "%", "tỷ lệ phần trăm (máy tính biết nhân với khoản nào)"),
    Form(
        "percent_of_contribution",
        DECIMAL,
        "% số tiền đóng",
        "tỷ lệ phần trăm của số tiền người tham gia phải đóng",
        basis=CONTRIBUTION,
        per=MONTH,
    ),
    Form(
        "percent_of_poverty_line_contribution",
        DECIMAL,
        "% số tiền đóng tính trên chuẩn nghèo nông thôn",
        "tỷ lệ phần trăm của số tiền đóng tính trên chuẩn nghèo khu vực nông thôn",
        basis=POVERTY_LINE_CONTRIBUTION,
        per=MONTH,
    ),
    Form(
        "percent_of_costs",
        DECIMAL,
        "% chi phí đã trả",
        "tỷ lệ phần trăm của chi phí đã trả",
        basis=COSTS,
        per=ONCE,
    ),
    Form("years", DECIMAL, "năm", "số năm"),
    Form("count", COUNT, "", "số đếm (số Tổ, số người)"),
    Form("household_bands", TABLE, "", "bảng số thành viên theo số hộ"),
)
FORMS: dict[str, Form] = {f.key: f for f in _FORMS}
UNITS = FORMS  # a parameter's single form is written `unit:` in rates.yaml

# The forms an amount for one period may take (money, or a coefficient of the base salary).
MONTHLY = ("vnd_per_month", "coefficient_of_base_salary")
DAILY = ("vnd_per_day", "coefficient_of_base_salary_per_day")
PER_SHIFT = ("vnd_per_shift", "coefficient_of_base_salary_per_shift")
ONE_OFF = ("vnd", "coefficient_of_base_salary_once")


def form(key: str) -> Form:
    return FORMS[key]


def kind_of(unit: str) -> str:
    """The kind of number (money, decimal, count, table) a form holds."""
    return FORMS[unit].kind


def unit_name(unit: str) -> str:
    """The Vietnamese name written after a value in this form."""
    return FORMS[unit].name
