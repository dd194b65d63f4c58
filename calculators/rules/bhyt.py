"""Household health insurance of a member, with Cần Thơ's support (Res. 03/2024, Art. 3 cl. 2).

The first member of a household pays a percentage of the base salary each month; the second,
third and fourth pay a share of the first member's amount, and the fifth and later a smaller
share. Cần Thơ supports part of it (pending). Which insurance group Cần Thơ enrols members in is
not verified; the calculator assumes the household scheme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators import text
from calculators.amounts import Basis, member_pays, money, of_percent
from calculators.calculator import Calculator, Choices
from calculators.core.reading import Reading
from calculators.core.result import Result
from calculators.core.working import Working
from calculators.fields import COUNT, DATE_FIELD, Field
from calculators.rates.book import RateBook
from calculators.rates.units import CONTRIBUTION, MONTHLY

NAME = "bhyt"
TITLE = "Bảo hiểm y tế"
USES = {
    "base_salary": ("vnd_per_month",),
    "bhyt_rate": ("percent",),
    # Cần Thơ's support: a share of the member's contribution, or an amount each month.
    "bhyt_local_support": ("percent_of_contribution", *MONTHLY),
}
CHOICES = {"position": Choices(("1", "2", "3", "4", "5"), ("percent",), known=True)}
READING = Reading(
    "Mỗi tháng bạn tự đóng {amount} tiền bảo hiểm y tế",
    "Chưa tính được số tiền bạn tự đóng",
    pending_lowers=True,
)


def position_key(position: int) -> str:
    """Positions 5 and later share one rate."""
    return str(min(position, 5))


def bhyt(book: RateBook, date: dt.date, position: int, assume: Mapping[str, Any] | None = None) -> Result:
    """Monthly health-insurance contribution by position in the household, and what is paid."""
    w = Working(book, date, assume)
    rate, base = w.figure("bhyt_rate"), w.figure("base_salary")
    choice = book.choices("position")[position_key(position)]
    label = f"Số tiền đóng mỗi tháng ({choice.label.lower()})"
    paid_on = [rate, base]
    if choice.parameter is None:
        contribution = w.component(
            "contribution",
            label,
            [rate, base],
            lambda r, b: of_percent(r) * b,
            lambda r, b: f"{r} × mức lương cơ sở {b}",
        )
    else:
        factor = w.figure(choice.parameter)
        paid_on.append(factor)
        contribution = w.component(
            "contribution",
            label,
            [factor, rate, base],
            lambda f, r, b: of_percent(f) * of_percent(r) * b,
            lambda f, r, b: f"{f} × mức đóng của người thứ nhất ({r} × mức lương cơ sở {b})",
        )
    paid = Basis(contribution.amount, f"số tiền đóng {text.money(contribution.amount)}", paid_on)
    local = money(
        w,
        "local_support",
        "Thành phố Cần Thơ hỗ trợ",
        w.figure("bhyt_local_support"),
        bases={CONTRIBUTION: paid},
        cap=None if contribution.amount is None else Basis(contribution.amount, "số tiền đóng"),
    )
    pays = member_pays(w, contribution, [local])
    w.assumptions.append(
        "Tính theo cách đóng bảo hiểm y tế theo hộ gia đình; chưa xác minh được Cần Thơ cho thành "
        "viên Tổ tham gia bảo hiểm y tế theo nhóm nào."
    )
    w.note_start_of("bhyt_local_support")
    return w.finish(
        NAME,
        TITLE,
        {"date": date.isoformat(), "position": position},
        [contribution, local],
        "Người tham gia tự đóng mỗi tháng",
        READING,
        total=pays,
    )


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Số tiền đóng bảo hiểm y tế theo thứ tự trong hộ (khoản 2 Điều 3).",
    order=4,
    fields=(
        DATE_FIELD,
        Field(
            "position",
            "Thứ tự của người được tính trong hộ gia đình",
            "Nhập 1 nếu là người thứ nhất; từ người thứ năm trở đi nhập 5.",
            COUNT,
            minimum=1,
            maximum=50,
        ),
    ),
    compute=bhyt,
    uses=USES,
    choices=CHOICES,
    known=("base_salary", "bhyt_rate"),  # the contribution, which the support is taken from
)
