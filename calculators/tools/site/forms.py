"""The calculator forms, written into the pages at build time as plain accessible HTML.

The questions come from the calculators' own field definitions and the choice lists from the
rate book, so the form, the command line and the engine always agree. The page's JavaScript
only enhances this form (computing in a Web Worker); without it the page still explains how
each amount is computed. Built in the manner of the GOV.UK design system: a label and a hint on
every field, radios for short choice lists, errors next to the field and in a summary.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from calculators import text
from calculators.fields import CHOICE, DATE, Field, choices_of
from calculators.rates.book import RateBook
from calculators.registry import CALCULATORS


def form(book: RateBook, name: str, prefix: str | None = None, scope_href: str = "") -> str:
    """The HTML of one calculator's form and its (empty) result area. `scope_href` links each
    result's line on where the figures apply to the page that explains the merger."""
    calc = CALCULATORS[name]
    pid = prefix or f"calc-{name}"
    meta = book.meta
    first = first_day(book, name)
    parts = [
        f'<form class="calc" id="{pid}" data-calculator="{name}" novalidate '
        f'data-covered-from="{first.isoformat()}" data-covered-until="{meta.covered_until.isoformat()}" '
        f'data-scope-href="{escape(scope_href)}" aria-label="{escape(calc.title)}">',
        '<noscript><p class="calc-noscript">Máy tính cần bật JavaScript. Các bảng và cách tính trên '
        "trang vẫn xem được.</p></noscript>",
        # Empty until the script runs: without JavaScript nothing will load (the noscript note says so).
        f'<p class="calc-status" id="{pid}-status" role="status"></p>',
        f'<div class="calc-error-summary" id="{pid}-summary" tabindex="-1" hidden>'
        '<h2 class="calc-error-summary__title">Có thông tin cần sửa</h2><ul></ul></div>',
    ]
    parts += [_field(book, pid, f, first) for f in calc.fields]
    parts.append(
        f'<div class="calc-assume" id="{pid}-assume" hidden></div>'
        '<div class="calc-actions">'
        '<button type="submit" class="md-button md-button--primary calc-submit">Tính</button>'
        "</div></form>"
    )
    parts.append(
        f'<section class="calc-result" id="{pid}-result" data-result-for="{name}" '
        f'aria-labelledby="{pid}-result-title" tabindex="-1" hidden></section>'
    )
    return "\n".join(parts)


def first_day(book: RateBook, name: str) -> dt.date:
    """The first day a calculator can compute: every figure it uses has a value from then on."""
    calc = CALCULATORS[name]
    return max([book.meta.covered_from, *(book.parameter(pid).first_date for pid in calc.uses)])


def _field(book: RateBook, pid: str, field: Field, first: dt.date) -> str:
    fid = f"{pid}-{field.name}"
    hint = f'<p class="calc-hint" id="{fid}-hint">{escape(_hint(book, field, first))}</p>'
    error = f'<p class="calc-error" id="{fid}-error" hidden></p>'
    if field.kind == CHOICE:
        radios = "".join(
            f'<div class="calc-radio"><input type="radio" id="{fid}-{escape(key)}" name="{field.name}" '
            f'value="{escape(key)}"><label for="{fid}-{escape(key)}">{escape(label)}</label></div>'
            for key, label in choices_of(book, field).items()
        )
        return (
            f'<fieldset class="calc-field" data-field="{field.name}" aria-describedby="{fid}-hint">'
            f"<legend>{escape(field.label)}</legend>{hint}{error}"
            f'<div class="calc-radios">{radios}</div></fieldset>'
        )
    width = "calc-input--date" if field.kind == DATE else "calc-input--number"
    return (
        f'<div class="calc-field" data-field="{field.name}">'
        f'<label class="calc-label" for="{fid}">{escape(field.label)}</label>{hint}{error}'
        f'<input class="calc-input {width}" id="{fid}" name="{field.name}" type="text" '
        f'inputmode="{"numeric" if field.kind != DATE else "text"}" autocomplete="off" spellcheck="false" '
        f'aria-describedby="{fid}-hint"></div>'
    )


def _hint(book: RateBook, field: Field, first: dt.date) -> str:
    if field.kind == CHOICE and any(c.status == "inferred" for c in book.choices(field.name).values()):
        return (
            f"{field.hint} Lựa chọn ghi “suy luận” là do chúng tôi suy ra, nguồn chưa ghi trực tiếp "
            "(xem phần Ghi chú của kết quả)."
        )
    if field.kind == DATE:
        return (
            f"Nhập ngày/tháng/năm, ví dụ {text.date(book.meta.checked_on)}. "
            f"Tính được cho ngày từ {text.date(first)} đến "
            f"{text.date(book.meta.covered_until)}."
        )
    return field.hint
