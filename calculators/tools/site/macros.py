"""The guide's figures and tables, offered to the pages by mkdocs-macros.

Pages write `{{ figure("base_salary") }}` or `{{ table_team_sizes() }}`; everything comes from
the validated rates.yaml at the repository root, never from a copy.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any

from calculators import run, text
from calculators.core import reading
from calculators.registry import CALCULATORS
from calculators.tools.paths import RATES
from calculators.tools.rates_file import load_book
from calculators.tools.site import answers, download, examples, figures, forms, handouts, reporting, tables

# Where the answers computed at build time go in the site (answers.py).
ANSWERS = "assets/calculators/answers"
# The page that explains where the figures apply after the 2025 merger.
MERGER_PAGE = "phan-cong.md"
MERGER_ANCHOR = "#sau-hop-nhat"
# Pages that showed a figure (an amount, a coefficient, a percentage) through a macro: each gets
# the line on where the figures apply (on_post_page_macros).
AMOUNT_PAGES = "_pages_with_figures"


def _date(on: str | None) -> dt.date | None:
    return dt.date.fromisoformat(on) if on else None


def site_link(env: Any, page: str, anchor: str = MERGER_ANCHOR) -> str:
    """A URL from the page being built to another page of the site (directory URLs)."""
    here = env.page.url if getattr(env, "page", None) else ""
    target = page.removesuffix(".md").removesuffix("index") + "/"
    rel = posixpath.relpath(target or ".", here or ".")
    return (rel.rstrip("/") + "/" if rel != "." else "") + anchor


def report_form(env: Any, form: str, words: str | None = None) -> str:
    """`{{ report_form("so-lieu-sai") }}`: a Markdown link to one of the repository's issue
    forms (reporting.py), this page's address filled in; without a repository, the
    maintainers' section on reporting."""
    page_url = env.conf["site_url"].rstrip("/") + "/" + env.page.url if getattr(env, "page", None) else ""
    found = reporting.issue_form(env.conf.get("repo_url"), form, page_url)
    return f"[{words or reporting.FORMS[form]}]({found or site_link(env, 'bao-tri.md', '#bao-loi-gop-y')})"


def offline_bundle(env: Any) -> str:
    """`{{ offline_bundle() }}`: where trainers download the bundle published with this site
    (download.py), with its size and the date of its figures; or, for a build without one, how
    a maintainer makes it."""
    found = env.conf["extra"].get("offline_bundle")
    if not found:
        return (
            "Bản trang này không kèm gói để tải về. Người bảo trì làm gói bằng lệnh "
            "`scripts/offline-bundle` (xem README của dự án). Nếu bạn cần gói, "
            + report_form(env, "bao-loi", "hãy báo qua mẫu góp ý")
            + "."
        )
    # Plain HTML links: the files are copied in after the pages are written, so MkDocs' link
    # check (which knows only docs/) would call a Markdown link broken.
    here = env.page.url if getattr(env, "page", None) else ""
    folder = posixpath.relpath(download.FOLDER, here or ".") + "/"
    dated, latest = escape(folder + found["name"]), escape(folder + download.LATEST)
    return (
        f'<a href="{dated}" download>Tải gói {escape(found["name"])}</a> ({found["size_text"]}, số liệu '
        f"kiểm tra ngày {found['checked_on']}).\n\n"
        f'Địa chỉ <a href="{latest}">{download.LATEST}</a> luôn là gói mới nhất: lưu địa chỉ này để lần '
        "sau tải lại."
    )


def _shows_figures(env: Any) -> None:
    """Note that the page being built shows a figure (see AMOUNT_PAGES)."""
    page = getattr(env, "page", None)
    if page is not None:
        env.variables.setdefault(AMOUNT_PAGES, set()).add(page.file.src_uri)


def define_env(env: Any) -> None:
    """Register the variables and macros (called by mkdocs-macros)."""
    book = load_book(RATES)
    meta = book.meta
    env.variables["checked_on"] = text.date(meta.checked_on)
    env.variables["covered_from"] = text.date(meta.covered_from)
    env.variables["covered_until"] = text.date(meta.covered_until)
    env.variables["pending_count"] = figures.pending_count(book)
    env.variables["parameter_count"] = len(book.parameters)

    env.macro(lambda form, words=None: report_form(env, form, words), "report_form")
    env.macro(lambda: offline_bundle(env), "offline_bundle")

    @env.macro
    def figure(pid: str, on: str | None = None, mark: bool = True) -> str:
        """A parameter's value with its unit on a date (default: the day figures were checked),
        marked when read in one news report only (`mark=False` where the sentence writes
        `{{ mark(...) }}` once for several figures)."""
        return figures.value(book, pid, _date(on), mark)

    @env.macro
    def number(pid: str, on: str | None = None, mark: bool = True) -> str:
        """The bare value for inside a sentence ('0,8', '22%', '2.340.000 đồng')."""
        return figures.short(book, pid, _date(on), mark)

    @env.macro
    def cite(pid: str, on: str | None = None) -> str:
        return figures.cite(book, pid, _date(on))

    @env.macro
    def label(pid: str) -> str:
        return book.parameter(pid).label

    @env.macro
    def source(sid: str) -> str:
        return book.sources[sid].short

    @env.macro
    def date_of(sid: str, which: str = "adopted") -> str:
        d = getattr(book.sources[sid], which)
        return text.date(d) if d else "chưa xác minh"

    @env.macro
    def first_date(pid: str) -> str:
        return text.date(book.parameter(pid).first_date)

    @env.macro
    def result_total(name: str, **answers: Any) -> str:
        """The total of a calculation, e.g. result_total('monthly', date=..., role=..., training=...),
        as results write it: 'ít nhất …' while parts are pending, never a bare partial sum."""
        return run(name, {k: str(v) for k, v in answers.items()}, book=book).total_text

    @env.macro
    def worked(name: str, **answers: Any) -> str:
        """A whole worked example: amounts and the working with citations."""
        return tables.worked(run(name, {k: str(v) for k, v in answers.items()}, book=book))

    @env.macro
    def first_pending() -> str | None:
        """The id of the first parameter still pending on the guide's date (for examples)."""
        pending = book.pending_parameters(meta.checked_on)
        return pending[0].id if pending else None

    _example_macros(env, book)
    _status_macros(env, book)
    _source_macros(env, book)
    _handout_macros(env, book)

    env.variables["scope_line"] = reading.scope(book)

    for name in (
        "history",
        "group",
        "monthly_by_period",
        "team_sizes",
        "team_costs",
        "state_support",
        "bhxh_levels",
        "bhyt_levels",
        "data_status",
        "pending_forms",
        "forms",
        "sources",
        "all_histories",
    ):
        env.macro(_bind(getattr(tables, name), book), f"table_{name}")
    _mark_figure_macros(env)  # after every macro that writes a figure is registered


def _status_macros(env: Any, book: Any) -> None:
    """What is still pending, for sentences that must change when a figure is filled."""

    @env.macro
    def pending(*names: str) -> bool:
        """Whether any of these parameters (or any parameter of these groups) is still pending:
        `{% if pending("bhxh_local_support") %}...{% endif %}`."""
        return bool(figures.pending_among(book, *names))

    @env.macro
    def pending_labels(*names: str) -> str:
        """The labels of those still pending, as a sentence lists them ('A, B và C')."""
        labels = [p.label[0].lower() + p.label[1:] for p in figures.pending_among(book, *names)]
        return (
            labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " và " + labels[-1] if labels else ""
        )


def _source_macros(env: Any, book: Any) -> None:
    """How sure a figure is (read in one news report only) and the days each calculator takes."""

    @env.macro
    def mark(pid: str, on: str | None = None) -> str:
        """' (chỉ theo một bài báo)' when the figure was read in one news report only."""
        return figures.mark(figures.entry(book, pid, _date(on)))

    @env.macro
    def single_source(pid: str, on: str | None = None) -> bool:
        """Whether the figure (on the guide's date, or `on`) was read in one news report only."""
        return figures.entry(book, pid, _date(on)).confidence == "single_news_report"

    @env.macro
    def single_source_labels() -> str:
        """Every figure read in one news report only, as a sentence lists them (with the date
        from which, when only a later value is)."""
        found = []
        for param in book.parameters.values():
            marked = [v for v in param.values if v.confidence == "single_news_report"]
            if not marked:
                continue
            label = param.label[0].lower() + param.label[1:]
            if len(marked) < len(param.values):
                label += " từ " + ", ".join(text.date(v.start) for v in marked)
            found.append(label)
        return reading.listed(found)

    @env.macro
    def calculator_dates() -> str:
        """Each calculator and the days it computes for (its first day to the covered end)."""
        return "\n".join(
            f"- {calc.title}: từ {text.date(forms.first_day(book, name))} đến {text.date(book.meta.covered_until)}"
            for name, calc in CALCULATORS.items()
        )


def _example_macros(env: Any, book: Any) -> None:
    """Worked examples, the maintainers' impact example and the calculator forms."""
    meta = book.meta

    @env.macro
    def impact_example(value: int = 123456) -> str:
        """The real impact report for an illustrative change: the first pending amount filled in
        with `value` (shown on the maintainers' page instead of a hand-typed excerpt)."""
        from calculators.rates import RateBook
        from calculators.tools.impact import report_books
        from calculators.tools.rates_file import load_valid

        data = load_valid(RATES)
        pid = next((p.id for p in book.pending_parameters(meta.checked_on) if p.kind == "money"), None)
        if pid is None:
            return "Hiện không còn khoản tiền nào đang chờ để làm ví dụ."
        entry = data["parameters"][pid]["values"][0]
        entry.update(value=value, status="verified", form=book.parameter(pid).unit)
        changed = RateBook.from_dict(data)
        text_ = report_books("rates.yaml", book, "rates.yaml (ví dụ)", changed)
        # Headings of the report become bold lines, so they stay out of the page's contents.
        return "\n".join(
            f"**{line.lstrip('#').strip()}**" if line.startswith("#") else line for line in text_.splitlines()
        )

    @env.macro
    def worked_examples() -> str:
        """The trainers' worked examples (golden cases marked `worked_example: true`), computed
        now, with links to the calculator pages relative to the calling page."""
        page = env.page.file.src_uri if getattr(env, "page", None) else examples.PAGE
        return examples.render(book, page=page, docs_dir=env.conf["docs_dir"])

    written: dict[str, str] = {}

    def shipped_answers(name: str) -> str:
        """The file of the calculator's answers computed now (answers.py), written once per
        build into the site; its address from the site's root ('' when none can be shipped)."""
        if name not in written:
            data = answers.shipped(book, name)
            written[name] = ""
            if data is not None:
                file, body = answers.file_name(name, data)
                folder = Path(env.conf["site_dir"]) / ANSWERS
                folder.mkdir(parents=True, exist_ok=True)
                (folder / file).write_bytes(body)
                written[name] = f"{ANSWERS}/{file}"
        return written[name]

    @env.macro
    def calculator(name: str) -> str:
        """The calculator's form (and result area), enhanced in the browser by Pyodide."""
        table = forms.GUIDE_TABLES.get(name)
        guide = site_link(env, table[0], table[1]) if table else ""
        stored = shipped_answers(name)
        return forms.form(
            book,
            name,
            scope_href=site_link(env, MERGER_PAGE),
            guide_href=guide,
            answers_href=site_link(env, stored, "").rstrip("/") if stored else "",
        )


def _handout_macros(env: Any, book: Any) -> None:
    """The printable handouts and the Plan's assignments (calculators/tools/site/handouts.py)."""
    plan = handouts.load_plan()

    def page() -> str:
        return env.page.file.src_uri

    env.macro(lambda: handouts.plan_deadlines(plan), "plan_deadlines")
    env.macro(lambda: handouts.plan_bodies(plan), "plan_bodies")
    env.macro(lambda: handouts.plan_asked_note(plan), "plan_asked_note")
    env.macro(lambda: handouts.plan_body_sections(book, plan, page()), "plan_body_sections")
    env.macro(lambda: handouts.plan_coordination(plan, page()), "plan_coordination")
    env.macro(lambda: handouts.plan_agencies_note(plan), "plan_agencies_note")
    env.macro(lambda: handouts.plan_difficulties(book, plan), "plan_difficulties")
    env.macro(lambda which: handouts.plan_advice(book, plan, which), "plan_advice")
    env.macro(handouts.print_hint, "handout_print_hint")
    env.macro(lambda: handouts.relink(handouts.entitlements(book), page()), "handout_entitlements")
    env.macro(lambda: handouts.relink(handouts.accident(book, plan), page()), "handout_accident")
    env.macro(lambda: handouts.relink(handouts.contacts(book, plan), page()), "handout_contacts")
    env.macro(
        lambda: handouts.footer(book, env.conf["site_url"].rstrip("/") + "/" + env.page.url, env.page.title),
        "handout_footer",
    )


# Macros that write a figure into the page (besides every table_… one).
FIGURE_MACROS = {
    "figure",
    "number",
    "result_total",
    "worked",
    "worked_examples",
    "calculator",
    "impact_example",
}
# The handouts write the line themselves, in their first paragraph (one A4 page each).


def _mark_figure_macros(env: Any) -> None:
    """Wrap every macro that writes a figure so that the page it writes into is noted."""
    for name in list(env.macros):
        if name in FIGURE_MACROS or name.startswith("table_"):
            env.macros[name] = _marking(env, env.macros[name])


def _marking(env: Any, fn: Any) -> Any:
    def macro(*args: Any, **kwargs: Any) -> Any:
        _shows_figures(env)
        return fn(*args, **kwargs)

    macro.__doc__ = fn.__doc__
    macro.__name__ = getattr(fn, "__name__", "macro")
    return macro


def _bind(fn: Any, book: Any) -> Any:
    def macro(*args: Any, **kwargs: Any) -> str:
        kwargs = {k: _date(v) if k == "on" else v for k, v in kwargs.items()}
        return fn(book, *args, **kwargs)

    macro.__doc__ = fn.__doc__
    return macro


H1 = re.compile(r"^# .*$", re.MULTILINE)


def scope_paragraph(env: Any) -> str:
    """The line on where the figures apply, with a link to the merger explanation."""
    src = env.page.file.src_uri
    if src == MERGER_PAGE:
        href = MERGER_ANCHOR
    else:
        href = posixpath.relpath(MERGER_PAGE, posixpath.dirname(src) or ".") + MERGER_ANCHOR
    return f"{env.variables['scope_line']} [Vì sao?]({href})\n{{: .scope-line data-search-exclude }}"


def on_post_page_macros(env: Any) -> None:
    """A page that shows a figure says, under its title, where the figures apply; every page
    ends with the date the figures were checked (both shown on screen and in print)."""
    shows = env.page.file.src_uri in env.variables.get(AMOUNT_PAGES, ())
    if shows:
        title = H1.search(env.markdown)
        line = scope_paragraph(env)
        if title is None:
            env.markdown = f"{line}\n\n{env.markdown}"
        else:
            env.markdown = f"{env.markdown[: title.end()]}\n\n{line}\n{env.markdown[title.end() :]}"
    said = "Các mức trên trang này được kiểm tra" if shows else "Số liệu được kiểm tra"
    env.markdown += (
        f'\n\n<p class="figures-date" data-search-exclude>{said} lần cuối ngày '
        f"{env.variables['checked_on']}. Đây là thông tin tham khảo; hãy đối chiếu văn bản gốc.</p>\n"
    )
