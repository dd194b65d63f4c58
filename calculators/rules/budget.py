"""A commune's yearly budget for its teams: every ấp at once, month by month.

Each ấp or khu vực has one team, as large as its households allow (calculators.rules.team)
unless fewer members are appointed. Each month is costed at the rates in force on its first
day, so a year in which the base salary changes counts each month at its own rate. What is
counted is what every member of a role receives alike: the monthly support, and the extras of
the Tổ trưởng and Tổ phó. Extras by training level, duty allowances and insurance support
depend on each member and are listed, not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from calculators import spreadsheet, text
from calculators.amounts import money
from calculators.calculator import Calculator
from calculators.core.errors import InputError
from calculators.core.reading import Reading
from calculators.core.result import Component, Output, Result, weakest
from calculators.core.working import Working
from calculators.fields import AREAS, COUNT, TEXT, YEAR, Field
from calculators.rates.book import Band, RateBook
from calculators.rules import team
from calculators.rules.monthly import base_support
from calculators.rules.team import LEADERS, PEOPLE, band_for, band_range
from calculators.spreadsheet import Appointed, Area

NAME = "budget"
TITLE = "Dự toán kinh phí của xã, phường"
# The figures of one team's cost (calculators.rules.team), over many teams and months.
USES = team.USES
CHOICES = team.CHOICES


@dataclass(frozen=True)
class AreaCost:
    """One ấp's team and its known cost, month by month."""

    name: str
    households: int
    band: str
    max_members: int
    max_to_vien: int
    members: int
    appointed: bool
    months: tuple[tuple[str, int | None], ...]

    @property
    def year_amount(self) -> int | None:
        known = [a for _, a in self.months if a is not None]
        return sum(known) if known else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "households": self.households,
            "households_text": text.integer(self.households),
            "band": self.band,
            "max_members": self.max_members,
            "max_to_vien": self.max_to_vien,
            "members": self.members,
            "members_text": f"{self.members}" if not self.appointed else f"{self.members} (đã có)",
            "appointed": self.appointed,
            "months": [{"month": m, "amount": a, "amount_text": amount_text(a)} for m, a in self.months],
            "year_amount": self.year_amount,
            "year_amount_text": amount_text(self.year_amount),
        }


def amount_text(amount: int | None) -> str:
    """An amount in a table whose unit (đồng) is in its caption: '6.072.000', or 'chưa tính được'."""
    return "chưa tính được" if amount is None else text.integer(amount)


@dataclass(frozen=True)
class Budget:
    """The budget's table: a row per ấp and the total of each month (known parts only)."""

    rows: tuple[AreaCost, ...]
    commune: str
    period: str  # 'tháng 1–12/2027'
    certainty: str = ""  # how sure each part of the amounts is, in one sentence

    def month_totals(self) -> list[dict[str, Any]]:
        totals = []
        for i, (month, _) in enumerate(self.rows[0].months):
            known = [row.months[i][1] for row in self.rows if row.months[i][1] is not None]
            amount = sum(known) if known else None
            totals.append({"month": month, "amount": amount, "amount_text": amount_text(amount)})
        return totals

    def text_lines(self) -> list[str]:
        """The table as the terminal report lists it: one line per ấp, then the months' totals."""
        lines = [f"Từng ấp, khu vực ({self.period}):"]
        for r in self.rows:
            lines.append(
                f"  {r.name}: {text.integer(r.households)} hộ ({r.band}), {r.members} người"
                + (" đã có" if r.appointed else "")
                + f", cả kỳ {text.money(r.year_amount)}"
            )
        lines.append("Từng tháng (mọi ấp, khu vực):")
        lines += [
            f"  {month_text(t['month']).capitalize()}: {text.money(t['amount'])}" for t in self.month_totals()
        ]
        return lines

    def to_csv(self, result: Result) -> str:
        """The table as a spreadsheet opens it: a row per ấp, a total row, then the notes
        (what is not counted, the pending parts, where the figures apply, their date)."""
        months = [m for m, _ in self.rows[0].months]
        header = [
            "Tên ấp, khu vực",
            "Số hộ",
            "Mức số hộ",
            "Số thành viên tối đa",
            "Số thành viên được tính",
            *(month_text(m).capitalize() for m in months),
            "Cả kỳ (đồng)",
        ]
        body: list[list[object]] = [
            [
                r.name,
                r.households,
                r.band,
                r.max_members,
                r.members,
                *("" if a is None else a for _, a in r.months),
                "" if r.year_amount is None else r.year_amount,
            ]
            for r in self.rows
        ]
        totals = ["" if t["amount"] is None else t["amount"] for t in self.month_totals()]
        body.append(
            [
                "Tổng cộng",
                sum(r.households for r in self.rows),
                "",
                sum(r.max_members for r in self.rows),
                sum(r.members for r in self.rows),
                *totals,
                "" if result.total is None else result.total,
            ]
        )
        notes = [result.headline, self.certainty, *result.notes, result.scope]
        notes.append(
            f"Số tiền tính bằng đồng. Số liệu kiểm tra lần cuối ngày {text.date(result.checked_on)}; "
            "đây là ước tính, không thay cho quyết định của cơ quan có thẩm quyền."
        )
        title = f"{TITLE}" + (f": {self.commune}" if self.commune else "")
        return spreadsheet.write_csv(header, [*body, [], [title], *([n] for n in notes)])

    def to_dict(self) -> dict[str, Any]:
        first = self.rows[0].months[0][0]
        total = [r.year_amount for r in self.rows if r.year_amount is not None]
        return {
            "rows": [row.to_dict() for row in self.rows],
            "month_totals": self.month_totals(),
            "month_labels": [f"Tháng {int(m[5:])}" for m, _ in self.rows[0].months],
            "totals_text": {
                "households": text.integer(sum(r.households for r in self.rows)),
                "members": text.integer(sum(r.members for r in self.rows)),
                "year_amount": amount_text(sum(total) if total else None),
            },
            "commune": self.commune,
            "certainty": self.certainty,
            "rates_as_of": f"vào ngày đầu của mỗi tháng ({self.period})",
            "caption": f"{TITLE}" + (f": {self.commune}" if self.commune else "") + f", {self.period} (đồng)",
            "csv_name": f"du-toan-{first[:4]}.csv",
        }


def month_text(month: str) -> str:
    """'2027-03' → 'tháng 3/2027'."""
    year, number = month.split("-")
    return f"tháng {int(number)}/{year}"


def span_text(first: dt.date, last: dt.date) -> str:
    """'Tháng 1–6/2026', or 'Tháng 7/2026' for a single month."""
    if first == last:
        return f"Tháng {first.month}/{first.year}"
    return f"Tháng {first.month}–{last.month}/{last.year}"


def first_budget_month(book: RateBook) -> dt.date:
    """The first month whose first day has every figure the budget uses."""
    first = max([book.meta.covered_from, *(book.parameter(pid).first_date for pid in USES)])
    if first.day == 1:
        return first
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def span_hint(book: RateBook) -> str:
    """What the year field says it accepts: 'Dự toán được từ tháng 8/2024 đến tháng 12/2027.'"""
    first, last = first_budget_month(book), book.meta.covered_until
    return f"Dự toán được từ tháng {first.month}/{first.year} đến tháng {last.month}/{last.year}."


def _months(book: RateBook, year: int, first_month: int | None, last_month: int) -> list[dt.date]:
    """The months to cost. Left empty, "Từ tháng" is the year's first month that has the rates."""
    earliest, until = first_budget_month(book), book.meta.covered_until
    if not earliest.year <= year <= until.year:
        raise InputError.on("year", f"Chỉ dự toán được cho các năm từ {earliest.year} đến {until.year}.")
    if first_month is None:
        first_month = earliest.month if year == earliest.year else 1
    if first_month > last_month:
        raise InputError.on(
            "last_month", f"“Đến tháng” ({last_month}) không được trước “Từ tháng” ({first_month})."
        )
    months = [dt.date(year, m, 1) for m in range(first_month, last_month + 1)]
    if months[0] < earliest:
        raise InputError.on(
            "first_month",
            f"Năm {year} chỉ dự toán được từ tháng {earliest.month}: dữ liệu có các mức từ ngày "
            f"{text.date(book.parameter('monthly_support_coefficient').first_date)}. Để trống "
            "“Từ tháng” để tính từ tháng đó.",
        )
    return months


def _periods(book: RateBook, months: list[dt.date], pids: list[str]) -> list[list[dt.date]]:
    """The months in runs over which no figure the budget uses changes."""
    runs: list[list[dt.date]] = []
    last_key = None
    for month in months:
        key = tuple(id(book.parameter(pid).at(month)) for pid in pids)
        if key != last_key:
            runs.append([])
            last_key = key
        runs[-1].append(month)
    return runs


def _team(area: Area, bands: tuple[Band, ...]) -> tuple[Band, Appointed]:
    """The band an ấp falls in and the members counted: those appointed, or a full team."""
    band = band_for(bands, area.households)
    given = area.appointed
    if given is None:
        return band, Appointed(1, 1, band.max_to_vien)
    where = f"Dòng {area.line} ({area.name})" if area.line else area.name
    if given.to_vien > band.max_to_vien or given.members > band.max_members:
        raise InputError.on(
            f"areas.{area.line}.to_vien" if area.line else "areas",
            f"{where}: với {text.integer(area.households)} hộ, Tổ có tối đa {band.max_members} người, "
            f"trong đó tối đa {band.max_to_vien} Tổ viên; số người đã ghi ({given.members} người, "
            f"{given.to_vien} Tổ viên) nhiều hơn.",
        )
    return band, given


@dataclass(frozen=True)
class Period:
    """Months over which no figure changes: each ấp's team, and what a member and a leader get."""

    months: tuple[dt.date, ...]
    teams: tuple[tuple[Band, Appointed], ...]  # per ấp: its band and the members counted
    each: Component  # the monthly support of one member
    extras: dict[str, int | None]  # per role of LEADERS: one leader's extra (0: none applies)
    extra_parts: dict[str, Component]  # per role of LEADERS with members: its extra, as computed

    def members(self, role: str | None = None) -> int:
        return sum(team.members if role is None else getattr(team, role) for _, team in self.teams)

    def area_month(self, team: Appointed) -> int | None:
        """One ấp's known cost for one month of the period."""
        return _known(
            [(team.members, self.each.amount), *((getattr(team, k), self.extras[k]) for k in LEADERS)]
        )

    def month_total(self) -> int | None:
        return _known([(1, self.area_month(team)) for _, team in self.teams])


def _cost(w: Working, months: list[dt.date], areas: tuple[Area, ...], last_bands: Any) -> Period:
    """One period's teams and amounts, with its steps in `w` (the team sizes only when the
    bands differ from the previous period's, `last_bands`)."""
    roles = w.book.choices("role")
    bands = w.figure("team_size_bands")
    teams = tuple(_team(area, bands.value) for area in areas)
    if bands.entry is not last_bands:
        w.step(
            "Số thành viên được tính",
            "mỗi ấp, khu vực theo mức số hộ của mình, hoặc số người đã có nếu Tổ chưa đủ (xem bảng "
            f"dự toán): {len(areas)} ấp, khu vực, {sum(t.members for _, t in teams)} người",
            [bands],
        )
    each = base_support(w, "monthly_support", "Hỗ trợ hằng tháng của mỗi người")
    extras: dict[str, int | None] = {}
    parts: dict[str, Component] = {}
    for key in LEADERS:
        pid = roles[key].parameter
        if pid is None or not any(getattr(team, key) for _, team in teams):
            extras[key] = 0
            continue
        part = money(w, f"title_extra_{key}", f"Trợ cấp thêm của mỗi {roles[key].label}", w.figure(pid))
        parts[key] = part
        extras[key] = part.amount
    period = Period(tuple(months), teams, each, extras, parts)
    sums = [f"{period.members()} người × {text.money(each.amount)}"] + [
        f"{period.members(key)} {roles[key].label} × {text.money(extras[key])}"
        for key in LEADERS
        if extras[key]
    ]
    waiting = [key for key in LEADERS if extras[key] is None]
    month_total = period.month_total()
    w.step(
        "Kinh phí đã tính được mỗi tháng",
        " + ".join(sums)
        + f" = {text.money(month_total)}; × {len(months)} tháng = {text.money((month_total or 0) * len(months))}"
        + (f" (chưa gồm trợ cấp thêm của {', '.join(roles[k].label for k in waiting)})" if waiting else ""),
        amount=(month_total or 0) * len(months),
    )
    if waiting:
        who = ", ".join(f"{period.members(key)} {roles[key].label}" for key in waiting)
        w.notes.append(f"Khi có mức trợ cấp thêm, mỗi tháng cộng thêm mức đó cho từng người: {who}.")
    w.note_start_of("monthly_support_coefficient")
    w.note_start_of("team_size_bands")
    return period


def _total(amounts: list[tuple[int, int | None]]) -> int | None:
    """Σ count × amount, or None as soon as one amount that counts is pending."""
    if any(a is None for n, a in amounts if n):
        return None
    return sum(n * a for n, a in amounts if n and a is not None)


def budget(
    book: RateBook,
    year: int,
    first_month: int | None,
    last_month: int,
    areas: tuple[Area, ...],
    commune: str = "",
    assume: Mapping[str, Any] | None = None,
) -> Result:
    """The known cost of every ấp's team, month by month, at the rates of each month."""
    months = _months(book, year, first_month, last_month)
    extras = [p for p in (c.parameter for c in book.choices("role").values()) if p]
    runs = _periods(book, months, [*USES, *extras])
    main = Working(book, months[0], assume)
    periods: list[Period] = []
    for run in runs:
        w = main if len(runs) == 1 else Working(book, run[0], assume)
        last = book.parameter("team_size_bands").at(periods[-1].months[0]) if periods else None
        periods.append(_cost(w, run, areas, last))
        if w is not main:
            main.merge(w, span_text(run[0], run[-1]))
    final = periods[-1]
    rows = tuple(
        AreaCost(
            name=area.name,
            households=area.households,
            band=band_range(book.parameter("team_size_bands").at(final.months[0]).value, band),
            max_members=band.max_members,
            max_to_vien=band.max_to_vien,
            members=team.members,
            appointed=area.appointed is not None,
            months=tuple(
                (m.strftime("%Y-%m"), p.area_month(p.teams[i][1])) for p in periods for m in p.months
            ),
        )
        for i, (area, (band, team)) in enumerate(zip(areas, final.teams, strict=True))
    )
    known_rows = [r.year_amount for r in rows if r.year_amount is not None]
    total = sum(known_rows) if known_rows else None
    support = _total([(p.members() * len(p.months), p.each.amount) for p in periods])
    components = [_component("monthly_support", "Hỗ trợ hằng tháng", support, [p.each for p in periods])]
    for key in LEADERS:  # each title's extra on its own: one may be known before the other
        parts = [p.extra_parts[key] for p in periods if key in p.extra_parts]
        if parts:
            amount = _total([(p.members(key) * len(p.months), p.extras[key]) for p in periods])
            label = f"Trợ cấp thêm của {book.choices('role')[key].label}"
            components.append(_component(f"title_extra_{key}", label, amount, parts))
    if first_month is None and months[0].month != 1:
        main.assumptions.append(
            f"Năm {year} tính từ tháng {months[0].month}, tháng đầu tiên có đủ các mức trong dữ liệu."
        )
    main.assumptions.append(
        "Mỗi tháng tính theo các mức đang áp dụng vào ngày đầu tháng. Tổ nào không ghi số người "
        "đã có thì tính đủ số thành viên tối đa."
    )
    main.notes.append(
        "Chưa tính: hỗ trợ thêm theo trình độ đào tạo, bồi dưỡng khi làm nhiệm vụ, hỗ trợ đóng bảo "
        "hiểm xã hội và bảo hiểm y tế, vì các khoản này tùy từng người."
    )
    count = len(areas)
    period = span_text(months[0], months[-1]).lower()
    outputs = [
        Output("areas", "Số ấp, khu vực", count, "ấp, khu vực"),
        Output("max_members", "Số thành viên tối đa", sum(r.max_members for r in rows), PEOPLE),
        Output("members", "Số thành viên được tính", sum(r.members for r in rows), PEOPLE),
    ]
    where = f" của {commune}" if commune else ""
    return main.finish(
        NAME,
        TITLE,
        {
            "year": year,
            "first_month": months[0].month,
            "last_month": last_month,
            "commune": commune,
            "areas": [a.to_dict() for a in areas],
        },
        components,
        f"Kinh phí đã tính được{where}, {period}",
        Reading(
            f"Kinh phí{where} cho {count} ấp, khu vực, {period}, là {{amount}}",
            "Chưa tính được kinh phí",
        ),
        total=total,
        outputs=outputs,
        breakdown=Budget(rows, commune, period, certainty(components)),
    )


def certainty(components: list[Component]) -> str:
    """'Mức độ chắc chắn: hỗ trợ hằng tháng đã xác minh (chỉ theo một bài báo); …' for the table."""
    parts = [f"{c.label[:1].lower()}{c.label[1:]} {c.status_text}" for c in components]
    return "Mức độ chắc chắn: " + "; ".join(parts) + "."


def _known(parts: list[tuple[int, int | None]]) -> int | None:
    """The sum of count × amount over the parts whose amount is known (None: none is)."""
    known = [n * a for n, a in parts if a is not None]
    if not known and any(n for n, _ in parts):
        return None
    return sum(known)


def _component(cid: str, label: str, amount: int | None, parts: list[Component]) -> Component:
    """One component over the whole period, citing every period's figures once."""
    refs = tuple(dict.fromkeys(r for p in parts for r in p.refs))
    params = tuple(dict.fromkeys(pid for p in parts for pid in p.parameters))
    confidence = next((p.confidence for p in parts if p.confidence), None)
    return Component(cid, label, amount, weakest([p.status for p in parts]), refs, params, confidence)


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Kinh phí hỗ trợ đã tính được của mọi ấp, khu vực trong năm, theo từng tháng.",
    order=7,
    fields=(
        Field("year", "Năm dự toán", "Ví dụ 2027.", YEAR, minimum=1, maximum=9999, hint_for=span_hint),
        Field(
            "first_month",
            "Từ tháng",
            "Để trống để tính từ tháng 1 (hoặc từ tháng đầu có các mức, nếu năm đó bắt đầu muộn hơn).",
            COUNT,
            required=False,
            default=None,
            minimum=1,
            maximum=12,
        ),
        Field(
            "last_month",
            "Đến tháng",
            "Để trống để tính đến tháng 12.",
            COUNT,
            required=False,
            default=12,
            minimum=1,
            maximum=12,
        ),
        Field(
            "commune",
            "Tên xã, phường",
            "Không bắt buộc; in ở đầu bản dự toán.",
            TEXT,
            required=False,
            default="",
        ),
        Field(
            "areas",
            "Các ấp, khu vực",
            "Mỗi dòng một ấp: tên, số hộ; nếu Tổ chưa đủ người, thêm số Tổ trưởng, Tổ phó, Tổ viên đã có.",
            AREAS,
            reader=spreadsheet.read,
        ),
    ),
    compute=budget,
    uses=USES,
    choices=CHOICES,
    known=("team_size_bands",),
)
