"""MkDocs hooks for the guide: search that also works without Vietnamese diacritics, and named
check boxes in task lists.

People often type without diacritics on a phone ("tro cap" for "trợ cấp"). After the build,
every search entry gets, inside each of its blocks and in its title, a hidden copy of those
words with the diacritics removed (only the words folding changes, each once), so the browser-side search (lunr, in mkdocs-material's worker) finds the
page either way. Nothing is fetched at run time.

Check boxes of task lists (`- [ ] ...`, pymdownx.tasklist) have no name of their own: the
words of the item stand beside their <label>, not in it. Each box gets the item's words as its
`aria-label`, so a screen reader says what is (or is not) done (axe-core rule `label`).

Why per block, not one copy at the end: material's worker indexes the text of an entry as
"blocks" (top-level elements: a paragraph, a list, ...) and shows under a result only the one or
two blocks that matched. With one hidden copy of the whole entry at the end, a word found only
through the copy shows no excerpt at all (the matching block is the hidden one): a search for
"cap" listed its pages by title only. Here each block carries its own copy, as plain text just
before the block's closing tag: a match on the copy shows the original paragraph, with its
diacritics, while the copy itself stays `hidden` (and carries no markup of its own).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

_TAG = re.compile(r"<[^>]*>")
# A task-list box and the words of its item, up to the end of the item or a nested list.
_TASK = re.compile(
    r'(<label class="task-list-control"><input type="checkbox")(.*?</label>)(.*?)(?=</li>|</p>|<ul|<ol)',
    re.S,
)


def fold(text: str) -> str:
    """'Trợ cấp đồng' → 'Tro cap dong'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _hidden(words: str) -> str:
    """A hidden copy of the words of `words` that folding changes, each once (plain text), or
    nothing if folding changes nothing.

    Only those are needed: a word without diacritics is already found as it stands, and the
    search matches words, not phrases. Keeping the copy short keeps the index small: every
    visitor downloads it, and the search worker indexes it on every full page load."""
    seen: set[str] = set()
    changed: list[str] = []
    for word in words.split():
        folded = fold(word)
        if folded != word and folded.lower() not in seen:
            seen.add(folded.lower())
            changed.append(folded)
    return f"<span hidden>{' '.join(changed)}</span>" if changed else ""


def fold_blocks(html: str) -> str:
    """`html` with a hidden folded copy of each block's text placed inside that block.

    Blocks are found exactly as material's search worker finds them (its `extract` function):
    a block ends at the closing tag that brings the nesting depth back to zero; text between
    blocks belongs to the block that follows. Text trailing after the last block gets its copy
    at the end, which the worker counts into that same last block.
    """
    out: list[str] = []
    words: list[str] = []  # text sections of the block being read
    depth = 0
    start = 0  # start of the current section (text or tag)
    copied = 0  # how much of `html` is already in `out`
    for end, char in enumerate(html):
        if char == "<" and end > start:
            words.append(html[start:end])
            start = end
        elif char == ">":
            if html[start + 1 : start + 2] == "/":
                depth -= 1
                if depth == 0:  # html[start:end + 1] closes a block: put the copy just before it
                    out += [html[copied:start], _hidden(" ".join(words))]
                    copied, words = start, []
            elif html[end - 1] != "/":
                depth += 1
            start = end + 1
    if len(html) > start:
        words.append(html[start:])
    out += [html[copied:], _hidden(" ".join(words))]
    return "".join(out)


def fold_entry(doc: dict[str, Any]) -> dict[str, Any]:
    """One search entry with folded copies of its text's blocks and of its title.

    The title's copy stays in the title (hidden where the result shows it), so that a search
    without diacritics gets the title's weight too: "ho tro hang thang" finds the page "Hỗ trợ
    hằng tháng" first, not after every page that merely mentions the words."""
    text = fold_blocks(doc.get("text", ""))
    title = doc.get("title", "")
    return {**doc, "title": title + _hidden(_TAG.sub("", title)), "text": text}


def name_task_boxes(page_html: str) -> str:
    """Give each task-list check box its item's words as an accessible name."""

    def named(m: re.Match[str]) -> str:
        words = " ".join(html.unescape(_TAG.sub("", m[3])).split())
        if not words or "aria-label" in m[2]:
            return m[0]
        return f'{m[1]} aria-label="{html.escape(words)}"{m[2]}{m[3]}'

    return _TASK.sub(named, page_html)


def on_page_content(page_html: str, **_: Any) -> str:
    return name_task_boxes(page_html)


# The theme's page-loading bar has no accessible name. guide.js names it, but on a calculator
# page that script loads only after the calculator's first answer (theme_scripts.py): the
# name is written into the page itself.
_PROGRESS = '<div class="md-progress" data-md-component="progress" role="progressbar">'


def on_post_page(output: str, **_: Any) -> str:
    return output.replace(_PROGRESS, _PROGRESS[:-1] + ' aria-label="Đang tải trang">', 1)


def on_post_build(config: Any, **_: Any) -> None:
    index_path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["docs"] = [fold_entry(doc) for doc in index.get("docs", [])]
    index_path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
