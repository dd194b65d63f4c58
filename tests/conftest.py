"""Fixtures shared by several test files: the built wheel of the calculators package."""

from __future__ import annotations

import subprocess
import sys
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _clean_copy(into: Path) -> Path:
    """The project's files (tracked or new, not ignored) copied, so that the build neither sees
    stale `build/` output nor writes into the working tree while other tests run."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, capture_output=True, check=True,
    )
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        src = REPO / name
        if name.split("/", 1)[0] in ("tests", "node_modules") or not src.is_file():
            continue
        dst = into / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    return into


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel that the site serves to Pyodide, built the way the site build does."""
    out = tmp_path_factory.mktemp("wheel")
    source = _clean_copy(tmp_path_factory.mktemp("source"))
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=source, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]
