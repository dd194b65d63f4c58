"""Versions of the rates: reading rates.yaml as a file or at a git revision, the content
version of its figures, and the rule that a change of figures comes with a new `checked_on`.

The content version is a short hash of the validated data but its `checked_on` date: any change
of a figure, status, citation or note gives another version, and checking the figures again
without a change keeps it. The site publishes it (calculators/tools/site/published.py) so that a
returning reader is told when the figures on screen differ from the published ones; the notice
names the date the figures were checked, so that date must move whenever the version does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from calculators import text
from calculators.tools.paths import REPO
from calculators.tools.rates_file.errors import RatesError


class VersionNotFound(Exception):
    """The argument names neither a file nor a git revision that has rates.yaml."""


def read(spec: str) -> tuple[str, bytes]:
    """A rates file path, or a git revision's rates.yaml, as (name, bytes)."""
    path = Path(spec)
    if path.is_file():
        return str(path), path.read_bytes()
    if spec.startswith("-"):
        raise VersionNotFound(f"“{spec}” không phải tệp cũng không phải phiên bản git.")
    # --end-of-options: whatever the argument says, git reads it as a revision, never an option.
    proc = subprocess.run(
        ["git", "show", "--end-of-options", f"{spec}:rates.yaml"], cwd=REPO, capture_output=True
    )
    if proc.returncode != 0:
        raise VersionNotFound(f"“{spec}” không phải tệp cũng không phải phiên bản git có rates.yaml.")
    return f"{spec}:rates.yaml", proc.stdout


def content_version(data: dict[str, Any]) -> str:
    """The content version of validated rates data (12 hex digits), `checked_on` left out."""
    figures = {**data, "meta": {k: v for k, v in data["meta"].items() if k != "checked_on"}}
    canonical = json.dumps(figures, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def date_kept(
    old: dict[str, Any], new: dict[str, Any], name: str, raw: bytes, since: str
) -> list[RatesError]:
    """A problem when the figures changed since `since` while `checked_on` did not move on."""
    before, after = old["meta"]["checked_on"], new["meta"]["checked_on"]
    if content_version(old) == content_version(new) or after > before:
        return []
    found = re.search(rb"^\s*checked_on:", raw, re.M)
    line = raw.count(b"\n", 0, found.start()) + 1 if found else None
    said = "vẫn là" if after == before else f"({_shown(after)}) không sau ngày của bản đó:"
    return [
        RatesError(
            name,
            line,
            "meta.checked_on",
            f"Số liệu đã thay đổi so với {since} nhưng ngày kiểm tra {said} {_shown(before)}",
            "Sửa checked_on thành ngày bạn đối chiếu số liệu với văn bản (thường là hôm nay, dạng "
            "YYYY-MM-DD). Trang dùng ngày này để báo người đọc rằng số liệu đã đổi.",
        )
    ]


def _shown(iso: str) -> str:
    return text.date(dt.date.fromisoformat(iso))
