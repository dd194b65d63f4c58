"""Printable one-page handouts for trainers, and the Plan's assignments, rendered from the data.

The three handouts (docs/tap-huan/to-roi-*.md) are a member's entitlements by role, what to do
after an accident on duty, and who to contact. Their amounts come from rates.yaml, through the
calculators where a rule computes them; nothing is typed by hand. The Plan's assignments (who
does what, with the Plan's part for each task) are written once in `plan_tasks.yaml`, which the
page "Ai làm gì, khi nào" (docs/phan-cong.md) renders as well, so the page and the contact
handout cannot disagree.

Every function returns Markdown (rate book and plan in, text out), so it is tested without
MkDocs; macros.py exposes them to the pages. `page` is the path under docs/ of the page being
built: links in the plan's texts are made relative to it.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml

from calculators import run, text
from calculators.core import reading
from calculators.core.result import Component
from calculators.rates.book import RateBook, Reference
from calculators.tools.site import figures

PLAN_FILE = Path(__file__).with_name("plan_tasks.yaml")
RESOLUTION = "NQ-03-2024"
PENDING = "**đang chờ**"
SECTIONS = ("I", "II", "III", "IV", "ket")

Plan = dict[str, Any]


# --- the Plan's assignments: loading and checking ------------------------------------------


@lru_cache(maxsize=4)
def load_plan(path: str | Path = PLAN_FILE) -> Plan:
    """The Plan's assignments, checked: every body a task names exists, every part is a part
    of the Plan. A mistake stops the build with the place to fix."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    problems = check_plan(data)
    if problems:
        raise ValueError(f"{Path(path).name}: " + "; ".join(problems))
    return data


def check_plan(data: Plan) -> list[str]:
    """What is wrong with plan data (empty when nothing is)."""
    problems: list[str] = []
    ids = [b["id"] for b in data.get("bodies", [])]
    known = set(ids)
    if len(known) != len(ids):
        problems.append("a body id is used twice")

    def body(where: str, bid: str) -> None:
        if bid not in known:
            problems.append(f"{where}: unknown body {bid!r}")

    def part(where: str, p: Any) -> None:
        if not isinstance(p, dict) or p.get("section") not in SECTIONS:
            problems.append(f"{where}: part needs a section among {SECTIONS}, got {p!r}")

    for b in data.get("bodies", []):
        problems += _body_problems(b)
        for i, task in enumerate(b.get("tasks", []), 1):
            part(f"body {b['id']} task {i}", task.get("part"))
    for i, row in enumerate(data.get("coordination", []), 1):
        part(f"coordination {i}", row.get("part"))
        for bid in [row.get("lead"), *row.get("with", [])]:
            body(f"coordination {i}", bid)
    for i, row in enumerate(data.get("member_questions", []), 1):
        part(f"member question {i}", row.get("part"))
        body(f"member question {i}", row.get("body"))
    diff = data.get("difficulties") or {}
    part("difficulties", diff.get("part"))
    body("difficulties", diff.get("body"))
    advice = data.get("advice") or {}
    problems += [f"advice: no {key}" for key in ("member", "unclear") if not advice.get(key)]
    if not data.get("agencies_note"):
        problems.append("no agencies_note (the 2025 reorganisation)")
    return problems


def _body_problems(b: dict[str, Any]) -> list[str]:
    """What a body's own entry lacks: its name, summary and tasks, and deadlines its text shows."""
    problems = [f"body {b['id']}: no {key}" for key in ("name", "summary", "tasks") if not b.get(key)]
    problems += [
        f"body {b['id']} task {i}: has a deadline its text does not show"
        for i, task in enumerate(b.get("tasks", []), 1)
        if task.get("deadline") and "{{ deadline }}" not in task["text"]
    ]
    return problems


def bodies(plan: Plan) -> dict[str, dict[str, Any]]:
    return {b["id"]: b for b in plan["bodies"]}


def body_name(plan: Plan, bid: str) -> str:
    return bodies(plan)[bid]["name"]


def part_text(part: dict[str, Any]) -> str:
    """{section: IV, item: 1, point: b} → 'điểm b khoản 1 mục IV'; the closing → 'đoạn kết'."""
    if part["section"] == "ket":
        return "đoạn kết"
    words = []
    if part.get("point"):
        words.append(f"điểm {part['point']}")
    if part.get("item"):
        words.append(f"khoản {part['item']}")
    words.append(f"mục {part['section']}")
    return " ".join(words)


def parts_text(parts: Iterable[dict[str, Any]]) -> str:
    """Several parts, in the Plan's order, points of one item together: 'điểm a, b khoản 1 mục IV'."""
    grouped: dict[tuple[int, int], tuple[dict[str, Any], list[str]]] = {}
    for p in parts:
        key = (SECTIONS.index(p["section"]), p.get("item") or 0)
        first, points = grouped.setdefault(key, (p, []))
        if p.get("point") and p["point"] not in points:
            points.append(p["point"])
    out = []
    for key in sorted(grouped):
        first, points = grouped[key]
        out.append(part_text({**first, "point": ", ".join(sorted(points)) or None}))
    return "; ".join(out)


def _render(book: RateBook, plan: Plan, template: str, **values: Any) -> str:
    """A text of the plan with its {{ source() }}, {{ cite() }}, {{ body() }} filled in."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.globals.update(
        source=lambda sid: book.sources[sid].short,
        cite=lambda pid: figures.cite(book, pid),
        body=lambda bid: body_name(plan, bid),
    )
    return " ".join(env.from_string(template).render(**values).split())


_LINK = re.compile(r"\]\(([^)#\s:]+\.md)(#[^)\s]*)?\)")


def relink(markdown: str, page: str) -> str:
    """Links written from docs/ (`kinh-phi.md#x`) made relative to `page`; a link to the page
    itself keeps only its anchor."""
    here = posixpath.dirname(page)

    def fix(m: re.Match[str]) -> str:
        target, anchor = m[1], m[2] or ""
        if target == page and anchor:
            return f"]({anchor})"
        return f"]({posixpath.relpath(target, here or '.')}{anchor})"

    return _LINK.sub(fix, markdown)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _rates_table(header: list[str], rows: list[list[str]]) -> str:
    """A table of figures (item, amount, citation), marked so that print keeps each citation on
    one line."""
    return f'<div class="handout-rates" markdown>\n\n{_table(header, rows)}\n\n</div>\n'


def _deadline(date: dt.date) -> str:
    return f"trước ngày {text.date(date)}"


# --- the page "Ai làm gì, khi nào" (docs/phan-cong.md) -------------------------------------


def plan_deadlines(plan: Plan) -> str:
    """The Plan's dated deadlines, earliest first."""
    found = [t["deadline"] for b in plan["bodies"] for t in b["tasks"] if t.get("deadline")]
    rows = [
        [_deadline(d["date"]).capitalize(), " ".join(d["summary"].split())]
        for d in sorted(found, key=lambda d: d["date"])
    ]
    return _table(["Hạn", "Việc cần xong"], rows)


def plan_bodies(plan: Plan) -> str:
    """Each body and its main work, in one table."""
    rows = [[b.get("table_name", b["name"]), " ".join(b["summary"].split())] for b in plan["bodies"]]
    return _table(["Cơ quan", "Việc chính"], rows)


def plan_asked_note(plan: Plan) -> str:
    """Which bodies the Plan only asks ("đề nghị") rather than assigns."""
    asked = [b["name"] for b in plan["bodies"] if b.get("asked")]
    if not asked:
        return "Kế hoạch giao việc trực tiếp cho mọi cơ quan."
    names = ", ".join(asked[:-1]) + " và " + asked[-1] if len(asked) > 1 else asked[0]
    return (
        f"Với {names}, Kế hoạch dùng chữ “đề nghị”. Các cơ quan còn lại được giao việc, hoặc được "
        "nêu là cơ quan phối hợp."
    )


def plan_body_sections(book: RateBook, plan: Plan, page: str) -> str:
    """One section per body: its tasks as a list (grouped where the plan groups them)."""
    out: list[str] = []
    for b in plan["bodies"]:
        out.append(f"### {b['name']}\n")
        if b.get("intro"):
            out.append(_render(book, plan, b["intro"]) + "\n")
        group = None
        items: list[str] = []
        for task in b["tasks"]:
            if task.get("group") != group:
                if items:
                    out.append("\n".join(items) + "\n")
                    items = []
                group = task.get("group")
                out.append(_render(book, plan, group) + "\n")
            deadline = f"**{_deadline(task['deadline']['date'])}**" if task.get("deadline") else ""
            said = _render(book, plan, task["text"], deadline=deadline)
            # Where in the Plan, unless a group heading says it or a list follows.
            where = "" if group or said.endswith(":") else f" *({part_text(task['part'])})*"
            items.append("- " + said + where)
            items += ["    - " + _render(book, plan, sub) for sub in task.get("items", [])]
        out.append("\n".join(items) + "\n")
        out += [_render(book, plan, para) + "\n" for para in b.get("after", [])]
    return relink("\n".join(out), page)


def assigned(plan: Plan, row: dict[str, Any]) -> str:
    """How Part II names the body of a group of entitlements: 'Giao **Sở Tài chính** phối hợp
    với …' or, for a body the Plan only asks, 'Đề nghị **Bảo hiểm xã hội thành phố** phối hợp
    với …'. Part II makes no body chair ("chủ trì") anything."""
    lead = bodies(plan)[row["lead"]]
    verb = "Đề nghị" if lead.get("asked") else "Giao"
    others = ", ".join(body_name(plan, bid) for bid in row["with"])
    return f"{verb} **{lead['name']}** phối hợp với {others}"


def plan_coordination(plan: Plan, page: str) -> str:
    """Part II of the Plan: for each group of entitlements, the body it assigns (or asks) to
    work with others, and on what."""
    rows = []
    for row in plan["coordination"]:
        links = ", ".join(f"[{p['label']}]({p['page']})" for p in row["pages"])
        rows.append([f"{links} (Điều {row['article']})", assigned(plan, row), row["task"]])
    return relink(_table(["Nhóm khoản", "Kế hoạch giao hoặc đề nghị", "Việc"], rows), page)


def plan_agencies_note(plan: Plan) -> str:
    """That the Plan's bodies are those of 2024, several reorganised since."""
    return " ".join(plan["agencies_note"].split())


def plan_difficulties(book: RateBook, plan: Plan) -> str:
    """The Plan's closing paragraph: where difficulties go."""
    return _render(book, plan, plan["difficulties"]["text"])


def plan_advice(book: RateBook, plan: Plan, which: str) -> str:
    """This guide's own advice ('member': where to ask first; 'unclear': after the merger)."""
    return _render(book, plan, plan["advice"][which])


# --- what the three handouts share ---------------------------------------------------------


def print_hint() -> str:
    """A line for the trainer on screen (hidden in print)."""
    return (
        '<p class="handout-hint" markdown>**Để in tờ này:** bấm Ctrl+P (trên điện thoại: mở trình '
        "đơn của trình duyệt, chọn “In” hoặc “Chia sẻ” rồi “In”). Tờ in vừa một trang A4 dọc.</p>"
    )


def _intro(book: RateBook, basis: str = RESOLUTION) -> str:
    """The handout's first lines: its date, that it is for reference, the document it rests on,
    and where the figures apply (the line every result and page with figures carries)."""
    source = book.sources[basis]
    adopted = f" ngày {text.date(source.adopted)}" if source.adopted else ""
    short = f" (ghi tắt: {resolution_abbreviation(book)})" if basis == RESOLUTION else ""
    # The Resolution just named, its scope needs no second naming; the Plan's handout names it.
    scope = reading.former_territory(book) if basis == RESOLUTION else reading.scope(book)
    return (
        f"Thông tin ngày **{text.date(book.meta.checked_on)}** (ngày kiểm tra số liệu), để tham "
        f"khảo, không phải văn bản pháp luật. Căn cứ chính: {source.short}{adopted} của "
        f"{source.issuer}{short}. {scope} [Vì sao?](phan-cong.md#sau-hop-nhat)"
    )


def _after_merger(book: RateBook, plan: Plan) -> str:
    """What changed in 2025 for the Plan's bodies (no more districts, departments reorganised),
    and whom to ask meanwhile: the agencies note of the plan data, then the advice."""
    return f"{plan_agencies_note(plan)} {plan_advice(book, plan, 'unclear')}"


LOCAL_HOSTS = ("127.0.0.1", "localhost")


def footer(book: RateBook, url: str, title: str = "") -> str:
    """The print's last line: where the page is on the site, and the figures' date.

    A site built for this computer (the offline bundle, a local preview) has an address nobody
    else can open: the line then names the page instead of printing that address."""
    where = url
    if urlsplit(url).hostname in LOCAL_HOSTS and title:
        where = f"“{html.escape(title)}” (mục Tập huấn của trang hướng dẫn)"
    return (
        f'<p class="handout-footer">Bản in của trang <a href="{url}">{where}</a>. Số liệu kiểm tra '
        f"ngày {text.date(book.meta.checked_on)}.</p>"
    )


def _value(book: RateBook, pid: str, on: dt.date) -> str:
    """A figure of the rates as it stands on a date, or 'đang chờ'."""
    param = book.parameter(pid)
    entry = figures.entry(book, pid, on)
    return PENDING if entry.value is None else text.value(param.form_at(entry), entry.value)


def _ref(book: RateBook, pid: str, on: dt.date) -> str:
    return _cite(book, figures.entry(book, pid, on).ref)


def _resolution_parameters(book: RateBook, group: str, on: dt.date) -> list[str]:
    """The parameters of a group that the Resolution itself sets, in the file's order."""
    return [
        p.id
        for p in book.parameters.values()
        if p.group == group and (e := p.at(on)) is not None and e.ref.source == RESOLUTION
    ]


def _amount(c: Component) -> str:
    return PENDING if c.amount is None else text.money(c.amount)


def _component_ref(book: RateBook, c: Component) -> str:
    return _cite(book, c.refs[0][0]) if c.refs else ""


def resolution_abbreviation(book: RateBook) -> str:
    """'Nghị quyết 03/2024/NQ-HĐND' → 'NQ 03/2024': the short name the handouts cite it by."""
    number = book.sources[RESOLUTION].short.split()[-1]
    return "NQ " + "/".join(number.split("/")[:2])


def _cite(book: RateBook, ref: Reference) -> str:
    """A citation, the Resolution by its abbreviation (defined at the top of each handout)."""
    full = text.reference(ref, book)
    if ref.source != RESOLUTION:
        return full
    return full.replace(book.sources[RESOLUTION].short, resolution_abbreviation(book))


# --- handout 1: a member's entitlements, by role -------------------------------------------


def entitlements(book: RateBook) -> str:
    """Monthly support by role, then what is the same for every role: training extras, duty
    allowances, insurance support, support after an illness, accident or death."""
    on = book.meta.checked_on
    day = on.isoformat()
    pending = (
        " Chữ “đang chờ” nghĩa là mức chính thức chưa có trong nguồn nào: hãy tra điều, khoản ghi bên cạnh."
    )
    out = [_intro(book) + pending, ""]

    out.append("## Hỗ trợ mỗi tháng theo chức danh\n")
    rows = []
    for key, choice in book.choices("role").items():
        r = run("monthly", {"date": day, "role": key, "training": "none"}, book=book)
        base, extra = r.component("base"), r.component("title_extra")
        if extra.amount is None:
            shown = f"{PENDING} (xem {_component_ref(book, extra)})"
        elif extra.amount == 0:
            shown = "không có" + (" (suy luận)" if extra.status == "inferred" else "")
        else:
            shown = text.money(extra.amount)
        rows.append([f"**{choice.label}**", _amount(base), shown])
    out.append(_table(["Chức danh", "Mức chung mỗi tháng", "Trợ cấp thêm theo chức danh"], rows) + "\n")
    out.append(
        f"Mức chung = {figures.short(book, 'monthly_support_coefficient', on)} × mức lương cơ sở "
        f"{figures.short(book, 'base_salary', on)} ({_component_ref(book, base)}).\n"
    )
    levels = []
    for key, choice in book.choices("training").items():
        if choice.parameter is None:
            continue
        r = run("monthly", {"date": day, "role": "to_vien", "training": key}, book=book)
        c = r.component("training_extra")
        levels.append((choice.label, _amount(c), _component_ref(book, c)))
    refs = list(dict.fromkeys(ref for _, _, ref in levels))
    out.append(
        "Hỗ trợ thêm theo trình độ đào tạo (mọi chức danh; các mức trình độ là suy luận): "
        + "; ".join(f"{label.lower().removeprefix('trình độ ')}: {amount}" for label, amount, _ in levels)
        + f" (xem {', '.join(refs)}). Chưa có bằng trung cấp trở lên: không có.\n"
    )

    out.append("## Các khoản như nhau cho Tổ trưởng, Tổ phó, Tổ viên\n")
    rows = []
    for group, title in (
        ("duty", "Bồi dưỡng khi làm nhiệm vụ được phân công"),
        ("bhxh", "Bảo hiểm xã hội tự nguyện"),
        ("bhyt", "Bảo hiểm y tế"),
        ("incident", "Chưa có BHXH, BHYT mà ốm đau, bị tai nạn, bị thương, chết khi làm nhiệm vụ"),
    ):
        rows.append([f"**{title}**", "", ""])
        rows += [
            [book.parameter(pid).label, _value(book, pid, on), _ref(book, pid, on)]
            for pid in _resolution_parameters(book, group, on)
        ]
        if group == "bhxh":
            rows.append(_state_support_row(book, day))
    out.append(_rates_table(["Khoản", f"Mức ngày {text.date(on)}", "Căn cứ (xem ở đâu)"], rows))

    bhxh = run("bhxh", {"date": day, "group": "other"}, book=book).component("contribution")
    bhyt = run("bhyt", {"date": day, "position": "1"}, book=book).component("contribution")
    out.append(
        f"Để so sánh, mức đóng của cả nước: BHXH tự nguyện thấp nhất {_amount(bhxh)}/tháng "
        f"({_component_ref(book, bhxh)}); BHYT hộ gia đình, người thứ nhất {_amount(bhyt)}/tháng "
        f"({_component_ref(book, bhyt)})."
    )
    return "\n".join(out)


def _state_support_row(book: RateBook, day: str) -> list[str]:
    """The State's own support for voluntary social insurance: lowest and highest by group."""
    found = []
    for key in book.choices("group"):
        c = run("bhxh", {"date": day, "group": key}, book=book).component("state_support")
        found.append(c)
    amounts = sorted(c.amount for c in found if c.amount is not None)
    if amounts and amounts[0] != amounts[-1]:
        shown = f"từ {text.integer(amounts[0])} đến {text.money(amounts[-1])}/tháng, tùy nhóm"
    elif amounts:
        shown = f"{text.money(amounts[0])}/tháng"
    else:
        shown = PENDING
    label = "Nhà nước hỗ trợ tiền đóng (mức cả nước, tính theo chuẩn nghèo nông thôn)"
    return [label, shown, _component_ref(book, found[0])]


# --- handout 2: after an accident on duty --------------------------------------------------


def accident(book: RateBook, plan: Plan) -> str:
    """Who is covered, whom to ask (per the Plan), and the support by situation."""
    on = book.meta.checked_on
    resolution = book.sources[RESOLUTION].short
    decree = book.sources["ND-40-2024"].short
    guide = next(r for r in plan["coordination"] if r["article"] == 4)
    diff = plan["difficulties"]
    out = [_intro(book), ""]

    out.append("## 1. Xem bạn có thuộc diện hỗ trợ không\n")
    out.append(
        f"Điều 4 {resolution} hỗ trợ thành viên Tổ **chưa tham gia** BHXH, BHYT mà bị ốm đau, bị "
        f"tai nạn, bị thương hoặc chết **khi làm nhiệm vụ**. Theo {decree}:\n"
    )
    out.append(
        "- người chưa có BHYT được hỗ trợ chi phí khám, chữa bệnh và tiền ăn trong những ngày "
        "điều trị nội trú (Điều 5);\n"
        "- người chưa có BHXH bị tai nạn hoặc chết thì được trợ cấp; tính cả lúc **trên đường đi "
        "làm nhiệm vụ hoặc trên đường về** (Điều 6).\n"
    )

    out.append("## 2. Hỏi về thủ tục, hồ sơ\n")
    out.append(
        "Nghị quyết, Kế hoạch và các nguồn của trang này **không ghi** thủ tục, hồ sơ hay thời hạn "
        "nộp. Đừng đoán. Đừng vứt giấy tờ nào liên quan đến sự việc trước khi hỏi rõ.\n"
    )
    out.append(
        f"- {book.sources['KH-175-2024'].short} ({part_text(guide['part'])}): "
        f"{_lower(assigned(plan, guide))} hướng dẫn UBND quận, huyện thực hiện khoản hỗ trợ này.\n"
        f"- Gặp khó khăn, vướng mắc: phản ánh về **{body_name(plan, diff['body'])}** "
        f"({part_text(diff['part'])} của Kế hoạch).\n"
        f"- {_after_merger(book, plan)}\n"
    )

    out.append("## 3. Các khoản hỗ trợ\n")
    rows = []
    shown: set[str] = set()
    for key, choice in book.choices("kind").items():
        pids = [c.parameters[0] for c in _incident_components(book, key)]
        again = [book.parameter(pid).label for pid in pids if pid in shown]
        also = (
            f" (và {reading.listed([x[0].lower() + x[1:] for x in again])} ở trên, nếu có)" if again else ""
        )
        rows.append([f"**{choice.label}**{also}", "", ""])
        rows += [
            [book.parameter(pid).label, _value(book, pid, on), _ref(book, pid, on)]
            for pid in pids
            if pid not in shown
        ]
        shown.update(pids)
    out.append(_rates_table(["Khoản", f"Mức ngày {text.date(on)}", "Căn cứ"], rows))
    out.append(
        "Chữ “đang chờ” nghĩa là mức của Cần Thơ chưa có trong nguồn nào. Không đoán số, không lấy "
        "mức của tỉnh khác. Trợ cấp khi suy giảm khả năng lao động tính theo mức độ suy giảm.\n"
    )
    out.append(_fill_in())
    return "\n".join(out)


def _fill_in() -> str:
    """Blank lines for the member to write the local contact on the printed sheet."""
    line = '<span class="handout-blank"></span>'
    return (
        '<div class="handout-fill" markdown>\n\n**Ghi lại nơi hỏi ở địa phương bạn** (viết tay):\n\n'
        f"- Công an xã, phường: {line}\n- Số điện thoại: {line}\n- Người phụ trách: {line}\n\n</div>"
    )


def _incident_components(book: RateBook, kind: str) -> list[Component]:
    """The support components the incident calculator uses in one situation (each with its
    parameter), found by asking it with every count set to one."""
    answers = {
        "date": book.meta.checked_on.isoformat(),
        "kind": kind,
        "health_insurance": "not_insured",
        "social_insurance": "not_insured",
        "medical_costs": "1",
        "inpatient_days": "1",
        "lost_capacity": "1",
    }
    result = run("incident", answers, book=book)
    return [c for c in result.components if c.status != "not_applicable" and c.parameters]


# --- handout 3: who to contact -------------------------------------------------------------


def contacts(book: RateBook, plan: Plan) -> str:
    """What to ask whom, from the Plan's assignments; every body of the Plan with its work."""
    out = [_intro(book, "KH-175-2024"), ""]
    out.append(
        "**Hỏi trước tiên** (gợi ý của trang này; các cơ quan dưới đây được Kế hoạch giao việc "
        f"hướng dẫn, không phải nơi Kế hoạch chỉ định để thành viên hỏi): {plan_advice(book, plan, 'member')}\n"
    )

    out.append("## Bạn cần hỏi về việc gì\n")
    rows = []
    for row in plan["coordination"]:
        rows.append([row["member"], assigned(plan, row), part_text(row["part"])])
    for row in plan.get("member_questions", []):
        how = f" ({row['how']})" if row.get("how") else ""
        rows.append([row["member"], _who(bodies(plan)[row["body"]]) + how, part_text(row["part"])])
    diff = plan["difficulties"]
    rows.append(
        ["Khó khăn, vướng mắc khi thực hiện", _who(bodies(plan)[diff["body"]]), part_text(diff["part"])]
    )
    header = ["Việc cần hỏi", "Cơ quan Kế hoạch giao (hoặc đề nghị)", "Chỗ ghi trong Kế hoạch"]
    out.append(_table(header, rows) + "\n")

    out.append("## Các cơ quan trong Kế hoạch\n")
    rows = [
        [_who(b), " ".join(b["summary"].split()), parts_text(t["part"] for t in b["tasks"])]
        for b in plan["bodies"]
    ]
    out.append(_table(["Cơ quan", "Việc chính", "Chỗ ghi trong Kế hoạch"], rows) + "\n")

    out.append(f"**Sau năm 2025.** {_after_merger(book, plan)}")
    return "\n".join(out)


def _lower(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


def _who(body: dict[str, Any]) -> str:
    return f"**{body['name']}**" + (" (Kế hoạch “đề nghị”)" if body.get("asked") else "")
