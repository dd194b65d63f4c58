"""A rate change is a data-only pull request: proven on copies of the real rates.yaml.

The changes a maintainer makes, each applied to rates.yaml by hand (tests/rate_edits.py) and
followed by the one command, `python -m calculators golden --update`:

- each pending figure filled, one at a time, in each form its parameter allows;
- each verified figure the calculators use corrected (its latest value), the monthly-support
  coefficient among them;
- a new base-salary period.

For every one of them (the cheap check, in this process): the rates check accepts the file;
the update rewrites golden cases and leaves them agreeing with the new rates; a case that moved
uses the changed figure; the impact report names the change and the figures of the site that
move; the data-status table no longer lists a filled figure as pending; the trainers' worked
examples still render. Nothing but the rates and a copy of the golden cases is written.

For one of them (the whole suite, in a copy of the project): only rates.yaml is edited, the
command runs, and then the changed files are exactly rates.yaml and golden case files, the
whole non-slow suite passes in the copy, the site builds strictly and no longer lists the figure
as pending, and the impact report names the amounts that changed.

All slow: they are the proof that the other tests follow the data.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from books import REAL
from project_copy import clean_copy
from rate_edits import fill, illustrative, new_period, set_latest

from calculators.rates import RateBook
from calculators.rates.units import form
from calculators.tools import golden, impact
from calculators.tools.paths import GOLDEN, RATES
from calculators.tools.rates_file import check_text
from calculators.tools.site import examples, tables

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
TEXT = RATES.read_text(encoding="utf-8")
PENDING = [p.id for p in REAL.pending_parameters()]
FILLS = [(pid, f) for pid in PENDING for f in REAL.parameter(pid).forms]


def corrected_coefficient() -> str:
    """The monthly-support coefficient corrected by one tenth (an illustrative figure)."""
    latest = REAL.parameter("monthly_support_coefficient").values[-1].value
    return set_latest(TEXT, "monthly_support_coefficient", str(latest + Decimal("0.1")))


def new_base_salary() -> str:
    """A new base-salary period within the covered range, 5% higher (an illustrative figure)."""
    param, until = REAL.parameter("base_salary"), REAL.meta.covered_until
    latest = param.values[-1]
    start = latest.start.replace(year=latest.start.year + 1)
    if start > until:
        start = latest.start + (until - latest.start) / 2
    assert latest.start < start <= until
    value = int(Decimal(latest.value) * Decimal("1.05") / 1000) * 1000
    return new_period(TEXT, "base_salary", start.isoformat(), value, f"{{source: {latest.ref.source}}}")


def _corrected(pid: str) -> str:
    """A verified figure's latest value changed a little (an illustrative figure)."""
    param = REAL.parameter(pid)
    latest = param.values[-1]
    if param.kind == "money":
        return set_latest(TEXT, pid, int(latest.value * 11 // 10))
    step = (
        Decimal("-0.1") if form(param.form_at(latest)).is_percent and latest.value >= 100 else Decimal("0.1")
    )
    return set_latest(TEXT, pid, str(latest.value + step))


CORRECTED = [
    pid
    for pid, p in REAL.parameters.items()
    if p.group != "context" and p.kind in ("money", "decimal") and p.values[-1].status == "verified"
]
CHANGES = {
    **{f"fill {pid} as {f}": (pid, lambda pid=pid, f=f: _filled(pid, f)) for pid, f in FILLS},
    **{f"correct {pid}": (pid, lambda pid=pid: _corrected(pid)) for pid in CORRECTED},
    "correct the coefficient": ("monthly_support_coefficient", corrected_coefficient),
    "new base-salary period": ("base_salary", new_base_salary),
}


def _filled(pid: str, form_key: str) -> str:
    shape = form(form_key)
    return fill(TEXT, pid, form_key, illustrative(shape.kind, shape.is_percent))


def test_every_pending_figure_and_form_is_tried() -> None:
    assert len(FILLS) == sum(len(REAL.parameter(p).forms) for p in PENDING)
    assert all(f"fill {p} as {f}" in CHANGES for p, f in FILLS)


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_rate_change_needs_only_the_update_command(name: str, tmp_path: Path) -> None:
    pid, edit = CHANGES[name]
    data, errors = check_text(edit(), "rates.yaml")
    assert errors == [], "\n".join(map(str, errors))
    book = RateBook.from_dict(data)

    cases = tmp_path / "golden"
    shutil.copytree(GOLDEN, cases)
    moved = golden.update(book, cases)  # it checks that the rewritten cases agree with the rates
    if REAL.parameter(pid).unit != "years":  # the years of State support change no amount
        assert moved, "the change moves no golden case: nothing would show a reviewer what it does"
        # A case that moved uses the changed figure: the new value is covered by the golden cases.
        moved_cases = {c.case for c in moved}
        uses = set()
        for case in golden.cases(cases):
            if case.where in moved_cases and "expected" in case.data:
                result = golden.compute(book, case.data)
                uses |= {u.parameter for s in result.steps for u in s.uses}
        assert pid in uses

    # The impact report names the parameter and the site's figures that move.
    assert {c.parameter for c in impact.parameter_changes(REAL, book)} == {pid}
    site = impact.site_changes(REAL, book)
    assert any(f"(`{pid}`)" in c.where or pid in c.where for c in site), [c.where for c in site][:10]
    if name.startswith("fill"):
        status = tables.data_status(book)
        pending_part = status[: status.index("### Đã có mức")]
        assert f"`{pid}`" not in pending_part
        # The trainers' page still renders from the rewritten cases (a what-if it answers leaves).
        assert "Ví dụ 1" in examples.render(book, folder=cases)


# --- the whole suite, for one change --------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCREENSHOT_DIR")}
    env.update(NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:8000/", PYTHONIOENCODING="utf-8")
    return env


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )


def _git(copy: Path, *args: str) -> str:
    proc = _run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], copy, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def changed_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the project (tests included) in its own git repository, where a maintainer
    filled the first pending figure in its second form and ran the update command."""
    if not PENDING:
        pytest.skip("nothing pending in rates.yaml to fill")
    pid = PENDING[0]
    forms = REAL.parameter(pid).forms
    copy = clean_copy(tmp_path_factory.mktemp("maintainer"), with_tests=True)
    (copy / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    _git(copy, "init", "-q")
    _git(copy, "add", "-A")
    _git(copy, "commit", "-q", "-m", "before")
    (copy / "rates.yaml").write_text(_filled(pid, forms[1 % len(forms)]), encoding="utf-8")
    proc = _run([sys.executable, "-m", "calculators", "golden", "--update"], copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("Ca "), proc.stdout
    return copy, pid


def test_only_rates_yaml_and_golden_cases_change(changed_copy: tuple[Path, str]) -> None:
    copy, _ = changed_copy
    changed = sorted(line[3:] for line in _git(copy, "status", "--porcelain").splitlines())
    assert "rates.yaml" in changed
    assert all(p == "rates.yaml" or re.fullmatch(r"tests/golden/\w+\.yaml", p) for p in changed), changed
    assert len(changed) >= 2


def test_the_whole_non_slow_suite_passes_in_the_copy(changed_copy: tuple[Path, str]) -> None:
    copy, _ = changed_copy
    # Two workers (pytest-xdist): the non-slow tests are single-threaded, the machine has two cores.
    args = ["-q", "-x", "-m", "not slow", "-p", "no:cacheprovider", "-n", "2"]
    proc = _run([sys.executable, "-m", "pytest", *args], copy, 900)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_the_site_builds_strictly_and_no_longer_lists_the_figure(
    changed_copy: tuple[Path, str], tmp_path: Path
) -> None:
    copy, pid = changed_copy
    site = tmp_path / "site"
    proc = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], copy)
    assert proc.returncode == 0, proc.stderr[-4000:]
    status = (site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r'id="(con-cho-muc-chinh-thuc-\d+)"[^>]*>Còn chờ mức chính thức \((\d+)\)', status)
    known = re.search(r'id="(da-co-muc-\d+)"[^>]*>Đã có mức \((\d+)\)', status)
    assert heading and known
    assert int(heading[2]) == len(PENDING) - 1
    pending_part = status[status.index(f'id="{heading[1]}') : status.index(f'id="{known[1]}')]
    assert f"<code>{pid}</code>" not in pending_part
    assert f"<code>{pid}</code>" in status[status.index(f'id="{known[1]}') :]


def test_the_impact_report_names_the_amounts_that_changed(changed_copy: tuple[Path, str]) -> None:
    copy, pid = changed_copy
    proc = _run([sys.executable, "-m", "calculators", "impact", "HEAD", "rates.yaml"], copy)
    assert proc.returncode == 0, proc.stderr
    report = proc.stdout
    assert "### Tham số thay đổi (1)" in report and f"(`{pid}`)" in report
    rows = [line for line in report.splitlines() if re.match(r"\| \w+: \w+ \| (total|components\.)", line)]
    assert rows, report
    assert any(re.search(r"\| [+−-]?[\d.]+ đồng \|$", row) for row in rows), rows
    listed = _run([sys.executable, "-m", "calculators", "golden", "--check"], copy)
    assert listed.returncode == 0, "the update left nothing to do"


# --- sentences that follow the data -----------------------------------------------------------

# Words that say a figure is still pending. A page may explain the word itself (the glossary, the
# data-status page, the maintainers' page, the FAQ's question about it), say it in quotes as the
# word the site shows, or state a rule ("Khoản nào chưa có mức thì ..."); anywhere else a
# sentence with them is about a figure, and must come from the data (a macro, or
# `{% if pending(...) %}`), so that filling the figure removes it. (A date or a document not
# found yet is another matter: "chưa tìm được ngày ...".)
PENDING_WORDS = re.compile(
    r"chưa tìm được(?! ngày| văn bản)|đang chờ|còn chờ|chưa có mức(?! riêng)|chờ mức", re.I
)
RULE = re.compile(r"\b(nào|khi)\b", re.I)
EXPLAINING = {"du-lieu", "thuat-ngu", "bao-tri"}
QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


class _Text(HTMLParser):
    """The words of a page's article, by sentence, leaving out a section that explains the
    pending state itself (its heading's id starts with `dang-cho`)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.inside = 0
        self.skipping = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.inside += 1
        if tag in ("h2", "h3") and self.inside:
            self.skipping = (dict(attrs).get("id") or "").startswith("dang-cho")
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "dt", "dd", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside -= 1

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skipping:
            self.parts.append(data)


def _claims(page: Path) -> list[str]:
    reader = _Text()
    reader.feed(page.read_text(encoding="utf-8"))
    sentences = re.split(r"(?<=[.!?:])\s+|\n+", "".join(reader.parts))
    return [s.strip() for s in sentences if PENDING_WORDS.search(QUOTED.sub("", s)) and not RULE.search(s)]


def test_with_every_figure_filled_no_page_says_one_is_pending(tmp_path: Path) -> None:
    """Every pending figure filled (in its first form): the strict build passes and no sentence
    of the guide still says that a figure is pending."""
    copy = clean_copy(tmp_path / "copy")
    (copy / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    text = TEXT
    for pid in PENDING:
        shape = form(REAL.parameter(pid).unit)
        text = fill(text, pid, shape.key, illustrative(shape.kind, shape.is_percent))
    (copy / "rates.yaml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    proc = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], copy)
    assert proc.returncode == 0, proc.stderr[-4000:]
    found = {}
    for page in sorted(site.rglob("index.html")):
        name = page.parent.relative_to(site).as_posix()
        if name.split("/")[0] in EXPLAINING:
            continue
        claims = [c for c in _claims(page) if not re.search(r"\b0 khoản\b", c)]
        if claims:
            found[name] = claims
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
