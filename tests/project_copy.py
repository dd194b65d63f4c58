"""A copy of the project's files for tests that build or change it without touching the
working tree (tracked and new files, not ignored ones; no node_modules, and of tests/ only the
golden cases, which the guide's worked examples are built from, unless the tests are asked for)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The site build reads these (calculators/tools/site/examples.py): the copy must have them.
KEPT_TESTS = ("tests/golden/",)


def clean_copy(into: Path, with_tests: bool = False) -> Path:
    """The project's files (tracked or new, not ignored) copied, so that the build neither sees
    stale `build/` output nor writes into the working tree while other tests run."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        src = REPO / name
        top = name.split("/", 1)[0]
        skipped = top == "node_modules" or (
            top == "tests" and not with_tests and not name.startswith(KEPT_TESTS)
        )
        if skipped or not src.is_file():
            continue
        dst = into / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    return into
