"""Voluntary social insurance of a member, with State and Cần Thơ support (Res. 03/2024, Art. 3 cl. 1).

The member chooses a monthly income basis between the rural poverty line and a multiple of the
reference level (today the base salary), and contributes a percentage of it. The State pays part
of the contribution computed on the rural poverty line, by group; Cần Thơ adds its own support
(pending). What the member pays is the contribution less both supports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators import text
from calculators.amounts import Basis, member_pays, money, of_percent
from calculators.calculator import Calculator, Choices
from calculators.core.errors import InputError
from calculators.core.reading import Reading
from calculators.core.result import Component, Result
from calculators.core.working import Working
from calculators.fields import CHOICE, DATE_FIELD, MONEY_FIELD, Field
from calculators.rates.book import RateBook
from calculators.rates.units import CONTRIBUTION, MONTHLY, POVERTY_LINE_CONTRIBUTION

NAME = "bhxh"
TITLE = "Bảo hiểm xã hội tự nguyện"
USES = {
    "base_salary": ("vnd_per_month",),
    "rural_poverty_line": ("vnd_per_month",),
    "bhxh_contribution_rate": ("percent",),
    "bhxh_income_ceiling_multiple": ("coefficient_of_base_salary",),
    "bhxh_state_support_max_years": ("years",),
    # Cần Thơ's own support: a share of a named contribution, or an amount each month.
    "bhxh_local_support": ("percent_of_poverty_line_contribution", "percent_of_contribution", *MONTHLY),
}
CHOICES = {"group": Choices(("poor", "near_poor", "ethnic_minority", "other"), ("percent",), known=True)}
READING = Reading("Mỗi tháng bạn tự đóng {amount}", "Chưa tính được số tiền bạn tự đóng", pending_lowers=True)
# The income limits, the contribution and the years of State support are computed from these.
KNOWN = (
    "base_salary",
    "rural_poverty_line",
    "bhxh_contribution_rate",
    "bhxh_income_ceiling_multiple",
    "bhxh_state_support_max_years",
)


def income_limits(book: RateBook, date: dt.date) -> tuple[int, int]:
    """(lowest, highest) monthly income basis allowed on a date."""
    w = Working(book, date)
    floor, ceiling, _ = _limits(w)
    return floor, ceiling


def _limits(w: Working) -> tuple[int, int, list[Any]]:
    floor = w.figure("rural_poverty_line")
    multiple, base = w.figure("bhxh_income_ceiling_multiple"), w.figure("base_salary")
    ceiling = w.round(multiple.value * base.value)
    return int(floor.value), ceiling, [floor, multiple, base]


def _left_to_pay(contribution: Component, state: Component) -> Basis | None:
    """What the State's support leaves to pay: Cần Thơ's support never exceeds it."""
    if contribution.amount is None:
        return None
    return Basis(contribution.amount - (state.amount or 0), "phần còn phải đóng")


def bhxh(
    book: RateBook,
    date: dt.date,
    group: str,
    income: int | None = None,
    assume: Mapping[str, Any] | None = None,
) -> Result:
    """Monthly voluntary social insurance: contribution, supports, what the member pays."""
    w = Working(book, date, assume)
    floor, ceiling, limit_figs = _limits(w)
    if income is None:
        income = floor
    if not floor <= income <= ceiling:
        raise InputError.on(
            "income",
            f"Thu nhập làm căn cứ đóng phải từ {text.money(floor)} đến {text.money(ceiling)} "
            f"một tháng (ngày {text.date(date)}).",
        )
    # The 2024 Law's "mức tham chiếu" (today equal to the base salary) exists from its entry into
    # force; before that the ceiling was a multiple of the base salary itself.
    law = book.sources["LUAT-BHXH-2024"].in_force
    if law is not None and date >= law:
        times = f"mức tham chiếu (bằng mức lương cơ sở {limit_figs[2].short})"
    else:
        times = f"mức lương cơ sở {limit_figs[2].short}"
    w.step(
        "Thu nhập làm căn cứ đóng",
        f"được chọn từ chuẩn nghèo nông thôn {limit_figs[0].short} đến {limit_figs[1].short} lần "
        f"{times} = {text.money(ceiling)}; đã chọn {text.money(income)}",
        limit_figs,
        income,
    )
    rate, line = w.figure("bhxh_contribution_rate"), w.figure("rural_poverty_line")
    contribution = w.component(
        "contribution",
        "Số tiền đóng mỗi tháng",
        [rate],
        lambda r: of_percent(r) * income,
        lambda r: f"{r} × thu nhập chọn đóng {text.money(income)}",
    )
    choice = book.choices("group")[group]
    share = w.figure(choice.parameter)
    state = w.component(
        "state_support",
        f"Nhà nước hỗ trợ ({choice.label.lower()})",
        [share, rate, line],
        lambda s, r, p: of_percent(s) * of_percent(r) * p,
        lambda s, r, p: f"{s} × ({r} × chuẩn nghèo nông thôn {p})",
    )
    local = money(
        w,
        "local_support",
        "Thành phố Cần Thơ hỗ trợ thêm",
        w.figure("bhxh_local_support"),
        bases={
            POVERTY_LINE_CONTRIBUTION: Basis(
                of_percent(rate.value) * line.value if rate.known and line.known else None,
                f"({rate.short} × chuẩn nghèo nông thôn {line.short})",
                [rate, line],
            ),
            CONTRIBUTION: Basis(
                contribution.amount, f"số tiền đóng {text.money(contribution.amount)}", [rate]
            ),
        },
        cap=_left_to_pay(contribution, state),
    )
    pays = member_pays(w, contribution, [state, local])
    years = w.figure("bhxh_state_support_max_years")
    w.step("Thời gian Nhà nước hỗ trợ", f"tối đa {years.text}", [years])
    w.assumptions.append(
        f"Nhà nước chỉ hỗ trợ tối đa {text.decimal(years.value)} năm; máy tính coi như người này "
        "còn trong thời gian được hỗ trợ."
    )
    w.assumptions.append(
        "Người thuộc nhiều nhóm được hưởng mức hỗ trợ cao nhất: hãy chọn nhóm có mức cao nhất."
    )
    w.note_start_of("bhxh_local_support")
    return w.finish(
        NAME,
        TITLE,
        {"date": date.isoformat(), "income": income, "group": group},
        [contribution, state, local],
        "Người tham gia tự đóng mỗi tháng",
        READING,
        total=pays,
    )


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Số tiền đóng, phần được hỗ trợ và phần tự đóng (khoản 1 Điều 3).",
    order=3,
    fields=(
        DATE_FIELD,
        Field(
            "income",
            "Thu nhập chọn làm căn cứ đóng (đồng/tháng)",
            "Để trống để tính theo mức thấp nhất (chuẩn nghèo nông thôn).",
            MONEY_FIELD,
            required=False,
            default=None,
        ),
        Field(
            "group", "Nhóm được Nhà nước hỗ trợ", "Thuộc nhiều nhóm thì chọn nhóm có mức cao nhất.", CHOICE
        ),
    ),
    compute=bhxh,
    uses=USES,
    choices=CHOICES,
    known=KNOWN,
)
