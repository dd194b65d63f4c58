"""Changing rates.yaml the way a maintainer does, on temporary copies of the project.

(Filling a pending figure, correcting one and a new period are proven on copies of the real
rates in tests/test_maintainer_changes.py.) Here, on the frozen copy of the rates
(tests/fixtures/rates.yaml), so that these stay the same whatever rates.yaml says:

1. A new resolution replacing Resolution 03/2024 from a date: results before that date keep the
   old figures and citations, after it the new ones; and a value that simply ends (`until`).
2. Robustness: a corpus of broken rates files, every one refused with a message that says
   where and how to fix it, never a traceback.

Every figure entered here is illustrative (123456, a coefficient of 0.95, a resolution
99/2027): the tests show how a change travels, not what the law says.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from books import FROZEN_RATES

from calculators.core.errors import InputError
from calculators.registry import needs, run
from calculators.tools.rates_file import RatesError, check_bytes, check_file, load_book
from calculators.tools.rates_file.check import MAX_ERRORS
from calculators.tools.rates_file.errors import hidden
from calculators.tools.rates_file.schema import MAX_TEXT
from calculators.tools.rates_file.yaml_lines import MAX_DEPTH, MAX_NODES, LineDict, LineList, parse

REPO = Path(__file__).resolve().parents[1]
RATES = FROZEN_RATES
ORIGINAL = RATES.read_text(encoding="utf-8")
GOLDEN = REPO / "tests" / "golden"
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable
CHECKED_ON = re.search(r"^  checked_on: (\S+)$", ORIGINAL, re.M)[1]


def _env() -> dict[str, str]:
    """The environment of a command run inside a copy: nothing points back at this checkout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/", PYTHONIOENCODING="utf-8")
    return env


def _run(args: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def _block(text: str, pid: str) -> tuple[int, int]:
    """Start and end of a parameter's block in rates.yaml (its lines up to the blank line after)."""
    start = text.index(f"\n  {pid}:\n") + 1
    end = text.find("\n\n", start)
    return start, (len(text) if end < 0 else end + 1)


# --- the figure the tests below end: a title extra still pending -------------------------------


def _pending_title_extra() -> tuple[str | None, str | None]:
    """A title extra (and its role) whose only value is still pending: the figure filled here.
    Today the team leader's; once the real figures are entered there may be none left."""
    book = load_book(RATES)
    for role, choice in book.choices("role").items():
        pid = choice.parameter
        if pid and [v.status for v in book.parameter(pid).values] == ["pending"]:
            return pid, role
    return None, None


FILLED, ROLE = _pending_title_extra()
LABEL = load_book(RATES).parameter(FILLED).label if FILLED else ""
NOTHING_TO_FILL = "no title extra is pending any more: point these tests at another pending figure"
AMOUNT = 123456  # illustrative: not the figure of the resolution
AMOUNT_TEXT = "123.456 đồng/tháng"


# --- 1. a new resolution replaces Resolution 03/2024 -------------------------------------------

OLD_DOC, NEW_DOC = "NQ-03-2024", "NQ-99-2027"
SWITCH = dt.date(2027, 7, 1)
NEW_CHECKED_ON = "2027-07-10"
NEW_COEFFICIENT = "0.95"  # illustrative
NEW_SOURCE = f"""\
  {NEW_DOC}:
    title: >-
      Nghị quyết số 99/2027/NQ-HĐND thay thế Nghị quyết số 03/2024/NQ-HĐND (văn bản giả định,
      chỉ dùng trong kiểm thử)
    short: Nghị quyết 99/2027/NQ-HĐND (giả định)
    issuer: Hội đồng nhân dân thành phố Cần Thơ
    read_in: legal_text
    adopted: 2027-06-20
    in_force: {SWITCH.isoformat()}
    where: Không có; văn bản minh họa của kiểm thử, không có thật.
"""


def _add_source(text: str) -> str:
    at = text.index("\ncategories:\n")
    text = text[:at] + NEW_SOURCE + text[at:]
    return re.sub(r"^  checked_on: \S+$", f"  checked_on: {NEW_CHECKED_ON}", text, count=1, flags=re.M)


def _flow(ref: Any) -> str:
    parts = [f"source: {NEW_DOC}"] + [
        f"{k}: {getattr(ref, k)}" for k in ("article", "clause", "point") if getattr(ref, k) is not None
    ]
    return "{" + ", ".join(parts) + "}"


def _successor(text: str, pid: str, value: str, status: str, ref: Any, also: tuple[Any, ...] = ()) -> str:
    """A new dated value at the end of a parameter's list, citing the new document."""
    _, end = _block(text, pid)
    lines = [
        f"      - from: {SWITCH.isoformat()}",
        f"        value: {value}",
        f"        status: {status}",
        f"        ref: {_flow(ref)}",
    ]
    if also:
        lines.append("        also:")
        lines += [f"          - {{source: {a.source}, article: {a.article}}}" for a in also]
    lines.append(f"        verified_on: {NEW_CHECKED_ON}")
    return text[:end] + "\n".join(lines) + "\n" + text[end:]


def replaced_coefficient() -> str:
    """The documented example: the new document as a source, and the coefficient's new value."""
    old = load_book(RATES).parameter("monthly_support_coefficient").values[-1].ref
    return _successor(
        _add_source(ORIGINAL), "monthly_support_coefficient", f'"{NEW_COEFFICIENT}"', "verified", old
    )


def replaced_everywhere() -> str:
    """Every parameter whose latest value comes from Resolution 03/2024 gets a successor from the
    new document (the same status; pending figures stay pending)."""
    book = load_book(RATES)
    text = _add_source(ORIGINAL)
    for pid, param in book.parameters.items():
        last = param.values[-1]
        if last.ref.source != OLD_DOC:
            continue
        if pid == "monthly_support_coefficient":
            text = _successor(text, pid, f'"{NEW_COEFFICIENT}"', "verified", last.ref, last.also)
        else:
            assert last.status == "pending", pid
            text = _successor(text, pid, "null", "pending", last.ref, last.also)
    return text


def _cited(result: Any) -> set[str]:
    """Every source a result cites: components' references, and each figure used in the working."""
    data = result.to_dict()
    found = {r["source"] for c in data["components"] for r in c["refs"]}
    for step in data["steps"]:
        for use in step["uses"]:
            found.add(use["ref"]["source"])
            found.update(a["source"] for a in use["also"])
    return found


def _comparable(result: Any) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("figures_checked_on", None)
    return data


def test_new_resolution_takes_over_the_coefficient_from_its_date(tmp_path: Path) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text(replaced_coefficient(), encoding="utf-8")
    _, errors = check_file(path)
    assert errors == [], "\n".join(map(str, errors))
    old, new = load_book(RATES), load_book(path)
    answers = {"role": "to_vien", "training": "none"}

    for day in ("2024-08-15", "2026-11-28", (SWITCH - dt.timedelta(days=1)).isoformat()):
        before = run("monthly", {"date": day, **answers}, book=new)
        assert _comparable(before) == _comparable(run("monthly", {"date": day, **answers}, book=old)), day
        coefficient = next(
            u for s in before.steps for u in s.uses if u.parameter == "monthly_support_coefficient"
        )
        assert coefficient.value == "0.8" and coefficient.ref.source == OLD_DOC
        assert OLD_DOC in _cited(before) and NEW_DOC not in _cited(before)
        assert any("03/2024" in a for a in before.assumptions)  # its date of entry into force is unknown

    for day in (SWITCH, dt.date(2027, 8, 15)):
        after = run("monthly", {"date": day.isoformat(), **answers}, book=new)
        coefficient = next(
            u for s in after.steps for u in s.uses if u.parameter == "monthly_support_coefficient"
        )
        assert coefficient.value == NEW_COEFFICIENT and coefficient.ref.source == NEW_DOC
        assert "Nghị quyết 99/2027/NQ-HĐND (giả định)" in coefficient.ref_text
        base = new.parameter("base_salary").at(day).value
        expected = int((Decimal(NEW_COEFFICIENT) * base).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert after.component("base").amount == expected == after.total
        # every component cites the new document, none the old one (the extras of a Tổ viên
        # cite the clause of the monthly support, which now comes from the new document)
        for component in after.components:
            sources = {ref.source for ref, _ in component.refs}
            assert NEW_DOC in sources and OLD_DOC not in sources, (component.id, sources)
        assert OLD_DOC not in _cited(after)
        assert not any("03/2024" in a for a in after.assumptions), after.assumptions


def _golden_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        cases += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return cases


def _try_run(case: dict[str, Any], day: str, book: Any) -> Any:
    answers = {k: str(v) for k, v in case["inputs"].items()}
    answers["date"] = day
    assume = {k: str(v) for k, v in (case.get("assume") or {}).items()}
    try:
        return run(case["calculator"], answers, assume, book)
    except InputError:
        return None


def test_every_citation_follows_the_new_resolution(tmp_path: Path) -> None:
    """Every golden situation, computed just before and just after the new document starts."""
    path = tmp_path / "rates.yaml"
    path.write_text(replaced_everywhere(), encoding="utf-8")
    _, errors = check_file(path)
    assert errors == [], "\n".join(map(str, errors))
    old, new = load_book(RATES), load_book(path)
    day_before, day_after = (SWITCH - dt.timedelta(days=1)).isoformat(), "2027-08-15"
    compared = followed = 0
    for case in _golden_cases():
        before_new, before_old = _try_run(case, day_before, new), _try_run(case, day_before, old)
        assert (before_new is None) == (before_old is None), case["name"]
        if before_new is not None:
            assert _comparable(before_new) == _comparable(before_old), case["name"]
            compared += 1
        after = _try_run(case, day_after, new)
        if after is None:
            continue
        assert OLD_DOC not in _cited(after), (case["name"], _cited(after))
        assert not any("03/2024" in a for a in after.assumptions), (case["name"], after.assumptions)
        if before_new is not None and OLD_DOC in _cited(before_new):
            assert NEW_DOC in _cited(after), case["name"]
            followed += 1
    assert compared >= 20 and followed >= 10, (compared, followed)


def ended(text: str, pid: str, last_day: str) -> str:
    """The value of `pid` ends on `last_day`, with no successor."""
    start, end = _block(text, pid)
    block = text[start:end]
    first = re.search(r"      - from: \S+\n", block)
    block = block[: first.end()] + f"        until: {last_day}\n" + block[first.end() :]
    return text[:start] + block + text[end:]


def test_a_value_that_ends_without_a_successor(tmp_path: Path) -> None:
    if FILLED is None:
        pytest.skip(NOTHING_TO_FILL)
    path = tmp_path / "rates.yaml"
    path.write_text(ended(ORIGINAL, FILLED, "2027-06-30"), encoding="utf-8")
    proc = _run(["-m", "calculators", "check-rates", str(path)], REPO)
    assert proc.returncode == 0, proc.stderr
    book = load_book(path)
    leader = {"role": ROLE, "training": "none"}

    last = run("monthly", {"date": "2027-06-30", **leader}, book=book)
    assert last.pending == [FILLED]
    with pytest.raises(InputError) as info:
        run("monthly", {"date": "2027-07-01", **leader}, book=book)
    assert set(info.value.errors) == {"date"}
    said = info.value.errors["date"]
    assert "30/06/2027" in said and LABEL in said and "Nghị quyết 03/2024/NQ-HĐND" in said
    # a Tổ viên does not need that figure: still computed
    assert run("monthly", {"date": "2027-07-01", "role": "to_vien", "training": "none"}, book=book).complete

    cli = _run(
        [
            "-m",
            "calculators",
            "monthly",
            "--date",
            "2027-07-01",
            "--role",
            ROLE,
            "--training",
            "none",
            "--rates",
            str(path),
        ],
        REPO,
    )
    assert cli.returncode == 2
    assert cli.stdout == "" and "Traceback" not in cli.stderr
    assert cli.stderr.startswith("Lỗi: ") and cli.stderr.count("\n") == 1


# --- 2. robustness: a corpus of broken files ------------------------------------------------------

Mutation = Callable[[], "str | bytes"]


def sub(anchor: str, old: str, new: str) -> Mutation:
    """The real file with the first `old` after `anchor` replaced by `new`."""

    def mutate() -> str:
        a = ORIGINAL.index(anchor)
        p = ORIGINAL.index(old, a)
        return ORIGINAL[:p] + new + ORIGINAL[p + len(old) :]

    return mutate


BASE = "  base_salary:\n"
COEF = "  monthly_support_coefficient:\n"
# a parameter whose only value is pending (for the status mutations)
PENDING = (
    "  "
    + next(
        pid for pid, p in load_book(RATES).parameters.items() if [v.status for v in p.values] == ["pending"]
    )
    + ":\n"
)
TEAMS = "  context_teams:\n"
BANDS = "  team_size_bands:\n"

# Each of these is invalid by construction (what it breaks is in its name).
TARGETED: dict[str, Mutation] = {
    # wrong types
    "type: money as text": sub(BASE, "value: 1800000", 'value: "1800000"'),
    "type: money with decimals": sub(BASE, "value: 1800000", "value: 1800000.0"),
    "type: money with thousands dots": sub(BASE, "value: 1800000", "value: 1.800.000"),
    "type: coefficient as a float": sub(COEF, 'value: "0.8"', "value: 0.8"),
    "type: coefficient with a comma": sub(COEF, 'value: "0.8"', 'value: "0,8"'),
    "type: percentage over 100": sub("  bhyt_factor_2:\n", 'value: "70"', 'value: "700"'),
    "type: count as text": sub(TEAMS, "value: 599", "value: nhiều"),
    "type: status a number": sub(BASE, "status: verified", "status: 1"),
    "type: status unknown word": sub(BASE, "status: verified", "status: da_xac_minh"),
    "type: ref as plain text": sub(
        BASE, "ref: {source: ND-24-2023, article: 3, clause: 2}", "ref: Nghị định 24/2023"
    ),
    "type: article as a word": sub(BASE, "article: 3", "article: ba"),
    "type: article zero": sub(BASE, "article: 3", "article: 0"),
    "type: point upper case": sub(COEF, "point: a", "point: A"),
    "type: label as a list": sub(
        BASE,
        "    label:\n      vi: Mức lương cơ sở\n      en: Base salary\n",
        "    label: [Mức lương cơ sở]\n",
    ),
    "type: values as a mapping": lambda: (
        ORIGINAL[: ORIGINAL.index("    values:\n", ORIGINAL.index("  context_communes:\n"))]
        + "    values: {from: 2025-07-01}\n"
    ),
    "type: unit unknown": sub(BASE, "unit: vnd_per_month", "unit: vnd_per_year"),
    "type: group unknown": sub(BASE, "group: base", "group: luong"),
    "type: schema 2": sub("schema: 1", "schema: 1", "schema: 2"),
    "type: rounding step 3": sub("  rounding:\n", "money_to: 1", "money_to: 3"),
    "type: band count as text": sub(BANDS, "max_members: 3", 'max_members: "3"'),
    "type: band max_to_vien above max_members": sub(BANDS, "max_to_vien: 1", "max_to_vien: 9"),
    "type: bands not from zero": sub(BANDS, "households_from: 0", "households_from: 5"),
    # bad dates
    "date: month 13": sub(BASE, "from: 2024-07-01", "from: 2024-13-01"),
    "date: 30 February": sub(BASE, "from: 2024-07-01", "from: 2024-02-30"),
    "date: day/month/year": sub(BASE, "from: 2024-07-01", "from: 01/07/2024"),
    "date: no leading zeros": sub(BASE, "from: 2024-07-01", "from: 2024-7-1"),
    "date: empty": sub(BASE, "from: 2024-07-01", "from:"),
    "date: verified_on in words": sub(BASE, "verified_on: 2026-11-28", "verified_on: hôm nay"),
    "date: checked_on bad": sub("meta:\n", "checked_on: 2026-11-28", "checked_on: 2026-11-31"),
    "date: source adopted bad": sub("  ND-73-2024:\n", "adopted: 2024-06-30", "adopted: 2024-06-31"),
    "date: covered until before from": sub("  covered:\n", "until: 2027-12-31", "until: 2022-12-31"),
    "date: verified_on after checked_on": sub(BASE, "verified_on: 2026-11-28", "verified_on: 2027-01-01"),
    # periods out of order or overlapping
    "period: same from twice": sub(BASE, "from: 2024-07-01", "from: 2023-07-01"),
    "period: out of order": sub(BASE, "from: 2026-07-01", "from: 2024-01-01"),
    "period: until past the next from": sub(
        BASE, "        value: 1800000\n", "        until: 2025-01-01\n        value: 1800000\n"
    ),
    "period: until before from": sub(
        BASE, "        value: 1800000\n", "        until: 2020-01-01\n        value: 1800000\n"
    ),
    # citations
    "citation: ref removed": sub(BASE, "        ref: {source: ND-24-2023, article: 3, clause: 2}\n", ""),
    "citation: ref null": sub(BASE, "ref: {source: ND-24-2023, article: 3, clause: 2}", "ref: null"),
    "citation: ref empty": sub(BASE, "ref: {source: ND-24-2023, article: 3, clause: 2}", "ref: {}"),
    "citation: undefined source": sub(BASE, "source: ND-24-2023", "source: ND-24-2032"),
    "citation: undefined source in also": sub(
        "  duty_night_shift:\n", "{source: LUAT-30-2023", "{source: LUAT-30-2032"
    ),
    "citation: clause without article": sub(
        BASE, "{source: ND-24-2023, article: 3, clause: 2}", "{source: ND-24-2023, clause: 2}"
    ),
    "citation: point without clause": sub(COEF, "article: 2, clause: 1, point: a", "article: 2, point: a"),
    "citation: verified_on removed": sub(BASE, "        verified_on: 2026-11-28\n", ""),
    "citation: source without title": sub(
        "  ND-24-2023:\n", "    title: Nghị định số 24/2023/NĐ-CP quy định mức lương cơ sở\n", ""
    ),
    # status against value
    "status: pending with a number": sub(PENDING, "value: null", "value: 500000"),
    "status: verified without a number": sub(BASE, "value: 1800000", "value: null"),
    "status: pending with a confidence": sub(
        PENDING, "        status: pending\n", "        status: pending\n        confidence: low\n"
    ),
    # keys
    "key: unknown at top level": sub("schema: 1\n", "schema: 1\n", "schema: 1\nghi_chu: x\n"),
    "key: typo in a parameter": sub(BASE, "    label:\n", "    lable:\n"),
    "key: parameter id with capitals": sub(
        "  context_communes:\n", "  context_communes:\n", "  Context_Communes:\n"
    ),
    "key: needed parameter renamed": sub(BASE, BASE, "  base_salary_cu:\n"),
    "key: choice points nowhere": sub(
        "    to_pho:\n", "parameter: title_extra_to_pho", "parameter: title_extra_pho"
    ),
    # duplicate keys
    "duplicate: parameter": sub("  rural_poverty_line:\n", "  rural_poverty_line:\n", "  base_salary:\n"),
    "duplicate: source": sub("  ND-73-2024:\n", "  ND-73-2024:\n", "  ND-24-2023:\n"),
    "duplicate: key in a value": sub(
        BASE, "        status: verified\n", "        status: verified\n        status: inferred\n"
    ),
    "duplicate: schema": sub("schema: 1\n", "schema: 1\n", "schema: 1\nschema: 1\n"),
    # YAML syntax
    "syntax: unclosed quote": sub(COEF, 'value: "0.8"', 'value: "0.8'),
    "syntax: unclosed bracket": sub(BASE, "clause: 2}", "clause: 2"),
    "syntax: stray closing bracket": sub(BASE, "value: 1800000", "value: 1800000]"),
    "syntax: tab indentation": sub(BASE, "    unit: vnd_per_month\n", "\tunit: vnd_per_month\n"),
    "syntax: one space too few": sub(BASE, "    unit: vnd_per_month\n", "   unit: vnd_per_month\n"),
    "syntax: missing colon": sub(BASE, "    unit: vnd_per_month\n", "    unit vnd_per_month\n"),
    "syntax: list item out of line": sub(BASE, "      - from: 2024-07-01", "    - from: 2024-07-01"),
    "syntax: undefined alias": sub("schema: 1", "schema: 1", "schema: *mot"),
    "syntax: alias bomb": lambda: (
        "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
        + ORIGINAL
    ),
    "syntax: python object tag": sub(
        "schema: 1", "schema: 1", "schema: !!python/object/apply:os.system ['true']"
    ),
    "syntax: control character": sub(BASE, "Mức lương cơ sở", "Mức lương\x07 cơ sở"),
    "syntax: deep nesting": lambda: "schema: " + "[" * 5000 + "\n",
    # empty, huge, not text
    "empty: nothing": lambda: b"",
    "empty: blank lines": lambda: b"\n  \n\t\n",
    "empty: comments only": lambda: "".join(
        line + "\n" for line in ORIGINAL.splitlines() if line.startswith("#")
    ),
    "empty: a list": lambda: "- schema: 1\n",
    "empty: a word": lambda: "rates\n",
    "huge: padded to over 1 MB": lambda: ORIGINAL + ("# " + "x" * 97 + "\n") * 10_500,
    "huge: one long line": lambda: ORIGINAL.replace("schema: 1", "schema: " + "9" * 1_100_000, 1),
    "binary: PNG header": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "binary: UTF-16": lambda: ORIGINAL.encode("utf-16"),
    "binary: Windows-1258": lambda: ORIGINAL.encode("cp1258", errors="replace"),
    "binary: zip of the file": lambda: __import__("zlib").compress(ORIGINAL.encode("utf-8")),
    # numbers as YAML 1.1 would read them (octal, hex, sexagesimal, underscores), and sizes no
    # figure of this file can have
    "number: money with a leading zero (octal)": sub(BASE, "value: 2340000", "value: 02340000"),
    "number: money in hex": sub(BASE, "value: 2340000", "value: 0x23B4A0"),
    "number: money in sexagesimal": sub(BASE, "value: 2340000", "value: 39:00:00"),
    "number: money with underscores": sub(BASE, "value: 2340000", "value: 2_340_000"),
    "number: money of 41 digits": sub(BASE, "value: 2340000", "value: " + "9" * 41),
    "number: money of 5000 digits": sub(BASE, "value: 2340000", "value: " + "9" * 5000),
    "number: money over a million million": sub(BASE, "value: 2340000", "value: 2340000000000"),
    "number: coefficient of 40 digits": sub(COEF, 'value: "0.8"', 'value: "' + "8" * 40 + '"'),
    "number: coefficient with 10 decimals": sub(COEF, 'value: "0.8"', 'value: "0.8000000001"'),
    "number: coefficient over 100": sub(COEF, 'value: "0.8"', 'value: "800"'),
    "number: years over 100": sub("  bhxh_state_support_max_years:\n", 'value: "10"', 'value: "1000"'),
    "number: count over a hundred million": sub(TEAMS, "value: 599", "value: 5990000000"),
    "number: band of a thousand members": sub(BANDS, "max_members: 3", "max_members: 1000"),
    "number: band from a billion households": sub(
        BANDS, "households_from: 350", "households_from: 350000000000"
    ),
    "number: schema as true": sub("schema: 1", "schema: 1", "schema: true"),
    "number: schema as yes": sub("schema: 1", "schema: 1", "schema: yes"),
    "number: schema as text": sub("schema: 1", "schema: 1", 'schema: "1"'),
    # dates beyond what the file covers
    "date: a period starting after the covered range": sub(BASE, "from: 2026-07-01", "from: 2206-07-01"),
    "date: covered range far beyond the date checked": sub(
        "  covered:\n", "until: 2027-12-31", "until: 2207-12-31"
    ),
    # characters no one can see
    "hidden: zero-width space in a key": sub(BASE, BASE, "  base\u200b_salary:\n"),
    "hidden: right-to-left override in a label": sub(
        BASE, "vi: Mức lương cơ sở", "vi: Mức lương \u202ecơ sở"
    ),
    "hidden: zero-width joiner in a note": sub(
        "  ND-161-2026:\n", "Nghị định số 161", "Nghị định\u200d số 161"
    ),
    "hidden: byte-order mark inside a value": sub(BASE, "source: ND-24-2023", "source: \ufeffND-24-2023"),
    "hidden: left-to-right mark in a source's short name": sub(
        "  ND-73-2024:\n", "short: Nghị định 73/2024/NĐ-CP", "short: Nghị định 73/2024/NĐ-CP\u200e"
    ),
    # forms and choices the calculators cannot compute
    "form: a role pointing at a percentage": sub(
        "    to_truong:\n", "parameter: title_extra_to_truong", "parameter: bhyt_rate"
    ),
    "form: a group pointing at an amount": sub(
        "    poor:\n", "parameter: bhxh_state_support_poor", "parameter: base_salary"
    ),
    "form: a kind of incident pointing at a figure": sub(
        "    death:\n", "parameter: null", "parameter: incident_funeral_allowance"
    ),
    "form: a form the calculator cannot compute": sub(
        "  duty_rest_day:\n", "forms: [vnd_per_day,", "forms: [vnd_per_month,"
    ),
    "form: filled without its form": sub(
        PENDING, "value: null\n        status: pending", "value: 150000\n        status: verified"
    ),
    "form: a pending value with a form": sub(
        PENDING, "        value: null\n", "        form: vnd_per_month\n        value: null\n"
    ),
    # figures the calculators cannot do without, left pending
    "known: the base salary pending": sub(
        BASE, "value: 2340000\n        status: verified", "value: null\n        status: pending"
    ),
    "known: the contribution rate pending": sub(
        "  bhxh_contribution_rate:\n",
        'value: "22"\n        status: inferred',
        "value: null\n        status: pending",
    ),
    "known: a State support share pending": sub(
        "  bhxh_state_support_poor:\n",
        'value: "30"\n        status: verified',
        "value: null\n        status: pending",
    ),
    "known: a household member's share pending": sub(
        "  bhyt_factor_2:\n", 'value: "70"\n        status: verified', "value: null\n        status: pending"
    ),
    "huge: 68,000 unknown keys": lambda: ORIGINAL.replace(
        "meta:\n", "meta:\n" + "".join(f"  k{i}: x\n" for i in range(68_000)), 1
    ),
    "huge: a list of 9,000 values out of order": lambda: _long_list(9_000),
    "huge: one node more than allowed": lambda: ORIGINAL.replace(
        "meta:\n", "meta:\n" + "".join(f"  k{i}: x\n" for i in range(MAX_NODES // 2)), 1
    ),
    "text: a label one character too long": lambda: ORIGINAL.replace(
        "    label:\n      vi: ", "    label:\n      vi: " + "x" * MAX_TEXT, 1
    ),
    # libyaml's composer recurses in C: this deep, it used to kill the process (no message).
    "deep: 300,000 list dashes on one line": lambda: ORIGINAL + "x:\n" + "- " * 300_000 + "y\n",
    "deep: 200,000 nested brackets": lambda: ORIGINAL + "x: " + "[" * 200_000 + "]" * 200_000 + "\n",
    "deep: 100,000 nested flow mappings": lambda: (
        ORIGINAL + "x: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"
    ),
    "deep: one level more than allowed, indented": lambda: (
        ORIGINAL
        + "x:\n"
        + "".join(" " * i + f"k{i}:\n" for i in range(1, MAX_DEPTH + 1))
        + " " * (MAX_DEPTH + 1)
        + "v: 1\n"
    ),
    "form: a unit and forms both": sub(
        BASE, "    unit: vnd_per_month\n", "    unit: vnd_per_month\n    forms: [vnd_per_month]\n"
    ),
}


def _long_list(n: int) -> str:
    """The last parameter with `n` dated values, their dates out of order (under 1 MB)."""
    values = "".join(
        f"      - from: 2024-07-{i % 28 + 1:02d}\n        value: 1\n        status: verified\n"
        "        ref: {source: ND-24-2023}\n        verified_on: 2026-11-28\n"
        for i in range(n)
    )
    at = ORIGINAL.index("    values:\n", ORIGINAL.index("  context_communes:\n"))
    return ORIGINAL[:at] + "    values:\n" + values


def _needed_limit() -> int:
    """Cutting the file anywhere before this offset loses a parameter the calculators need."""
    return max(ORIGINAL.index(f"\n  {pid}:\n") + 1 for pid in needs()["parameters"])


REQUIRED_KEY = re.compile(
    r"^ +(- )?(status|ref|verified_on|unit|group|short|issuer|where|adopted|in_force|vi|en|checked_on|"
    r"households_from|max_members|max_to_vien|money_to|mode):"
)


def _key_lines() -> list[int]:
    """0-based lines that hold a mapping key (found by parsing the real file)."""
    lines: set[int] = set()

    def walk(node: Any) -> None:
        if isinstance(node, LineDict):
            lines.update(n - 1 for n in node.key_lines.values())
            for v in node.values():
                walk(v)
        elif isinstance(node, LineList):
            for v in node:
                walk(v)

    walk(parse(ORIGINAL))
    return sorted(lines)


def generated() -> dict[str, Mutation]:
    """Random mutations with fixed seeds, each invalid by construction."""
    out: dict[str, Mutation] = {}
    lines = ORIGINAL.splitlines(keepends=True)
    required = [i for i, line in enumerate(lines) if REQUIRED_KEY.match(line)]
    keyed = [i for i in _key_lines() if not lines[i].lstrip().startswith("- ")]
    limit = _needed_limit()
    for seed in range(12):
        rng = random.Random(1000 + seed)
        cut = rng.randrange(1, limit)
        out[f"truncated at character {cut}"] = lambda cut=cut: ORIGINAL[:cut]
        i = rng.choice(required)
        out[f"required line {i + 1} deleted"] = lambda i=i: "".join(lines[:i] + lines[i + 1 :])
        j = rng.choice(keyed)
        out[f"key line {j + 1} duplicated"] = lambda j=j: "".join(
            lines[: j + 1] + [lines[j]] + lines[j + 1 :]
        )
    for seed in range(6):
        rng = random.Random(2000 + seed)
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 8192)))
        at = rng.randrange(len(junk))
        out[f"binary junk {seed} (NUL inside)"] = lambda junk=junk, at=at: junk[:at] + b"\x00" + junk[at:]
        raw = ORIGINAL.encode("utf-8")
        pos = rng.randrange(len(raw))
        out[f"invalid UTF-8 byte at {pos}"] = lambda pos=pos, raw=raw: raw[:pos] + b"\xff" + raw[pos:]
        text_pos = rng.randrange(len(ORIGINAL))
        char = chr(rng.choice([1, 2, 3, 4, 5, 6, 8, 0x0B, 0x0C, 0x0E, 0x1B, 0x7F]))
        out[f"control character at {text_pos}"] = lambda p=text_pos, c=char: ORIGINAL[:p] + c + ORIGINAL[p:]
    return out


CORPUS: dict[str, Mutation] = {**TARGETED, **generated()}


def _problems(name: str, raw: bytes, errors: list[RatesError], file: str) -> list[str]:
    """What is wrong with how a broken file was refused (nothing, when it was refused well)."""
    if not errors:
        return [f"{name}: accepted"]
    found = []
    if len(errors) > MAX_ERRORS + 1:
        found.append(f"{name}: {len(errors)} errors listed, more than {MAX_ERRORS} and a count of the rest")
    count = raw.count(b"\n") + 1
    for err in errors:
        said = str(err)
        if not (err.line or err.where):
            found.append(f"{name}: names no place: {said}")
        if err.line is not None and not 1 <= err.line <= count:
            found.append(f"{name}: line {err.line} outside the file ({count} lines): {said}")
        if "Cách sửa:" not in said or not err.fix.strip() or not err.problem.strip():
            found.append(f"{name}: no fix: {said}")
        if "Traceback" in said or "\n" in said or not said.startswith(file):
            found.append(f"{name}: badly said: {said}")
        if hidden(said):
            found.append(f"{name}: echoes a character no one can see: {said!r}")
    return found


def _as_bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


SECONDS_PER_FILE = 5  # the real file checks in a fraction of a second; an alias bomb used to take minutes


def test_every_broken_file_is_refused_with_a_place_and_a_fix(record_property: Any) -> None:
    tried, failures = 0, []
    for name, mutate in CORPUS.items():
        raw = _as_bytes(mutate())
        assert raw != ORIGINAL.encode("utf-8"), name
        started = time.perf_counter()
        try:
            data, errors = check_bytes(raw, "rates.yaml")
        except BaseException as exc:
            failures.append(f"{name}: raised {type(exc).__name__}: {exc}")
            continue
        finally:
            tried += 1
        if time.perf_counter() - started > SECONDS_PER_FILE:
            failures.append(
                f"{name}: took {time.perf_counter() - started:.1f} s (a small file must not stall CI)"
            )
        if data is not None and not errors:
            failures.append(f"{name}: accepted")
            continue
        failures += _problems(name, raw, errors, "rates.yaml")
    record_property("broken_files_tried", tried)
    assert tried == len(CORPUS) >= 60
    assert not failures, "\n".join(failures)
    print(f"\nrobustness: {tried} broken files tried, all refused")


SAMPLE = [
    "type: money with thousands dots",
    "date: day/month/year",
    "period: until past the next from",
    "citation: undefined source",
    "duplicate: parameter",
    "syntax: unclosed quote",
    "syntax: alias bomb",
    "deep: 300,000 list dashes",
    "empty: nothing",
    "huge: padded to over 1 MB",
    "binary: PNG header",
    "truncated at character",
    "required line",
    "control character at",
]


def test_check_rates_command_refuses_a_sample(tmp_path: Path, record_property: Any) -> None:
    names = [next(n for n in CORPUS if n.startswith(prefix)) for prefix in SAMPLE]
    for i, name in enumerate(names):
        path = tmp_path / f"broken-{i}.yaml"
        raw = _as_bytes(CORPUS[name]())
        path.write_bytes(raw)
        proc = _run(["-m", "calculators", "check-rates", str(path)], REPO, timeout=60)
        assert proc.returncode == 1, (name, proc.stdout, proc.stderr)
        assert proc.stdout == "" and "Traceback" not in proc.stderr, (name, proc.stderr)
        *lines, summary = proc.stderr.rstrip("\n").split("\n")
        assert re.fullmatch(rf"{len(lines)} lỗi trong {re.escape(str(path))}\.", summary), (name, summary)
        for line in lines:
            assert line.startswith(f"{path}:") and "Cách sửa:" in line, (name, line)
            assert re.match(rf"{re.escape(str(path))}:(\d+:| \[)", line), (name, line)
    record_property("broken_files_run_through_check_rates", len(names))
