"""Team size by number of households, and the cost of a full team's known support.

A team serves one ấp or khu vực; the companion resolution caps its members by the number of
households. The cost counts what can be computed for every member alike: the monthly support,
and the extras of the Tổ trưởng and Tổ phó. Training extras, duty allowances and insurance
support depend on each member and are listed, not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators import text
from calculators.amounts import summed
from calculators.calculator import Calculator, Choices
from calculators.core.errors import InputError
from calculators.core.reading import Reading
from calculators.core.result import Output, Result
from calculators.core.working import Working
from calculators.fields import COUNT, DATE_FIELD, Field
from calculators.rates.book import Band, RateBook
from calculators.rates.units import MONTHLY
from calculators.rules.monthly import base_support

NAME = "team"
TITLE = "Quy mô Tổ và kinh phí"
USES = {
    "team_size_bands": ("household_bands",),
    "base_salary": ("vnd_per_month",),
    "monthly_support_coefficient": MONTHLY,
}
CHOICES = {"role": Choices(("to_truong", "to_pho"), MONTHLY)}
PEOPLE = "người"
LEADERS = ("to_truong", "to_pho")


def band_for(bands: tuple[Band, ...], households: int) -> Band:
    """The band a number of households falls in."""
    return [b for b in bands if b.households_from <= households][-1]


def band_span(households_from: int, upper: int | None) -> str:
    """'dưới 350 hộ', 'từ 750 đến dưới 1.000 hộ', 'từ 2.000 hộ trở lên'."""
    if households_from == 0 and upper is not None:
        return f"dưới {text.integer(upper)} hộ"
    if upper is None:
        return f"từ {text.integer(households_from)} hộ trở lên"
    return f"từ {text.integer(households_from)} đến dưới {text.integer(upper)} hộ"


def band_range(bands: tuple[Band, ...], band: Band) -> str:
    """The households a band covers, as band_span writes them ('từ 750 đến dưới 1.000 hộ')."""
    upper = next((b.households_from for b in bands if b.households_from > band.households_from), None)
    return band_span(band.households_from, upper)


def team_size(band: Band) -> str:
    """'tối đa 7 người, trong đó tối đa 5 Tổ viên', or 'đúng 3 người …' for an exact band."""
    if band.exact:
        return f"đúng {band.max_members} người, gồm Tổ trưởng, Tổ phó và {band.max_to_vien} Tổ viên"
    return f"tối đa {band.max_members} người, trong đó tối đa {band.max_to_vien} Tổ viên"


def team(
    book: RateBook,
    date: dt.date,
    households: int,
    teams: int = 1,
    months: int = 12,
    assume: Mapping[str, Any] | None = None,
) -> Result:
    """Largest team for `households`, and the known monthly support cost of full teams."""
    if households < 1:
        raise InputError.on("households", "Nhập số hộ gia đình của ấp, khu vực (từ 1 trở lên).")
    w = Working(book, date, assume)
    bands = w.figure("team_size_bands")
    band = band_for(bands.value, households)
    span = band_range(bands.value, band)
    size = team_size(band)
    w.step(
        "Số thành viên của Tổ",
        f"{text.integer(households)} hộ thuộc mức {span}: {size}" + (f" ({band.note})" if band.note else ""),
        [bands],
    )
    members = band.max_members
    support = base_support(w, "monthly_support", "Hỗ trợ hằng tháng cho cả Tổ", members)
    roles = w.book.choices("role")
    title = summed(
        w,
        "title_extra",
        "Trợ cấp thêm của Tổ trưởng và Tổ phó",
        [(roles[key].label, w.figure(roles[key].parameter)) for key in LEADERS],
    )
    components = [support, title]
    per_team = sum(c.amount for c in components if c.amount is not None)
    all_teams = per_team * teams
    total = all_teams * months
    w.step(
        "Kinh phí đã tính được",
        f"{text.money(per_team)} mỗi Tổ mỗi tháng × {teams} Tổ × {months} tháng = {text.money(total)}",
        amount=total,
    )
    w.assumptions.append(
        "Tính cho Tổ có đủ số thành viên tối đa, theo các mức đang áp dụng vào ngày đã chọn; "
        "không tính các thay đổi về sau (ví dụ mức lương cơ sở mới)."
    )
    w.notes.append(
        "Chưa tính: hỗ trợ thêm theo trình độ đào tạo, bồi dưỡng khi làm nhiệm vụ, hỗ trợ đóng bảo "
        "hiểm xã hội và bảo hiểm y tế, vì các khoản này tùy từng người."
    )
    w.note_start_of("monthly_support_coefficient")
    w.note_start_of("team_size_bands")
    most = "" if band.exact else " tối đa"
    outputs = [
        Output("max_members", f"Số thành viên{most}", members, PEOPLE),
        Output("max_to_vien", f"Trong đó{most} Tổ viên", band.max_to_vien, PEOPLE),
    ]
    partial = any(c.amount is None for c in components)
    if teams > 1:
        outputs.append(Output("per_team_monthly", "Kinh phí mỗi Tổ mỗi tháng", per_team, at_least=partial))
    outputs += [
        Output("monthly_cost", f"Kinh phí mỗi tháng ({teams} Tổ)", all_teams, at_least=partial),
        Output("yearly_cost", f"Kinh phí mỗi năm ({teams} Tổ)", all_teams * 12, at_least=partial),
    ]
    reading = Reading(
        f"Kinh phí cho {teams} Tổ trong {months} tháng là {{amount}}", "Chưa tính được kinh phí"
    )
    return w.finish(
        NAME,
        TITLE,
        {"date": date.isoformat(), "households": households, "teams": teams, "months": months},
        components,
        f"Kinh phí đã tính được cho {teams} Tổ trong {months} tháng",
        reading,
        total=total,
        lead=f"Với {text.integer(households)} hộ, Tổ có {size}.",
        outputs=outputs,
    )


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Số thành viên tối đa theo số hộ và kinh phí hỗ trợ của Tổ.",
    order=6,
    fields=(
        DATE_FIELD,
        Field(
            "households", "Số hộ gia đình của ấp, khu vực", "Ví dụ 820.", COUNT, minimum=1, maximum=1_000_000
        ),
        Field(
            "teams",
            "Số Tổ",
            "Để trống nếu chỉ tính một Tổ.",
            COUNT,
            required=False,
            default=1,
            minimum=1,
            maximum=100_000,
        ),
        Field(
            "months",
            "Số tháng",
            "Để trống để tính 12 tháng.",
            COUNT,
            required=False,
            default=12,
            minimum=1,
            maximum=120,
        ),
    ),
    compute=team,
    uses=USES,
    choices=CHOICES,
    known=("team_size_bands",),
)
