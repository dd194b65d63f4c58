"""The files that make rate changes go through review: the pull-request workflow, the template,
CODEOWNERS and CONTRIBUTING.

Nothing here can run GitHub Actions; these tests check that the workflow parses and does what
the README promises (the same test command, the rates check, a strict site build, the impact
report in the job summary of a pull request), and that review is asked for where it matters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rate_edits
import yaml
from project_copy import clean_copy

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / ".github"
WORKFLOW = GITHUB / "workflows" / "pull-request.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("jobs"), "the workflow has no jobs"
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for step in _steps(workflow)]


def test_workflow_runs_on_pull_requests_and_pushes_to_main(workflow: dict[str, Any]) -> None:
    # YAML 1.1 reads the key `on` as True
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict), triggers
    assert "pull_request" in triggers
    assert "main" in triggers["push"]["branches"]
    for job in workflow["jobs"].values():
        assert re.match(r"(ubuntu|debian)", str(job["runs-on"])), job["runs-on"]


def test_workflow_uses_official_actions_pinned_to_a_major_version(workflow: dict[str, Any]) -> None:
    uses = {step["uses"].split("@")[0]: step for step in _steps(workflow) if "uses" in step}
    for name, step in uses.items():
        assert name.startswith("actions/"), name
        assert re.fullmatch(r"v\d+", step["uses"].split("@")[1]), step["uses"]
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0, "the impact report needs the base branch"
    assert str(uses["actions/setup-python"]["with"]["python-version"]) == "3.11"
    assert str(uses["actions/setup-node"]["with"]["node-version"]) == "20"


def test_workflow_runs_the_tests_checks_the_rates_and_builds_strictly(workflow: dict[str, Any]) -> None:
    runs = _runs(workflow)
    assert any(re.search(r"(^|\s)scripts/test(\s|$)", r) for r in runs), "scripts/test is not run"
    assert any("-m calculators check-rates" in r for r in runs)
    assert any("-m mkdocs build --strict" in r for r in runs)
    assert any(re.search(r"sudo .*apt-get install .*chromium", r) for r in runs), (
        "no chromium for the browser tests"
    )
    for r in runs:
        for script in re.findall(r"(?<![\w/.])((?:scripts|\.ci)/[\w.-]+)", r):
            path = REPO / script
            assert path.is_file() and os.access(path, os.X_OK), f"{script} is missing or not executable"


def test_workflow_checks_the_golden_cases_after_the_impact_report(workflow: dict[str, Any]) -> None:
    """A rate change whose golden cases were not updated fails with what to run, in the summary;
    the impact report, which reviewers read, has been written before."""
    steps = _steps(workflow)
    golden = [i for i, s in enumerate(steps) if "-m calculators golden --check" in s.get("run", "")]
    impact = [i for i, s in enumerate(steps) if "-m calculators impact" in s.get("run", "")]
    assert len(golden) == 1 and impact and impact[0] < golden[0]
    run = steps[golden[0]]["run"]
    assert "golden --update" in run and re.search(r'>>\s*"\$GITHUB_STEP_SUMMARY"', run), run


def test_workflow_writes_the_impact_report_into_the_job_summary(workflow: dict[str, Any]) -> None:
    steps = [s for s in _steps(workflow) if "-m calculators impact" in s.get("run", "")]
    assert len(steps) == 1, "exactly one impact step"
    step = steps[0]
    assert re.search(r'>>\s*"\$GITHUB_STEP_SUMMARY"', step["run"]), step["run"]
    assert "pull_request" in step.get("if", ""), "the impact step runs on pull requests"
    base = step["run"].split("impact", 1)[1]
    assert "origin/" in base and ("github.base_ref" in base or "BASE_REF" in base), base
    if "BASE_REF" in base and "github.base_ref" not in base:
        assert "github.base_ref" in str(step.get("env", {}).get("BASE_REF")), step.get("env")
    # after setup (the .venv exists) and after checkout of the full history
    names = [s.get("run", "") + s.get("uses", "") for s in _steps(workflow)]
    at = names.index(step["run"])
    assert any("scripts/setup" in n or "scripts/test" in n for n in names[:at])


def test_codeowners_cover_the_rates_and_the_golden_cases() -> None:
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))

    def owners_of(path: str) -> list[str]:
        found: list[str] = []
        for pattern, owners in rules:  # the last matching rule wins, as on GitHub
            p = pattern.lstrip("/")
            if path == p or (p.endswith("/") and path.startswith(p)):
                found = owners
        return found

    for path in ("rates.yaml", "tests/golden/monthly.yaml"):
        owners = owners_of(path)
        assert owners and all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", o) for o in owners), (path, owners)


def test_pull_request_template_asks_for_the_citation_and_the_date_checked() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    lowered = text.lower()
    assert "căn cứ" in lowered and "citation" in lowered
    for part in ("Văn bản", "Điều", "Khoản", "Điểm"):
        assert part in text, part
    assert "verified_on" in text and "ngày đối chiếu" in lowered and "date checked" in lowered
    checklist = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert any("check-rates" in c for c in checklist)
    assert any("ảnh hưởng" in c for c in checklist)
    assert any("tests/golden/" in c for c in checklist)
    # Vietnamese first
    assert lowered.index("căn cứ") < lowered.index("citation")


def test_contributing_is_vietnamese_first_with_an_english_part_for_developers() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## For developers" in text
    vietnamese, english = text.split("## For developers", 1)
    for words in (
        "rates.yaml",
        "yêu cầu hợp nhất",
        "value",
        "status",
        "ref",
        "verified_on",
        "Cách sửa",
        "báo cáo ảnh hưởng",
        "duyệt",
    ):
        assert words.lower() in vietnamese.lower(), words
    for words in (
        "scripts/test",
        "scripts/serve",
        "calculators impact",
        "golden --update",
        "tests/golden",
        "README",
        "Commit",
    ):
        assert words in english, words
    assert "@cantho-antt/maintainers" in english and "placeholder" in english


def test_readme_points_to_contributing_and_the_impact_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Changing a rate", 1)[1].split("\n## ", 1)[0]
    assert "CONTRIBUTING.md" in section and "calculators impact" in section and "lich-su" in section
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    assert ".github/" in layout and "CONTRIBUTING.md" in layout


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_on_a_pull_request_changed_figures_need_a_later_date(
    workflow: dict[str, Any], tmp_path: Path
) -> None:
    """The check-rates step itself, run as GitHub would on a pull request whose base is main: a
    corrected figure with checked_on untouched fails with the fix in the job summary; with a
    later date it passes."""
    step = next(s for s in _steps(workflow) if "-m calculators check-rates" in s.get("run", ""))
    assert "github.base_ref" in str(step.get("env", {}).get("BASE_REF")), step.get("env")
    copy = clean_copy(tmp_path / "copy")
    # The step runs .venv/bin/python: the environment running these tests (a project copy has none).
    (copy / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    _git(copy, "init", "-q")
    _git(copy, "add", "-A")
    _git(copy, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    _git(copy, "update-ref", "refs/remotes/origin/main", "HEAD")
    rates = copy / "rates.yaml"
    original = rates.read_text(encoding="utf-8")
    corrected = rate_edits.set_latest(original, "base_salary", 1234567)
    assert corrected != original
    summary = tmp_path / "summary.md"

    def run_step() -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "BASE_REF": "main",
            "RUNNER_TEMP": str(tmp_path),
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        return subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=copy, env=env, capture_output=True, text=True
        )

    rates.write_text(corrected, encoding="utf-8")
    refused = run_step()
    assert refused.returncode != 0
    assert "meta.checked_on" in summary.read_text(encoding="utf-8"), refused.stderr
    assert "Sửa checked_on" in summary.read_text(encoding="utf-8")

    later = dt.date.fromisoformat(rate_edits.checked_on(original)) + dt.timedelta(days=1)
    rates.write_text(
        corrected.replace(f"checked_on: {rate_edits.checked_on(original)}", f"checked_on: {later}", 1),
        encoding="utf-8",
    )
    accepted = run_step()
    assert accepted.returncode == 0, accepted.stderr
