"""The guide's figures and tables come from the rate book and the calculators, and show pending
figures as pending (never as zero)."""

from __future__ import annotations

import datetime as dt

import pytest
from books import FROZEN

from calculators import run
from calculators.rates import RateBook
from calculators.tools.site import figures, tables


@pytest.fixture(scope="module")
def book() -> RateBook:
    return FROZEN


def test_figures_are_written_the_vietnamese_way(book: RateBook) -> None:
    assert figures.value(book, "base_salary", dt.date(2024, 8, 1)) == "2.340.000 đồng/tháng"
    assert figures.short(book, "monthly_support_coefficient", marked=False) == "0,8"
    assert figures.short(book, "bhyt_rate") == "4,5%"


def test_a_figure_from_one_news_report_says_so_wherever_it_is_written(book: RateBook) -> None:
    """The frozen coefficient was read in one news report: sentences and tables say so."""
    mark = "(chỉ theo một bài báo)"
    assert figures.short(book, "monthly_support_coefficient") == f"0,8 {mark}"
    assert figures.value(book, "monthly_support_coefficient").endswith(mark)
    assert mark in tables.group(book, "monthly")
    assert mark not in figures.value(book, "base_salary")


def test_a_pending_figure_is_shown_as_pending_with_its_article(book: RateBook) -> None:
    shown = figures.value(book, "title_extra_to_truong")
    assert "chưa có mức" in shown
    assert "khoản 1 Điều 2 Nghị quyết 03/2024/NQ-HĐND" in shown
    assert "0 đồng" not in shown


def test_monthly_table_uses_the_calculator_for_every_period(book: RateBook) -> None:
    table = tables.monthly_by_period(book)
    for on in ("2024-07-05", "2026-07-01"):
        total = run("monthly", {"date": on, "role": "to_vien", "training": "none"}, book=book).total
        assert f"{total:,}".replace(",", ".") + " đồng" in table
    assert "từ 05/07/2024 đến 30/06/2026" in table


def test_team_sizes_table_has_every_band(book: RateBook) -> None:
    table = tables.team_sizes(book)
    bands = book.parameter("team_size_bands").values[-1].value
    assert table.count("\n") == len(bands) + 1
    assert "Dưới 350 hộ" in table and "Từ 2.000 hộ trở lên" in table


def test_history_lists_every_dated_value_with_its_period(book: RateBook) -> None:
    table = tables.history(book, "base_salary")
    assert "từ 01/07/2023 đến 30/06/2024" in table
    assert "từ 01/07/2026 |" in table


def test_data_status_lists_pending_first_and_counts_them(book: RateBook) -> None:
    text = tables.data_status(book)
    pending = figures.pending_count(book)
    assert text.startswith(f"### Còn chờ mức chính thức ({pending})")
    assert pending == len(book.pending_parameters(book.meta.checked_on)) > 0
    first_known = text.index("### Đã có mức")
    assert "`title_extra_to_truong`" in text[:first_known]
    assert "`base_salary`" in text[first_known:]


def test_state_support_table_changes_on_1_july_2025(book: RateBook) -> None:
    table = tables.state_support(book)
    assert "đến 30/06/2025" in table and "từ 01/07/2025" in table
    assert "30%: 99.000 đồng/tháng" in table and "50%: 165.000 đồng/tháng" in table


def test_insurance_tables_never_show_a_pending_support_as_zero(book: RateBook) -> None:
    for table in (tables.bhxh_levels(book), tables.bhyt_levels(book)):
        assert "chưa có mức" in table
        assert "| 0 đồng" not in table
