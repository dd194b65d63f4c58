"""`python -m calculators golden --check | --update`: golden cases that follow a rates change.

On a copy of the golden cases made to agree with the frozen rates, the rates are changed as a
maintainer changes them (a pending figure filled, the coefficient corrected, a new base-salary
period, the covered range shortened) and the update must:

- rewrite exactly the expected fields that moved, and nothing else of the files (comments,
  order, layout, the other cases, the inputs and what-ifs all stay);
- replace the working comment of every field that moved, never leave a hand-written one;
- leave the cases agreeing with the new rates (`check` finds nothing);
- list the same changes the impact report lists for the same two rate books.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from books import FROZEN, FROZEN_RATES, REAL
from project_copy import clean_copy
from rate_edits import fill, new_period, set_latest

from calculators.rates import RateBook
from calculators.tools import golden
from calculators.tools.paths import GOLDEN
from calculators.tools.rates_file import check_text

REPO = Path(__file__).resolve().parents[1]
FROZEN_TEXT = FROZEN_RATES.read_text(encoding="utf-8")


def book_of(text: str) -> RateBook:
    data, errors = check_text(text, "rates.yaml")
    assert errors == [], "\n".join(map(str, errors))
    return RateBook.from_dict(data)


@pytest.fixture(scope="module")
def frozen_golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden cases, made to agree with the frozen rates (by the update itself)."""
    folder = tmp_path_factory.mktemp("golden-frozen")
    for path in GOLDEN.glob("*.yaml"):
        shutil.copy2(path, folder / path.name)
    golden.update(FROZEN, folder)
    assert golden.check(FROZEN, folder) == []
    return folder


def _copy(folder: Path, tmp_path: Path) -> Path:
    out = tmp_path / "golden"
    shutil.copytree(folder, out)
    return out


def _changed_lines(before: Path, after: Path) -> list[tuple[str, str]]:
    """(file, "-old line") and (file, "+new line") of every line that differs between two copies
    of the folder: line by line where a file kept its length (edits in place), else by diff."""
    found = []
    for path in sorted(before.glob("*.yaml")):
        old = path.read_text(encoding="utf-8").splitlines()
        new = (after / path.name).read_text(encoding="utf-8").splitlines()
        if len(old) == len(new):
            for a, b in zip(old, new, strict=True):
                if a != b:
                    found += [(path.name, "-" + a), (path.name, "+" + b)]
            continue
        for line in difflib.unified_diff(old, new, lineterm="", n=0):
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                found.append((path.name, line))
    return found


def _apply(folder: Path, tmp_path: Path, text: str) -> tuple[Path, list[golden.FieldChange], RateBook]:
    book = book_of(text)
    out = _copy(folder, tmp_path)
    changes = golden.update(book, out)
    return out, changes, book


def _well_formed_except_expected(before: Path, after: Path) -> None:
    """Each case keeps its name, situation, calculator, inputs, what-ifs and flags."""
    for path in before.glob("*.yaml"):
        old = yaml.safe_load(path.read_text(encoding="utf-8"))
        new = yaml.safe_load((after / path.name).read_text(encoding="utf-8"))
        assert [{k: v for k, v in c.items() if not k.startswith("expected")} for c in old] == [
            {k: v for k, v in c.items() if not k.startswith("expected")} for c in new
        ], path.name


def test_the_repository_s_golden_cases_agree_with_rates_yaml() -> None:
    assert golden.check(REAL) == []


def test_a_filled_figure_moves_exactly_the_fields_it_changes(frozen_golden: Path, tmp_path: Path) -> None:
    text = fill(FROZEN_TEXT, "title_extra_to_truong", "vnd_per_month", 123456)
    out, changes, book = _apply(frozen_golden, tmp_path, text)
    assert changes, "a pending figure that golden cases reach must move some"
    assert golden.check(book, out) == []
    _well_formed_except_expected(frozen_golden, out)
    moved = {(c.case, c.field) for c in changes}
    # Every case that had it pending now has its amount, and is complete if nothing else is pending.
    for case in golden.cases(out):
        data = case.data
        if "expected" not in data:
            continue
        assert "title_extra_to_truong" not in data["expected"]["pending"], case.where
    assert any(field == "components.title_extra" for _, field in moved)
    # Each removed line was a line of a field that moved; each added line is its new version.
    removed = [line for _, line in _changed_lines(frozen_golden, out) if line.startswith("-")]
    fields = {c.path[-1] for c in changes}
    for line in removed:
        key = line[1:].strip().split(":")[0]
        assert key in fields, line


def test_no_moved_field_keeps_a_hand_written_comment(frozen_golden: Path, tmp_path: Path) -> None:
    text = set_latest(FROZEN_TEXT, "monthly_support_coefficient", "0.9")
    out, changes, book = _apply(frozen_golden, tmp_path, text)
    assert len({c.case for c in changes}) > 20, "the coefficient moves most cases"
    assert golden.check(book, out) == []
    for name, line in _changed_lines(frozen_golden, out):
        if line.startswith("+") and "#" in line:
            assert "# golden --update: " in line, (name, line)
    # ... and the comment gives the engine's working with the new coefficient.
    added = [line for _, line in _changed_lines(frozen_golden, out) if line.startswith("+")]
    assert any("hệ số 0,9 × mức lương cơ sở" in line for line in added)


def test_the_update_lists_what_the_impact_report_lists(frozen_golden: Path, tmp_path: Path) -> None:
    text = fill(FROZEN_TEXT, "duty_night_shift", "coefficient_of_base_salary_per_shift", "0.15")
    _out, changes, book = _apply(frozen_golden, tmp_path, text)
    assert changes == golden.changes(FROZEN, book, frozen_golden)


def test_a_new_base_salary_period_moves_the_cases_after_it(frozen_golden: Path, tmp_path: Path) -> None:
    text = new_period(FROZEN_TEXT, "base_salary", "2027-07-01", 2_700_000, "{source: ND-161-2026}")
    out, changes, book = _apply(frozen_golden, tmp_path, text)
    assert changes and golden.check(book, out) == []
    dates = {}
    for case in golden.cases(out):
        dates[case.where] = str(case.data["inputs"].get("date"))
    assert all(dates[c.case] >= "2027-07-01" for c in changes), sorted({dates[c.case] for c in changes})


def test_a_case_that_becomes_refused_is_written_as_an_error_case(frozen_golden: Path, tmp_path: Path) -> None:
    text = re.sub(r"^    until: 2027-12-31$", "    until: 2027-09-30", FROZEN_TEXT, count=1, flags=re.M)
    out, changes, book = _apply(frozen_golden, tmp_path, text)
    switched = [c for c in changes if c.path == ("expected",)]
    assert switched and golden.check(book, out) == []
    for case in golden.cases(out):
        if case.where in {c.case for c in switched}:
            assert case.data["expected_error"] == {"field": "date"}
    _well_formed_except_expected(frozen_golden, out)


def test_a_what_if_answered_by_the_data_keeps_its_what_if(frozen_golden: Path, tmp_path: Path) -> None:
    text = fill(FROZEN_TEXT, "bhxh_local_support", "percent_of_poverty_line_contribution", "35")
    out, changes, _book = _apply(frozen_golden, tmp_path, text)
    assert ("uses_assumptions",) in {c.path for c in changes}
    for case in golden.cases(out):
        if (case.data.get("assume") or {}).get("bhxh_local_support") and "expected" in case.data:
            assert (
                case.data["expected"]["uses_assumptions"] is False and case.data["expected"]["assumed"] == []
            )


# --- the command -------------------------------------------------------------------------------


def _cli(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculators", "golden", *args],
        cwd=copy,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_command_checks_then_updates_a_copy(tmp_path: Path) -> None:
    copy = clean_copy(tmp_path / "copy")
    rates = copy / "rates.yaml"
    original = rates.read_text(encoding="utf-8")
    clean = _cli(copy, "--check")
    assert clean.returncode == 0 and "khớp" in clean.stdout, clean.stdout + clean.stderr
    pid = (
        next(p.id for p in REAL.pending_parameters() if "vnd_per_month" in p.forms)
        if REAL.pending_parameters()
        else None
    )
    if pid is None:
        pytest.skip("nothing pending in rates.yaml to fill")
    rates.write_text(fill(original, pid, "vnd_per_month", 123456), encoding="utf-8")
    listed = _cli(copy, "--check")
    assert listed.returncode == 1 and listed.stdout.startswith("Ca "), listed.stdout + listed.stderr
    before = {p.name: p.read_text(encoding="utf-8") for p in (copy / "tests" / "golden").glob("*.yaml")}
    updated = _cli(copy, "--update")
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.splitlines()[: len(listed.stdout.splitlines())] == listed.stdout.splitlines()
    after = {p.name: p.read_text(encoding="utf-8") for p in (copy / "tests" / "golden").glob("*.yaml")}
    assert before != after
    again = _cli(copy, "--check")
    assert again.returncode == 0, again.stdout


def test_the_command_refuses_an_invalid_rates_file(tmp_path: Path) -> None:
    copy = clean_copy(tmp_path / "copy")
    rates = copy / "rates.yaml"
    rates.write_text(
        rates.read_text(encoding="utf-8").replace("value: 2340000", "value: 2.340.000"), encoding="utf-8"
    )
    before = {p.name: p.read_text(encoding="utf-8") for p in (copy / "tests" / "golden").glob("*.yaml")}
    proc = _cli(copy, "--update")
    assert proc.returncode == 1 and "Cách sửa" in proc.stderr and "Traceback" not in proc.stderr
    assert before == {
        p.name: p.read_text(encoding="utf-8") for p in (copy / "tests" / "golden").glob("*.yaml")
    }
    json.dumps(before)  # nothing was written
