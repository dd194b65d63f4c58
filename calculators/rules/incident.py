"""Support for a member without social or health insurance who falls sick, is injured, loses
working capacity or dies while on duty (Resolution 03/2024, Art. 4; Decree 40/2024, Art. 5–6).

Clause 1 covers sickness, accidents and injuries: part of the medical costs and a food allowance
for each inpatient day. Clause 2 covers an accident that leaves lost working capacity, and death:
an allowance by degree of lost capacity, or a survivors' and a funeral allowance. Each turns on
one insurance: Decree 40 Art. 5 (costs, food) on having no health insurance, Art. 6 (lost
capacity, death) on having no social insurance; a member may have one and not the other, so
both are asked. All Cần Thơ amounts are pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators import text
from calculators.amounts import Basis, count_text, money, nothing
from calculators.calculator import Calculator, Choices
from calculators.core.errors import InputError
from calculators.core.reading import Reading
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
CHOICES = {
    "kind": Choices(("sick_or_injured", "lost_capacity", "death")),
    "health_insurance": Choices(("not_insured", "insured")),
    "social_insurance": Choices(("not_insured", "insured")),
}
INSURED = "insured"
READING = Reading(
    "Tổng hỗ trợ là {amount}",
    "Chưa tính được số tiền hỗ trợ",
    none_applies=(
        "Không có khoản hỗ trợ nào của Điều 4 áp dụng cho trường hợp này: xem lý do ở từng khoản "
        "trong mục Cách tính."
    ),
)


def incident(
    book: RateBook,
    date: dt.date,
    kind: str,
    health_insurance: str,
    social_insurance: str,
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
    has_bhyt, has_bhxh = health_insurance == INSURED, social_insurance == INSURED
    components: list[Component] = [
        _medical(w, medical_costs, has_bhyt),
        _food(w, inpatient_days, has_bhyt),
    ]
    if kind == "lost_capacity":
        pid = "incident_lost_capacity_allowance"
        label = w.book.parameter(pid).label
        if has_bhxh:
            components.append(nothing(w, "lost_capacity", label, HAS_BHXH, pid))
        else:
            components.append(money(w, "lost_capacity", label, w.figure(pid)))
            w.notes.append(
                f"Mức suy giảm khả năng lao động đã nhập: {lost_capacity}%. Trợ cấp tính theo mức "
                "suy giảm; chưa rõ mức trợ cấp cho từng mức suy giảm."
            )
    if kind == "death":
        for cid, pid in (
            ("survivor", "incident_survivor_allowance"),
            ("funeral", "incident_funeral_allowance"),
        ):
            label = w.book.parameter(pid).label
            if has_bhxh:
                components.append(nothing(w, cid, label, HAS_BHXH, pid))
            else:
                components.append(money(w, cid, label, w.figure(pid)))
    w.notes.append(
        "Chi phí khám, chữa bệnh và tiền ăn khi điều trị nội trú dành cho thành viên chưa có bảo "
        "hiểm y tế (Điều 5 Nghị định 40/2024/NĐ-CP). Trợ cấp khi bị suy giảm khả năng lao động "
        "hoặc chết dành cho thành viên chưa tham gia bảo hiểm xã hội (Điều 6), tính cả lúc trên "
        "đường đi làm nhiệm vụ hoặc trên đường về."
    )
    w.note_start_of("incident_medical_cost_share")
    inputs = {
        "date": date.isoformat(),
        "kind": kind,
        "health_insurance": health_insurance,
        "social_insurance": social_insurance,
        "medical_costs": medical_costs,
        "inpatient_days": inpatient_days,
        "lost_capacity": lost_capacity,
    }
    return w.finish(NAME, TITLE, inputs, components, "Tổng hỗ trợ", READING)


HAS_BHYT = (
    "Đang có bảo hiểm y tế: khoản này dành cho người chưa có bảo hiểm y tế (Điều 5 Nghị định 40/2024/NĐ-CP)"
)
HAS_BHXH = (
    "Đang tham gia bảo hiểm xã hội: khoản này dành cho người chưa tham gia bảo hiểm xã hội "
    "(Điều 6 Nghị định 40/2024/NĐ-CP)"
)


def _medical(w: Working, costs: int, has_bhyt: bool) -> Component:
    pid = "incident_medical_cost_share"
    label = "Hỗ trợ chi phí khám, chữa bệnh"
    if has_bhyt:
        return nothing(w, "medical_costs", label, HAS_BHYT, pid)
    if costs == 0:
        return nothing(w, "medical_costs", label, "Không có chi phí khám, chữa bệnh", pid)
    paid = Basis(costs, f"chi phí đã trả {text.money(costs)}")
    return money(w, "medical_costs", label, w.figure(pid), bases={COSTS: paid}, cap=paid)


def _food(w: Working, days: int, has_bhyt: bool) -> Component:
    pid = "incident_inpatient_food_per_day"
    label = "Tiền ăn trong những ngày điều trị nội trú"
    if has_bhyt:
        return nothing(w, "inpatient_food", label, HAS_BHYT, pid)
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
            "health_insurance",
            "Bảo hiểm y tế lúc xảy ra sự việc",
            "Hỗ trợ chi phí khám, chữa bệnh và tiền ăn dành cho người chưa có bảo hiểm y tế.",
            CHOICE,
        ),
        Field(
            "social_insurance",
            "Bảo hiểm xã hội lúc xảy ra sự việc",
            "Trợ cấp khi suy giảm khả năng lao động hoặc chết dành cho người chưa tham gia bảo hiểm xã hội.",
            CHOICE,
        ),
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
