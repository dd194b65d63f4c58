"""The guide's pages without a browser: the strict build, no figure typed by hand, meta
descriptions, abbreviations that the glossary explains, and the search folding hook.

Every amount, coefficient and percentage on the pages must come from rates.yaml through the
macros (`{{ figure(...) }}`, `{{ number(...) }}`, tables), so a page that types one by hand can
silently disagree with the calculators. Dates, document numbers, article and clause numbers and
clock hours are words of the law, not rates, and may be written out.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from calculators.tools.site.hooks import fold, fold_blocks, fold_entry, name_task_boxes

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SKIPPED_DIRS = ("_snippets", "_theme")


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not set(p.relative_to(DOCS).parts) & set(SKIPPED_DIRS))


# --- the build -------------------------------------------------------------------------------


def test_build_is_strict_clean(built: Path) -> None:
    assert (built / "index.html").is_file()
    assert (built / "search" / "search_index.json").is_file()


def test_one_build_validates_the_rates_once(validations: int) -> None:
    """The macros, the hooks that put the wheel and the offline copy into the site, and the
    wheel's own build all use one validation (the wheel gets its JSON, see setup.py)."""
    assert validations == 1


def _built_page(built: Path, page: Path) -> Path:
    rel = page.relative_to(DOCS).with_suffix("")
    return built / (rel.parent / "index.html" if rel.name == "index" else rel / "index.html")


def _front_matter(text: str) -> dict[str, str]:
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(m[1]) or {}) if m else {}


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_page_has_its_meta_description(built: Path, page: Path) -> None:
    """Each page says in its front matter what it is about (`description:`), and the theme
    writes exactly that as <meta name="description"> (shown by search engines and link previews)."""
    wanted = _front_matter(page.read_text(encoding="utf-8")).get("description")
    assert wanted, f"docs/{page.relative_to(DOCS)} has no `description:` in its front matter"
    out = _built_page(built, page).read_text(encoding="utf-8")
    found = re.findall(r'<meta name="description" content="([^"]*)"', out)
    assert [html.unescape(f) for f in found] == [" ".join(str(wanted).split())]


# --- no figure typed by hand -----------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_MARKUP = [
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"<[^>\n]+>"),  # HTML tags (their attributes; the text between them stays)
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # [text](target "title") → the target
    re.compile(r"^\s*\[[^\]]+\]:\s+\S.*$", re.M),  # [ref]: target
    re.compile(r"https?://\S+"),  # bare addresses
    re.compile(r"\{:?\s*[#.][^}\n]*\}"),  # attribute lists: { #anchor .class }
    re.compile(r"^\s*\d+[.)]\s", re.M),  # ordered-list markers "1. "
]
# Words of the law, of the calendar and of file formats, longest first.
ALLOWED = [
    re.compile(p)
    for p in (
        r"(?i:ngày) \d{1,2} tháng \d{1,2} năm \d{4}",  # ngày 20 tháng 12 năm 2024
        r"\d+/\d{4}/[A-ZĐ][A-ZĐa-z0-9-]*",  # 03/2024/NQ-HĐND, 41/2024/QH15
        r"\d+/[A-ZĐ]+-[A-ZĐ]+",  # 175/KH-UBND
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",  # 20/8/2024
        r"(?i:tháng) \d{1,2}/\d{4}",  # tháng 8/2024
        r"(?i:năm) \d{4}",  # năm 2024
        r"(?i:điều) \d+",  # Điều 2
        r"(?i:khoản) \d+",  # khoản 1
        r"\b\d{1,2} giờ",  # 22 giờ
        r"\bUTF-8\b",  # the text encoding a spreadsheet is asked to save in
    )
]


def _blank(match: re.Match[str]) -> str:
    """Remove a span but keep its line breaks, so line numbers stay right."""
    return "\n" * match[0].count("\n") or " "


def _drop_fences(text: str) -> str:
    lines, fence = [], ""
    for line in text.split("\n"):
        m = _FENCE_OPEN.match(line)
        if not fence and m:
            fence = m[1]
            lines.append("")
        elif fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


def hand_typed(text: str) -> list[tuple[int, str]]:
    """(line, text) of every line of a page that still holds a digit or "%" once the front
    matter, code, macros, markup and the allowed words of the law are taken out."""
    text = _FRONT_MATTER.sub(_blank, text)
    text = _drop_fences(text)
    text = _MACRO.sub(_blank, text)
    for pattern in _MARKUP + ALLOWED:
        text = pattern.sub(_blank, text)
    return [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if re.search(r"[0-9%]", line)]


@pytest.mark.parametrize(
    "sample",
    [
        "Mỗi tháng 1.872.000 đồng.",
        "Hệ số 0,8 lần mức lương cơ sở.",
        "Tỷ lệ đóng 22% thu nhập.",
        "Tổ có 3 người.",
        "theo khoản 1 Điều 2, mức 1.500.000 đồng/tháng",
        "{{ figure('x') }} và thêm 5%",
        "[xem](trang.md#muc-2) rồi cộng 2 lần",
    ],
)
def test_hand_typed_figure_is_flagged(sample: str) -> None:
    assert hand_typed(sample), f"not flagged: {sample!r}"


@pytest.mark.parametrize(
    "sample",
    [
        "khoản 1 Điều 2 Nghị quyết 03/2024/NQ-HĐND",
        "Kế hoạch 175/KH-UBND ngày 20/8/2024",
        "ngày 20 tháng 12 năm 2024",
        "từ 22 giờ đến 6 giờ",
        "từ tháng 8/2024, năm 2025",
        "Luật số 41/2024/QH15 và Nghị định 07/2021/NĐ-CP",
        'Mức là {{ number("base_salary", on="2024-07-01") }} mỗi tháng.',
        "{% if pending_count > 0 %}còn chờ{% endif %}",
        "xem [mục này](to-bao-ve.md#so-thanh-vien-theo-so-ho) và [gốc](https://example.org/a-1/2)",
        "## Số thành viên { #muc-2 }",
        "1. Bước đầu\n2. Bước sau",
        "---\ndescription: 22% và 3 người\n---\nChữ thôi.",
        "```yaml\nvalue: 2340000\n```\nChữ thôi.",
        '<p class="w-50">Chữ</p>',
    ],
)
def test_words_of_the_law_pass(sample: str) -> None:
    assert hand_typed(sample) == []


def test_offence_is_reported_on_its_own_line() -> None:
    text = "---\ntitle: x\n---\n\n```\n1\n```\nđúng\n{{ figure(\n 'a') }}\nsai 3 người\n"
    assert hand_typed(text) == [(11, "sai 3 người")]


def test_no_figure_is_typed_by_hand_in_the_pages() -> None:
    offences = [
        f"docs/{page.relative_to(DOCS)}:{line}: {text}"
        for page in _pages()
        for line, text in hand_typed(page.read_text(encoding="utf-8"))
    ]
    assert not offences, (
        "These lines type a number or a percentage by hand; render it from rates.yaml with a macro "
        "({{ figure(...) }}, {{ number(...) }}, a table_... macro):\n" + "\n".join(offences)
    )


# --- abbreviations and the glossary ----------------------------------------------------------


class _Glossary(HTMLParser):
    """Terms of the built glossary page: definition-list terms (with their definitions),
    headings, and the first cell of table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[list[str]] = []  # [term, explanation]
        self._in: str | None = None
        self._first_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._first_cell = True
        if tag in ("dt", "h2", "h3", "h4") or (tag in ("td", "th") and self._first_cell):
            self.entries.append(["", ""])
            self._in = "term"
            self._first_cell = False
        elif tag == "dd" and self.entries:
            self._in = "text"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("dt", "h2", "h3", "h4", "td", "th", "dd"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in and self.entries:
            self.entries[-1][0 if self._in == "term" else 1] += data


def _abbreviations() -> dict[str, str]:
    text = (DOCS / "_snippets" / "abbreviations.md").read_text(encoding="utf-8")
    return {m[1]: m[2].strip() for m in re.finditer(r"^\*\[([^\]]+)\]:\s*(.+)$", text, re.M)}


def test_every_abbreviation_is_explained_in_the_glossary(built: Path) -> None:
    abbreviations = _abbreviations()
    assert abbreviations, "docs/_snippets/abbreviations.md defines no abbreviation"
    parser = _Glossary()
    parser.feed((built / "thuat-ngu" / "index.html").read_text(encoding="utf-8"))
    entries = [(" ".join(t.replace("¶", "").split()), " ".join(d.split())) for t, d in parser.entries]

    missing, disagree = [], []
    for abbr, meaning in abbreviations.items():
        own = [
            (t, d)
            for t, d in entries
            if re.fullmatch(rf"{re.escape(abbr)}(\s*[(:–—-].*)?|.*\({re.escape(abbr)}\)", t)
        ]
        if not own:
            missing.append(abbr)
        elif not any(meaning.casefold() in f"{t} {d}".casefold() for t, d in own):
            disagree.append(f"{abbr}: tooltip says {meaning!r}, glossary says {own}")
    assert not missing, f"abbreviations with a tooltip but no glossary entry in docs/thuat-ngu.md: {missing}"
    assert not disagree, "tooltip and glossary disagree:\n" + "\n".join(disagree)


# --- search without diacritics (calculators/tools/site/hooks.py) ----------------------------------


def test_fold_removes_vietnamese_diacritics() -> None:
    assert fold("Trợ cấp ĐỒNG đồng Bảo hiểm y tế") == "Tro cap DONG dong Bao hiem y te"


def test_folded_copy_sits_inside_each_block_as_plain_text() -> None:
    out = fold_blocks("<p>Trợ cấp <code>x</code> trợ</p> <ul><li>Bảo hiểm</li><li>y tế</li></ul> đuôi")
    # Only the words folding changes, each once (the others are found as they stand).
    assert out == (
        "<p>Trợ cấp <code>x</code> trợ<span hidden>Tro cap</span></p> "
        "<ul><li>Bảo hiểm</li><li>y tế</li><span hidden>Bao hiem te</span></ul>"
        " đuôi<span hidden>duoi</span>"
    )
    assert fold_blocks("<p>abc 123</p>") == "<p>abc 123</p>"  # nothing to fold: unchanged


def test_search_entry_gets_its_title_folded() -> None:
    entry = fold_entry({"location": "x/", "title": "Bảo <code>hiểm</code>", "text": "<p>Chữ</p>"})
    assert entry["title"] == "Bảo <code>hiểm</code><span hidden>Bao hiem</span>"
    assert entry["text"] == "<p>Chữ<span hidden>Chu</span></p>"
    assert fold_entry({"location": "y/", "title": "Abc", "text": ""})["title"] == "Abc"


def test_built_search_index_is_folded(built: Path) -> None:
    index = (built / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<span hidden>" in index
    assert "<span hidden><p>" not in index  # never markup inside the hidden copy


def test_task_list_boxes_are_named() -> None:
    box = (
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
        '<span class="task-list-indicator"></span></label> Lập <abbr title="x">dự toán</abbr> &amp; "chi".</li>'
    )
    out = name_task_boxes(box)
    assert '<input type="checkbox" aria-label="Lập dự toán &amp; &quot;chi&quot;." disabled/>' in out
    assert name_task_boxes(out) == out


def test_the_page_loading_bar_is_named_in_the_page_itself(built: Path) -> None:
    """On a calculator page the theme's script (and guide.js, which names other parts) loads
    late: the loading bar must have its name before any script runs."""
    for page in ("index.html", "may-tinh/ho-tro-hang-thang/index.html"):
        raw = (built / page).read_text(encoding="utf-8")
        bars = re.findall(r'<div class="md-progress"[^>]*>', raw)
        assert bars and all('aria-label="Đang tải trang"' in b for b in bars), bars
