"""A rehearsal of the publish workflow on this computer: the `run` steps of its build job and of
its check job, as written in .github/workflows/publish.yml, in bash, with what GitHub would
give them (the Pages address, the repository, RUNNER_TEMP, GITHUB_ENV, GITHUB_OUTPUT) set to a
local server under a sub-path. Only GitHub's own actions (checkout, setup, configure-pages,
upload and deploy) are left out: the built folder is served as Pages would serve the uploaded
artifact. So the workflow's own commands are proven to build the site with the bundle and to
pass the live-copy check.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SUB = "/cantho-antt"  # as GitHub Pages serves a project: https://OWNER.github.io/REPO
REPOSITORY = "https://github.com/example/cantho-antt"


def substitute(script: str, values: dict[str, str]) -> str:
    """The step's script with its ${{ ... }} expressions replaced as GitHub would."""

    def one(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression not in values:
            raise AssertionError(f"the rehearsal does not know ${{{{ {expression} }}}}")
        return values[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", one, script)


def run_steps(job: dict[str, Any], env: dict[str, str], values: dict[str, str], temp: Path) -> None:
    for step in job["steps"]:
        if "run" not in step:
            continue
        step_env = {k: substitute(str(v), values) for k, v in (step.get("env") or {}).items()}
        script = substitute(step["run"], values)
        if "apt-get" in script:  # the runner's Chromium: the tests' one is installed already
            continue
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=REPO,
            env={**env, **step_env, **read_env(temp / "github_env")},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert proc.returncode == 0, (
            f"step {step.get('name')!r} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )


def read_env(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


def test_the_workflows_own_commands_publish_a_copy_that_passes_the_check(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    from site_server import make_server

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    pages = tmp_path / "pages"
    pages.mkdir()
    server = make_server(pages, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{SUB}"
    temp = tmp_path / "runner"
    temp.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "OFFLINE_BUNDLE")},
        "RUNNER_TEMP": str(temp),
        "GITHUB_ENV": str(temp / "github_env"),
        "GITHUB_OUTPUT": str(temp / "github_output"),
        "GITHUB_STEP_SUMMARY": str(temp / "summary.md"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    values = {
        "steps.pages.outputs.base_url": base,
        "github.server_url": "https://github.com",
        "github.repository": "example/cantho-antt",
        "runner.temp": str(temp),
    }
    try:
        run_steps(workflow["jobs"]["build"], env, values, temp)
        # What upload-pages-artifact and deploy-pages do: the folder goes live at the address.
        (temp / "site").rename(pages / SUB.strip("/"))
        outputs = read_env(temp / "github_output")
        assert outputs["site_url"] == base + "/"
        published = pages / SUB.strip("/")
        bundles = sorted(p.name for p in (published / "tai-ve").iterdir())
        assert len(bundles) == 2 and "cantho-antt-offline-moi-nhat.zip" in bundles
        page = (published / "tap-huan" / "khong-co-mang" / "index.html").read_text(encoding="utf-8")
        assert "tai-ve/cantho-antt-offline-" in page
        footer = (published / "index.html").read_text(encoding="utf-8")
        assert f"{REPOSITORY}/issues/new?template=bao-loi.yml" in footer.replace("&amp;", "&")
        run_steps(
            workflow["jobs"]["check"], env, {**values, "needs.build.outputs.site_url": base + "/"}, temp
        )
        summary = (temp / "summary.md").read_text(encoding="utf-8")
        assert "Kết quả: mọi kiểm tra đều đạt." in summary
    finally:
        server.shutdown()
