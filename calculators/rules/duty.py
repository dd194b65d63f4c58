"""Allowances for assigned duty (Resolution 03/2024, Art. 2 cl. 2).

Structured after Law 30/2023 Art. 23 cl. 2: days of training or drill; shifts from 22:00 to
06:00; duty on days off and public holidays; heavy or dangerous tasks; an extra for each day in
an especially difficult area. Each is a count times a rate; all Cần Thơ rates are pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators.amounts import count_text, money, nothing
from calculators.calculator import Calculator
from calculators.core.reading import Reading
from calculators.core.result import Result
from calculators.core.working import Working
from calculators.fields import DATE_FIELD, count_field
from calculators.rates.book import RateBook
from calculators.rates.units import DAILY, PER_SHIFT

NAME = "duty"
TITLE = "Bồi dưỡng khi làm nhiệm vụ được phân công"

# (input name, component id, parameter, what one unit is called, the forms its rate may take)
KINDS = (
    ("training_days", "training", "duty_training_day", "ngày huấn luyện", DAILY),
    ("night_shifts", "night_shift", "duty_night_shift", "ca đêm (22 giờ – 6 giờ)", PER_SHIFT),
    ("rest_days", "rest_day", "duty_rest_day", "ngày nghỉ, lễ, Tết", DAILY),
    ("heavy_tasks", "heavy_task", "duty_heavy_task", "ngày làm việc nặng nhọc, độc hại, nguy hiểm", DAILY),
    ("hard_area_days", "hard_area", "duty_hard_area_day", "ngày làm việc ở xã thuộc điểm c", DAILY),
)
USES = {k[2]: k[4] for k in KINDS}
READING = Reading(
    "Tiền bồi dưỡng của bạn là {amount}",
    "Chưa tính được tiền bồi dưỡng",
    none_applies="Bạn chưa nhập ngày hay ca làm nhiệm vụ nào, nên chưa có khoản bồi dưỡng nào.",
)


def duty(book: RateBook, date: dt.date, assume: Mapping[str, Any] | None = None, **counts: int) -> Result:
    """Allowances for the given counts of each kind of duty (missing counts are 0)."""
    w = Working(book, date, assume)
    components = []
    for field, cid, pid, noun, _ in KINDS:
        n = counts.get(field, 0)
        label = w.book.parameter(pid).label
        if n == 0:
            components.append(nothing(w, cid, label, f"Không có {noun} nào", pid))
        else:
            components.append(money(w, cid, label, w.figure(pid), n, count_text(n, noun)))
    w.note_start_of(KINDS[0][2])
    w.notes.append(
        "Các mức này nằm ở điểm a, b, c khoản 2 Điều 2. Chưa rõ điểm nào ứng với khoản nào, và "
        "Nghị quyết có giới hạn số ngày, số ca mỗi tháng hay không."
    )
    w.notes.append(
        "Khi được cử đi làm nhiệm vụ ngoài địa bàn, Luật còn có hỗ trợ tiền đi lại, tiền ăn, chỗ "
        "nghỉ (điểm d khoản 2 Điều 23 Luật 30/2023/QH15). Máy tính này không tính khoản đó."
    )
    inputs = {"date": date.isoformat(), **{k[0]: counts.get(k[0], 0) for k in KINDS}}
    return w.finish(NAME, TITLE, inputs, components, "Tổng bồi dưỡng", READING)


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Bồi dưỡng theo số ngày, số ca làm nhiệm vụ (khoản 2 Điều 2).",
    order=2,
    fields=(
        DATE_FIELD,
        count_field("training_days", "Số ngày tập trung huấn luyện, bồi dưỡng", "Để trống nếu không có."),
        count_field("night_shifts", "Số ca làm nhiệm vụ từ 22 giờ đến 6 giờ sáng", "Để trống nếu không có."),
        count_field("rest_days", "Số ngày làm nhiệm vụ vào ngày nghỉ, lễ, Tết", "Để trống nếu không có."),
        count_field(
            "heavy_tasks", "Số ngày làm nhiệm vụ nặng nhọc, độc hại, nguy hiểm", "Để trống nếu không có."
        ),
        count_field(
            "hard_area_days",
            "Số ngày làm việc ở xã biên giới, hải đảo, miền núi, đặc biệt khó khăn, vùng đồng bào dân "
            "tộc thiểu số hoặc trọng điểm về quốc phòng",
            "Để trống nếu không có.",
        ),
    ),
    compute=duty,
    uses=USES,
)
