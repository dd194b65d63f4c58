"""The guide's figures and tables, offered to the pages by mkdocs-macros.

Pages write `{{ figure("base_salary") }}` or `{{ table_team_sizes() }}`; everything comes from
the validated rates.yaml at the repository root, never from a copy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from calculators import run, text
from calculators.tools.paths import RATES
from calculators.tools.rates_file import load_book
from calculators.tools.site import examples, figures, forms, handouts, tables


def _date(on: str | None) -> dt.date | None:
    return dt.date.fromisoformat(on) if on else None


def define_env(env: Any) -> None:
    """Register the variables and macros (called by mkdocs-macros)."""
    book = load_book(RATES)
    meta = book.meta
    env.variables["checked_on"] = text.date(meta.checked_on)
    env.variables["covered_from"] = text.date(meta.covered_from)
    env.variables["covered_until"] = text.date(meta.covered_until)
    env.variables["pending_count"] = figures.pending_count(book)
    env.variables["parameter_count"] = len(book.parameters)

    @env.macro
    def figure(pid: str, on: str | None = None) -> str:
        """A parameter's value with its unit on a date (default: the day figures were checked)."""
        return figures.value(book, pid, _date(on))

    @env.macro
    def number(pid: str, on: str | None = None) -> str:
        """The bare value for inside a sentence ('0,8', '22%', '2.340.000 đồng')."""
        return figures.short(book, pid, _date(on))

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
        """The total of a calculation, e.g. result_total('monthly', date=..., role=..., training=...)."""
        return text.money(run(name, {k: str(v) for k, v in answers.items()}, book=book).total)

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
    _handout_macros(env, book)

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

    @env.macro
    def calculator(name: str) -> str:
        """The calculator's form (and result area), enhanced in the browser by Pyodide."""
        return forms.form(book, name)


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
    env.macro(lambda: handouts.plan_difficulties(book, plan), "plan_difficulties")
    env.macro(lambda which: handouts.plan_advice(book, plan, which), "plan_advice")
    env.macro(handouts.print_hint, "handout_print_hint")
    env.macro(lambda: handouts.entitlements(book), "handout_entitlements")
    env.macro(lambda: handouts.accident(book, plan), "handout_accident")
    env.macro(lambda: handouts.contacts(book, plan), "handout_contacts")
    env.macro(
        lambda: handouts.footer(book, env.conf["site_url"].rstrip("/") + "/" + env.page.url, env.page.title),
        "handout_footer",
    )


def _bind(fn: Any, book: Any) -> Any:
    def macro(*args: Any, **kwargs: Any) -> str:
        kwargs = {k: _date(v) if k == "on" else v for k, v in kwargs.items()}
        return fn(book, *args, **kwargs)

    macro.__doc__ = fn.__doc__
    return macro


def on_post_page_macros(env: Any) -> None:
    """Every page ends with the date the figures were checked (shown on screen and in print)."""
    env.markdown += (
        '\n\n<p class="figures-date" data-search-exclude>Các mức trên trang này lấy từ dữ liệu được kiểm tra lần cuối '
        f"ngày {env.variables['checked_on']}. Đây là thông tin tham khảo; khi áp dụng, hãy đối "
        "chiếu văn bản gốc.</p>\n"
    )
