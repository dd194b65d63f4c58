"""Fixtures shared by several test files: the built wheel of the calculators package, and the
guide built once (counting how often the rates are validated on the way)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from project_copy import clean_copy

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel that the site serves to Pyodide, built the way the site build does."""
    out = tmp_path_factory.mktemp("wheel")
    source = clean_copy(tmp_path_factory.mktemp("source"))
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


# `mkdocs build --strict`, counting how often the rates are validated on the way.
BUILD_COUNTING_VALIDATIONS = """
import sys
from pathlib import Path
import calculators.tools.rates_file.check as check
from mkdocs.__main__ import cli

calls = []
real = check.check_bytes


def counting(raw, name):
    calls.append(name)
    return real(raw, name)


check.check_bytes = counting
try:
    cli(["build", "--strict", "--site-dir", sys.argv[1]], standalone_mode=False)
finally:
    Path(sys.argv[2]).write_text(str(len(calls)))
"""


@pytest.fixture(scope="session")
def validations(built: Path) -> int:
    return int((built.parent / "validations.txt").read_text())


def stand_in_bundle(folder: Path) -> Path:
    """A small zip named as scripts/offline-bundle names the real one."""
    import zipfile

    from calculators.tools.rates_file import load_book

    path = folder / f"cantho-antt-offline-{load_book().meta.checked_on.isoformat()}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("HUONG-DAN.txt", "stand-in")
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built once (mkdocs build --strict) for the tests that read its pages."""
    out = tmp_path_factory.mktemp("docs-site")
    counted = out.parent / "validations.txt"
    env = dict(os.environ, SITE_URL="http://127.0.0.1:8000/", NO_MKDOCS_2_WARNING="1")
    env.pop("REPO_URL", None)
    # Published with a trainers' bundle, as the publish workflow does (a stand-in zip: its
    # contents do not matter to the pages; tests/test_download.py).
    env["OFFLINE_BUNDLE"] = str(stand_in_bundle(out.parent))
    proc = subprocess.run(
        [sys.executable, "-c", BUILD_COUNTING_VALIDATIONS, str(out), str(counted)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, "mkdocs build --strict failed:\n" + proc.stderr[-4000:]
    return out
