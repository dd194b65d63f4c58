"""Answers computed at build time, for questions made only of choices and a date.

Most questions members ask have no typed amount: a role and a training level, a position in
the household, a group at the lowest income. Their answers depend on the choices and on the
period of the rates the date falls in, nothing else. So the build runs the same Python the
browser runs (`calculators.browser.compute`) once per combination of choices and per period,
and ships the answers with the page: on a slow phone link the page answers at once, and Pyodide
is needed only for typed amounts, counts and what-ifs. The live engine stays the authority:
tests/test_pyodide.py runs every shipped answer through it and compares field by field.

Within a period an answer differs only by the date itself, which four fields echo (`date`,
`inputs.date`, `date_text`, and the date's line of `input_texts`); they are blanked here and
written back by the page (docs/assets/js/shipped.js) for the date asked. Identical answers are
stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from typing import Any

from calculators import browser, text
from calculators.fields import CHOICE, DATE, Field
from calculators.rates.book import RateBook
from calculators.registry import CALCULATORS
from calculators.tools.site.forms import first_day

# Required fields that are not choices but take a few common values (positions 5 and later pay
# alike, and the page asks the live engine for any other).
ENUMERATED = {("bhyt", "position"): ("1", "2", "3", "4", "5")}
DAY = dt.timedelta(days=1)


def periods(book: RateBook, name: str) -> list[tuple[dt.date, dt.date]]:
    """The spans of days over which no figure and no document date changes, from the
    calculator's first day to the end of the covered range."""
    first, last = first_day(book, name), book.meta.covered_until
    starts = {first}
    for param in book.parameters.values():
        for v in param.values:
            starts.add(v.start)
            if v.until:
                starts.add(v.until + DAY)
    for source in book.sources.values():
        starts.update(d for d in (source.adopted, source.in_force, source.applied_from) if d)
    inside = sorted(d for d in starts if first <= d <= last)
    return [(d, (inside[i + 1] - DAY) if i + 1 < len(inside) else last) for i, d in enumerate(inside)]


def _options(book: RateBook, name: str, field: Field) -> tuple[str, ...] | None:
    """The values a field takes in shipped answers: a choice's keys, a few common counts, or
    empty for an optional field. None: this calculator's answers cannot be shipped."""
    if field.kind == CHOICE:
        return tuple(book.choices(field.name))
    if (name, field.name) in ENUMERATED:
        return ENUMERATED[(name, field.name)]
    return ("",) if not field.required else None


def key(values: dict[str, str], fields: list[str]) -> str:
    """How the page names a combination: 'role=to_vien&training=none' (fields in form order)."""
    return "&".join(f"{f}={values[f]}" for f in fields)


def blank_date(data: dict[str, Any]) -> dict[str, Any]:
    """The answer with the date it was computed for taken out (the page writes the asked one)."""
    ok = data.get("ok")
    if ok is None:
        return data
    ok = {**ok, "date": None, "date_text": None, "inputs": {**ok["inputs"], "date": None}}
    ok["input_texts"] = [
        {**row, "value": None} if row["name"] == "date" else row for row in ok["input_texts"]
    ]
    return {"ok": ok}


def with_date(data: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The inverse of `blank_date`, as the page does it (tests compare with the live engine)."""
    ok = data.get("ok")
    if ok is None:
        return data
    iso, shown = day.isoformat(), text.date(day)
    ok = {**ok, "date": iso, "date_text": shown, "inputs": {**ok["inputs"], "date": iso}}
    ok["input_texts"] = [
        {**row, "value": shown} if row["name"] == "date" else row for row in ok["input_texts"]
    ]
    return {"ok": ok}


def shipped(book: RateBook, name: str) -> dict[str, Any] | None:
    """Every answer of a calculator that needs only choices and a date, or None when its
    questions include a required typed value (the team's households).

    {"fields": [...], "periods": [[from, until], ...], "answers": [...],
     "index": {combination: [answer number per period]}}
    """
    calc = CALCULATORS[name]
    others = [f for f in calc.fields if f.kind != DATE]
    options = [_options(book, name, f) for f in others]
    if any(o is None for o in options):
        return None
    spans = periods(book, name)
    answers: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    index: dict[str, list[int]] = {}
    fields = [f.name for f in others]
    for combination in itertools.product(*options):  # type: ignore[arg-type]
        values = dict(zip(fields, combination, strict=True))
        numbers = []
        for start, _ in spans:
            asked = {"date": start.isoformat(), **{f: v for f, v in values.items() if v}}
            answer = blank_date(json.loads(browser.compute(name, json.dumps(asked), book=book)))
            written = json.dumps(answer, ensure_ascii=False, sort_keys=True)
            if written not in seen:
                seen[written] = len(answers)
                answers.append(answer)
            numbers.append(seen[written])
        index[key(values, fields)] = numbers
    return {
        "calculator": name,
        "fields": fields,
        "periods": [[a.isoformat(), b.isoformat()] for a, b in spans],
        "answers": answers,
        "index": index,
    }


def file_name(name: str, data: dict[str, Any]) -> tuple[str, bytes]:
    """The file's name (its content's hash in it, so no browser keeps an old one) and bytes."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"{name}-{hashlib.sha256(body).hexdigest()[:12]}.json", body
