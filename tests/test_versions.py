"""Versions of the rates (calculators/tools/rates_file/versions.py, calculators/tools/site/
published.py): a content version that any change of a figure moves and a new check date alone
does not, each figure in words for the update notice, and `check-rates --since`, which refuses
changed figures under an unchanged date. The figures come from rates.yaml, edited as a
maintainer would (tests/rate_edits.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rate_edits

from calculators import text
from calculators.tools.paths import RATES, REPO
from calculators.tools.rates_file import check_text
from calculators.tools.rates_file.versions import content_version, date_kept
from calculators.tools.site.published import summary

ORIGINAL = RATES.read_text(encoding="utf-8")
CHECKED_ON = rate_edits.checked_on(ORIGINAL)
LATER = str(dt.date.fromisoformat(CHECKED_ON) + dt.timedelta(days=1))


def data_of(rates_text: str) -> dict[str, Any]:
    data, errors = check_text(rates_text, "rates.yaml")
    assert not errors, errors
    assert data is not None
    return data


def redated(rates_text: str, day: str) -> str:
    return rates_text.replace(f"checked_on: {CHECKED_ON}", f"checked_on: {day}", 1)


def corrected(rates_text: str) -> str:
    """The latest base salary corrected (an illustrative figure, not the law's)."""
    return rate_edits.set_latest(rates_text, "base_salary", rate_edits.ILLUSTRATIVE["money"])


def recited(rates_text: str) -> str:
    return rate_edits.cite_previous(rates_text, "base_salary")


BASE = data_of(ORIGINAL)


def test_the_same_figures_have_the_same_version_whatever_the_check_date() -> None:
    assert content_version(BASE) == content_version(data_of(ORIGINAL))
    assert content_version(BASE) == content_version(data_of(redated(ORIGINAL, LATER)))


@pytest.mark.parametrize("edit", [corrected, recited], ids=["figure", "citation"])
def test_any_change_of_a_figure_or_its_source_moves_the_version(edit: Any) -> None:
    changed = data_of(edit(ORIGINAL))
    assert changed != BASE
    assert content_version(changed) != content_version(BASE)


def test_changed_figures_need_a_later_check_date() -> None:
    changed = corrected(ORIGINAL)
    errors = date_kept(BASE, data_of(changed), "rates.yaml", changed.encode(), "origin/main")
    assert len(errors) == 1
    (error,) = errors
    assert error.where == "meta.checked_on" and "origin/main" in error.problem
    assert text.date(dt.date.fromisoformat(CHECKED_ON)) in error.problem
    assert ORIGINAL.splitlines()[error.line - 1].strip() == f"checked_on: {CHECKED_ON}"
    earlier = str(dt.date.fromisoformat(CHECKED_ON) - dt.timedelta(days=1))
    # An earlier date is refused too (verified_on dates after it are another rule's problem).
    assert date_kept(
        BASE, {**data_of(changed), "meta": {**BASE["meta"], "checked_on": earlier}}, "r", b"", "x"
    )
    later = redated(changed, LATER)
    assert date_kept(BASE, data_of(later), "rates.yaml", later.encode(), "origin/main") == []
    assert date_kept(BASE, data_of(ORIGINAL), "rates.yaml", ORIGINAL.encode(), "origin/main") == []


def test_every_figure_is_published_in_words_with_its_status() -> None:
    published = summary(BASE)
    assert published["figuresVersion"] == content_version(BASE)
    assert published["checkedOn"] == CHECKED_ON
    assert set(published["figures"]) == set(BASE["parameters"])
    for pid, figure in published["figures"].items():
        param = BASE["parameters"][pid]
        assert figure["label"] == param["label"]["vi"]
        assert len(figure["values"]) == len(param["values"])
        for words, value in zip(figure["values"], param["values"], strict=True):
            assert words.startswith(f"từ {text.date(dt.date.fromisoformat(value['from']))}: ")
            assert words.endswith(f"({text.status(value['status'])})")


def test_a_corrected_figure_changes_its_words_and_a_new_period_adds_one_line() -> None:
    before = summary(BASE)["figures"]
    after = summary(data_of(corrected(ORIGINAL)))["figures"]
    changed = {pid for pid in before if before[pid] != after[pid]}
    assert changed == {"base_salary"}
    assert text.money(rate_edits.ILLUSTRATIVE["money"]) in after["base_salary"]["values"][-1]
    start = BASE["meta"]["covered"]["until"]  # after every period, inside the covered range
    ref = "{source: " + BASE["parameters"]["base_salary"]["values"][-1]["ref"]["source"] + "}"
    grown = rate_edits.new_period(ORIGINAL, "base_salary", start, rate_edits.ILLUSTRATIVE["money"], ref)
    added = summary(data_of(grown))["figures"]["base_salary"]["values"]
    assert added[:-1] == before["base_salary"]["values"]
    assert added[-1].startswith(f"từ {text.date(dt.date.fromisoformat(start))}: ")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculators", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_check_rates_since_refuses_changed_figures_under_the_same_date(tmp_path: Path) -> None:
    edited = tmp_path / "rates.yaml"
    edited.write_text(corrected(ORIGINAL), encoding="utf-8")
    refused = cli("check-rates", str(edited), "--since", str(RATES))
    assert refused.returncode == 1, refused.stderr
    assert "meta.checked_on" in refused.stderr and "Cách sửa" in refused.stderr
    assert "Traceback" not in refused.stderr
    edited.write_text(redated(corrected(ORIGINAL), LATER), encoding="utf-8")
    accepted = cli("check-rates", str(edited), "--since", str(RATES))
    assert accepted.returncode == 0, accepted.stderr
    # Without --since the file is judged alone, as before.
    edited.write_text(corrected(ORIGINAL), encoding="utf-8")
    assert cli("check-rates", str(edited)).returncode == 0


@pytest.mark.parametrize("since", ["no-such-revision", "--output=written.txt"])
def test_check_rates_since_names_a_revision_it_cannot_read(since: str, tmp_path: Path) -> None:
    found = cli("check-rates", "--since=" + since)
    assert found.returncode == 2
    assert since in found.stderr and "Traceback" not in found.stderr
    assert not (REPO / "written.txt").exists()


def test_check_rates_since_reads_a_git_revision(tmp_path: Path) -> None:
    """The committed rates.yaml against its own revision (the working copy may hold a change)."""
    committed = subprocess.run(
        ["git", "show", "HEAD:rates.yaml"], cwd=REPO, capture_output=True, check=True
    ).stdout
    path = tmp_path / "rates.yaml"
    path.write_bytes(committed)
    found = cli("check-rates", str(path), "--since", "HEAD")
    assert found.returncode == 0, found.stderr
    path.write_text(corrected(committed.decode("utf-8")), encoding="utf-8")
    assert "HEAD" in cli("check-rates", str(path), "--since", "HEAD").stderr
