"""The budget on the command line and the ấp lists it reads (calculators/spreadsheet.py).

Amounts are never typed here: the command line is compared with `run()` on the same list, and
the golden cases (tests/golden/budget.yaml) hold the worked amounts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from books import REAL

from calculators import spreadsheet
from calculators.registry import run
from calculators.tools.cli import main

FOUR = "Ấp A\t320\nẤp B\t640\nẤp C\t1150\nẤp D\t2300"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["budget", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_households_and_names_give_the_same_budget_as_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys,
        "--year",
        "2027",
        "--households",
        "320,640,1150,2300",
        "--names",
        "Ấp A,Ấp B,Ấp C,Ấp D",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    want = run("budget", {"year": "2027", "areas": FOUR}, book=REAL).to_dict()
    assert data["rows"] == want["rows"] and data["total"] == want["total"]
    assert set(data) >= {"rows", "total", "complete", "pending", "month_totals"}
    row = data["rows"][0]
    assert set(row) >= {
        "name",
        "households",
        "max_members",
        "max_to_vien",
        "members",
        "months",
        "year_amount",
    }
    assert [m["month"] for m in row["months"]] == [f"2027-{m:02d}" for m in range(1, 13)]
    assert data["complete"] is False and data["pending"]


def test_a_csv_file_from_excel_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ap.csv"
    path.write_bytes("\ufeffTên ấp;Số hộ\r\nẤp A;320\r\nẤp B;640\r\nẤp C;1.150\r\nẤp D;2300\r\n".encode())
    code, out, _ = cli(capsys, "--year", "2027", "--file", str(path), "--json")
    assert code == 0
    assert (
        json.loads(out)["rows"] == run("budget", {"year": "2027", "areas": FOUR}, book=REAL).to_dict()["rows"]
    )


def test_csv_output_has_a_bom_a_row_per_area_and_a_total_row(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--year", "2027", "--households", "320,640", "--csv")
    assert code == 0 and out.startswith("\ufeff")
    lines = out.lstrip("\ufeff").splitlines()
    result = run("budget", {"year": "2027", "areas": "\t320\n\t640"}, book=REAL)
    assert lines[0].startswith('"Tên ấp, khu vực",Số hộ,')
    assert lines[3].startswith("Tổng cộng,960,") and lines[3].endswith(f",{result.total}")
    assert result.headline in out


def test_a_bad_row_names_its_line_and_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ap.csv"
    path.write_text("ten,so_ho\nẤp A,320\nẤp B,ba trăm\nẤp C,0\n", encoding="utf-8")
    code, out, err = cli(capsys, "--year", "2027", "--file", str(path))
    assert code == 2 and not out
    assert "Dòng 3 (Ấp B): cột “Số hộ”" in err and "Dòng 4 (Ấp C)" in err
    assert "Traceback" not in err
    assert path.read_text(encoding="utf-8") == "ten,so_ho\nẤp A,320\nẤp B,ba trăm\nẤp C,0\n"


@pytest.mark.parametrize(
    "args,said",
    [
        (["--households", "320,640", "--names", "Ấp A"], "2 số hộ nhưng 1 tên"),
        (["--names", "Ấp A"], "thiếu --households"),
        (["--file", "khong-co.csv"], "Không mở được tệp"),
        (["--file", "x.csv", "--households", "320"], "không dùng cả hai"),
        (["--households", "320", "--first-month", "9", "--last-month", "3"], "“Đến tháng”"),
    ],
)
def test_wrong_options_are_explained(capsys: pytest.CaptureFixture[str], args: list[str], said: str) -> None:
    code, _, err = cli(capsys, "--year", "2027", *args)
    assert code == 2 and said in err and err.startswith("Lỗi: ")


def test_a_file_not_in_utf8_is_explained(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "cu.csv"
    path.write_bytes(b"\xc2p A;320\n")
    code, _, err = cli(capsys, "--year", "2027", "--file", str(path))
    assert code == 2 and "CSV UTF-8" in err


# --- the list reader ----------------------------------------------------------------------------


def test_header_words_in_vietnamese_pick_the_columns_in_any_order() -> None:
    areas = spreadsheet.read("STT;Số hộ;Tên ấp;Tổ viên;Tổ trưởng\n1;900;Ấp Một;3;1\n")
    assert areas[0].name == "Ấp Một" and areas[0].households == 900
    assert areas[0].appointed == spreadsheet.Appointed(1, 0, 3)


def test_a_list_reads_back_from_its_canonical_text() -> None:
    areas = spreadsheet.read('Ấp "Mới"\t320\n"""Cũ"" ấp"\t640\t1\t1\t2\n\n')
    assert areas[1].name == '"Cũ" ấp'
    assert spreadsheet.read(spreadsheet.canonical(areas)) == tuple(
        spreadsheet.Area(a.name, a.households, a.appointed, a.line) for a in areas
    )


def test_only_the_header_or_nothing_is_refused() -> None:
    for given in ("", " \n ", "ten,so_ho\n"):
        with pytest.raises(spreadsheet.ListError):
            spreadsheet.read(given)


def test_a_name_a_spreadsheet_would_run_stays_text() -> None:
    written = spreadsheet.write_csv(["ten"], [["=1+1"], ["@SUM(A1)"], ["Ấp A"]])
    assert "'=1+1" in written and "'@SUM(A1)" in written and "\nẤp A" in written


def test_more_than_one_leader_per_role_is_refused() -> None:
    with pytest.raises(spreadsheet.ListError, match="một Tổ trưởng"):
        spreadsheet.read("Ấp A,900,2,1,3")
