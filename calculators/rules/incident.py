"""Support for a member without social or health insurance who falls sick, is injured, loses
working capacity or dies while on duty (Resolution 03/2024, Art. 4; Decree 40/2024, Art. 5–6).

Clause 1 covers sickness, accidents and injuries: part of the medical costs and a food allowance
for each inpatient day. Clause 2 covers an accident that leaves lost working capacity, and death:
an allowance by degree of lost capacity, or a survivors' and a funeral allowance. All Cần Thơ
amounts are pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators import text
from calculators.amounts import Basis, count_text, money, nothing
from calculators.calculator import Calculator, Choices
from calculators.core.errors import InputError
from calculators.core.result import Component, Result
from calculators.core.working import Working
from calculators.fields import CHOICE, DATE_FIELD, MONEY_FIELD, Field, count_field
from calculators.rates.book import RateBook
from calculators.rates.units import COSTS, DAILY, ONE_OFF

NAME = "incident"
TITLE = "Hỗ trợ khi ốm đau, tai nạn, bị thương, chết"
USES = {
    # Part of the costs paid, or an amount for the case (never more than the costs).
    "incident_medical_cost_share": ("percent_of_costs", *ONE_OFF),
    "incident_inpatient_food_per_day": DAILY,
    "incident_lost_capacity_allowance": ONE_OFF,
    "incident_survivor_allowance": ONE_OFF,
    "incident_funeral_allowance": ONE_OFF,
}
CHOICES = {"kind": Choices(("sick_or_injured", "lost_capacity", "death"))}


def incident(
    book: RateBook,
    date: dt.date,
    kind: str,
    medical_costs: int = 0,
    inpatient_days: int = 0,
    lost_capacity: int = 0,
    assume: Mapping[str, Any] | None = None,
) -> Result:
    """What a member not insured receives after an incident on duty."""
    if kind == "lost_capacity" and not 1 <= lost_capacity <= 100:
        raise InputError.on(
            "lost_capacity",
            "Nhập tỷ lệ suy giảm khả năng lao động đã được giám định, từ 1 đến 100 (%).",
        )
    w = Working(book, date, assume)
    components: list[Component] = [_medical(w, medical_costs), _food(w, inpatient_days)]
    if kind == "lost_capacity":
        fig = w.figure("incident_lost_capacity_allowance")
        components.append(money(w, "lost_capacity", fig.parameter.label, fig))
        w.notes.append(
            f"Mức suy giảm khả năng lao động đã nhập: {lost_capacity}%. Trợ cấp tính theo mức suy "
            "giảm; chưa rõ mức trợ cấp cho từng mức suy giảm."
        )
    if kind == "death":
        for cid, pid in (
            ("survivor", "incident_survivor_allowance"),
            ("funeral", "incident_funeral_allowance"),
        ):
            fig = w.figure(pid)
            components.append(money(w, cid, fig.parameter.label, fig))
    w.notes.append(
        "Chỉ áp dụng cho thành viên chưa tham gia bảo hiểm xã hội, bảo hiểm y tế mà bị ốm đau, "
        "tai nạn, bị thương hoặc chết khi làm nhiệm vụ (Điều 5 và Điều 6 Nghị định 40/2024/NĐ-CP). "
        "Với tai nạn và chết, Điều 6 tính cả lúc trên đường đi làm nhiệm vụ hoặc trên đường về."
    )
    w.note_start_of("incident_medical_cost_share")
    inputs = {
        "date": date.isoformat(),
        "kind": kind,
        "medical_costs": medical_costs,
        "inpatient_days": inpatient_days,
        "lost_capacity": lost_capacity,
    }
    return w.finish(NAME, TITLE, inputs, components, "Tổng hỗ trợ")


def _medical(w: Working, costs: int) -> Component:
    pid = "incident_medical_cost_share"
    label = "Hỗ trợ chi phí khám, chữa bệnh"
    if costs == 0:
        return nothing(w, "medical_costs", label, "Không có chi phí khám, chữa bệnh", pid)
    paid = Basis(costs, f"chi phí đã trả {text.money(costs)}")
    return money(w, "medical_costs", label, w.figure(pid), bases={COSTS: paid}, cap=paid)


def _food(w: Working, days: int) -> Component:
    pid = "incident_inpatient_food_per_day"
    label = "Tiền ăn trong những ngày điều trị nội trú"
    if days == 0:
        return nothing(w, "inpatient_food", label, "Không có ngày điều trị nội trú", pid)
    return money(w, "inpatient_food", label, w.figure(pid), days, count_text(days, "ngày"))


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary=(
        "Hỗ trợ thành viên chưa có bảo hiểm bị ốm đau, tai nạn, bị thương hoặc chết khi làm nhiệm vụ (Điều 4)."
    ),
    order=5,
    fields=(
        DATE_FIELD,
        Field("kind", "Trường hợp", "Chọn điều đã xảy ra với người được tính.", CHOICE),
        Field(
            "medical_costs",
            "Chi phí khám, chữa bệnh đã trả (đồng)",
            "Để trống nếu không có.",
            MONEY_FIELD,
            required=False,
            default=0,
            maximum=10_000_000_000,
        ),
        count_field(
            "inpatient_days", "Số ngày điều trị nội trú", "Để trống nếu không nằm viện.", maximum=3660
        ),
        count_field(
            "lost_capacity",
            "Tỷ lệ suy giảm khả năng lao động (%)",
            "Theo kết luận giám định; chỉ nhập khi bị suy giảm khả năng lao động.",
            maximum=100,
            percent=True,
        ),
    ),
    compute=incident,
    uses=USES,
    choices=CHOICES,
)
