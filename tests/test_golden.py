"""Golden cases: the expected results of the six calculators for the real rates, read from
tests/golden/*.yaml.

Each YAML file holds a list of cases (see tests/golden/monthly.yaml for the format). A case runs
`calculators.run(calculator, inputs, assume)` as the calculator pages run it (a what-if value for
a figure that has an official value on the date is ignored) and checks every expected key
exactly; an error case checks that `run` raises InputError naming the expected field. The
expected amounts follow rates.yaml: they were first worked out by hand (the arithmetic is in the
YAML comments), and after a change of the rates `python -m calculators golden --update` rewrites
those that move, replacing the working comment of each moved field with the engine's.

Besides the cases themselves this file checks that case names are unique, that the files are
well formed, that every verified figure of the rate book is used by at least one passing case
for each of its verified dated values, and that every pending figure is reached by a case (so
that filling it moves a case, whatever figure is filled).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from books import FROZEN, REAL

from calculators import CALCULATORS, InputError, Result, run
from calculators.fields import read_date
from calculators.rules.bhxh import income_limits
from calculators.tools.golden import rows_of

BOOK = REAL
GOLDEN = Path(__file__).parent / "golden"
# `worked_example: true` marks a case the trainers' page shows (calculators/tools/site/examples.py).
CASE_KEYS = {
    "name",
    "situation",
    "calculator",
    "inputs",
    "assume",
    "expected",
    "expected_error",
    "worked_example",
}
RESULT_KEYS = {"total", "complete", "pending", "components"}
OPTIONAL_RESULT_KEYS = {"uses_assumptions", "assumed", "outputs", "rows"}


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: a golden file is a list of cases"
        cases += [(path.stem, case) for case in data]
    return cases


CASES = _load()


def _id(file: str, case: dict[str, Any]) -> str:
    return f"{file}:{case.get('name')}"


def check_case(case: dict[str, Any]) -> Result | None:
    """Run one case and assert everything it expects. Returns the result (None for an error case)."""
    calculator, inputs, assume = case["calculator"], case["inputs"], case.get("assume")
    if "expected_error" in case:
        with pytest.raises(InputError) as caught:
            run(calculator, inputs, assume, book=BOOK, strict_assume=False)
        field = case["expected_error"]["field"]
        assert list(caught.value.errors) == [field], caught.value.errors
        return None

    result = run(calculator, inputs, assume, book=BOOK, strict_assume=False)
    expected = case["expected"]
    data = result.to_dict()

    got_components = {c.id: c.amount for c in result.components}
    assert got_components == expected["components"]
    assert list(got_components) == list(expected["components"]), "components out of order"
    assert result.total == expected["total"]
    # None only when every part that applies is pending (never a "0 đồng" that reads as owed nothing).
    assert result.total is None or isinstance(result.total, int)
    assert result.complete is expected["complete"]
    assert result.pending == expected["pending"]
    assert result.uses_assumptions is expected.get("uses_assumptions", False)
    assert data["uses_assumptions"] is result.uses_assumptions
    assert list(result.assumed) == expected.get("assumed", [])
    # The further answers a case lists (a team's largest size ...), each exactly.
    outputs = {o["id"]: o["value"] for o in data["outputs"]}
    for oid, value in (expected.get("outputs") or {}).items():
        assert oid in outputs, f"no output {oid!r}; the result has {list(outputs)}"
        assert outputs[oid] == value, oid
    # A budget's rows a case lists ('1.members', '1.2027-03', 'total.2027-03'), each exactly.
    rows = rows_of(result)
    for key, value in (expected.get("rows") or {}).items():
        assert key in rows, f"no row entry {key!r}; the result has {sorted(rows)[:8]}…"
        assert rows[key] == value, key
    # The amounts in the JSON are the same as on the result.
    assert {c["id"]: c["amount"] for c in data["components"]} == expected["components"]
    assert data["total"] == expected["total"]
    return result


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[_id(f, c) for f, c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    check_case(case)


# --- the cases themselves -----------------------------------------------------------------------


def test_case_names_are_unique() -> None:
    names = Counter(case.get("name") for _, case in CASES)
    duplicated = sorted(n for n, k in names.items() if k > 1)
    assert not duplicated, f"duplicated golden case names: {duplicated}"


@pytest.mark.parametrize("file,case", CASES, ids=[_id(f, c) for f, c in CASES])
def test_case_is_well_formed(file: str, case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
    assert isinstance(case.get("name"), str) and case["name"]
    assert isinstance(case.get("situation"), str) and case["situation"].strip()
    assert case.get("worked_example", True) is True, "worked_example is `true` or left out"
    assert "\n" not in case["situation"].strip(), "situation is one sentence"
    _situation_states_no_figure(case)
    assert isinstance(case.get("inputs"), dict)
    for value in case["inputs"].values():
        # Raw answers as typed: text or numbers (a YAML date left unquoted would be a date object).
        assert isinstance(value, (str, int)) and not isinstance(value, bool), value
    for value in (case.get("assume") or {}).values():
        assert isinstance(value, str), value
    assert ("expected" in case) != ("expected_error" in case), "exactly one of expected / expected_error"
    if "expected_error" in case:
        assert set(case["expected_error"]) == {"field"}
    else:
        expected = case["expected"]
        assert RESULT_KEYS <= set(expected) <= RESULT_KEYS | OPTIONAL_RESULT_KEYS, set(expected)
        if case.get("assume") and expected.get("uses_assumptions") is not True:
            # A what-if the data now answers: every figure it assumed has an official value.
            day = read_date(str(case["inputs"]["date"]))
            for pid in case["assume"]:
                entry = BOOK.parameter(pid).at(day) if pid in BOOK.parameters else None
                assert entry is None or entry.value is not None, f"{pid} is pending: the case uses it"
    if case["calculator"] in CALCULATORS:
        assert case["calculator"] == file, "one golden file per calculator"
    else:
        assert case.get("expected_error") == {"field": "calculator"}


def _situation_states_no_figure(case: dict[str, Any]) -> None:
    """A situation describes the member's situation and question, never a figure of the rates or
    whether it is pending: those change with rates.yaml, and `golden --update` rewrites only the
    expected fields. An amount it names is one of the case's own answers or what-ifs."""
    situation = case["situation"]
    assert not re.search(r"chưa tìm được|chưa có mức|đang chờ|còn chờ", situation, re.I), situation
    own = {
        re.sub(r"\D", "", str(v)) for v in [*case["inputs"].values(), *(case.get("assume") or {}).values()]
    }
    for number in re.findall(r"\d{1,3}(?:\.\d{3})+|\d{4,}", situation):
        digits = number.replace(".", "")
        year = len(digits) == 4 and 1990 <= int(digits) <= 2100
        assert year or digits in own, f"{number} in the situation is not an answer of the case: {situation}"


def test_every_calculator_has_golden_cases() -> None:
    assert {f for f, _ in CASES} >= set(CALCULATORS)
    for name in CALCULATORS:
        kinds = {"expected_error" in c for f, c in CASES if f == name}
        assert kinds == {True, False}, f"{name}: needs both result and error cases"


# --- coverage of the verified figures -----------------------------------------------------------


@lru_cache(maxsize=1)
def passing_uses() -> frozenset[tuple[str, dt.date]]:
    """(parameter id, case date) for every figure cited in a step of a passing result case."""
    used = set()
    for _, case in CASES:
        if "expected" not in case:
            continue
        try:
            result = check_case(case)
        except AssertionError:
            continue
        for step in result.to_dict()["steps"]:
            for use in step["uses"]:
                used.add((use["parameter"], result.date))
    return frozenset(used)


def periods(status: str) -> list[tuple[str, dt.date, dt.date]]:
    """(parameter, first day, last day) of every dated value of this status, within the covered
    range, that some calculator can reach (its period does not end before every calculator that
    uses the parameter accepts a date: the base salary before the resolution, say).

    Parameters of group `context` (news figures, not rates) are left out.
    """
    book = BOOK
    until = book.meta.covered_until
    found = []
    for pid, param in book.parameters.items():
        if param.group == "context":
            continue
        values = param.values
        for i, entry in enumerate(values):
            if entry.status != status:
                continue
            end = values[i + 1].start - dt.timedelta(days=1) if i + 1 < len(values) else until
            end = min(end, entry.until or end, until)
            first = first_date_run_accepts(pid)
            if first is not None and end >= first:
                found.append((pid, max(entry.start, book.meta.covered_from), end))
    return found


def first_date_run_accepts(pid: str) -> dt.date | None:
    """The earliest date on which some calculator using `pid` can compute at all.

    A calculator refuses a date before the first value of any figure it may need (for all six,
    that is the adoption of Resolution 03/2024 on 2024-07-05).
    """
    book = BOOK
    starts = []
    for calc in CALCULATORS.values():
        needed = set(calc.uses)
        for category in calc.choices:
            needed |= {c.parameter for c in book.choices(category).values()} - {None}
        if pid in needed:
            starts.append(max(book.parameter(p).first_date for p in needed))
    return min(starts, default=None)  # None: no calculator uses it


VERIFIED, PENDING = periods("verified"), periods("pending")


@pytest.mark.parametrize("pid,start,end", VERIFIED, ids=[f"{p}@{s}" for p, s, _ in VERIFIED])
def test_verified_value_is_used_by_a_golden_case(pid: str, start: dt.date, end: dt.date) -> None:
    dates = sorted(d for p, d in passing_uses() if p == pid and start <= d <= end)
    assert dates, f"no passing golden case uses {pid} between {start} and {end}"


@pytest.mark.parametrize("pid,start,end", PENDING, ids=[f"{p}@{s}" for p, s, _ in PENDING])
def test_pending_value_is_reached_by_a_golden_case(pid: str, start: dt.date, end: dt.date) -> None:
    """So that filling it, in any form, moves at least one case: the figure is then covered
    (see above) by the cases `golden --update` rewrites, with no case to add by hand."""
    dates = sorted(d for p, d in passing_uses() if p == pid and start <= d <= end)
    assert dates, f"no passing golden case reaches {pid} between {start} and {end}"


# --- the income limits of voluntary social insurance, on the frozen rates -----------------------

# The first value of the base salary (1,800,000 from 2023-07-01) ends on 2024-06-30, before the
# resolution, so every calculator refuses those dates (see the *_before_resolution golden cases).
# The income limits are still defined then: 20 × base salary.
INCOME_LIMITS = [
    ("2023-07-01", 1_500_000, 36_000_000),  # 20 × 1,800,000
    ("2024-06-30", 1_500_000, 36_000_000),  # 20 × 1,800,000
    ("2024-07-01", 1_500_000, 46_800_000),  # 20 × 2,340,000
    ("2026-06-30", 1_500_000, 46_800_000),  # 20 × 2,340,000
    ("2026-07-01", 1_500_000, 50_600_000),  # 20 × 2,530,000
    ("2026-12-31", 1_500_000, 50_600_000),  # rural poverty line 1,500,000 until 2026-12-31
    ("2027-01-01", 2_200_000, 50_600_000),  # rural poverty line 2,200,000 from 2027-01-01
    ("2027-12-31", 2_200_000, 50_600_000),
]


@pytest.mark.parametrize("date,floor,ceiling", INCOME_LIMITS, ids=[d for d, _, _ in INCOME_LIMITS])
def test_income_limits_by_hand(date: str, floor: int, ceiling: int) -> None:
    """On the frozen rates, whose figures the table above was worked out from."""
    assert income_limits(FROZEN, read_date(date)) == (floor, ceiling)


@pytest.mark.parametrize("date", ["2023-06-30", "2028-01-01"])
def test_income_limits_outside_covered_range(date: str) -> None:
    with pytest.raises(InputError) as caught:
        income_limits(FROZEN, read_date(date))
    assert list(caught.value.errors) == ["date"]
