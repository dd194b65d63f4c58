"""The command line, run as a user runs it: `python -m calculators ...` in the repository root.

The calculators run on the frozen rates (tests/fixtures/rates.yaml, through --rates) wherever a
test checks amounts, so a change to rates.yaml changes none of these tests; one test checks that
without --rates they use rates.yaml.

Exit codes: 0 success, 1 an invalid rates file, 2 a wrong input. A wrong input is said in one
Vietnamese line on standard error, never with a traceback, and nothing goes to standard output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from books import FROZEN_RATES, REAL

from calculators.registry import CALCULATORS
from calculators.tools.rates_file import check_file

REPO = Path(__file__).resolve().parents[1]
RATES = REPO / "rates.yaml"
ORIGINAL = FROZEN_RATES.read_text(encoding="utf-8")
# An incident asks both insurances; these cases are about a member who has neither.
UNINSURED = ("--health-insurance", "not_insured", "--social-insurance", "not_insured")

VIETNAMESE = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


def vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE for ch in text.lower())


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m calculators ARGS`; a calculator without --rates gets the frozen rates."""
    if args and args[0] in CALCULATORS and "--rates" not in args and "--help" not in args:
        args = (*args, "--rates", str(FROZEN_RATES))
    return subprocess.run(
        [sys.executable, "-m", "calculators", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def invalid_copy(tmp_path: Path) -> Path:
    """rates.yaml with three problems in three parameters."""
    text = ORIGINAL
    for anchor, old, new in (
        ("  base_salary:\n", "value: 2340000\n", "value: 2340000.5\n"),
        ("  bhyt_factor_2:\n", 'value: "70"', 'value: "170"'),
        ("  duty_night_shift:\n", "{source: LUAT-30-2023", "{source: LUAT-99-2099"),
    ):
        a = text.index(anchor)
        p = text.index(old, a)
        text = text[:p] + new + text[p + len(old) :]
    path = tmp_path / "rates-invalid.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- check-rates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [(), ("rates.yaml",), (str(RATES),)], ids=["default", "relative", "absolute"]
)
def test_check_rates_accepts_the_real_file(args: tuple[str, ...]) -> None:
    proc = cli("check-rates", *args)
    assert proc.returncode == 0, proc.stderr
    assert "hợp lệ" in proc.stdout
    assert proc.stderr == ""


def test_check_rates_prints_every_error_of_an_invalid_copy(tmp_path: Path) -> None:
    path = invalid_copy(tmp_path)
    _, errors = check_file(path)
    assert len(errors) >= 3
    proc = cli("check-rates", str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    for err in errors:
        assert f"{path}:{err.line}:" in proc.stderr
        assert str(err) in proc.stderr.splitlines()
    assert f"{len(errors)} lỗi" in proc.stderr
    assert "hợp lệ" not in proc.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02junk", b"schema: [1\n", b"- a\n- b\n", b"a:\n\tb: 1\n", b"caf\xe9: 1\n", b"{" * 5000],
    ids=["empty", "binary", "syntax", "list", "tab", "latin-1", "deep"],
)
def test_check_rates_on_broken_files_exits_1_without_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "rates.yaml"
    path.write_bytes(content)
    proc = cli("check-rates", str(path))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert str(path) in proc.stderr
    assert "Cách sửa:" in proc.stderr
    assert proc.stdout == ""


def test_check_rates_on_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    proc = cli("check-rates", str(missing))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert str(missing) in proc.stderr
    assert vietnamese(proc.stderr)
    assert proc.stdout == ""


# --- the calculators ----------------------------------------------------------------------------

MONTHLY = ("monthly", "--date", "2024-08-15", "--role", "to_vien", "--training", "none")


def test_monthly_text_output() -> None:
    proc = cli(*MONTHLY)
    assert proc.returncode == 0, proc.stderr
    assert "1.872.000 đồng" in proc.stdout
    assert "Điều 2" in proc.stdout
    assert "GIẢ ĐỊNH" not in proc.stdout
    assert proc.stderr == ""


def test_monthly_json_output() -> None:
    proc = cli(*MONTHLY, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in ("calculator", "date", "inputs", "components", "total", "complete", "pending", "steps"):
        assert key in data, key
    assert data["calculator"] == "monthly"
    assert data["date"] == "2024-08-15"
    assert data["inputs"] == {"date": "2024-08-15", "role": "to_vien", "training": "none"}
    assert data["total"] == 1872000
    assert data["complete"] is True
    assert data["pending"] == []
    assert data["uses_assumptions"] is False
    assert data["components"]
    for component in data["components"]:
        for key in ("id", "amount", "status", "refs"):
            assert key in component, key
        assert isinstance(component["refs"], list) and component["refs"]
    base = next(c for c in data["components"] if c["id"] == "base")
    assert base["amount"] == 1872000 and base["status"] == "verified"
    assert sum(c["amount"] for c in data["components"]) == data["total"]
    assert data["steps"]


def test_monthly_accepts_a_day_month_year_date() -> None:
    proc = cli("monthly", "--date", "15/08/2024", "--role", "to_vien", "--training", "none", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == 1872000


def test_bhyt_json() -> None:
    proc = cli("bhyt", "--date", "2025-03-01", "--position", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["calculator"] == "bhyt"
    contribution = next(c for c in data["components"] if c["id"] == "contribution")
    assert contribution["amount"] == 105300


def test_team_json() -> None:
    proc = cli("team", "--date", "2025-08-01", "--households", "820", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    outputs = {o["id"]: o for o in data["outputs"]}
    assert outputs["max_members"]["value"] == 7 and outputs["max_members"]["value_text"] == "7 người"
    assert outputs["max_to_vien"]["value"] == 5


def test_a_count_may_be_grouped_with_dots_as_in_vietnamese() -> None:
    """'2.100' households is how a Vietnamese reader writes 2100: read it so, not as an error."""
    grouped = cli("team", "--date", "2025-08-01", "--households", "2.100", "--json")
    plain = cli("team", "--date", "2025-08-01", "--households", "2100", "--json")
    assert grouped.returncode == 0, grouped.stderr
    assert json.loads(grouped.stdout) == json.loads(plain.stdout)
    assert json.loads(grouped.stdout)["inputs"]["households"] == 2100


@pytest.mark.parametrize("income", ["2.000.000đ", "2.000.000 đồng", "2000000 VNĐ", "2.000.000"])
def test_an_amount_may_carry_its_currency(income: str) -> None:
    proc = cli("bhxh", "--date", "2025-08-01", "--group", "other", "--income", income, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["inputs"]["income"] == 2_000_000


def test_a_percentage_may_carry_its_sign() -> None:
    args = ("incident", "--date", "2025-08-01", "--kind", "lost_capacity", *UNINSURED, "--json")
    with_sign = cli(*args, "--lost-capacity", "31%")
    assert with_sign.returncode == 0, with_sign.stderr
    assert json.loads(with_sign.stdout) == json.loads(cli(*args, "--lost-capacity", "31").stdout)


def test_a_two_digit_year_asks_for_four_digits() -> None:
    proc = cli("monthly", "--date", "15/08/24", "--role", "to_vien", "--training", "none")
    assert proc.returncode == 2
    assert "Ghi năm đủ bốn chữ số" in proc.stderr


ASSUME = (
    "monthly",
    "--date",
    "2024-08-15",
    "--role",
    "to_truong",
    "--training",
    "none",
    "--assume",
    "title_extra_to_truong=500000",
)


def test_assumption_is_flagged_in_text() -> None:
    proc = cli(*ASSUME)
    assert proc.returncode == 0, proc.stderr
    assert "GIẢ ĐỊNH" in proc.stdout
    assert "500.000 đồng" in proc.stdout


def test_assumption_is_flagged_in_json() -> None:
    proc = cli(*ASSUME, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["uses_assumptions"] is True
    assert "title_extra_to_truong" in data["assumed"]
    assert data["total"] == 1872000 + 500000
    assert data["complete"] is False  # an assumed figure is still pending officially
    title = next(c for c in data["components"] if c["id"] == "title_extra")
    assert title["status"] == "assumed" and title["amount"] == 500000


@pytest.mark.parametrize(
    "args",
    [
        ("monthly", "--date", "2024-08-15", "--role", "to_vien", "--training", "none",
         "--assume", "title_extra_to_truong=500000"),
        ("monthly", "--date", "2024-08-15", "--role", "to_vien", "--training", "none",
         "--assume", "base_salary=3000000"),
        ("incident", "--date", "2025-05-20", "--kind", "sick_or_injured", *UNINSURED,
         "--assume", "incident_funeral_allowance=10000000"),
    ],
    ids=["a figure the situation does not use", "a figure with an official value", "an allowance not due"],
)  # fmt: skip
def test_the_command_line_refuses_a_what_if_it_would_not_use(args: tuple[str, ...]) -> None:
    """Unlike the calculator pages, which ignore a what-if left from an earlier answer."""
    proc = cli(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Chỉ được giả định mức cho các khoản còn chờ" in proc.stderr


def test_without_rates_the_calculators_use_rates_yaml() -> None:
    from calculators import run

    proc = subprocess.run(
        [sys.executable, "-m", "calculators", *MONTHLY, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    answers = {"date": MONTHLY[2], "role": MONTHLY[4], "training": MONTHLY[6]}
    assert json.loads(proc.stdout) == json.loads(json.dumps(run("monthly", answers, book=REAL).to_dict()))


def test_to_truong_without_assumption_is_incomplete() -> None:
    proc = cli("monthly", "--date", "2024-08-15", "--role", "to_truong", "--training", "none", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["complete"] is False
    assert "title_extra_to_truong" in data["pending"]
    assert data["uses_assumptions"] is False


# --- wrong input --------------------------------------------------------------------------------

BAD_INPUT = {
    "unknown option value": ("monthly", "--date", "2024-08-15", "--role", "boss", "--training", "none"),
    "negative count": ("duty", "--date", "2024-08-15", "--night-shifts", "-3"),
    "fractional count": ("duty", "--date", "2024-08-15", "--night-shifts", "1.5"),
    "non-numeric amount": ("bhxh", "--date", "2025-08-01", "--group", "other", "--income", "abc"),
    "income below the floor": ("bhxh", "--date", "2025-08-01", "--group", "other", "--income", "1000"),
    "income above the ceiling": ("bhxh", "--date", "2025-08-01", "--group", "other", "--income", "999999999"),
    "position 0": ("bhyt", "--date", "2025-03-01", "--position", "0"),
    "households 0": ("team", "--date", "2025-08-01", "--households", "0"),
    "date before the covered range": (
        "monthly",
        "--date",
        "2020-01-01",
        "--role",
        "to_vien",
        "--training",
        "none",
    ),
    "date after the covered range": (
        "monthly",
        "--date",
        "2030-01-01",
        "--role",
        "to_vien",
        "--training",
        "none",
    ),
    "date before the resolution": (
        "monthly",
        "--date",
        "2024-07-01",
        "--role",
        "to_vien",
        "--training",
        "none",
    ),
    "malformed date 2024-02-30": (
        "monthly",
        "--date",
        "2024-02-30",
        "--role",
        "to_vien",
        "--training",
        "none",
    ),
    "date in words": ("monthly", "--date", "hôm nay", "--role", "to_vien", "--training", "none"),
    "two wrong answers at once": ("monthly", "--date", "2024-02-30", "--role", "boss", "--training", "none"),
    "missing required answer": ("monthly", "--date", "2024-08-15", "--role", "to_vien"),
    "unknown option": ("monthly", "--date", "2024-08-15", "--role", "to_vien", "--training", "none", "--foo"),
    "option without value": ("monthly", "--role", "to_vien", "--training", "none", "--date"),
    "unknown calculator": ("bogus", "--date", "2024-08-15"),
    "--assume without =": (
        "monthly",
        "--date",
        "2024-08-15",
        "--role",
        "to_truong",
        "--training",
        "none",
        "--assume",
        "title_extra_to_truong",
    ),
    "--assume of a non-pending parameter": (
        "monthly",
        "--date",
        "2024-08-15",
        "--role",
        "to_vien",
        "--training",
        "none",
        "--assume",
        "base_salary=3000000",
    ),
    "--assume of an unknown parameter": (
        "monthly",
        "--date",
        "2024-08-15",
        "--role",
        "to_vien",
        "--training",
        "none",
        "--assume",
        "khong_co=1",
    ),
    "--assume of a parameter this calculator does not use": (
        "monthly",
        "--date",
        "2024-08-15",
        "--role",
        "to_vien",
        "--training",
        "none",
        "--assume",
        "duty_night_shift=100000",
    ),
    "--assume with a non-numeric value": (
        "monthly",
        "--date",
        "2024-08-15",
        "--role",
        "to_truong",
        "--training",
        "none",
        "--assume",
        "title_extra_to_truong=nhiều",
    ),
}


@pytest.mark.parametrize("args", list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_input_exits_2_with_one_vietnamese_line(args: tuple[str, ...]) -> None:
    proc = cli(*args)
    assert proc.returncode == 2, (proc.returncode, proc.stdout[:500], proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert vietnamese(lines[0]), lines[0]


def test_rates_option_pointing_to_an_invalid_file(tmp_path: Path) -> None:
    path = invalid_copy(tmp_path)
    _, errors = check_file(path)
    proc = cli(*MONTHLY, "--rates", str(path))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    for err in errors:
        assert f"{path}:{err.line}:" in proc.stderr


def test_rates_option_pointing_to_a_missing_file(tmp_path: Path) -> None:
    proc = cli(*MONTHLY, "--rates", str(tmp_path / "nowhere.yaml"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert vietnamese(proc.stderr)


def test_rates_option_pointing_to_a_valid_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(ORIGINAL, encoding="utf-8")
    proc = cli(*MONTHLY, "--rates", str(copy), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == 1872000


@pytest.mark.parametrize("command", ["check-rates", "export-rates", "impact", "golden", *CALCULATORS])
def test_every_command_prints_its_help(command: str) -> None:
    """argparse formats help texts with %: a label such as '(%)' must not break --help."""
    out = cli(command, "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Cách dùng: python -m calculators ") and "Traceback" not in out.stderr


# --- what the command line refuses (issue 12) ------------------------------------------------


@pytest.mark.parametrize(
    "args,says",
    [
        (("monthly", "--date", "2024-08-15", "--role", "to_truong", "--role", "to_vien", "--training", "none"),
         "Tùy chọn --role được ghi hai lần"),
        (("monthly", "--date", "2024-08-15", "--role", "to_truong", "--training", "none",
          "--assume", "title_extra_to_truong=1", "--assume", "title_extra_to_truong=2"),
         "được giả định hai lần"),
        (("team", "--date", "2024-08-15", "--households", "820%"), "không phải là số"),
        (("bhxh", "--date", "2025-08-01", "--group", "other", "--assume", "bhxh_local_support=1e-999990"),
         "tối đa 6 chữ số"),
    ],
    ids=["a repeated option", "a figure assumed twice", "a percent sign on a count", "an exponent in a what-if"],
)  # fmt: skip
def test_the_command_line_refuses_in_one_line(args: tuple[str, ...], says: str) -> None:
    proc = cli(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert says in proc.stderr and proc.stderr.count("\n") == 1 and len(proc.stderr) < 400, proc.stderr


def test_a_percentage_is_read_where_one_is_asked() -> None:
    proc = cli(
        "incident",
        "--date",
        "2025-05-20",
        "--kind",
        "lost_capacity",
        *UNINSURED,
        "--lost-capacity",
        "35%",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["inputs"]["lost_capacity"] == 35


def test_a_wrong_value_is_echoed_escaped_and_on_one_line() -> None:
    proc = cli("monthly", "--date", "2024-08-15", "--role", "a\nb\x1b[31m" + "x" * 100, "--training", "none")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "\x1b" not in proc.stderr and "\\u001b" in proc.stderr and "…" in proc.stderr


def test_impact_never_passes_an_option_to_git(tmp_path: Path) -> None:
    target = tmp_path / "written-by-git"
    proc = cli("impact", "--", f"--output={target}")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert not target.exists()


def test_help_is_vietnamese_on_stdout_when_asked_and_on_stderr_on_misuse() -> None:
    asked = cli("--help")
    assert asked.returncode == 0 and asked.stderr == ""
    assert asked.stdout.startswith("Cách dùng: ") and "tùy chọn" in asked.stdout
    assert "usage:" not in asked.stdout and "options:" not in asked.stdout
    misuse = cli()
    assert misuse.returncode == 2 and misuse.stdout == "" and misuse.stderr.startswith("Cách dùng: ")
    sub = cli("monthly", "--help")
    assert sub.returncode == 0 and "In hướng dẫn này rồi thoát." in sub.stdout
