"""Property tests of the budget (hypothesis), against the team calculator and the frozen rates.

Over random lists of ấp (any households, full or partly appointed teams), any span of months the
rates cover, with and without assumed extras for the Tổ trưởng and Tổ phó:

- each full team's month equals the team calculator's one month for that ấp on that month's
  first day, so the budget costs each month at the rates in force then;
- a partly appointed team costs its members at that month's amounts (the independent model of
  tests/test_properties.py: 0.8 × the base salary in force);
- the total is the sum of the rows and the sum of the months, members never exceed the band,
  the result is incomplete exactly while an extra is pending and not assumed;
- the list written back as text (the link's form) gives the same budget.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_properties import BANDS, BASE_SALARY, BOOK, band, half_up, money, on, props

from calculators import run, spreadsheet
from calculators.rules.budget import first_budget_month

LEADERS = ("title_extra_to_truong", "title_extra_to_pho")
FIRST = first_budget_month(BOOK)
LAST = BOOK.meta.covered_until


@st.composite
def area_row(draw: st.DrawFn) -> tuple[str, int, tuple[int, int, int] | None]:
    households = draw(
        st.one_of(
            st.integers(1, 2600), st.sampled_from([b[0] for b in BANDS[1:]] + [b[0] - 1 for b in BANDS[1:]])
        )
    )
    name = draw(st.sampled_from(["Ấp A", "Khu vực 2", 'Ấp "Mới"', "Ấp; chợ", "", "Ấp, Đông"]))
    appointed = None
    if draw(st.booleans()):
        _, to_vien = band(households)
        appointed = (draw(st.integers(0, 1)), draw(st.integers(0, 1)), draw(st.integers(0, to_vien)))
    return name, households, appointed


@st.composite
def budget_case(draw: st.DrawFn) -> dict[str, Any]:
    year = draw(st.integers(FIRST.year, LAST.year))
    low = FIRST.month if year == FIRST.year else 1
    first = draw(st.integers(low, 12))
    last = draw(st.integers(first, 12))
    rows = draw(st.lists(area_row(), min_size=1, max_size=12))
    assume = {pid: draw(money) for pid in draw(st.lists(st.sampled_from(LEADERS), unique=True))}
    return {"year": year, "first": first, "last": last, "rows": rows, "assume": assume}


def as_text(rows: list[tuple[str, int, tuple[int, int, int] | None]]) -> str:
    """The rows as a spreadsheet paste: tab-separated, names quoted where the format needs."""
    areas = tuple(
        spreadsheet.Area(name or f"Ấp, khu vực {i}", h, spreadsheet.Appointed(*a) if a else None)
        for i, (name, h, a) in enumerate(rows, start=1)
    )
    return spreadsheet.canonical(areas)


def compute(case: dict[str, Any], areas: str | None = None) -> Any:
    answers = {
        "year": str(case["year"]),
        "first_month": str(case["first"]),
        "last_month": str(case["last"]),
        "areas": areas if areas is not None else as_text(case["rows"]),
    }
    return run("budget", answers, case["assume"], book=BOOK, strict_assume=False)


@given(budget_case())
@props(60)
def test_each_month_is_the_team_calculators_month_at_that_months_rates(case: dict[str, Any]) -> None:
    result = compute(case)
    data = result.to_dict()
    for row, (_, households, appointed) in zip(data["rows"], case["rows"], strict=True):
        for month in row["months"]:
            day = dt.date.fromisoformat(month["month"] + "-01")
            counted = appointed or (1, 1, band(households)[1])
            # The leaders' extras, each known only when assumed (pending in the frozen rates).
            extras = sum(
                int(case["assume"][pid]) * n
                for pid, n in zip(LEADERS, counted[:2], strict=True)
                if n and pid in case["assume"]
            )
            if appointed is None:  # a full team: the team calculator's monthly support that month
                team = run(
                    "team",
                    {"date": day.isoformat(), "households": str(households), "months": "1"},
                    book=BOOK,
                )
                assert month["amount"] == team.component("monthly_support").amount + extras, (
                    row["name"],
                    month,
                )
            # Either way, the independent model: members × 0.8 × the base salary in force.
            each = half_up(Decimal("0.8") * on(BASE_SALARY, day))
            assert month["amount"] == sum(counted) * each + extras, (row["name"], month)
        members, _ = band(households)
        assert row["max_members"] == members and row["members"] <= members


@given(budget_case())
@props(60)
def test_totals_add_up_and_pending_is_said(case: dict[str, Any]) -> None:
    result = compute(case)
    data = result.to_dict()
    months = case["last"] - case["first"] + 1
    assert all(len(r["months"]) == months for r in data["rows"])
    assert result.total == sum(r["year_amount"] for r in data["rows"])
    assert result.total == sum(m["amount"] for m in data["month_totals"])
    assert result.total == sum(c.amount for c in result.components if c.amount is not None)
    leaders_in_list = {
        pid
        for pid, i in zip(LEADERS, (0, 1), strict=True)
        if any(a is None or a[i] for _, _, a in case["rows"])
    }
    assert set(result.pending) == leaders_in_list
    assert result.complete is (not leaders_in_list)
    unassumed = leaders_in_list - set(case["assume"])
    extras = {c.parameters[0]: c.amount for c in result.components if c.id.startswith("title_extra_")}
    assert set(extras) == leaders_in_list
    assert {pid for pid, amount in extras.items() if amount is None} == unassumed
    assert result.total_text.startswith("ít nhất") is bool(unassumed)


@given(budget_case())
@props(30)
def test_the_list_read_back_from_its_text_gives_the_same_budget(case: dict[str, Any]) -> None:
    first = compute(case)
    again = spreadsheet.canonical(spreadsheet.read(as_text(case["rows"])))
    assert compute(case, again).to_dict() == first.to_dict()
