"""The strict rates-file validator: every kind of invalid file is refused, at the right line.

Each invalid file is the frozen copy of the rates file (tests/fixtures/rates.yaml) with one
small mutation, written to a temporary directory, so a maintainer's change to rates.yaml changes
none of them. The expected line is computed from the mutated text itself (the line of a marker
the mutation put there), never typed in by hand. The export tests check that the data the browser gets is exactly what the YAML says.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from books import FROZEN_RATES

from calculators.rates import RateBook
from calculators.tools.rates_file import InvalidRatesFile, RatesError, check_file, load_valid, yaml_lines
from calculators.tools.rates_file.check import MAX_ERRORS

REPO = Path(__file__).resolve().parents[1]
RATES = REPO / "rates.yaml"
ORIGINAL = FROZEN_RATES.read_text(encoding="utf-8")
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable

# Letters with Vietnamese diacritics: a problem text "in Vietnamese" contains at least one.
VIETNAMESE = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


def vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE for ch in text.lower())


def line_at(text: str, index: int) -> int:
    """1-based line number of a character index."""
    return text.count("\n", 0, index) + 1


def checked(path: Path) -> tuple[dict[str, Any] | None, list[RatesError]]:
    """check_file, failing the test (instead of erroring) if the validator ever raises."""
    try:
        result = check_file(path)
    except BaseException as exc:
        pytest.fail(f"check_file raised {type(exc).__name__}: {exc}")
    data, errors = result
    assert isinstance(errors, list)
    assert all(isinstance(e, RatesError) for e in errors)
    return data, errors


def write(tmp_path: Path, content: str | bytes, name: str = "rates.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


# --- mutations ---------------------------------------------------------------------------------

Mutation = Callable[[str], tuple[str, int]]


def edit(anchor: str, old: str, new: str, mark: str | None = None) -> Mutation:
    """Replace the first `old` after `anchor` by `new`.

    The expected line is the line of `mark` (default: the first line of `new`), searched in the
    mutated text from the anchor on.
    """

    def mutate(text: str) -> tuple[str, int]:
        a = text.index(anchor)
        p = text.index(old, a)
        out = text[:p] + new + text[p + len(old) :]
        needle = mark if mark is not None else new.strip("\n").splitlines()[0]
        return out, line_at(out, out.index(needle, a) + needle.startswith("\n"))

    return mutate


def cut_block(start: str, end: str, mark: str) -> Mutation:
    """Delete from `start` up to (not including) `end`; expected line is that of `mark`."""

    def mutate(text: str) -> tuple[str, int]:
        a = text.index(start)
        b = text.index(end, a + len(start))
        out = text[:a] + text[b:]
        return out, line_at(out, out.index(mark) + mark.startswith("\n"))

    return mutate


BASE = "  base_salary:\n"
V1 = (
    "      - from: 2023-07-01\n        value: 1800000\n        status: verified\n"
    "        ref: {source: ND-24-2023, article: 3, clause: 2}\n        verified_on: 2026-11-28\n"
)
V2 = (
    "      - from: 2024-07-01\n        value: 2340000\n        status: verified\n"
    "        ref: {source: ND-73-2024, article: 3, clause: 2}\n        verified_on: 2026-11-28\n"
)


def swap_base_salary_values(text: str) -> tuple[str, int]:
    assert text.count(V1 + V2) == 1
    out = text.replace(V1 + V2, V2 + V1)
    return out, line_at(out, out.index("      - from: 2023-07-01", out.index(BASE)))


def empty_values_of_last_parameter(text: str) -> tuple[str, int]:
    a = text.index("  context_communes:\n")
    out = text[: text.index("    values:\n", a)] + "    values: []\n"
    return out, line_at(out, out.index("    values: []"))


@dataclass(frozen=True)
class Case:
    mutate: Mutation
    where: str | None = None  # text the error's `where` must contain (the parameter, source ...)
    says: str | None = None  # text str(error) must contain


CASES: dict[str, Case] = {
    # unknown keys (a typo of `label`)
    "unknown key at top level": Case(
        edit("schema: 1\n", "schema: 1\n", "schema: 1\nlable: x\n", mark="lable:"), "lable", "lable"
    ),
    "unknown key in a parameter": Case(edit(BASE, "    label:\n", "    lable:\n"), "base_salary", "lable"),
    "unknown key in a dated value": Case(
        edit(BASE, "        value: 1800000\n", "        value: 1800000\n        lable: x\n", mark="lable:"),
        "base_salary",
        "lable",
    ),
    "unknown key in a reference": Case(
        edit(
            BASE,
            "{source: ND-24-2023, article: 3, clause: 2}",
            "{source: ND-24-2023, article: 3, lable: 2}",
            mark="lable: 2",
        ),
        "base_salary",
        "lable",
    ),
    "unknown key in a source": Case(
        edit("  ND-24-2023:\n", "    where:", "    lable: x\n    where:", mark="lable:"),
        "ND-24-2023",
        "lable",
    ),
    "unknown key in meta": Case(
        edit("meta:\n", "  checked_on:", "  lable: x\n  checked_on:", mark="lable:"), "lable", "lable"
    ),
    "unknown key in a category choice": Case(
        edit(
            "    to_vien:\n",
            "      en: Team member\n",
            "      en: Team member\n      lable: x\n",
            mark="lable:",
        ),
        "role",
        "lable",
    ),
    "unknown key in a team-size band": Case(
        edit(
            "  team_size_bands:\n",
            "            max_to_vien: 5\n",
            "            max_to_vien: 5\n            lable: x\n",
            mark="lable:",
        ),
        "team_size_bands",
        "lable",
    ),
    # duplicate keys
    "duplicate key in a parameter": Case(
        edit(
            BASE,
            "    unit: vnd_per_month\n",
            "    unit: vnd_per_month\n    unit: vnd_per_day\n",
            mark="unit: vnd_per_day",
        ),
        None,
        "'unit'",
    ),
    "duplicate key in a dated value": Case(
        edit(
            BASE,
            "        status: verified\n",
            "        status: verified\n        status: pending\n",
            mark="status: pending",
        ),
        None,
        "'status'",
    ),
    "duplicated parameter id": Case(
        edit(
            "  rural_poverty_line:\n", "  rural_poverty_line:\n", "  base_salary:\n", mark="  base_salary:\n"
        ),
        None,
        "base_salary",
    ),
    "duplicated source id": Case(
        edit("  ND-73-2024:\n", "  ND-73-2024:\n", "  ND-24-2023:\n", mark="  ND-24-2023:\n"),
        None,
        "ND-24-2023",
    ),
    # missing required keys
    "missing label": Case(
        edit(BASE, "    label:\n      vi: Mức lương cơ sở\n      en: Base salary\n", "", mark=BASE),
        "base_salary",
        "label",
    ),
    "missing unit": Case(edit(BASE, "    unit: vnd_per_month\n", "", mark=BASE), "base_salary", "unit"),
    "missing ref": Case(
        edit(
            BASE,
            "        ref: {source: ND-24-2023, article: 3, clause: 2}\n",
            "",
            mark="      - from: 2023-07-01",
        ),
        "base_salary",
        "ref",
    ),
    "missing verified_on": Case(
        edit(BASE, "        verified_on: 2026-11-28\n", "", mark="      - from: 2023-07-01"),
        "base_salary",
        "verified_on",
    ),
    "missing status": Case(
        edit(BASE, "        status: verified\n", "", mark="      - from: 2023-07-01"), "base_salary", "status"
    ),
    "missing meta.checked_on": Case(
        edit("meta:\n", "  checked_on: 2026-11-28\n", "", mark="meta:\n"), "meta", "checked_on"
    ),
    "parameter without values": Case(empty_values_of_last_parameter, "context_communes", "values"),
    # periods
    "unsorted periods": Case(swap_base_salary_values, "base_salary", "thứ tự"),
    "two values with the same from": Case(
        edit(
            BASE,
            "      - from: 2024-07-01\n",
            "      - from: 2023-07-01\n",
            mark="      - from: 2023-07-01\n        value: 2340000",
        ),
        "base_salary",
        "2023-07-01",
    ),
    # The overlap is reported at the value it runs into (the validator's choice), and names the `until`.
    "until reaching past the next from": Case(
        edit(
            BASE,
            "        ref: {source: ND-24-2023, article: 3, clause: 2}\n",
            "        ref: {source: ND-24-2023, article: 3, clause: 2}\n        until: 2024-12-31\n",
            mark="      - from: 2024-07-01",
        ),
        "base_salary",
        "2024-12-31",
    ),
    "until before from": Case(
        edit(
            BASE,
            "        ref: {source: ND-24-2023, article: 3, clause: 2}\n",
            "        ref: {source: ND-24-2023, article: 3, clause: 2}\n        until: 2023-01-01\n",
            mark="until: 2023-01-01",
        ),
        "base_salary",
        "2023-01-01",
    ),
    # references
    "verified value with ref null": Case(
        edit(BASE, "ref: {source: ND-73-2024, article: 3, clause: 2}", "ref: null"), "base_salary", "ref"
    ),
    "verified value with an empty ref": Case(
        edit(BASE, "ref: {source: ND-73-2024, article: 3, clause: 2}", "ref: {}"), "base_salary", "source"
    ),
    "undefined source in ref": Case(
        edit(BASE, "source: ND-73-2024", "source: ND-99-2099", mark="ND-99-2099"), "base_salary", "ND-99-2099"
    ),
    "undefined source in also": Case(
        edit("  duty_night_shift:\n", "{source: LUAT-30-2023", "{source: LUAT-99-2099", mark="LUAT-99-2099"),
        "duty_night_shift",
        "LUAT-99-2099",
    ),
    "point without a clause": Case(
        edit("  monthly_support_coefficient:\n", "article: 2, clause: 1, point: a", "article: 2, point: a"),
        "monthly_support_coefficient",
        "point",
    ),
    "clause without an article": Case(
        edit(BASE, "{source: ND-24-2023, article: 3, clause: 2}", "{source: ND-24-2023, clause: 2}"),
        "base_salary",
        "clause",
    ),
    # values and units
    "money with a fraction": Case(
        edit(BASE, "value: 2340000\n", "value: 2340000.5\n"), "base_salary", "2340000.5"
    ),
    "money as a quoted string": Case(
        edit(BASE, "value: 2340000\n", 'value: "2340000"\n'), "base_salary", "2340000"
    ),
    "money written with thousands dots": Case(
        edit(BASE, "value: 2340000\n", "value: 2.340.000\n"), "base_salary", "2.340.000"
    ),
    "money as a boolean": Case(edit(BASE, "value: 2340000\n", "value: true\n"), "base_salary", None),
    "negative money": Case(edit(BASE, "value: 2340000\n", "value: -2340000\n"), "base_salary", "-2340000"),
    "coefficient as a YAML float": Case(
        edit("  monthly_support_coefficient:\n", 'value: "0.8"', "value: 0.8"),
        "monthly_support_coefficient",
        "0.8",
    ),
    "coefficient with a decimal comma": Case(
        edit("  monthly_support_coefficient:\n", 'value: "0.8"', 'value: "0,8"'),
        "monthly_support_coefficient",
        "0,8",
    ),
    "percentage over 100": Case(
        edit("  bhyt_factor_2:\n", 'value: "70"', 'value: "170"'), "bhyt_factor_2", "170"
    ),
    "count that is negative": Case(
        edit("  context_teams:\n", "value: 599", "value: -599"), "context_teams", "-599"
    ),
    # dates
    "from: month 13": Case(
        edit(BASE, "- from: 2024-07-01", "- from: 2024-13-01", mark="2024-13-01"), "base_salary", "2024-13-01"
    ),
    "from: 30 February": Case(
        edit(BASE, "- from: 2024-07-01", "- from: 2024-02-30", mark="2024-02-30"), "base_salary", "2024-02-30"
    ),
    "from: day/month/year": Case(
        edit(BASE, "- from: 2024-07-01", "- from: 15/08/2024", mark="15/08/2024"), "base_salary", "15/08/2024"
    ),
    "verified_on: month 13": Case(
        edit(BASE, "verified_on: 2026-11-28", "verified_on: 2024-13-01"), "base_salary", "2024-13-01"
    ),
    "verified_on: 30 February": Case(
        edit(BASE, "verified_on: 2026-11-28", "verified_on: 2024-02-30"), "base_salary", "2024-02-30"
    ),
    "verified_on: day/month/year": Case(
        edit(BASE, "verified_on: 2026-11-28", 'verified_on: "15/08/2024"'), "base_salary", "15/08/2024"
    ),
    "source adopted: bad date": Case(
        edit("  ND-24-2023:\n", "adopted: 2023-05-14", "adopted: 2023-05-32"), "ND-24-2023", "2023-05-32"
    ),
    "verified_on later than meta.checked_on": Case(
        edit(BASE, "verified_on: 2026-11-28", "verified_on: 2026-12-01"), "base_salary", "checked_on"
    ),
    # status and value
    "pending with a number": Case(
        edit("  title_extra_to_truong:\n", "value: null", "value: 500000"), "title_extra_to_truong", "pending"
    ),
    "verified with null": Case(edit(BASE, "value: 2340000", "value: null"), "base_salary", "verified"),
    "inferred with null": Case(
        edit("  bhxh_contribution_rate:\n", 'value: "22"', "value: null"),
        "bhxh_contribution_rate",
        "inferred",
    ),
    "pending with a confidence": Case(
        edit(
            "  title_extra_to_pho:\n",
            "        status: pending\n",
            "        status: pending\n        confidence: low\n",
            mark="confidence: low",
        ),
        "title_extra_to_pho",
        "confidence",
    ),
    # enumerations
    "unknown status": Case(edit(BASE, "status: verified", "status: verifed"), "base_salary", "verifed"),
    "unknown unit": Case(
        edit(BASE, "unit: vnd_per_month", "unit: vnd_per_year"), "base_salary", "vnd_per_year"
    ),
    "unknown group": Case(edit(BASE, "group: base", "group: basic"), "base_salary", "basic"),
    "unknown band status": Case(
        edit("  team_size_bands:\n", "            status: inferred\n", "            status: guessed\n"),
        "team_size_bands",
        "guessed",
    ),
    "parameter id not snake_case": Case(
        edit("  context_communes:\n", "  context_communes:\n", "  Context-Communes:\n"),
        None,
        "Context-Communes",
    ),
    # forms: how a figure is written, and what the calculators can compute
    "parameter with both unit and forms": Case(
        edit(
            BASE,
            "    unit: vnd_per_month\n",
            "    unit: vnd_per_month\n    forms: [vnd_per_month]\n",
            mark=BASE,
        ),
        "base_salary",
        "forms",
    ),
    "parameter with neither unit nor forms": Case(
        edit(BASE, "    unit: vnd_per_month\n", "", mark=BASE), "base_salary", "unit"
    ),
    "a form written twice": Case(
        edit(
            "  duty_rest_day:\n",
            "forms: [vnd_per_day, coefficient_of_base_salary_per_day]",
            "forms: [vnd_per_day, vnd_per_day]",
        ),
        "duty_rest_day",
        "hai lần",
    ),
    "a form that is not a form": Case(
        edit("  duty_rest_day:\n", "forms: [vnd_per_day,", "forms: [vnd_per_week,"),
        "duty_rest_day",
        "vnd_per_week",
    ),
    "a form the calculator cannot compute": Case(
        edit("  duty_rest_day:\n", "forms: [vnd_per_day,", "forms: [vnd_per_month,"),
        "duty_rest_day",
        "vnd_per_month",
    ),
    "a filled figure without its form": Case(
        edit(
            "  duty_rest_day:\n",
            "        value: null\n        status: pending\n",
            "        value: 150000\n        status: verified\n",
            mark="      - from: 2024-07-05",
        ),
        "duty_rest_day",
        "form",
    ),
    "a filled figure in a form the parameter does not list": Case(
        edit(
            "  duty_rest_day:\n",
            "        value: null\n        status: pending\n",
            "        form: vnd_per_shift\n        value: 150000\n        status: verified\n",
        ),
        "duty_rest_day",
        "vnd_per_shift",
    ),
    "a coefficient given in a money form": Case(
        edit(
            "  duty_rest_day:\n",
            "        value: null\n        status: pending\n",
            '        form: vnd_per_day\n        value: "0.15"\n        status: verified\n',
            mark='        value: "0.15"',
        ),
        "duty_rest_day",
        "0.15",
    ),
    "a pending figure with a form": Case(
        edit(
            "  duty_rest_day:\n",
            "        value: null\n",
            "        form: vnd_per_day\n        value: null\n",
        ),
        "duty_rest_day",
        "form",
    ),
    "a percentage of the costs over 100": Case(
        edit(
            "  incident_medical_cost_share:\n",
            "        value: null\n        status: pending\n",
            '        form: percent_of_costs\n        value: "120"\n        status: verified\n',
            mark='        value: "120"',
        ),
        "incident_medical_cost_share",
        "100",
    ),
    "a role pointing to a percentage": Case(
        edit("    to_truong:\n", "parameter: title_extra_to_truong", "parameter: bhyt_rate"),
        "role",
        "percent",
    ),
    "a group pointing to an amount of money": Case(
        edit("    poor:\n", "parameter: bhxh_state_support_poor", "parameter: base_salary"),
        "group",
        "vnd_per_month",
    ),
    "a figure every calculation needs, left pending": Case(
        edit(BASE, "value: 2340000\n        status: verified", "value: null\n        status: pending"),
        "base_salary",
        "không thể để trống",
    ),
    "a choice's figure the calculator needs, left pending": Case(
        edit(
            "  bhyt_factor_2:\n",
            'value: "70"\n        status: verified',
            "value: null\n        status: pending",
        ),
        "bhyt_factor_2",
        "không thể để trống",
    ),
    "a kind of incident pointing to a parameter": Case(
        edit(
            "    death:\n",
            "      parameter: null",
            "      parameter: incident_funeral_allowance",
            mark="      parameter: incident_funeral_allowance",
        ),
        "kind",
        "null",
    ),
    # categories and what the calculators need
    "category choice pointing to a missing parameter": Case(
        edit("    to_pho:\n", "parameter: title_extra_to_pho", "parameter: title_extra_to_pho_cu"),
        "role",
        "title_extra_to_pho_cu",
    ),
    "parameter the calculators need removed (base_salary)": Case(
        cut_block(BASE, "  rural_poverty_line:\n", mark="\nparameters:\n"), None, "base_salary"
    ),
    "category choice the calculators need removed (role to_vien)": Case(
        cut_block("    to_vien:\n", "  training:\n", mark="  role:\n"), "role", "to_vien"
    ),
    "category the calculators need removed (position)": Case(
        cut_block("  position:\n", "  kind:\n", mark="\ncategories:\n"), None, "position"
    ),
    # team-size table
    "team-size bands unsorted": Case(
        edit("  team_size_bands:\n", "households_from: 750", "households_from: 300"), "team_size_bands", None
    ),
    "team-size band with max_to_vien > max_members": Case(
        edit("  team_size_bands:\n", "max_to_vien: 5", "max_to_vien: 8"), "team_size_bands", None
    ),
    "team-size table not starting at 0": Case(
        # reported at the table itself (its `value:` key), which the fix text then describes
        edit(
            "  team_size_bands:\n",
            "households_from: 0",
            "households_from: 1",
            mark="        value:\n          - households_from: 1",
        ),
        "team_size_bands",
        "0",
    ),
    # YAML syntax
    "bad indentation of a key": Case(
        edit(BASE, "    unit: vnd_per_month\n", "   unit: vnd_per_month\n"), None, "YAML"
    ),
    "bad indentation inside a dated value": Case(
        edit(BASE, "        status: verified\n", "         status: verified\n"), None, "YAML"
    ),
    "unclosed double quote": Case(
        edit("  monthly_support_coefficient:\n", 'value: "0.8"', 'value: "0.8'), None, "YAML"
    ),
    "unclosed double quote in a label": Case(
        edit(BASE, "vi: Mức lương cơ sở\n", 'vi: "Mức lương cơ sở\n'), None, "YAML"
    ),
    "unclosed single quote in a note": Case(
        edit("  rural_poverty_line:\n", "note: Mức này", "note: 'Mức này"), None, "YAML"
    ),
    "unclosed flow mapping": Case(
        edit(
            BASE, "{source: ND-24-2023, article: 3, clause: 2}", "{source: ND-24-2023, article: 3, clause: 2"
        ),
        None,
        "YAML",
    ),
    "missing colon after a key": Case(
        edit(BASE, "    unit: vnd_per_month\n", "    unit vnd_per_month\n"), None, "YAML"
    ),
    "tab used for indentation": Case(
        edit(BASE, "    unit: vnd_per_month\n", "\tunit: vnd_per_month\n"), None, "tab"
    ),
    "tab used for indentation in a value": Case(
        edit(BASE, "        status: verified\n", "\t\tstatus: verified\n"), None, "tab"
    ),
    "undefined YAML alias": Case(edit("schema: 1\n", "schema: 1", "schema: *one"), None, "YAML"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_invalid_file_is_refused_at_the_offending_line(tmp_path: Path, kind: str) -> None:
    case = CASES[kind]
    text, line = case.mutate(ORIGINAL)
    assert text != ORIGINAL
    path = write(tmp_path, text)
    data, errors = checked(path)
    assert data is None
    assert errors, "an invalid file must produce at least one error"
    at_line = [e for e in errors if e.line == line]
    assert at_line, f"no error at line {line} ({text.splitlines()[line - 1]!r}); got:\n" + "\n".join(
        str(e) for e in errors
    )
    if case.where is not None:
        at_line = [e for e in at_line if case.where in e.where]
        assert at_line, f"no error at line {line} names {case.where!r}; got:\n" + "\n".join(
            str(e) for e in errors
        )
    if case.says is not None:
        at_line = [e for e in at_line if case.says in str(e)]
        assert at_line, f"no error at line {line} says {case.says!r}; got:\n" + "\n".join(
            str(e) for e in errors
        )
    for err in errors:
        _assert_well_said(err, path)


def _assert_well_said(err: RatesError, path: Path) -> None:
    said = str(err)
    assert "Cách sửa:" in said
    assert err.problem.strip() and err.fix.strip()
    assert vietnamese(err.problem), f"problem not in Vietnamese: {err.problem!r}"
    assert vietnamese(err.fix), f"fix not in Vietnamese: {err.fix!r}"
    assert err.file == str(path)
    if err.line is not None:
        assert said.startswith(f"{path}:{err.line}:")
    assert "\n" not in said


# --- invalid as a whole -----------------------------------------------------------------------


def _oversize(text: str) -> bytes:
    raw = text.encode("utf-8")
    padding = b"# " + b"x" * 98 + b"\n"
    return raw + padding * (1_000_000 // len(padding) + 1)


def _non_utf8(text: str) -> tuple[bytes, int]:
    raw = text.encode("utf-8")
    at = raw.index("vi: Mức lương cơ sở".encode())
    bad = raw[:at] + b"vi: M\xfbc" + raw[at + len("vi: Mức".encode()) :]
    return bad, raw[:at].count(b"\n") + 1


def _truncated_in_a_character(text: str) -> tuple[bytes, int]:
    raw = text.encode("utf-8")
    at = raw.index("Mức lương cơ sở".encode()) + 2  # inside the two bytes of "ứ"
    return raw[:at], raw[:at].count(b"\n") + 1


def _latin1_windows(text: str) -> tuple[bytes, int]:
    """A maintainer's editor saved it in the Vietnamese Windows code page."""
    raw = text.encode("cp1258", errors="replace")
    first = next(i for i, b in enumerate(raw) if b >= 0x80)
    return raw, raw[:first].count(b"\n") + 1


JUNK = bytes(random.Random(20240705).randrange(256) for _ in range(4096)) + b"\x00"

WHOLE_FILE: dict[str, Callable[[], tuple[bytes, int | None, str]]] = {
    "empty file": lambda: (b"", None, "trống"),
    "only blank lines": lambda: (b"\n   \n\n", None, "trống"),
    "only comments": lambda: (b"# rates\n# nothing else\n", 1, "nhóm khóa"),
    "top-level list": lambda: (b"- schema: 1\n- meta: {}\n", 1, "nhóm khóa"),
    "top-level scalar": lambda: (b"rates\n", 1, "nhóm khóa"),
    "binary junk with NUL": lambda: (JUNK, None, "nhị phân"),
    "NUL byte in the real file": lambda: (
        ORIGINAL.encode("utf-8").replace(b"schema: 1", b"schema: \x001"),
        None,
        "nhị phân",
    ),
    "non-UTF-8 byte": lambda: (*_non_utf8(ORIGINAL), "UTF-8"),
    "file cut in the middle of a character": lambda: (*_truncated_in_a_character(ORIGINAL), "UTF-8"),
    "saved in Windows-1258": lambda: (*_latin1_windows(ORIGINAL), "UTF-8"),
    "file over 1 MB": lambda: (_oversize(ORIGINAL), None, "quá lớn"),
}


@pytest.mark.parametrize("kind", list(WHOLE_FILE))
def test_file_invalid_as_a_whole_is_refused(tmp_path: Path, kind: str) -> None:
    raw, line, says = WHOLE_FILE[kind]()
    path = write(tmp_path, raw)
    data, errors = checked(path)
    assert data is None
    assert len(errors) == 1, "\n".join(str(e) for e in errors)
    err = errors[0]
    assert err.line == line, str(err)
    assert says in str(err)
    _assert_well_said(err, path)


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "no-such-rates.yaml"
    data, errors = checked(path)
    assert data is None and len(errors) == 1
    _assert_well_said(errors[0], path)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_a_pipe_is_refused_before_it_is_read(tmp_path: Path, special: str) -> None:
    """Reading /dev/zero never ends, and a pipe nobody writes to never answers: neither is read."""
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "rates.yaml"
        os.mkfifo(path)
    elif not path.exists():
        pytest.skip(f"{special} is not on this system")
    data, errors = checked(path)
    assert data is None and len(errors) == 1
    assert "không phải một tệp văn bản thông thường" in str(errors[0])


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "rates.yaml"
    with path.open("wb") as handle:
        handle.truncate(5 * 10**9)  # a sparse file: 5 GB that takes no room
    data, errors = checked(path)
    assert data is None and "Tệp quá lớn" in str(errors[0])


def test_a_very_broken_file_lists_the_first_problems_and_counts_the_rest(tmp_path: Path) -> None:
    text = ORIGINAL.replace("meta:\n", "meta:\n" + "".join(f"  k{i}: x\n" for i in range(200)), 1)
    data, errors = checked(write(tmp_path, text))
    assert data is None and len(errors) == MAX_ERRORS + 1
    assert errors[-1].hidden_count == 150 and "Còn 150 lỗi khác" in str(errors[-1])
    proc = subprocess.run(
        [PYTHON, "-m", "calculators", "check-rates", str(tmp_path / "rates.yaml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 1 and proc.stderr.rstrip().endswith(f"200 lỗi trong {tmp_path / 'rates.yaml'}.")
    assert proc.stderr.count("\n") == MAX_ERRORS + 2


def test_hidden_characters_are_shown_by_their_code() -> None:
    from calculators.tools.rates_file.errors import visible

    assert visible("a\u200bb\u202ec") == "a\\u200bb\\u202ec"
    assert visible("Mức lương cơ sở") == "Mức lương cơ sở"


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    data, errors = checked(tmp_path)
    assert data is None and len(errors) == 1
    assert "Cách sửa:" in str(errors[0])


# --- the real file, several problems at once, order --------------------------------------------


def test_the_real_rates_file_is_valid() -> None:
    data, errors = checked(RATES)
    assert errors == [], "\n".join(str(e) for e in errors)
    assert data is not None
    assert "base_salary" in data["parameters"]


def _several(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Four problems in four parameters (two shape errors, two rule errors), and a fifth in sources."""
    expected = []
    for mutate, where in (
        (edit("  bhyt_factor_2:\n", 'value: "70"', 'value: "170"'), "bhyt_factor_2"),
        (edit(BASE, "    label:\n", "    lable:\n"), "base_salary"),
        (
            edit(
                "  duty_night_shift:\n", "{source: LUAT-30-2023", "{source: LUAT-99-2099", mark="LUAT-99-2099"
            ),
            "duty_night_shift",
        ),
        (
            edit("  context_teams:\n", "- from: 2024-11-01", "- from: 2024-11-31", mark="2024-11-31"),
            "context_teams",
        ),
        (edit("  ND-24-2023:\n", "adopted: 2023-05-14", "adopted: 14/05/2023"), "ND-24-2023"),
    ):
        text, line = mutate(text)
        # earlier mutations never change the number of lines, so earlier lines stay valid
        expected.append((line, where))
    return text, expected


def test_several_problems_are_all_reported_in_one_run(tmp_path: Path) -> None:
    text, expected = _several(ORIGINAL)
    assert len(text.splitlines()) == len(ORIGINAL.splitlines())
    _, errors = checked(write(tmp_path, text))
    for line, where in expected:
        assert any(e.line == line and where in e.where for e in errors), (
            f"missing error at line {line} [{where}]; got:\n" + "\n".join(str(e) for e in errors)
        )


def test_errors_are_sorted_by_line(tmp_path: Path) -> None:
    text, expected = _several(ORIGINAL)
    # also a dangling category choice: a rule error near the top, found after the parameter errors
    text, _ = edit("    to_pho:\n", "parameter: title_extra_to_pho", "parameter: title_extra_to_pho_cu")(text)
    _, errors = checked(write(tmp_path, text))
    assert len(errors) >= len(expected) + 1
    lines = [e.line or 0 for e in errors]
    assert lines == sorted(lines)


def test_every_error_line_is_inside_the_file(tmp_path: Path) -> None:
    text, _ = _several(ORIGINAL)
    _, errors = checked(write(tmp_path, text))
    count = len(text.splitlines())
    assert all(e.line is None or 1 <= e.line <= count for e in errors)


def test_load_valid_raises_with_every_error(tmp_path: Path) -> None:
    text, expected = _several(ORIGINAL)
    path = write(tmp_path, text)
    with pytest.raises(InvalidRatesFile) as info:
        load_valid(path)
    assert {line for line, _ in expected} <= {e.line for e in info.value.errors}
    assert "Cách sửa:" in str(info.value)


# --- no input ever makes the checker raise -------------------------------------------------------


def _fuzzed(seed: int) -> bytes:
    rng = random.Random(seed)
    lines = ORIGINAL.splitlines(keepends=True)
    how = seed % 6
    i = rng.randrange(len(lines))
    if how == 0:  # delete a line
        del lines[i]
    elif how == 1:  # duplicate a line
        lines.insert(i, lines[i])
    elif how == 2:  # swap two neighbouring lines
        j = min(i + 1, len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
    elif how == 3:  # put a strange character somewhere in a line
        pos = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:pos] + rng.choice(":-{}[]&*!|>'\"%@`#,? \t") + lines[i][pos:]
    elif how == 4:  # shift a line's indentation
        lines[i] = " " * rng.choice((1, 2, 3)) + lines[i]
    else:  # cut the file short
        return ORIGINAL.encode("utf-8")[: rng.randrange(len(ORIGINAL.encode("utf-8")))]
    return "".join(lines).encode("utf-8")


@pytest.mark.parametrize("seed", range(60))
def test_no_mutation_makes_the_checker_raise(tmp_path: Path, seed: int) -> None:
    raw = _fuzzed(seed)
    path = write(tmp_path, raw)
    data, errors = checked(path)
    assert (data is None) == bool(errors)
    count = raw.count(b"\n") + 1
    for err in errors:
        assert "Cách sửa:" in str(err)
        assert vietnamese(err.problem)
        assert err.line is None or 1 <= err.line <= count, str(err)


@pytest.mark.parametrize(
    "text",
    [
        "schema: 1\nmeta: 5\nsources: []\ncategories: x\nparameters: {a: 1}\n",
        "schema: 1\nparameters:\n  base_salary:\n    values: [1, 2]\n",
        "schema: 1\nparameters:\n  base_salary:\n    unit: household_bands\n    values:\n      - value: {a: 1}\n",
        "schema: 1\ncategories:\n  role: [1]\n  2: {x: {parameter: 5}}\n",
        "? [a, b]\n: 1\n",
        "a: &x [*x]\n",
        "!!python/object:os.system {}\n",
        "schema: !!binary aGVsbG8=\n",
        "schema: 1\n" * 3,
        "{" * 5000,
        "- " * 2000 + "x\n",
        "a: " + "[" * 2000 + "\n",
    ],
    ids=lambda t: repr(t[:30]),
)
def test_odd_shapes_never_raise(tmp_path: Path, text: str) -> None:
    data, errors = checked(write(tmp_path, text))
    assert data is None and errors
    for err in errors:
        assert "Cách sửa:" in str(err)


# --- the export: what the calculators and the browser get -------------------------------------


def _plain(node: Any) -> bool:
    if type(node) is dict:
        return all(type(k) is str and _plain(v) for k, v in node.items())
    if type(node) is list:
        return all(_plain(v) for v in node)
    return node is None or type(node) in (str, int, bool)


def test_load_valid_gives_plain_json_data() -> None:
    data = load_valid("rates.yaml" if Path("rates.yaml").exists() else RATES)
    assert _plain(data), "only dict, list, str, int, bool and None may reach the JSON"
    assert json.loads(json.dumps(data, allow_nan=False, ensure_ascii=False)) == data


def test_load_valid_keeps_money_whole_and_decimals_as_text() -> None:
    data = load_valid(FROZEN_RATES)
    base = data["parameters"]["base_salary"]["values"]
    assert [v["value"] for v in base][:2] == [1800000, 2340000]
    coef = data["parameters"]["monthly_support_coefficient"]["values"][0]
    assert coef["value"] == "0.8" and coef["from"] == "2024-07-05"
    pending = data["parameters"]["title_extra_to_truong"]["values"][0]
    assert pending["value"] is None and pending["status"] == "pending" and pending["form"] is None
    # A single `unit` becomes a list of one form; a known value carries the form it is written in.
    assert (
        data["parameters"]["base_salary"]["forms"] == ["vnd_per_month"] and base[0]["form"] == "vnd_per_month"
    )
    assert "unit" not in data["parameters"]["base_salary"]
    assert data["parameters"]["title_extra_to_truong"]["forms"] == [
        "vnd_per_month",
        "coefficient_of_base_salary",
    ]


def test_rate_book_builds_from_the_validated_data() -> None:
    import datetime as dt
    from decimal import Decimal

    book = RateBook.from_dict(load_valid(FROZEN_RATES))
    assert book.parameter("base_salary").at(dt.date(2024, 8, 15)).value == 2340000
    assert book.parameter("monthly_support_coefficient").at(dt.date(2024, 8, 15)).value == Decimal("0.8")
    assert book.parameter("base_salary").at(dt.date(2023, 6, 30)) is None
    assert set(book.parameters) == set(load_valid(FROZEN_RATES)["parameters"])


def test_exported_json_equals_the_validated_yaml(tmp_path: Path) -> None:
    out = tmp_path / "out" / "rates.json"
    proc = subprocess.run(
        [PYTHON, "-m", "calculators", "export-rates", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    with out.open(encoding="utf-8") as f:
        assert json.load(f) == load_valid(RATES)


def test_export_of_an_invalid_file_writes_nothing(tmp_path: Path) -> None:
    text, _ = _several(ORIGINAL)
    bad = write(tmp_path, text)
    out = tmp_path / "rates.json"
    proc = subprocess.run(
        [PYTHON, "-m", "calculators", "export-rates", "--rates", str(bad), str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{bad}:" in proc.stderr
    assert not out.exists()


# --- the wheel (built once per session by the `wheel` fixture in conftest.py) ---------------


@pytest.mark.slow
def test_wheel_ships_the_validated_rates_as_json(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "calculators/data/rates.json" in names
        shipped = json.loads(zf.read("calculators/data/rates.json").decode("utf-8"))
    assert shipped == load_valid(RATES)
    # Order matters too: choices are shown in the order the rates file lists them.
    assert json.dumps(shipped, ensure_ascii=False) == json.dumps(load_valid(RATES), ensure_ascii=False)


@pytest.mark.slow
def test_wheel_contains_only_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    outside = [
        n for n in names if not n.startswith("calculators/") and not n.split("/", 1)[0].endswith(".dist-info")
    ]
    assert outside == []
    assert "calculators/__init__.py" in names


@pytest.mark.parametrize("loader", ["libyaml", "python"])
@pytest.mark.parametrize("style", ["block", "flow"])
def test_nesting_is_read_up_to_max_depth_and_refused_beyond(loader: str, style: str) -> None:
    """Both parsers stop at the same depth (libyaml's composer would crash far deeper)."""

    def nested(depth: int) -> str:
        if style == "flow":
            return "[" * depth + "]" * depth + "\n"
        return "".join(" " * i + f"k{i}:\n" for i in range(depth - 1)) + " " * (depth - 1) + "k: 1\n"

    load = yaml_lines.parse if loader == "libyaml" else (lambda t: yaml.load(t, Loader=yaml_lines.LineLoader))
    load(nested(yaml_lines.MAX_DEPTH))
    with pytest.raises(yaml_lines.TooDeepError) as refused:
        load(nested(yaml_lines.MAX_DEPTH + 1))
    assert refused.value.problem_mark.line == (0 if style == "flow" else yaml_lines.MAX_DEPTH)


@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_a_file_is_read_up_to_max_nodes_and_refused_beyond(loader: str) -> None:
    """Both parsers count keys, values and lists alike: a list of n items is n + 1 nodes."""
    load = yaml_lines.parse if loader == "libyaml" else (lambda t: yaml.load(t, Loader=yaml_lines.LineLoader))
    assert len(load("- v\n" * (yaml_lines.MAX_NODES - 1))) == yaml_lines.MAX_NODES - 1
    with pytest.raises(yaml_lines.TooManyError) as refused:
        load("- v\n" * yaml_lines.MAX_NODES)
    assert refused.value.problem_mark.line == yaml_lines.MAX_NODES - 1
