"""The publish workflow (.github/workflows/publish.yml). Nothing here can run GitHub Actions;
these tests check that it parses and does what the README's "Publishing" says: after the checks
pass on main, build the site for the Pages address with the trainers' bundle, deploy with the
official Pages actions, then run scripts/check-site on the live address and fail if it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"


@pytest.fixture(scope="module")
def publish() -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def test_it_runs_after_the_checks_pass_on_main(publish: dict[str, Any]) -> None:
    checks = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    triggers = publish.get("on", publish.get(True))
    run = triggers["workflow_run"]
    assert (
        run["workflows"] == [checks["name"]] and run["types"] == ["completed"] and run["branches"] == ["main"]
    )
    condition = publish["jobs"]["build"]["if"]
    assert "conclusion == 'success'" in condition and "event == 'push'" in condition
    for job in publish["jobs"].values():  # the commit the checks passed on
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout"):
                assert "workflow_run.head_sha" in step["with"]["ref"]


def test_it_builds_for_the_pages_address_with_the_bundle(publish: dict[str, Any]) -> None:
    build = publish["jobs"]["build"]
    uses = [s.get("uses", "") for s in steps(build)]
    assert "actions/configure-pages@v5" in uses and "actions/upload-pages-artifact@v3" in uses
    runs = "\n".join(s.get("run", "") for s in steps(build))
    assert "steps.pages.outputs.base_url" in runs and "SITE_URL=" in runs and "REPO_URL=" in runs
    bundle = runs.index("scripts/offline-bundle")
    site = runs.index("mkdocs build --strict")
    assert bundle < site and "OFFLINE_BUNDLE=" in runs[bundle:site]
    assert "--published-at" in runs and "--repo-url" in runs


def test_it_deploys_with_the_official_action_and_then_checks_the_live_copy(publish: dict[str, Any]) -> None:
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"] for s in steps(deploy)] == ["actions/deploy-pages@v4"]
    assert publish["permissions"] == {"contents": "read"}
    check = publish["jobs"]["check"]
    assert set(check["needs"]) == {"build", "deploy"}
    runs = "\n".join(s.get("run", "") for s in steps(check))
    assert 'scripts/check-site "$SITE_URL"' in runs and 'exit "$status"' in runs
    env = next(s["env"] for s in steps(check) if "check-site" in s.get("run", ""))
    assert env["SITE_URL"] == "${{ needs.build.outputs.site_url }}"


def test_the_scripts_it_runs_exist() -> None:
    for name in ("setup", "offline-bundle", "check-site"):
        path = REPO / "scripts" / name
        assert path.is_file() and path.stat().st_mode & 0o111, name
