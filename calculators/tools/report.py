"""A result as plain Vietnamese text for the terminal: inputs, amounts, working, citations."""

from __future__ import annotations

from calculators import text
from calculators.core.reading import pending_ask
from calculators.core.result import Result
from calculators.fields import answer_text
from calculators.rates.book import RateBook
from calculators.registry import CALCULATORS

RULE = "─" * 72


def _working(result: Result) -> list[str]:
    """Each step with its formula, and each figure it used with its status and citation."""
    out = []
    for i, step in enumerate(result.steps, 1):
        out.append(f"  {i}. {step.label}: {step.formula}")
        for use in step.uses:
            shown = "" if use.status == "pending" else f"{use.value_text} "
            status = text.status(use.status, use.confidence)
            out.append(f"     - {use.label}: {shown}[{status}] — {use.ref_text}")
            out += [f"       (xem thêm {also})" for _, also in use.also]
    return out


def render(result: Result, book: RateBook) -> str:
    """The whole result as text lines."""
    calc = CALCULATORS[result.calculator]
    # A budget spans months: its heading names them, not the first day.
    when = getattr(result.breakdown, "period", None) or f"ngày {text.date(result.date)}"
    out = [f"{result.title.upper()} — {when}"]
    if result.uses_assumptions:
        out.append(
            "*** KẾT QUẢ CÓ DÙNG GIẢ ĐỊNH: một số mức do người dùng nhập, chưa phải mức chính thức ***"
        )
    out += ["", result.headline, result.scope]
    out += ["", "Thông tin đã nhập:"]
    for field in calc.fields:
        value = result.inputs.get(field.name)
        out.append(f"  {field.label}: {answer_text(book, field, value)}")
    out += ["", "Kết quả:"]
    for c in result.components:
        out.append(f"  {c.label}: {text.money(c.amount)} [{c.status_text}]")
    out.append(f"  {result.total_label}: {result.total_text}")
    out += [f"  {o.label}: {o.value_text}" for o in result.outputs]
    if not result.complete:
        out.append("  Kết quả chưa đầy đủ: còn khoản chưa có mức chính thức (xem mục Còn chờ).")
    if hasattr(result.breakdown, "text_lines"):
        out += ["", *result.breakdown.text_lines()]
    out += ["", "Cách tính:", *_working(result)]
    if result.pending:
        out += ["", "Còn chờ (chưa tìm được mức chính thức):"]
        for pid in result.pending:
            param = book.parameter(pid)
            entry = param.at(result.date)
            assumed = f" — đang giả định {result.assumed[pid]}" if pid in result.assumed else ""
            out.append(f"  - {param.label}: {pending_ask(text.reference(entry.ref, book))}{assumed}")
    if result.assumptions:
        out += ["", "Giả định:"] + [f"  - {a}" for a in result.assumptions]
    if result.notes:
        out += ["", "Ghi chú:"] + [f"  - {n}" for n in result.notes]
    if result.legend():
        out += ["", "Chú thích:"] + [f"  - {m}" for m in result.legend()]
    out += [
        "",
        RULE,
        f"Số liệu được kiểm tra lần cuối ngày {text.date(result.checked_on)}. Đây là ước tính để "
        "tham khảo, không thay cho quyết định của cơ quan có thẩm quyền.",
    ]
    return "\n".join(out)
