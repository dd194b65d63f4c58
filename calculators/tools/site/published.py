"""What a build publishes about its figures, so that two versions can be told apart.

A build's figures have a content version (calculators/tools/rates_file/versions.py): any change
of any figure, status or citation gives another version, whatever `checked_on` says. Beside it,
each figure's dated values in words ('từ 01/07/2026: 2.530.000 đồng/tháng (đã xác minh)'), for
the offline copy's update notice to say what changed. Both go into the service worker (sw.js);
pages carry the version in a <meta>, the calculators' manifest.json carries it too.
"""

from __future__ import annotations

from typing import Any

from calculators import text
from calculators.rates import RateBook
from calculators.tools.rates_file import versions


def figures(book: RateBook) -> dict[str, dict[str, Any]]:
    """Each figure's label and its dated values in words, as the site shows them. A value is
    named by its start only: a new period then adds one line, and leaves the others alone."""
    out = {}
    for pid, param in book.parameters.items():
        values = [
            f"từ {text.date(entry.start)}: {_shown(param, entry)} ({text.status(entry.status)})"
            for entry in param.values
        ]
        out[pid] = {"label": param.label, "values": values}
    return out


def _shown(param: Any, entry: Any) -> str:
    if entry.value is None:
        return "chưa có mức"
    if param.kind == "table":  # the team-size bands: every row, so a changed size shows
        return "; ".join(
            f"từ {text.integer(b.households_from)} hộ tối đa {b.max_members} người" for b in entry.value
        )
    return text.value(param.form_at(entry), entry.value)


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """Version, date checked and figures in words of validated rates data."""
    book = RateBook.from_dict(data)
    checked_on = book.meta.checked_on
    return {
        "figuresVersion": versions.content_version(data),
        "checkedOn": checked_on.isoformat(),
        "checkedOnText": text.date(checked_on),
        "figures": figures(book),
    }
