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
from calculators.fields import AREAS, CHOICE, DATE, TEXT, Field, choices_of
from calculators.rates.book import RateBook
from calculators.registry import CALCULATORS
from calculators.spreadsheet import COLUMN_LABELS

# The guide's table that answers a calculator's common questions without it: pointed to while
# the calculator loads on a slow link (page under docs/, anchor, what the link says).
GUIDE_TABLES = {
    "monthly": ("ho-tro-hang-thang.md", "#muc-ho-tro-theo-tung-thoi-ky", "bảng mức hỗ trợ hằng tháng"),
    "duty": ("boi-duong.md", "#muc-o-can-tho", "bảng các mức bồi dưỡng"),
    "bhxh": ("bao-hiem.md", "#phan-ban-tu-tra", "bảng tiền đóng bảo hiểm xã hội tự nguyện"),
    "bhyt": ("bao-hiem.md", "#cach-tinh-cho-ca-ho", "bảng tiền đóng bảo hiểm y tế"),
    "incident": ("om-dau-tai-nan.md", "#muc-o-can-tho", "bảng các khoản hỗ trợ"),
    "team": ("kinh-phi.md", "#kinh-phi-cua-moi-to", "bảng kinh phí của mỗi Tổ"),
    "budget": ("kinh-phi.md", "#kinh-phi-cua-moi-to", "bảng kinh phí của mỗi Tổ"),
}


def form(
    book: RateBook,
    name: str,
    prefix: str | None = None,
    scope_href: str = "",
    guide_href: str = "",
    answers_href: str = "",
) -> str:
    """The HTML of one calculator's form and its (empty) result area. `scope_href` links each
    result's line on where the figures apply to the page that explains the merger; `guide_href`
    is the guide's table that answers the common questions while the calculator loads;
    `answers_href` the answers computed at build time for choices and a date (answers.py)."""
    calc = CALCULATORS[name]
    pid = prefix or f"calc-{name}"
    meta = book.meta
    first = first_day(book, name)
    parts = [
        f'<form class="calc" id="{pid}" data-calculator="{name}" novalidate '
        f'data-covered-from="{first.isoformat()}" data-covered-until="{meta.covered_until.isoformat()}" '
        f'data-scope-href="{escape(scope_href)}" data-answers="{escape(answers_href)}" '
        f'aria-label="{escape(calc.title)}">',
        '<noscript><p class="calc-noscript">Máy tính cần bật JavaScript. Các bảng và cách tính trên '
        "trang vẫn xem được.</p></noscript>",
        f'<div class="calc-error-summary" id="{pid}-summary" tabindex="-1" hidden>'
        '<h2 class="calc-error-summary__title">Có thông tin cần sửa</h2><ul></ul></div>',
    ]
    parts += [_field(book, pid, f, first) for f in calc.fields]
    table = GUIDE_TABLES.get(name)
    while_waiting = (
        f'<p class="calc-while" hidden>Trong lúc chờ, bạn có thể xem <a href="{escape(guide_href)}">'
        f"{escape(table[2])}</a> (không cần tải gì thêm).</p>"
        if table and guide_href
        else ""
    )
    # Next to the button, in view when the reader taps it: the status (empty until the script
    # runs: without JavaScript nothing will load, the noscript note says so) and, while the
    # calculator loads, where the guide's table answers the common questions.
    parts.append(
        f'<div class="calc-assume" id="{pid}-assume" hidden></div>'
        '<div class="calc-actions">'
        '<button type="submit" class="md-button md-button--primary calc-submit">Tính</button>'
        f'<p class="calc-status" id="{pid}-status" role="status"></p>'
        f"</div>{while_waiting}</form>"
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
    if field.kind == AREAS:
        return _areas(fid, field, hint, error)
    width = {DATE: "calc-input--date", TEXT: "calc-input--text"}.get(field.kind, "calc-input--number")
    mode = "text" if field.kind in (DATE, TEXT) else "numeric"
    return (
        f'<div class="calc-field" data-field="{field.name}">'
        f'<label class="calc-label" for="{fid}">{escape(field.label)}</label>{hint}{error}'
        f'<input class="calc-input {width}" id="{fid}" name="{field.name}" type="text" '
        f'inputmode="{mode}" autocomplete="off" spellcheck="false" '
        f'aria-describedby="{fid}-hint"></div>'
    )


def _areas(fid: str, field: Field, hint: str, error: str) -> str:
    """A list of ấp to fill row by row, add to and remove from, with a box for a paste from a
    spreadsheet and a CSV file picker. The rows are drawn by the page's script from the
    template (docs/assets/js/areas.js), which keeps the list as text in the hidden `areas` input:
    what is sent to the engine and kept in the link."""

    def cell(col: str, width: str, mode: str) -> str:
        label = COLUMN_LABELS[col] if col in ("ten", "so_ho") else f"Số {COLUMN_LABELS[col]} đã có"
        return (
            f'<div class="calc-area-cell calc-area-cell--{col}"><label class="calc-label" data-for="{col}">'
            f"{escape(label)}</label>"
            f'<input class="calc-input {width}" data-col="{col}" type="text" inputmode="{mode}" '
            'autocomplete="off" spellcheck="false"></div>'
        )

    roles = "".join(cell(col, "calc-input--count", "numeric") for col in ("to_truong", "to_pho", "to_vien"))
    row = (
        '<li class="calc-area-row"><fieldset class="calc-area-fieldset"><legend class="calc-area-number">'
        '</legend><p class="calc-error" hidden></p>'
        f'<div class="calc-area-cells">{cell("ten", "calc-input--text", "text")}'
        f"{cell('so_ho', 'calc-input--number', 'numeric')}</div>"
        '<details class="calc-area-appointed"><summary>Tổ chưa đủ người? Ghi số người đã có</summary>'
        '<p class="calc-hint">Để trống cả ba ô thì tính đủ số thành viên tối đa. Ô để trống được tính là 0.</p>'
        f'<div class="calc-area-cells">{roles}</div></details>'
        '<button type="button" class="md-button calc-area-remove"></button></fieldset></li>'
    )
    return (
        f'<fieldset class="calc-field calc-areas" data-field="{field.name}" aria-describedby="{fid}-hint">'
        f"<legend>{escape(field.label)}</legend>{hint}{error}"
        f'<input type="hidden" id="{fid}" name="{field.name}">'
        f'<ol class="calc-area-list" id="{fid}-list"></ol>'
        f'<template class="calc-area-template">{row}</template>'
        '<p class="calc-area-count" role="status"></p>'
        '<button type="button" class="md-button calc-area-add">Thêm ấp, khu vực</button>'
        '<details class="calc-area-import"><summary>Dán từ bảng tính hoặc chọn tệp CSV</summary>'
        f'<div class="calc-field" data-field="paste"><label class="calc-label" for="{fid}-paste">'
        "Dán danh sách</label>"
        f'<p class="calc-hint" id="{fid}-paste-hint">Trong Excel, chọn các ô tên và số hộ (có thể thêm '
        "số Tổ trưởng, Tổ phó, Tổ viên đã có), sao chép rồi dán vào đây. Cũng có thể gõ mỗi ấp một "
        "dòng, ví dụ: Ấp Một, 320.</p>"
        f'<p class="calc-error" id="{fid}-paste-error" hidden></p>'
        f'<textarea class="calc-input calc-area-paste" id="{fid}-paste" rows="4" '
        f'aria-describedby="{fid}-paste-hint" spellcheck="false"></textarea></div>'
        f'<label class="calc-label" for="{fid}-file">Hoặc chọn tệp CSV</label>'
        f'<p class="calc-hint" id="{fid}-file-hint">Tệp có cột tên ấp và số hộ (dòng tiêu đề “Tên ấp;Số hộ” hoặc '
        "“ten,so_ho”), lưu dạng “CSV UTF-8”.</p>"
        f'<input class="calc-area-file" id="{fid}-file" type="file" accept=".csv,text/csv,text/plain" '
        f'aria-describedby="{fid}-file-hint">'
        '<div class="calc-area-import-actions"><button type="button" class="md-button calc-area-take">'
        "Đưa vào danh sách</button>"
        '<p class="calc-area-import-status" role="status"></p></div></details></fieldset>'
    )


def _hint(book: RateBook, field: Field, first: dt.date) -> str:
    if field.kind == CHOICE and any(c.status == "inferred" for c in book.choices(field.name).values()):
        return (
            f"{field.hint} Lựa chọn ghi “suy luận” là do chúng tôi suy ra, nguồn chưa ghi trực tiếp "
            "(xem phần Ghi chú của kết quả)."
        )
    if field.hint_for is not None:
        return f"{field.hint} {field.hint_for(book)}"
    if field.kind == DATE:
        return (
            f"Nhập ngày/tháng/năm, ví dụ {text.date(book.meta.checked_on)}. "
            f"Tính được cho ngày từ {text.date(first)} đến "
            f"{text.date(book.meta.covered_until)}."
        )
    return field.hint
