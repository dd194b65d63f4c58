"""Single figures written into the guide's sentences: a value, its citation, its status.

Every amount, coefficient and percentage on the site comes through here (or through tables.py),
so a figure is never typed into a page by hand. A pending figure is written as pending, with
the provision to consult, never as zero.
"""

from __future__ import annotations

import datetime as dt

from calculators import text
from calculators.rates.book import DatedValue, Parameter, RateBook


def reference_date(book: RateBook) -> dt.date:
    """The date the guide describes: the day the figures were last checked."""
    return book.meta.checked_on


def entry(book: RateBook, pid: str, on: dt.date | None = None) -> DatedValue:
    param = book.parameter(pid)
    found = param.at(on or reference_date(book))
    if found is None:
        raise ValueError(f"{pid} has no value on {on}")
    return found


def value(book: RateBook, pid: str, on: dt.date | None = None, marked: bool = True) -> str:
    """'2.340.000 đồng/tháng', '0,8 lần mức lương cơ sở (chỉ theo một bài báo)', '22%', or a
    pending marker."""
    param = book.parameter(pid)
    found = entry(book, pid, on)
    if found.value is None:
        return pending_marker(book, param, found)
    return text.value(param.form_at(found), found.value) + (mark(found) if marked else "")


def short(book: RateBook, pid: str, on: dt.date | None = None, marked: bool = True) -> str:
    """The bare number for inside a sentence: '0,8', '22%', '2.340.000 đồng' (with its mark,
    unless the sentence writes the mark itself once for several figures)."""
    param = book.parameter(pid)
    found = entry(book, pid, on)
    if found.value is None:
        return pending_marker(book, param, found)
    return text.short(param.form_at(found), found.value) + (mark(found) if marked else "")


def mark(found: DatedValue) -> str:
    """' (chỉ theo một bài báo)' after a figure read in one news report only; '' otherwise."""
    return f" ({text.SINGLE_NEWS_REPORT})" if found.confidence == "single_news_report" else ""


def pending_marker(book: RateBook, param: Parameter, found: DatedValue) -> str:
    return f"**chưa có mức** (xem {text.reference(found.ref, book)})"


def cite(book: RateBook, pid: str, on: dt.date | None = None) -> str:
    """The citation of a figure: 'điểm a khoản 1 Điều 2 Nghị quyết 03/2024/NQ-HĐND'."""
    return text.reference(entry(book, pid, on).ref, book)


def status_word(status: str) -> str:
    return text.status(status)


def pending_among(book: RateBook, *names: str) -> list[Parameter]:
    """Of the named parameters (ids) and groups (`monthly`, `duty` ...), those with no official
    figure at the guide's date, in the rates file's order. Pages use it so that a sentence saying
    a figure is still pending changes by itself when a maintainer fills the figure."""
    unknown = [
        n for n in names if n not in book.parameters and n not in {p.group for p in book.parameters.values()}
    ]
    if unknown:
        raise ValueError(f"no parameter or group {unknown}")
    wanted = [p for p in book.parameters.values() if p.id in names or p.group in names]
    return [p for p in wanted if (entry := p.at(reference_date(book))) is not None and entry.value is None]


def pending_count(book: RateBook) -> int:
    """How many parameters have no official figure at the guide's date."""
    return len(book.pending_parameters(reference_date(book)))
