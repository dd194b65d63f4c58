"""Check a published copy of the guide: `scripts/check-site URL` (README, "Publishing").

For any copy (GitHub Pages, another host, the local server, at the root or under a sub-path)
it prints one line per check and exits 1 when any fails:

- every page the sitemap lists opens, as HTML, at this address (a sitemap written for another
  address means the site was built with the wrong site_url);
- Pyodide's `.wasm` is served as application/wasm, its `.mjs` as JavaScript, the `.json` files
  as JSON (a wrong type breaks or slows every calculator);
- whether pages and the engine's files come compressed, and what an uncompressed copy costs on
  a first visit (reported, not failed: the guide still works);
- the service worker registers (it needs HTTPS, or localhost);
- each calculator computes one golden case in headless Chromium, with the same total and parts
  as this checkout's Python;
- no request leaves the site's host.

Chromium and its flags are those of the browser tests (tests/browser/conftest.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

OK, WARN, FAIL = "OK", "LƯU Ý", "LỖI"
TIMEOUT = 60
TYPES = {  # file under the site → the types a browser accepts for it
    "assets/pyodide/pyodide.asm.wasm": ("application/wasm",),
    "assets/pyodide/pyodide.mjs": ("text/javascript", "application/javascript"),
    "assets/pyodide/pyodide.asm.mjs": ("text/javascript", "application/javascript"),
    "assets/pyodide/pyodide-lock.json": ("application/json",),
    "assets/calculators/manifest.json": ("application/json",),
}
COMPRESSED = ("index.html", "assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs")


@dataclass(frozen=True)
class Line:
    """One check's outcome, as printed."""

    status: str
    text: str

    def __str__(self) -> str:
        return f"{self.status:<6} {self.text}"


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, codings: str = "identity") -> Response:
    """GET `url` as a browser would ask for it (Accept-Encoding: `codings`), body as sent."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": codings, "User-Agent": "check-site"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, {k.lower(): v for k, v in error.headers.items()}, b"")


def mime(response: Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def megabytes(n: float) -> str:
    """1234567 → '1,2 MB'; under a tenth of a megabyte, in kB ('34 kB')."""
    if n < 1e5:
        return f"{round(n / 1e3)} kB"
    return f"{n / 1e6:.1f}".replace(".", ",") + " MB"


# --- over HTTP ------------------------------------------------------------------------------


def sitemap_pages(base: str) -> tuple[list[str], list[Line]]:
    """The pages the sitemap lists, and the line about them."""
    answer = fetch(urljoin(base, "sitemap.xml"))
    if answer.status != 200:
        return [], [Line(FAIL, f"Không mở được sitemap.xml (mã {answer.status}).")]
    pages = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", answer.body.decode("utf-8"))
    elsewhere = [p for p in pages if not p.startswith(base)]
    if not pages or elsewhere:
        return [], [
            Line(
                FAIL,
                f"sitemap.xml ghi địa chỉ khác ({elsewhere[0] if elsewhere else 'không có trang nào'}): "
                f"trang được dựng với site_url khác {base} (publishing.yml, SITE_URL).",
            )
        ]
    broken = []
    for page in pages:
        got = fetch(page)
        if got.status != 200 or mime(got) != "text/html":
            broken.append(f"{page} ({got.status}, {mime(got) or 'không có kiểu'})")
    if broken:
        return pages, [Line(FAIL, f"{len(broken)}/{len(pages)} trang không mở được: {'; '.join(broken[:3])}")]
    return pages, [Line(OK, f"Trang: cả {len(pages)} trang trong sitemap.xml mở được (text/html).")]


def check_types(base: str) -> list[Line]:
    out = []
    for path, allowed in TYPES.items():
        got = fetch(urljoin(base, path))
        if got.status != 200:
            out.append(Line(FAIL, f"{path}: mã {got.status}, không tải được."))
        elif mime(got) not in allowed:
            out.append(Line(FAIL, f"{path}: kiểu “{mime(got) or 'không có'}”, cần {' hoặc '.join(allowed)}."))
        else:
            out.append(Line(OK, f"{path}: {mime(got)}."))
    return out


def check_compression(base: str) -> list[Line]:
    """Whether the host compresses, and for a file it does not, the bytes that costs."""
    out = []
    for path in COMPRESSED:
        url = urljoin(base, path)
        got = fetch(url, "br, gzip")
        coding = got.headers.get("content-encoding", "")
        if got.status != 200:
            out.append(Line(FAIL, f"{path}: mã {got.status}."))
        elif coding in ("br", "gzip"):
            out.append(Line(OK, f"{path}: nén {coding}, {megabytes(len(got.body))} qua mạng."))
        else:
            saved = len(gzip.compress(got.body, 6))
            out.append(
                Line(
                    WARN,
                    f"{path}: không nén ({megabytes(len(got.body))}; nén gzip chỉ {megabytes(saved)}): "
                    f"mỗi lần tải đầu tốn thêm {megabytes(len(got.body) - saved)}.",
                )
            )
    return out


# --- in Chromium ------------------------------------------------------------------------------

COMPUTE = """async ([url, cases]) => {
  const engine = await import(url);
  const out = [];
  for (const c of cases) out.push(await engine.compute(c.calculator, c.inputs, c.assume));
  return out;
}"""
WORKER_READY = """async () => {
  const registration = await Promise.race([
    navigator.serviceWorker.ready,
    new Promise((resolve) => setTimeout(() => resolve(null), 30000)),
  ]);
  return registration && registration.active ? registration.active.scriptURL : null;
}"""


def golden_cases() -> list[dict[str, Any]]:
    """One golden case with a result per calculator, with what this checkout's Python gives."""
    from calculators.registry import CALCULATORS
    from calculators.tools import golden
    from calculators.tools.paths import RATES
    from calculators.tools.rates_file import load_book

    book = load_book(RATES)
    chosen = []
    for name in CALCULATORS:
        case = next(c.data for c in golden.cases() if c.data["calculator"] == name and "expected" in c.data)
        result = golden.compute(book, case)
        chosen.append(
            {
                "calculator": name,
                "name": case["name"],
                "inputs": {k: str(v) for k, v in case["inputs"].items()},
                "assume": {k: str(v) for k, v in (case.get("assume") or {}).items()},
                "want": (result.total, [[c.id, c.amount] for c in result.components]),
            }
        )
    return chosen


def check_in_browser(base: str, pages: list[str] | None = None) -> list[Line]:
    """In Chromium: every page opened (`pages`, else the home page alone) while watching for
    requests to another host, then the service worker and each calculator."""
    try:
        from conftest import CHROMIUM, CHROMIUM_ARGS
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        return [Line(FAIL, f"Không chạy được Chromium ({error}): chạy scripts/setup --browser.")]
    host = urlsplit(base).netloc
    outside: list[str] = []
    out: list[Line] = []
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            return [Line(FAIL, f"Không mở được Chromium ({CHROMIUM}): {str(error).splitlines()[0]}")]
        page = browser.new_context(locale="vi-VN").new_page()
        page.set_default_timeout(TIMEOUT * 1000)

        def seen(url: str) -> None:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
                outside.append(url)

        page.context.on("request", lambda request: seen(request.url))
        try:
            for address in [p for p in pages or [] if p != base]:
                page.goto(address)
            page.goto(base)
            script = page.evaluate(WORKER_READY)
            out.append(
                Line(OK, f"Service worker đã đăng ký ({script}).")
                if script
                else Line(
                    FAIL, "Service worker không đăng ký trong 30 giây (cần HTTPS, hoặc chạy trên máy này)."
                )
            )
            out += _compute(page, base)
        except Error as error:
            first = str(error).splitlines()[0]
            why = " (thường do tệp .wasm không có kiểu application/wasm)" if "instantiate" in first else ""
            out.append(Line(FAIL, f"Chromium không khởi động được bộ tính toán trên {base}{why}: {first}"))
        browser.close()
    out.append(
        Line(FAIL, f"{len(outside)} yêu cầu ra ngoài {host}: {', '.join(outside[:3])}")
        if outside
        else Line(
            OK, f"Không có yêu cầu nào ra ngoài {host} ({max(len(pages or []), 1)} trang và các máy tính)."
        )
    )
    return out


def _compute(page: Any, base: str) -> list[Line]:
    from calculators.tools.paths import RATES
    from calculators.tools.rates_file import load_valid, versions

    cases = golden_cases()
    got = page.evaluate(COMPUTE, [urljoin(base, "assets/js/engine.js"), cases])
    theirs = json.loads(fetch(urljoin(base, "assets/calculators/manifest.json")).body or b"{}")
    ours = versions.content_version(load_valid(RATES))
    # A copy built from other figures than this checkout's gives other amounts: said with the fault.
    other = (
        f" (bản này có số liệu phiên bản {theirs.get('figures_version')}, còn thư mục này {ours})"
        if theirs.get("figures_version") != ours
        else ""
    )
    out = []
    for case, answer in zip(cases, got, strict=True):
        ok = answer.get("ok") or {}
        shown = (ok.get("total"), [[c["id"], c["amount"]] for c in ok.get("components", [])])
        if shown == tuple(case["want"]):
            out.append(Line(OK, f"Máy tính {case['calculator']}: ca {case['name']} cho đúng kết quả."))
        else:
            why = answer.get("errors") or f"tổng {shown[0]}, cần {case['want'][0]}"
            out.append(Line(FAIL, f"Máy tính {case['calculator']}: ca {case['name']} sai ({why}){other}."))
    return out


# --- the command ----------------------------------------------------------------------------------


def run(base: str, say: Callable[[str], None] = print) -> int:
    """Every check of the copy at `base`; 0 when none fails, 1 otherwise."""
    base = base if base.endswith("/") else base + "/"
    failed = False
    pages: list[str] = []

    def listed() -> list[Line]:
        found, lines = sitemap_pages(base)
        pages.extend(found)
        return lines

    def in_browser() -> list[Line]:
        # Pages that do not open at this address (or a sitemap for another one): the copy is not
        # this site, or was built for another address; Chromium would only repeat the fault.
        if not pages:
            return [Line(FAIL, "Bỏ qua các kiểm tra trong Chromium: các trang không mở được ở địa chỉ này.")]
        return check_in_browser(base, pages)

    steps: list[Callable[[], list[Line]]] = [
        listed,
        lambda: check_types(base),
        lambda: check_compression(base),
        in_browser,
    ]
    for step in steps:
        try:
            lines = step()
        except (OSError, ValueError) as error:  # the host cannot be reached, or answers garbage
            say(str(Line(FAIL, f"Không kiểm tra được {base}: {error}")))
            failed = True
            break
        for line in lines:
            say(str(line))
            failed = failed or line.status == FAIL
    say("Kết quả: có lỗi." if failed else "Kết quả: mọi kiểm tra đều đạt.")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/check-site",
        description="Kiểm tra một bản trang đã đăng (ví dụ https://OWNER.github.io/REPO/).",
    )
    parser.add_argument("url", help="Địa chỉ trang chủ của bản cần kiểm tra.")
    args = parser.parse_args(argv)
    if urlsplit(args.url).scheme not in ("http", "https"):
        print(f"{FAIL:<6} “{args.url}” không phải địa chỉ http(s).", file=sys.stderr)
        return 2
    return run(args.url)


if __name__ == "__main__":
    sys.exit(main())
