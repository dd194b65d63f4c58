"""Monthly support of a team member (Resolution 03/2024, Art. 2 cl. 1).

Every member receives a coefficient of the base salary each month. A member with a qualifying
training level, and the Tổ trưởng and Tổ phó, receive extras on top; those amounts are pending
until the official text is entered. The choice lists (roles, training levels) and the parameter
each choice uses live in the rates file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators.amounts import money
from calculators.calculator import Calculator, Choices
from calculators.core.reading import Reading
from calculators.core.result import Component, Result
from calculators.core.working import Working
from calculators.fields import CHOICE, DATE_FIELD, Field
from calculators.rates.book import RateBook, Reference
from calculators.rates.units import MONTHLY

NAME = "monthly"
TITLE = "Hỗ trợ thường xuyên hằng tháng"
# The monthly support is a coefficient of the base salary today; a later text could write it
# as an amount, and the extras may be either.
USES = {"base_salary": ("vnd_per_month",), "monthly_support_coefficient": MONTHLY}
CHOICES = {
    "role": Choices(("to_truong", "to_pho", "to_vien"), MONTHLY),
    "training": Choices(("none",), MONTHLY),
}
READING = Reading("Bạn được {amount} mỗi tháng", "Chưa tính được số tiền hỗ trợ mỗi tháng")


def base_support(
    w: Working, cid: str = "base", label: str = "Mức hỗ trợ hằng tháng", members: int = 1
) -> Component:
    """Coefficient × base salary (× members): the support every member receives."""
    fig = w.figure("monthly_support_coefficient")
    return money(w, cid, label, fig, members, f"{members} người" if members > 1 else "")


def extra_for(w: Working, cid: str, category: str, key: str, label: str) -> Component:
    """The extra a choice (a title, a training level) carries, or 0 when the choice has none."""
    choice = w.book.choices(category)[key]
    if choice.parameter is None:
        clause = _clause_of_monthly_support(w)
        return w.fixed(
            cid,
            label,
            0,
            f"“{choice.label}”: không có khoản thêm (suy luận từ {clause[1]})",
            status="inferred",
            refs=(clause,),
        )
    return money(w, cid, label, w.figure(choice.parameter))


def _clause_of_monthly_support(w: Working) -> tuple[Reference, str]:
    ref = w.peek("monthly_support_coefficient").ref
    clause = Reference(ref.source, ref.article, ref.clause)
    from calculators.text import reference

    return clause, reference(clause, w.book)


def monthly(
    book: RateBook, date: dt.date, role: str, training: str, assume: Mapping[str, Any] | None = None
) -> Result:
    """What one member receives each month on `date`, by role and training level."""
    w = Working(book, date, assume)
    components = [
        base_support(w),
        extra_for(w, "training_extra", "training", training, "Hỗ trợ thêm theo trình độ đào tạo"),
        extra_for(w, "title_extra", "role", role, "Trợ cấp thêm theo chức danh"),
    ]
    level = w.book.choices("training")[training]
    if level.note:
        w.notes.append(f"“{level.label}”: {level.note}")
    w.note_start_of("monthly_support_coefficient")
    return w.finish(
        NAME,
        TITLE,
        {"date": date.isoformat(), "role": role, "training": training},
        components,
        "Tổng hỗ trợ mỗi tháng",
        READING,
    )


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Mức hỗ trợ hằng tháng của một thành viên (khoản 1 Điều 2).",
    order=1,
    fields=(
        DATE_FIELD,
        Field("role", "Chức danh trong Tổ", "Tổ trưởng, Tổ phó hoặc Tổ viên.", CHOICE),
        Field("training", "Trình độ đào tạo", "Trình độ cao nhất đã có bằng.", CHOICE),
    ),
    compute=monthly,
    uses=USES,
    choices=CHOICES,
)
