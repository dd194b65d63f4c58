"""The calculators as the browser calls them (through Pyodide, in a Web Worker).

Plain JSON in, plain JSON out, so the JavaScript side only moves data and draws it: no
calculation happens outside this package. Any problem the user can fix comes back as
{"errors": {field: message}}; nothing raises into JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from calculators import spreadsheet, text
from calculators.core.errors import InputError
from calculators.core.reading import pending_ask
from calculators.fields import answer_text, show
from calculators.rates import RateBook, packaged_book
from calculators.registry import CALCULATORS, run


def compute(name: str, answers_json: str, assume_json: str = "{}", book: RateBook | None = None) -> str:
    """Run a calculator on the answers as typed. Returns JSON: {"ok": result} or {"errors": ...}."""
    book = book or packaged_book()
    try:
        answers = _object(answers_json)
        assume = _object(assume_json)
        _refuse_repeated(name, answers, assume)
        result = run(name, answers, assume, book, strict_assume=False)
    except InputError as exc:
        return json.dumps({"errors": exc.errors}, ensure_ascii=False)
    data = result.to_dict()
    for component in data["components"]:
        component["amount_text"] = text.money(component["amount"])
    data["date_text"] = text.date(result.date)
    data["checked_on_text"] = text.date(result.checked_on)
    data["pending_details"] = pending_details(book, result.pending, result.date, result.assumed)
    data["input_texts"] = input_texts(book, name, data["inputs"])
    if hasattr(result.breakdown, "to_csv"):
        data["csv"] = result.breakdown.to_csv(result)
    return json.dumps({"ok": data}, ensure_ascii=False)


def read_areas(given: str) -> str:
    """A list of ấp as pasted or read from a CSV file, as rows for the page's form:
    {"ok": [[name, households, to_truong, to_pho, to_vien], ...]} (text, as the cells are
    filled) or {"errors": {"paste": message}} naming each wrong line and column."""
    try:
        areas = spreadsheet.read(given)
    except spreadsheet.ListError as exc:
        return json.dumps({"errors": {"paste": f"Trong danh sách đã dán: {exc}"}}, ensure_ascii=False)
    rows = [
        [a.name, str(a.households)]
        + (
            [str(a.appointed.to_truong), str(a.appointed.to_pho), str(a.appointed.to_vien)]
            if a.appointed
            else ["", "", ""]
        )
        for a in areas
    ]
    return json.dumps({"ok": rows}, ensure_ascii=False)


def pending_details(
    book: RateBook, pids: list[str], on: Any, assumed: dict[str, str]
) -> list[dict[str, Any]]:
    """For each pending figure: its label, unit, the article to consult, and the assumed value."""
    out = []
    for pid in pids:
        param = book.parameter(pid)
        entry = param.at(on)
        out.append(
            {
                "parameter": pid,
                "label": param.label,
                "unit": text.unit_name(param.unit),
                "ref_text": text.reference(entry.ref, book),
                "ask": pending_ask(text.reference(entry.ref, book)),
                "assumed": assumed.get(pid),
            }
        )
    return out


def input_texts(book: RateBook, name: str, inputs: dict[str, Any]) -> list[dict[str, str]]:
    """The answers as the result shows them: each question's label and the answer in words."""
    return [
        {"name": f.name, "label": f.label, "value": answer_text(book, f, inputs.get(f.name))}
        for f in CALCULATORS[name].fields
    ]


def _object(raw: str) -> dict[str, Any]:
    """Answers as text; a field a link gives several times stays a list of its values."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        raise InputError.on("form", "Dữ liệu gửi lên không đọc được. Hãy tải lại trang.") from None
    if not isinstance(data, dict):
        raise InputError.on("form", "Dữ liệu gửi lên không đọc được. Hãy tải lại trang.")
    return {
        str(k): [str(x) for x in v] if isinstance(v, list) else ("" if v is None else str(v))
        for k, v in data.items()
    }


def _refuse_repeated(name: str, answers: dict[str, Any], assume: dict[str, Any]) -> None:
    """A link that gives a field twice is refused, field by field: which value was meant?"""
    labels = {f.name: f.label for f in CALCULATORS[name].fields} if name in CALCULATORS else {}
    errors = {
        field: f"Đường dẫn ghi “{labels.get(field, show(field))}” {len(values)} lần "
        f"({', '.join(f'“{show(v)}”' for v in values[:3])}). Hãy chọn hoặc nhập lại rồi bấm “Tính”."
        for field, values in answers.items()
        if isinstance(values, list)
    }
    repeated = [show(pid) for pid, values in assume.items() if isinstance(values, list)]
    if repeated:
        errors["assume"] = f"Đường dẫn giả định {', '.join(repeated)} nhiều lần. Hãy nhập lại mức giả định."
    if errors:
        raise InputError(errors)
