"""A seventh calculator is its own module, its golden cases, its page and a line of navigation.

In a copy of the project, exactly these four are written, as a developer would write them (the
golden case's expected amounts filled by `golden --update`): then the command line runs it, the
golden, form, architecture, CLI, property and worked-example tests pass, and the site builds
strictly with its form on its page. Nothing else of the project is edited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from project_copy import clean_copy

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
NAME = "months_of_support"

MODULE = '''"""A Tổ viên's monthly support over several months (an example calculator, for a test)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from calculators.amounts import money
from calculators.calculator import Calculator
from calculators.core.result import Result
from calculators.core.working import Working
from calculators.fields import COUNT, DATE_FIELD, Field
from calculators.rates.book import RateBook
from calculators.rates.units import MONTHLY

NAME = "months_of_support"
TITLE = "Hỗ trợ trong nhiều tháng"


def months_of_support(
    book: RateBook, date: dt.date, months: int, assume: Mapping[str, Any] | None = None
) -> Result:
    """The monthly support of a Tổ viên, times a number of months."""
    w = Working(book, date, assume)
    fig = w.figure("monthly_support_coefficient")
    support = money(w, "support", "Hỗ trợ trong các tháng", fig, months, f"{months} tháng")
    w.note_start_of("monthly_support_coefficient")
    inputs = {"date": date.isoformat(), "months": months}
    return w.finish(NAME, TITLE, inputs, [support], "Tổng hỗ trợ")


CALCULATOR = Calculator(
    name=NAME,
    title=TITLE,
    summary="Mức hỗ trợ hằng tháng của một Tổ viên trong nhiều tháng (khoản 1 Điều 2).",
    order=7,
    fields=(DATE_FIELD, Field("months", "Số tháng", "Ví dụ 3.", COUNT, minimum=1, maximum=120)),
    compute=months_of_support,
    uses={"base_salary": ("vnd_per_month",), "monthly_support_coefficient": MONTHLY},
)
'''

GOLDEN = """# Golden cases: a Tổ viên's monthly support over several months (an example calculator).

- name: three_months_2024
  worked_example: true
  situation: Tổ viên hỏi tổng hỗ trợ của 3 tháng, tính theo mức tháng 8 năm 2024.
  calculator: months_of_support
  inputs: {date: "2024-08-15", months: 3}
  expected:
    total: 0
    complete: true
    pending: []
    components:
      support: 0

- name: zero_months
  situation: Người dùng nhập 0 tháng.
  calculator: months_of_support
  inputs: {date: "2024-08-15", months: 0}
  expected_error: {field: months}
"""

PAGE = """---
title: Tính hỗ trợ trong nhiều tháng
description: Tổng mức hỗ trợ hằng tháng của một Tổ viên trong nhiều tháng.
---

# Tính hỗ trợ trong nhiều tháng

{{ calculator("months_of_support") }}
"""


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCREENSHOT_DIR")}
    env.update(NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with a seventh calculator: four files written, nothing else edited."""
    root = clean_copy(tmp_path_factory.mktemp("seventh"), with_tests=True)
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "six calculators"]):
        proc = _run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], root)
        assert proc.returncode == 0, proc.stderr
    (root / "calculators" / "rules" / f"{NAME}.py").write_text(MODULE, encoding="utf-8")
    (root / "tests" / "golden" / f"{NAME}.yaml").write_text(GOLDEN, encoding="utf-8")
    (root / "docs" / "may-tinh" / "nhieu-thang.md").write_text(PAGE, encoding="utf-8")
    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "      - Quy mô Tổ và kinh phí: may-tinh/quy-mo-to.md\n"
    assert anchor in mkdocs
    mkdocs = mkdocs.replace(anchor, anchor + "      - Hỗ trợ nhiều tháng: may-tinh/nhieu-thang.md\n")
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    updated = _run([sys.executable, "-m", "calculators", "golden", "--update"], root)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    return root


def test_only_its_own_four_files_change(copy: Path) -> None:
    status = _run(["git", "status", "--porcelain", "--untracked-files=all"], copy).stdout.splitlines()
    assert sorted(line[3:] for line in status) == sorted(
        [
            f"calculators/rules/{NAME}.py",
            f"tests/golden/{NAME}.yaml",
            "docs/may-tinh/nhieu-thang.md",
            "mkdocs.yml",
        ]
    )


def test_the_command_line_runs_it(copy: Path) -> None:
    proc = _run(
        [sys.executable, "-m", "calculators", NAME, "--date", "2024-08-15", "--months", "3", "--json"], copy
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["calculator"] == NAME and result["total"] > 0 and result["complete"] is True
    listed = _run([sys.executable, "-m", "calculators", "--help"], copy)
    assert NAME in listed.stdout


def test_the_tests_that_list_the_calculators_pass(copy: Path) -> None:
    """Every test module that goes through all the calculators (the cheap check; the whole suite
    runs for one rate change in tests/test_maintainer_changes.py)."""
    tests = [
        "tests/test_golden.py",
        "tests/test_calculator_forms.py",
        "tests/test_architecture.py",
        "tests/test_worked_examples.py",
        "tests/test_properties.py",
        "tests/test_cli.py::test_every_command_prints_its_help",
    ]
    proc = _run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider", "-n", "2", *tests],
        copy,
    )
    assert proc.returncode == 0, proc.stdout[-5000:]


def test_the_site_builds_with_its_form(copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], copy)
    assert proc.returncode == 0, proc.stderr[-4000:]
    page = (site / "may-tinh" / "nhieu-thang" / "index.html").read_text(encoding="utf-8")
    assert f'data-calculator="{NAME}"' in page and 'name="months"' in page
    examples = (site / "tap-huan" / "vi-du" / "index.html").read_text(encoding="utf-8")
    assert f'data-calculator="{NAME}"' in examples
