"""Worked examples for trainers: the golden cases marked `worked_example: true`, computed by the
engine when the site is built (never copied from their expected values) and written as Markdown:
the situation, the answers in words, the result with its cited working, what is pending, and a
link that opens the calculator with the same answers. A refused date shows the engine's reason.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from calculators import text
from calculators.core.errors import InputError
from calculators.core.reading import pending_ask
from calculators.core.result import Result
from calculators.fields import answer_text, read
from calculators.rates.book import RateBook
from calculators.registry import CALCULATORS, run
from calculators.tools.paths import DOCS, GOLDEN
from calculators.tools.site.tables import worked

PAGE = "tap-huan/vi-du.md"
# The order of a training session is the calculators' own: what every member gets first, the
# team's budget last.
ORDER = tuple(CALCULATORS)
LINK_TEXT = "Mở máy tính với các số này"
ASSUMED_MARK = "mức giả định, chưa phải mức chính thức"
_CALL = re.compile(r"""\{\{\s*calculator\(\s*["'](\w+)["']\s*\)\s*\}\}""")
_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


@dataclass(frozen=True)
class Example:
    """One golden case chosen for teaching, with its number on the page."""

    number: int
    file: str
    case: dict[str, Any]

    @property
    def name(self) -> str:
        return self.case["name"]

    @property
    def calculator(self) -> str:
        return self.case["calculator"]

    @property
    def anchor(self) -> str:
        return "vi-du-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    @property
    def answers(self) -> dict[str, str]:
        """The answers as typed (what `run` and the form receive)."""
        return {k: str(v) for k, v in self.case["inputs"].items()}

    @property
    def assume(self) -> dict[str, str]:
        return {k: str(v).strip() for k, v in (self.case.get("assume") or {}).items()}


def load(book: RateBook, folder: Path = GOLDEN) -> list[Example]:
    """The marked cases, grouped in training order (file order within a calculator), numbered.

    A what-if the rates now answer (a figure it assumed has an official value on its date) is
    left out: it would show the official figure under a situation that speaks of an assumption.
    """
    import yaml  # build-time dependency, like the rates validator

    found = []
    for path in sorted(folder.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if case.get("worked_example") is True and not answered(book, Example(0, path.stem, case)):
                found.append((path.stem, case))
    found.sort(key=lambda fc: ORDER.index(fc[1]["calculator"]))  # stable: file order kept
    return [Example(i, file, case) for i, (file, case) in enumerate(found, 1)]


def answered(book: RateBook, example: Example) -> bool:
    """A what-if whose assumed figures are not all used any more (they have official values)."""
    if not example.assume:
        return False
    result = compute(book, example)
    return isinstance(result, Result) and bool(set(example.assume) - set(result.assumed))


def calculator_pages(docs_dir: Path = DOCS) -> dict[str, str]:
    """Calculator name → its page under docs (`may-tinh/*.md` writes {{ calculator("NAME") }})."""
    pages: dict[str, str] = {}
    for md in sorted((docs_dir / "may-tinh").glob("*.md")):
        for name in _CALL.findall(md.read_text(encoding="utf-8")):
            pages.setdefault(name, md.relative_to(docs_dir).as_posix())
    return pages


def _page_title(docs_dir: Path, page: str) -> str:
    m = _TITLE.search((docs_dir / page).read_text(encoding="utf-8"))
    return m[1].strip("\"'") if m else page


def compute(book: RateBook, example: Example) -> Result | InputError:
    """What the calculator page computes for these answers (an unused what-if is ignored there
    too), or the engine's refusal."""
    try:
        return run(example.calculator, example.answers, example.assume, book=book, strict_assume=False)
    except InputError as exc:
        return exc


def _values(book: RateBook, example: Example, result: Result | InputError) -> dict[str, Any]:
    """The answers read as the engine reads them (dates as ISO text), or as typed if unreadable."""
    if isinstance(result, Result):
        return dict(result.inputs)
    try:
        values = read(CALCULATORS[example.calculator].fields, example.answers, book)
    except InputError:
        return dict(example.answers)
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def link(example: Example, values: dict[str, Any], used: Any, pages: dict[str, str], page: str = PAGE) -> str:
    """The calculator page with the example's answers (and the assumed values it `used`) in the
    address, relative to `page` (a Markdown path MkDocs turns into the page's address, keeping
    the query)."""
    target = posixpath.relpath(pages[example.calculator], posixpath.dirname(page) or ".")
    params: dict[str, str] = {"calc": example.calculator}
    for field in CALCULATORS[example.calculator].fields:
        raw = example.answers.get(field.name)
        if raw is None or not raw.strip():
            continue  # left blank in the example: left blank in the form
        value = values.get(field.name, raw)
        # A list (a budget's ấp) goes in the link as typed; the engine reads it the same way.
        params[field.name] = raw.strip() if value is None or field.reader else str(value)
    params.update({f"assume.{pid}": v for pid, v in example.assume.items() if pid in used})
    return f"{target}?{urlencode(params)}"


def _inputs(
    book: RateBook, example: Example, values: dict[str, Any], result: Result | InputError
) -> list[str]:
    lines = []
    for field in CALCULATORS[example.calculator].fields:
        value = values.get(field.name)
        try:
            shown = answer_text(book, field, value)
        except (ValueError, TypeError):  # an answer the engine could not read: as typed
            shown = str(value)
        lines.append(f"- {field.label}: {shown}")
    for pid, given in _assumed(example, result).items():
        label = book.parameter(pid).label if pid in book.parameters else pid
        lines.append(f"- “{label}”: **{given}** ({ASSUMED_MARK})")
    return lines


def _assumed(example: Example, result: Result | InputError) -> dict[str, str]:
    """The assumed values the result uses (as the engine writes them), or those the example gives
    when the engine refused it. One for a figure that has since become official is not used."""
    if isinstance(result, Result):
        return dict(result.assumed)
    return dict(example.assume)


def _marked(result: Result) -> Result:
    """The result with every line that uses an assumed value saying so."""
    if not result.uses_assumptions:
        return result
    steps = [
        dataclasses.replace(s, formula=f"{s.formula} ({ASSUMED_MARK})")
        if any(u.status == "assumed" for u in s.uses)
        else s
        for s in result.steps
    ]
    return dataclasses.replace(result, steps=steps, total_label=f"{result.total_label} (có dùng giả định)")


def _pending(book: RateBook, result: Result) -> list[str]:
    """Each pending figure with the article to consult, as the calculator lists them."""
    lines = []
    for pid in result.pending:
        param = book.parameter(pid)
        entry = param.at(result.date) or param.values[-1]
        line = f"- {param.label}: {pending_ask(text.reference(entry.ref, book))}"
        if pid in result.assumed:
            line += f" — đang giả định {result.assumed[pid]} ({ASSUMED_MARK})"
        lines.append(line)
    return lines


def render_example(book: RateBook, example: Example, pages: dict[str, str], page: str = PAGE) -> str:
    """One example as Markdown: heading with its anchor, then a block carrying the computed
    total in `data-total` (the browser test compares it with the calculator's)."""
    result = compute(book, example)
    values = _values(book, example, result)
    situation = example.case["situation"].strip()
    assumed = bool(_assumed(example, result))
    tag = " (có giả định)" if assumed else ""
    toc = f"Ví dụ {example.number}: " + ", ".join(_short(book, example, values)) + tag
    attrs = {
        "class": "worked-example",
        "data-example": example.name,
        "data-calculator": example.calculator,
    }
    if isinstance(result, Result):
        attrs.update(
            {
                # As the page's script writes it (String(null) for a total not computed).
                "data-total": "null" if result.total is None else str(result.total),
                "data-complete": str(result.complete).lower(),
                "data-assumed": str(result.uses_assumptions).lower(),
            }
        )
    else:
        attrs["data-refused"] = " ".join(result.errors)
    out = [
        f"### Ví dụ {example.number}{tag}: {situation.rstrip('.')} "
        f'{{ #{example.anchor} data-toc-label="{toc.replace(chr(34), "")}" }}',
        "",
        "<div " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + " markdown>",
        "",
    ]
    if assumed:
        out += [
            '!!! warning "Ví dụ có dùng giả định"',
            f"    Ví dụ này thử với {ASSUMED_MARK}. Kết quả chỉ để minh họa cách tính.",
            "",
        ]
    out += ["**Thông tin nhập vào:**", "", *_inputs(book, example, values, result), ""]
    if isinstance(result, Result):
        out += _result(book, result)
    else:
        out += [
            "**Kết quả:** máy tính không tính cho trường hợp này. Máy tính giải thích:",
            "",
            *[f"> {message}" for message in result.errors.values()],
            "",
        ]
    label = LINK_TEXT + (" (có mức giả định)" if assumed else "")
    target = link(example, values, _assumed(example, result), pages, page)
    out += [f"[{label}]({target}){{ .md-button }}", "", "</div>", ""]
    return "\n".join(out)


def _result(book: RateBook, result: Result) -> list[str]:
    shown = _marked(result)
    out = [f"**Kết quả:** {result.headline}", ""]
    if result.outputs:
        out += [f"- {o.label}: {o.value_text}" for o in result.outputs] + [""]
    # Search finds an example by its situation, answers and result; the table and the working
    # stay out of the index, which every visitor downloads and every full page load re-indexes.
    out += ["<div data-search-exclude markdown>", "", worked(shown, opening=False), ""]
    if result.pending:
        out += ["**Còn chờ mức chính thức:**", "", *_pending(book, result), ""]
    notes = result.assumptions + result.notes
    if notes:
        out += ["**Lưu ý khi tính:**", "", *[f"- {n}" for n in notes], ""]
    return out + ["</div>", ""]


# What tells examples of one calculator apart in the page's table of contents, besides the date.
_SHORT = {
    "monthly": lambda book, v: book.choices("role")[v["role"]].label,
    "bhxh": lambda book, v: book.choices("group")[v["group"]].label,
    "bhyt": lambda book, v: f"người thứ {text.integer(v['position'])}",
    "incident": lambda book, v: book.choices("kind")[v["kind"]].label,
    "team": lambda book, v: f"{text.integer(v['households'])} hộ",
}


def _short(book: RateBook, example: Example, values: dict[str, Any]) -> list[str]:
    """A few words for the table of contents: who or what, and the date."""
    parts = []
    describe = _SHORT.get(example.calculator)
    if describe:
        with contextlib.suppress(KeyError, TypeError, ValueError):
            parts.append(describe(book, values))
    date = _iso(values.get("date"))
    if date:
        parts.append(text.date(date))
    return parts or [example.name]


def _iso(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def render(book: RateBook, page: str = PAGE, docs_dir: Path | str = DOCS, folder: Path = GOLDEN) -> str:
    """Every worked example, grouped by calculator in training order, each group headed by the
    calculator's title with a link to its page (links relative to `page`, a path under docs)."""
    docs_dir = Path(docs_dir)
    pages = calculator_pages(docs_dir)
    examples = load(book, folder)
    here = posixpath.dirname(page) or "."
    out = []
    for name in ORDER:
        group = [e for e in examples if e.calculator == name]
        if not group:
            continue
        calc = CALCULATORS[name]
        target = posixpath.relpath(pages[name], here)
        out += [
            f"## {calc.title}",
            "",
            f"{calc.summary} Máy tính: [{_page_title(docs_dir, pages[name])}]({target}).",
            "",
        ]
        out += [render_example(book, e, pages, page) for e in group]
    return "\n".join(out)
