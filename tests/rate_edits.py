"""Edits of a rates file as a maintainer makes them, on its text (comments and layout kept).

Each function takes the text of a rates file and returns the edited text; none validates it.
The figures tests enter with these are illustrative, never the law's.
"""

from __future__ import annotations

import re

# Illustrative figures by the kind of number a form holds: not the figures of any text.
ILLUSTRATIVE = {"money": 123456, "decimal": "0.15", "percent": "35"}


def block(text: str, pid: str) -> tuple[int, int]:
    """Start and end of a parameter's block (its lines up to the blank line after)."""
    start = text.index(f"\n  {pid}:\n") + 1
    end = text.find("\n\n", start)
    return start, (len(text) if end < 0 else end + 1)


def checked_on(text: str) -> str:
    return re.search(r"^  checked_on: (\S+)$", text, re.M)[1]


def fill(text: str, pid: str, form: str, value: int | str) -> str:
    """Fill a parameter whose only value is pending: the form and value, status verified, the
    citation kept, the date checked, and the note that said "not found yet" replaced."""
    start, end = block(text, pid)
    part = text[start:end]
    assert part.count("value: null") == 1 and part.count("status: pending") == 1, part
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    part = part.replace("value: null", f"form: {form}\n        value: {shown}")
    part = part.replace("status: pending", "status: verified")
    part = re.sub(r"verified_on: \S+", f"verified_on: {checked_on(text)}", part)
    if "        note:" in part:
        part = part[: part.index("        note:")]
    part += "        note: Số minh họa của kiểm thử, không phải mức thật.\n"
    return text[:start] + part + text[end:]


def illustrative(kind: str, percent: bool) -> int | str:
    """An illustrative value for a form holding this kind of number."""
    if kind == "money":
        return ILLUSTRATIVE["money"]
    return ILLUSTRATIVE["percent"] if percent else ILLUSTRATIVE["decimal"]


def set_latest(text: str, pid: str, value: int | str) -> str:
    """Correct the value of a parameter's latest dated value (a verified figure corrected)."""
    start, end = block(text, pid)
    part = text[start:end]
    at = part.rindex("        value: ")
    line_end = part.index("\n", at)
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    part = part[:at] + f"        value: {shown}" + part[line_end:]
    return text[:start] + part + text[end:]


def new_period(text: str, pid: str, start_date: str, value: int | str, ref: str) -> str:
    """A new dated value at the end of a parameter's list (a new period, as a new decree makes)."""
    _, end = block(text, pid)
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    lines = [
        f"      - from: {start_date}",
        f"        value: {shown}",
        "        status: verified",
        f"        ref: {ref}",
        f"        verified_on: {checked_on(text)}",
        "        note: Số minh họa của kiểm thử, không phải mức thật.",
    ]
    return text[:end] + "\n".join(lines) + "\n" + text[end:]


def cite_previous(text: str, pid: str) -> str:
    """Only a citation changed: the latest value cited to the source of the one before it."""
    start, end = block(text, pid)
    part = text[start:end]
    sources = re.findall(r"ref: \{source: ([\w-]+)", part)
    assert len(set(sources)) > 1, part
    at = part.rindex("        ref: ")
    part = part[:at] + f"        ref: {{source: {sources[-2]}}}" + part[part.index("\n", at) :]
    return text[:start] + part + text[end:]
