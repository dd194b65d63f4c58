"""Tables of the guide, rendered as Markdown from the rate book and the calculators.

Amounts that depend on a rule (the monthly support, a contribution) are computed by running the
calculators themselves, so the guide and the calculators can never disagree.
"""

from __future__ import annotations

import datetime as dt

from calculators import run, text
from calculators.core.result import Result, Step
from calculators.rates.book import Parameter, RateBook
from calculators.rates.units import FORMS, form
from calculators.rules.team import band_range
from calculators.tools.site.figures import reference_date, value

DAY = dt.timedelta(days=1)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _status(status: str, confidence: str | None = None) -> str:
    return text.status(status, confidence)


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"từ {text.date(start)}" + (f" đến {text.date(end)}" if end else "")


def _ends(param: Parameter) -> list[dt.date | None]:
    """The last day of each dated value (None for the one still in force)."""
    ends: list[dt.date | None] = []
    for i, v in enumerate(param.values):
        nxt = param.values[i + 1].start - DAY if i + 1 < len(param.values) else None
        ends.append(v.until or nxt)
    return ends


def history(book: RateBook, pid: str) -> str:
    """Every value a parameter has had, with its period, status and citation."""
    param = book.parameter(pid)
    rows = []
    for v, end in zip(param.values, _ends(param), strict=True):
        shown = "chưa có mức" if v.value is None else text.value(param.form_at(v), v.value)
        rows.append(
            [_period(v.start, end), shown, _status(v.status, v.confidence), text.reference(v.ref, book)]
        )
    return _table(["Thời gian áp dụng", "Mức", "Trạng thái", "Căn cứ"], rows)


def group(book: RateBook, name: str, on: dt.date | None = None) -> str:
    """The parameters of one group as they stand on a date (default: the guide's date)."""
    on = on or reference_date(book)
    rows = []
    for param in book.parameters.values():
        if param.group != name or param.kind == "table":
            continue
        entry = param.at(on)
        if entry is None:
            continue
        shown = "chưa có mức" if entry.value is None else text.value(param.form_at(entry), entry.value)
        rows.append(
            [param.label, shown, _status(entry.status, entry.confidence), text.reference(entry.ref, book)]
        )
    return _table(["Khoản", "Mức", "Trạng thái", "Căn cứ"], rows)


def monthly_by_period(book: RateBook) -> str:
    """The monthly support of a Tổ viên in each period of the base salary and coefficient."""
    coef = book.parameter("monthly_support_coefficient")
    base = book.parameter("base_salary")
    first = coef.first_date
    starts = sorted(
        {first, *(v.start for v in base.values + coef.values if first < v.start <= book.meta.covered_until)}
    )
    rows = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - DAY if i + 1 < len(starts) else None
        result = run("monthly", {"date": start.isoformat(), "role": "to_vien", "training": "none"}, book=book)
        rows.append(
            [
                _period(start, end),
                value(book, "base_salary", start),
                value(book, "monthly_support_coefficient", start),
                f"**{text.money(result.component('base').amount)}**",
            ]
        )
    return _table(["Thời gian", "Mức lương cơ sở", "Hệ số", "Mức hỗ trợ mỗi tháng"], rows)


def team_sizes(book: RateBook, on: dt.date | None = None) -> str:
    """Largest team by number of households."""
    entry = book.parameter("team_size_bands").at(on or reference_date(book))
    bands = entry.value
    rows = []
    for i, band in enumerate(bands):
        upper = bands[i + 1].households_from if i + 1 < len(bands) else None
        if band.households_from == 0:
            span = f"Dưới {text.integer(upper)} hộ"
        elif upper is None:
            span = f"Từ {text.integer(band.households_from)} hộ trở lên"
        else:
            span = f"Từ {text.integer(band.households_from)} đến dưới {text.integer(upper)} hộ"
        confidence = entry.confidence if band.status == "verified" else None
        note = text.status(band.status, confidence) + (f": {band.note}" if band.note else "")
        size = f"đúng {band.max_members}" if band.exact else f"tối đa {band.max_members}"
        to_vien = f"đúng {band.max_to_vien}" if band.exact else f"tối đa {band.max_to_vien}"
        rows.append([span, size, to_vien, note])
    return _table(["Số hộ gia đình của ấp, khu vực", "Số thành viên", "Trong đó Tổ viên", "Trạng thái"], rows)


def team_costs(book: RateBook, on: dt.date | None = None) -> str:
    """For each team size: the known monthly support cost of one full team."""
    on = on or reference_date(book)
    bands = book.parameter("team_size_bands").at(on).value
    rows = []
    for band in bands:
        result = run(
            "team", {"date": on.isoformat(), "households": str(max(band.households_from, 1))}, book=book
        )
        support = result.component("monthly_support").amount
        span = band_range(bands, band)
        rows.append(
            [
                span[:1].upper() + span[1:],
                result.output("max_members").value_text,
                text.money(support),
                text.money(None if support is None else support * 12),
            ]
        )
    header = [
        "Số hộ của ấp, khu vực",
        "Tổ đủ thành viên",
        "Chỉ hỗ trợ hằng tháng: cả Tổ, mỗi tháng",
        "Cả năm (12 tháng)",
    ]
    return _table(header, rows)


def state_support(book: RateBook) -> str:
    """State support for voluntary social insurance by group, in each period, with the amount
    it gives at the lowest income basis."""
    choices = book.choices("group")
    params = [book.parameter(c.parameter) for c in choices.values()]
    first = book.parameter("bhxh_local_support").first_date
    starts = sorted({v.start for p in params for v in p.values})
    starts = [s for s in starts if s > first] or []
    dates = [first] + starts
    header = ["Nhóm"] + [
        _period(d, (dates[i + 1] - DAY) if i + 1 < len(dates) else None) for i, d in enumerate(dates)
    ]
    rows = []
    for key, choice in choices.items():
        row = [choice.label]
        for d in dates:
            result = run("bhxh", {"date": d.isoformat(), "group": key}, book=book)
            pct = value(book, choice.parameter, d)
            row.append(f"{pct}: {text.money(result.component('state_support').amount)}/tháng")
        rows.append(row)
    return _table(header, rows)


def bhxh_levels(book: RateBook, on: dt.date | None = None) -> str:
    """Contribution, State support and what remains, by group, at the lowest income basis."""
    on = on or reference_date(book)
    rows = []
    pending = False
    for key, choice in book.choices("group").items():
        r = run("bhxh", {"date": on.isoformat(), "group": key}, book=book)
        pending = pending or r.component("local_support").amount is None
        rows.append(
            [
                choice.label,
                text.money(r.component("contribution").amount),
                text.money(r.component("state_support").amount),
                _amount_or_pending(r, "local_support"),
                r.total_text,
            ]
        )
    return _table(
        ["Nhóm", "Số tiền đóng", "Nhà nước hỗ trợ", "Cần Thơ hỗ trợ thêm", "Còn phải tự đóng"], rows
    )


def bhyt_levels(book: RateBook, on: dt.date | None = None) -> str:
    """Health-insurance contribution by position in the household."""
    on = on or reference_date(book)
    rows = []
    for key, choice in book.choices("position").items():
        r = run("bhyt", {"date": on.isoformat(), "position": key}, book=book)
        share = (
            "mức gốc"
            if choice.parameter is None
            else value(book, choice.parameter, on) + " mức của người thứ nhất"
        )
        rows.append(
            [
                choice.label,
                share,
                text.money(r.component("contribution").amount),
                _amount_or_pending(r, "local_support"),
            ]
        )
    return _table(["Thứ tự trong hộ", "Cách tính", "Số tiền đóng mỗi tháng", "Cần Thơ hỗ trợ"], rows)


def _amount_or_pending(result: Result, cid: str) -> str:
    amount = result.component(cid).amount
    return "chưa có mức" if amount is None else text.money(amount)


GROUP_TITLES = {
    "base": "Mức chung của Nhà nước",
    "monthly": "Hỗ trợ hằng tháng (khoản 1 Điều 2)",
    "duty": "Bồi dưỡng khi làm nhiệm vụ (khoản 2 Điều 2)",
    "bhxh": "Bảo hiểm xã hội tự nguyện (khoản 1 Điều 3)",
    "bhyt": "Bảo hiểm y tế (khoản 2 Điều 3)",
    "incident": "Ốm đau, tai nạn, chết (Điều 4)",
    "team": "Quy mô Tổ",
    "context": "Số liệu tham khảo",
}


def all_histories(book: RateBook) -> str:
    """Every parameter's values over time, grouped as the guide is, with the document of each."""
    out = []
    for group, title in GROUP_TITLES.items():
        params = [p for p in book.parameters.values() if p.group == group]
        if not params:
            continue
        out.append(f"## {title}\n")
        out.append(f"Các mức về {title[0].lower() + title[1:]}, theo thời gian:\n")
        for param in params:
            out.append(f"### {param.label}\n")
            if param.kind == "table":
                out.append(team_sizes(book, param.values[-1].start))
                out.append(
                    f"\nÁp dụng từ {text.date(param.first_date)}; căn cứ: {text.reference(param.values[-1].ref, book)}.\n"
                )
            else:
                out.append(history(book, param.id) + "\n")
    return "\n".join(out)


def data_status(book: RateBook) -> str:
    """Every parameter at the guide's date: pending first, then the rest."""
    on = reference_date(book)
    rows_pending, rows_known = [], []
    for param in book.parameters.values():
        entry = param.at(on) or param.values[-1]
        shown = "chưa có mức" if entry.value is None else text.value(param.form_at(entry), entry.value)
        row = [
            f"{param.label} (`{param.id}`)",
            shown,
            _status(entry.status, entry.confidence),
            text.reference(entry.ref, book),
            text.date(entry.verified_on),
        ]
        (rows_pending if entry.value is None else rows_known).append(row)
    header = ["Khoản", "Mức", "Trạng thái", "Căn cứ", "Kiểm tra ngày"]
    return (
        f"### Còn chờ mức chính thức ({len(rows_pending)})\n\n"
        + _table(header, rows_pending)
        + f"\n\n### Đã có mức ({len(rows_known)})\n\n"
        + _table(header, rows_known)
    )


def forms(book: RateBook) -> str:
    """Every form a figure may take (calculators/rates/units.py): its key, what it means, how
    its value is written."""
    how = {
        "money": "số nguyên, không dấu chấm, không ngoặc kép",
        "decimal": 'trong ngoặc kép, dấu chấm thập phân (ví dụ "0.5")',
        "count": "số nguyên",
        "table": "danh sách các dòng",
    }
    rows = [[f"`{f.key}`", f.describe, how[f.kind]] for f in FORMS.values()]
    return _table(["Dạng (`unit`, `form`)", "Nghĩa", "Cách viết `value`"], rows)


def pending_forms(book: RateBook) -> str:
    """Each figure still pending, with the forms its official text may take (the `form:` to
    write when filling it)."""
    rows = [
        [
            f"{param.label} (`{param.id}`)",
            "<br>".join(f"`{key}`: {form(key).describe}" for key in param.forms),
        ]
        for param in book.pending_parameters(reference_date(book))
    ]
    return _table(["Khoản", "Dạng có thể ghi (form)"], rows)


READ_IN = {
    "legal_text": "văn bản gốc",
    "news_report": "tin báo chí về văn bản",
}


def sources(book: RateBook) -> str:
    """The documents cited: what we read of each (the text itself or a news report of it), its
    dates, and where to read it."""
    rows = []
    for s in book.sources.values():
        in_force = text.date(s.in_force) if s.in_force else (s.in_force_note or "chưa xác minh")
        if s.applied_from:
            in_force += f"; áp dụng từ {text.date(s.applied_from)}"
        rows.append(
            [
                f"**{s.short}**: {s.title}",
                s.issuer,
                READ_IN[s.read_in],
                text.date(s.adopted) if s.adopted else "chưa xác minh",
                in_force,
                s.where + (f" {s.note}" if s.note else ""),
            ]
        )
    header = ["Văn bản", "Cơ quan", "Chúng tôi đọc ở", "Ngày ban hành", "Ngày hiệu lực", "Nơi xem, ghi chú"]
    return _table(header, rows)


def worked(result: Result, opening: bool = True) -> str:
    """A calculator result as Markdown: its opening sentence (unless the caller wrote it), the
    amounts, then the working with citations and what its marks mean."""
    lines = [f"**{result.headline}**", ""] if opening else []
    lines += [
        _table(
            ["Khoản", "Số tiền", "Trạng thái"],
            [[c.label, text.money(c.amount), c.status_text] for c in result.components]
            + [
                [
                    f"**{result.total_label}**",
                    f"**{result.total_text}**",
                    "" if result.complete else "chưa đầy đủ",
                ]
            ],
        ),
        "",
        "Cách tính:",
        "",
    ]
    for i, step in enumerate(result.steps, 1):
        lines.append(
            f"{i}. {step.label}: {step.formula}" + (f" ({cites})" if (cites := _cites(step)) else "")
        )
    if result.legend():
        lines += ["", "Chú thích: " + " ".join(result.legend())]
    return "\n".join(lines)


def _cites(step: Step) -> str:
    """The citations of a step's figures, each once: a figure cited twice in the step (say the
    contribution rate, used twice) is listed once."""
    return "; ".join(dict.fromkeys(u.ref_text for u in step.uses))
