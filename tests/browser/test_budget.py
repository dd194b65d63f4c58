"""The budget calculator in Chromium: rows typed, added and removed with the keyboard, a list
pasted from a spreadsheet, a CSV file chosen and a bad one explained, the CSV downloaded and
checked, the print on one A4 page for fifteen ấp, the link that reopens a budget, axe at desktop
and phone widths. Every figure the page shows is compared with what CPython computes from the
same answers (calculators.browser.compute), so nothing here types an amount."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from books import REAL
from playwright.sync_api import Browser, BrowserContext, Page
from test_calculators import _axe
from test_handouts_print import pdf_pages

from calculators import browser
from calculators.registry import CALCULATORS

pytestmark = pytest.mark.slow

BOOK = REAL
PAGE = "may-tinh/du-toan/"
FORM = "#calc-budget"
START_MS = 60_000
FOUR = [("Ấp A", "320"), ("Ấp B", "640"), ("Ấp C", "1.150"), ("Ấp D", "2300")]
PASTED = "\n".join(f"{name}\t{households}" for name, households in FOUR)


def cpython(answers: dict[str, str]) -> dict[str, Any]:
    """What the engine gives for these answers, run here in CPython."""
    return json.loads(browser.compute("budget", json.dumps(answers), book=BOOK))["ok"]


SHOWN = """() => {
  const table = document.querySelector("#calc-budget-budget");
  const cells = (tr) => [...tr.children].map((c) => c.textContent);
  return {
    total: document.querySelector("#calc-budget-result").dataset.total,
    caption: document.getElementById(table.getAttribute("aria-labelledby")).textContent,
    rows: [...table.tBodies[0].rows].map(cells),
    foot: cells(table.tFoot.rows[0]),
  };
}"""


def expected_table(data: dict[str, Any]) -> dict[str, Any]:
    """The table the page should draw for Python's answer: every text as Python wrote it."""
    rows = [
        [r["name"], r["households_text"], r["band"], r["members_text"], r["year_amount_text"]]
        + [m["amount_text"] for m in r["months"]]
        for r in data["rows"]
    ]
    t = data["totals_text"]
    foot = ["Tổng cộng", t["households"], "", t["members"], t["year_amount"]]
    foot += [m["amount_text"] for m in data["month_totals"]]
    return {"total": str(data["total"]), "caption": data["caption"], "rows": rows, "foot": foot}


@pytest.fixture(scope="module")
def context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    made = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 800}, "accept_downloads": True}
    )
    made.set_default_timeout(20_000)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext, site: str) -> Iterator[Page]:
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(site + PAGE)
    wait(opened, ("ready", "done", "error"))
    yield opened
    opened.close()
    assert not errors, errors


def wait(page: Page, kinds: tuple[str, ...]) -> str:
    page.wait_for_selector(", ".join(f"#calc-budget-status[data-kind={k}]" for k in kinds), timeout=START_MS)
    return page.get_attribute("#calc-budget-status", "data-kind") or ""


def compute(page: Page) -> str:
    page.evaluate("document.querySelector('#calc-budget-status').dataset.kind = 'asked'")
    page.click(f"{FORM} .calc-submit")
    return wait(page, ("done", "error"))


def rows_on_screen(page: Page) -> list[list[str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll("#calc-budget .calc-area-row")].map((row) =>
             [...row.querySelectorAll("input[data-col]")].map((i) => i.value))"""
    )


def open_import(page: Page) -> None:
    details = page.locator(f"{FORM} .calc-area-import")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_typed_rows_added_and_removed_by_keyboard_give_cpythons_budget(page: Page, site: str) -> None:
    """Rows typed one by one (Tab, Enter on the buttons), one removed, a team not full: the table,
    its total row and the link all match CPython; the link reopens the same budget and rows."""
    page.fill("#calc-budget-year", "2026")
    page.fill("#calc-budget-commune", "Xã Ví Dụ")
    page.fill("#calc-budget-areas-1-ten", "Ấp Bỏ")
    page.fill("#calc-budget-areas-1-so_ho", "999")
    for n, (name, households) in enumerate(FOUR, start=2):
        page.focus(f"{FORM} .calc-area-add")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == f"calc-budget-areas-{n}-ten"
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == f"calc-budget-areas-{n}-so_ho"
        page.keyboard.type(households)
    # The first row goes: the focus moves to the row that takes its place, now "Dòng 1".
    page.focus("#calc-budget .calc-area-row:first-child .calc-area-remove")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "calc-budget-areas-1-ten"
    assert page.locator(f"{FORM} .calc-area-number").all_text_contents() == [f"Dòng {n}" for n in range(1, 5)]
    # Ấp D's team is not full yet: a Tổ trưởng and 2 Tổ viên.
    page.locator("#calc-budget .calc-area-row:nth-child(4) .calc-area-appointed summary").click()
    page.fill("#calc-budget-areas-4-to_truong", "1")
    page.fill("#calc-budget-areas-4-to_vien", "2")
    assert compute(page) == "done"
    answers = {
        "year": "2026",
        "commune": "Xã Ví Dụ",
        "areas": "\n".join(f"{n}\t{h}" for n, h in FOUR[:3]) + "\nẤp D\t2300\t1\t\t2",
    }
    want = cpython(answers)
    assert page.evaluate(SHOWN) == expected_table(want)
    assert want["rows"][3]["members"] == 3 and not want["complete"]
    # Each month at its own rate: the year's months are not all equal (the base salary changed).
    assert len({m["amount"] for m in want["month_totals"]}) > 1
    link = page.url
    again = page.context.new_page()
    again.goto(link)
    assert wait(again, ("done", "error")) == "done"
    assert again.evaluate(SHOWN) == expected_table(want)
    assert rows_on_screen(again)[3] == ["Ấp D", "2300", "1", "0", "2"]
    assert again.input_value("#calc-budget-commune") == "Xã Ví Dụ"
    again.close()


def test_a_spreadsheet_paste_computes_in_one_step(page: Page) -> None:
    """Cells copied from a spreadsheet (tab-separated) and “Tính”: the rows fill in and the budget
    is the issue's example, 27 members, as CPython computes it."""
    page.fill("#calc-budget-year", "2027")
    open_import(page)
    page.fill("#calc-budget-areas-paste", PASTED)
    assert compute(page) == "done"
    assert rows_on_screen(page) == [[n, h.replace(".", ""), "", "", ""] for n, h in FOUR]
    assert page.input_value("#calc-budget-areas-paste") == ""
    want = cpython({"year": "2027", "areas": PASTED})
    assert page.evaluate(SHOWN) == expected_table(want)
    assert sum(r["members"] for r in want["rows"]) == 27
    # Changed after the result: the result says so until "Tính" is pressed again.
    page.fill("#calc-budget-areas-1-so_ho", "900")
    stale = page.locator("#calc-budget-result .calc-stale")
    assert stale.is_visible() and "Bấm “Tính” để tính lại" in stale.text_content()
    assert compute(page) == "done"
    assert page.locator("#calc-budget-result .calc-stale").count() == 0
    # A row removed after the result changes the question as a typed cell does.
    page.click("#calc-budget .calc-area-row:last-child .calc-area-remove")
    assert page.locator("#calc-budget-result .calc-stale").is_visible()


def test_a_paste_is_added_after_the_rows_already_typed(page: Page) -> None:
    page.fill("#calc-budget-year", "2027")
    page.fill("#calc-budget-areas-1-ten", "Ấp Gõ")
    page.fill("#calc-budget-areas-1-so_ho", "500")
    open_import(page)
    page.fill("#calc-budget-areas-paste", PASTED)
    page.click(f"{FORM} .calc-area-take")
    page.wait_for_function(
        "document.querySelectorAll('#calc-budget .calc-area-row').length === 5", polling=50, timeout=START_MS
    )
    assert rows_on_screen(page)[0] == ["Ấp Gõ", "500", "", "", ""]
    assert "thêm vào cuối danh sách (nay có 5 dòng)" in page.text_content(f"{FORM} .calc-area-import-status")


def test_a_csv_file_fills_the_rows_and_the_download_is_the_same_table(page: Page, tmp_path: Path) -> None:
    """A CSV saved by Excel (BOM, semicolons, a header, a quoted name) fills the rows; “Tải CSV”
    downloads Python's CSV byte for byte, with the BOM that makes Excel read Vietnamese."""
    csv_text = '\ufeffTên ấp;Số hộ\r\nẤp A;320\r\n"Khu vực 2; chợ";1.150\r\n'
    page.fill("#calc-budget-year", "2027")
    open_import(page)
    page.set_input_files(
        "#calc-budget-areas-file",
        files=[{"name": "ap.csv", "mimeType": "text/csv", "buffer": csv_text.encode("utf-8")}],
    )
    page.wait_for_function(
        "document.querySelectorAll('#calc-budget .calc-area-row').length === 2", polling=50, timeout=START_MS
    )
    assert rows_on_screen(page) == [["Ấp A", "320", "", "", ""], ["Khu vực 2; chợ", "1150", "", "", ""]]
    assert "Đã đưa vào danh sách 2 ấp" in page.text_content(f"{FORM} .calc-area-import-status")
    assert compute(page) == "done"
    want = cpython({"year": "2027", "areas": csv_text})
    with page.expect_download() as caught:
        page.click("#calc-budget-result .calc-download")
    saved = tmp_path / caught.value.suggested_filename
    caught.value.save_as(saved)
    assert caught.value.suggested_filename == want["csv_name"] == "du-toan-2027.csv"
    body = saved.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8") == want["csv"]
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Ấp A,320,") and lines[2].startswith("Khu vực 2; chợ,1150,")
    assert lines[3].startswith("Tổng cộng,") and lines[3].endswith(f",{want['total']}")


def test_a_bad_csv_names_the_line_and_column_and_loses_nothing(page: Page) -> None:
    """A file with a wrong cell: the message names its line and column, in Vietnamese, next to
    the box and in the summary; the file's text stays in the box to be corrected, and the rows
    already typed stay as they were."""
    page.fill("#calc-budget-areas-1-ten", "Ấp Giữ")
    page.fill("#calc-budget-areas-1-so_ho", "500")
    bad = "ten,so_ho\nẤp A,320\nẤp B,sáu trăm\n"
    open_import(page)
    page.set_input_files(
        "#calc-budget-areas-file", files=[{"name": "ap.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    error = page.locator("#calc-budget-areas-paste-error")
    error.wait_for(state="visible", timeout=START_MS)
    assert "Dòng 3 (Ấp B)" in error.text_content() and "“Số hộ”" in error.text_content()
    assert page.input_value("#calc-budget-areas-paste") == bad
    assert rows_on_screen(page) == [["Ấp Giữ", "500", "", "", ""]]
    assert page.get_attribute("#calc-budget-areas-paste", "aria-invalid") == "true"
    page.click("#calc-budget-summary a")
    assert page.evaluate("document.activeElement.id") == "calc-budget-areas-paste"
    # A file that is not UTF-8 (Excel's older CSV) is explained too.
    page.set_input_files(
        "#calc-budget-areas-file",
        files=[{"name": "cu.csv", "mimeType": "text/csv", "buffer": b"\xc2p A;320"}],
    )
    page.wait_for_function(
        "document.querySelector('#calc-budget-areas-paste-error').textContent.includes('UTF-8')", polling=50
    )


def test_a_refused_link_keeps_its_list_in_the_paste_box(context: BrowserContext, site: str) -> None:
    """A hand-edited link with a wrong row: the error, and the list waiting in the paste box."""
    page = context.new_page()
    page.goto(site + PAGE + "?calc=budget&year=2027&areas=%E1%BA%A4p+A%09ba+tr%C4%83m")
    assert wait(page, ("done", "error")) == "error"
    assert "Dòng 1 (Ấp A)" in page.text_content("#calc-budget-summary")
    page.wait_for_function("document.querySelector('#calc-budget-areas-paste').value !== ''", polling=50)
    assert page.input_value("#calc-budget-areas-paste") == "Ấp A\tba trăm"
    page.close()


def test_a_link_refused_for_its_year_keeps_its_rows(context: BrowserContext, site: str) -> None:
    """The list itself is fine (the year is not): it goes back into the rows, not the paste box."""
    page = context.new_page()
    page.goto(site + PAGE + "?calc=budget&year=2099&areas=%E1%BA%A4p+A%09320")
    assert wait(page, ("done", "error")) == "error"
    page.wait_for_function("document.querySelector('#calc-budget-areas-1-ten').value !== ''", polling=50)
    assert rows_on_screen(page) == [["Ấp A", "320", "", "", ""]]
    assert page.input_value("#calc-budget-areas-paste") == ""
    page.close()


def test_fifteen_areas_print_on_one_a4_page(page: Page, screenshot_dir: Path) -> None:
    """Fifteen ấp with long names over a year with two base salaries: one landscape A4 page with
    the commune, the table and its total, the date of the figures, the scope and the pending
    parts; the form and the site's chrome are not printed."""
    names = [f"Khu vực {n} phường Thới An Đông mở rộng" for n in range(1, 16)]
    pasted = "\n".join(f"{name}\t{300 + 150 * n}" for n, name in enumerate(names))
    page.fill("#calc-budget-year", "2026")
    page.fill("#calc-budget-commune", "Phường Bình Thủy")
    open_import(page)
    page.fill("#calc-budget-areas-paste", pasted)
    assert compute(page) == "done"
    want = cpython({"year": "2026", "commune": "Phường Bình Thủy", "areas": pasted})
    page.emulate_media(media="print")
    printed = page.evaluate("document.querySelector('.md-content').innerText")
    assert "Phường Bình Thủy" in printed and want["checked_on_text"] in printed
    assert want["scope"].split(".")[0] in printed
    assert all(p["label"] in printed for p in want["pending_details"])
    assert not page.locator(f"{FORM}").is_visible() and not page.locator(".md-header").is_visible()
    page.set_viewport_size({"width": 1123, "height": 794})
    page.screenshot(path=screenshot_dir / "du-toan-print.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    (screenshot_dir / "du-toan-15-ap.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1


@pytest.mark.parametrize("width", [1280, 360])
def test_accessibility_and_screenshots(page: Page, screenshot_dir: Path, width: int) -> None:
    """axe-core finds nothing serious on the form with rows, with errors, or with a result; at a
    phone's width only the table's own region scrolls sideways, not the page."""
    page.set_viewport_size({"width": width, "height": 800})
    page.fill("#calc-budget-year", "2027")
    page.fill("#calc-budget-areas-1-ten", "Ấp A")
    page.fill("#calc-budget-areas-1-so_ho", "không rõ")
    page.click(f"{FORM} .calc-area-add")
    page.locator("#calc-budget .calc-area-row:nth-child(1) .calc-area-appointed summary").click()
    open_import(page)
    assert compute(page) == "error"
    # The message is in the wrong row itself, which alone is marked; the summary leads there.
    assert "Dòng 1 (Ấp A)" in page.text_content("#calc-budget-areas-1-error")
    assert page.get_attribute("#calc-budget-areas-1-so_ho", "aria-invalid") == "true"
    assert page.get_attribute("#calc-budget-areas-1-ten", "aria-invalid") is None  # only the wrong cell
    assert page.get_attribute("#calc-budget-areas-2-so_ho", "aria-invalid") is None
    page.click("#calc-budget-summary a")
    assert page.evaluate("document.activeElement.id") == "calc-budget-areas-1-so_ho"
    found = [f"errors: {v}" for v in _axe(page)]
    page.screenshot(path=screenshot_dir / f"du-toan-errors-{width}.png", full_page=True)
    page.fill("#calc-budget-areas-1-so_ho", "320")
    page.fill("#calc-budget-areas-2-ten", "Ấp B")
    page.fill("#calc-budget-areas-2-so_ho", "1.150")
    assert compute(page) == "done"
    found += [f"result: {v}" for v in _axe(page)]
    page.screenshot(path=screenshot_dir / f"du-toan-result-{width}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width + 1, f"the page is {wide} px wide at {width} px"
    assert not found, "\n".join(found)


def test_the_budget_is_the_only_calculator_with_a_list() -> None:
    """The other calculators' generic browser tests (test_calculators.py) skip list fields."""
    assert [n for n, c in CALCULATORS.items() if any(f.reader for f in c.fields)] == ["budget"]
    assert re.search(
        r"calculator\(\"budget\"\)", (Path(__file__).parents[2] / "docs/kinh-phi.md").read_text()
    )
