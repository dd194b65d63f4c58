"""The calculators as the browser calls them (through Pyodide, in a Web Worker).

Plain JSON in, plain JSON out, so the JavaScript side only moves data and draws it: no
calculation happens outside this package. Any problem the user can fix comes back as
{"errors": {field: message}}; nothing raises into JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from calculators import text
from calculators.core.errors import InputError
from calculators.fields import answer_text
from calculators.rates import default_book
from calculators.registry import CALCULATORS, run


def compute(name: str, answers_json: str, assume_json: str = "{}") -> str:
    """Run a calculator on the answers as typed. Returns JSON: {"ok": result} or {"errors": ...}."""
    try:
        answers = _object(answers_json)
        assume = _object(assume_json)
        result = run(name, answers, assume, strict_assume=False)
    except InputError as exc:
        return json.dumps({"errors": exc.errors}, ensure_ascii=False)
    data = result.to_dict()
    for component in data["components"]:
        component["amount_text"] = text.money(component["amount"])
    data["total_text"] = text.money(data["total"])
    data["date_text"] = text.date(result.date)
    data["checked_on_text"] = text.date(result.checked_on)
    data["extra_texts"] = extra_texts(data)
    data["pending_details"] = pending_details(result.pending, result.date, result.assumed)
    data["input_texts"] = input_texts(name, data["inputs"])
    return json.dumps({"ok": data}, ensure_ascii=False)


def pending_details(pids: list[str], on: Any, assumed: dict[str, str]) -> list[dict[str, Any]]:
    """For each pending figure: its label, unit, the article to consult, and the assumed value."""
    book = default_book()
    out = []
    for pid in pids:
        param = book.parameter(pid)
        entry = param.at(on)
        out.append(
            {
                "parameter": pid,
                "label": param.label,
                "unit": text.unit_name(param.unit) if param.unit != "percent" else "%",
                "ref_text": text.reference(entry.ref, book),
                "assumed": assumed.get(pid),
            }
        )
    return out


def extra_texts(data: dict[str, Any]) -> list[dict[str, str]]:
    """Further answers some calculators give (team size and budget), as label and text."""
    rows = []
    if "max_members" in data:
        rows.append(
            {"id": "max_members", "label": "Số thành viên tối đa", "value": f"{data['max_members']} người"}
        )
        rows.append(
            {"id": "max_to_vien", "label": "Trong đó tối đa Tổ viên", "value": f"{data['max_to_vien']} người"}
        )
        rows.append(
            {
                "id": "monthly_cost",
                "label": f"Kinh phí mỗi tháng ({data['teams']} Tổ)",
                "value": text.money(data["monthly_cost"]),
            }
        )
        rows.append(
            {
                "id": "yearly_cost",
                "label": f"Kinh phí mỗi năm ({data['teams']} Tổ)",
                "value": text.money(data["yearly_cost"]),
            }
        )
    return rows


def input_texts(name: str, inputs: dict[str, Any]) -> list[dict[str, str]]:
    """The answers as the result shows them: each question's label and the answer in words."""
    book = default_book()
    return [
        {"name": f.name, "label": f.label, "value": answer_text(book, f, inputs.get(f.name))}
        for f in CALCULATORS[name].fields
    ]


def _object(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        raise InputError.on("form", "Dữ liệu gửi lên không đọc được. Hãy tải lại trang.") from None
    if not isinstance(data, dict):
        raise InputError.on("form", "Dữ liệu gửi lên không đọc được. Hãy tải lại trang.")
    return {str(k): ("" if v is None else str(v)) for k, v in data.items()}
