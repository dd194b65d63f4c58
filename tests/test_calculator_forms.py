"""The calculator forms written at build time: the date hint states the days each calculator can
really compute."""

from __future__ import annotations

import datetime as dt

import pytest
from books import REAL

from calculators import InputError, run, text
from calculators.fields import DATE
from calculators.registry import CALCULATORS
from calculators.rules.budget import first_budget_month
from calculators.tools.site.forms import first_day, form

BOOK = REAL


DATED = sorted(n for n, c in CALCULATORS.items() if any(f.kind == DATE for f in c.fields))


@pytest.mark.parametrize("name", DATED)
def test_the_date_hint_starts_on_the_calculators_first_day(name: str) -> None:
    first = first_day(BOOK, name)
    html = form(BOOK, name)
    assert f"Tính được cho ngày từ {text.date(first)} đến {text.date(BOOK.meta.covered_until)}." in html
    assert f'data-covered-from="{first.isoformat()}"' in html


def test_the_budget_year_hint_names_the_months_it_can_compute() -> None:
    """The budget asks for a year, not a day: its hint says from which month to which."""
    first, last = first_budget_month(BOOK), BOOK.meta.covered_until
    assert set(CALCULATORS) - set(DATED) == {"budget"}
    html = form(BOOK, "budget")
    assert f"Dự toán được từ tháng {first.month}/{first.year} đến tháng {last.month}/{last.year}." in html
    ok = {"year": str(first.year), "first_month": str(first.month), "areas": "Ấp A,320"}
    assert run("budget", ok, book=BOOK).total > 0
    with pytest.raises(InputError) as caught:
        run("budget", {**ok, "first_month": str(first.month - 1)}, book=BOOK)
    assert list(caught.value.errors) == ["first_month"]


def test_the_first_day_is_where_computing_starts() -> None:
    first = first_day(BOOK, "monthly")
    answers = {"role": "to_vien", "training": "none"}
    assert run("monthly", {**answers, "date": first.isoformat()}, book=BOOK).total > 0
    with pytest.raises(InputError) as caught:
        run("monthly", {**answers, "date": (first - dt.timedelta(days=1)).isoformat()}, book=BOOK)
    assert "date" in caught.value.errors
    assert first > BOOK.meta.covered_from  # the hint used to promise the covered range instead
