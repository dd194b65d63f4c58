"""Build the guide for an address on this computer: `mkdocs build --strict` with `site_url`
set to http://127.0.0.1:PORT/ (the theme's instant navigation works only on that port).

Shared by the bench, the offline bundle and the browser tests, which all build into a folder
of their own and then serve it with site_server.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class SiteBuildError(Exception):
    """mkdocs build --strict failed; the message ends with its error output."""


def build_site(
    out: Path, port: int, project: Path = REPO, repo_url: str | None = None, path: str = "/"
) -> float:
    """Build `project`'s guide into `out` for http://127.0.0.1:`port``path` (a sub-path such as
    "/guide/" as on GitHub Pages), with `repo_url` as its repository (publishing.yml; none: no
    issue forms); returns the seconds taken."""
    env = dict(os.environ, SITE_URL=f"http://127.0.0.1:{port}{path}", NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)  # a copy of the project builds from its own files only
    env.pop("REPO_URL", None)  # nor from the repository this shell happens to name
    if repo_url:
        env["REPO_URL"] = repo_url
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise SiteBuildError("mkdocs build --strict failed:\n" + proc.stderr[-4000:])
    return time.perf_counter() - started
