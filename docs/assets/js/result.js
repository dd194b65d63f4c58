// Drawing a result: every text comes from Python (amounts already formatted, citations, steps),
// and is put on the page with textContent, never as HTML, so nothing typed or shared in a link
// can become markup.
import { renderBudget } from "./budget-table.js";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function list(tag, items, render) {
  const node = el(tag);
  items.forEach((item) => node.append(render(item)));
  return node;
}

export function renderResult(section, data, id, scopeHref) {
  section.replaceChildren();
  section.dataset.total = String(data.total);
  section.dataset.complete = String(data.complete);
  section.dataset.assumed = String(data.uses_assumptions);
  section.append(el("h2", { id: `${id}-result-title`, text: `Kết quả: ${data.title}` }));
  if (data.uses_assumptions) {
    section.append(el("p", {
      class: "calc-assumed-banner",
      text: "Kết quả có dùng giả định: một số mức do bạn nhập, chưa phải mức chính thức.",
    }));
  }
  // The one sentence most readers stop at: what is known and what is not.
  section.append(el("p", { class: "calc-headline", text: data.headline }));
  const scope = el("p", { class: "calc-scope", text: `${data.scope} ` });
  if (scopeHref) scope.append(el("a", { href: scopeHref, text: "Vì sao?" }));
  section.append(scope);
  section.append(el("p", {
    class: "calc-estimate",
    // A budget spans months, each at the rates of its first day (rates_as_of); the others, one day.
    text: `Đây là ước tính theo các mức áp dụng ${data.rates_as_of ?? `ngày ${data.date_text}`}, số liệu kiểm tra lần cuối ngày ${data.checked_on_text}. Kết quả không thay cho quyết định của cơ quan có thẩm quyền.`,
  }));

  section.append(el("h3", { class: "calc-given", text: "Thông tin đã nhập" }));
  section.append(list("dl", data.input_texts, (row) => {
    const frag = document.createDocumentFragment();
    frag.append(el("dt", { text: row.label }), el("dd", { text: row.value }));
    return frag;
  }));
  section.lastElementChild.classList.add("calc-given");

  // Explicit roles: on a phone the rows are laid out as cards (CSS grid), and some browsers drop
  // a table's meaning when its display changes.
  const table = el("table", { class: "calc-components", role: "table" });
  table.append(el("caption", { text: "Các khoản" }));
  const head = el("tr", { role: "row" }, el("th", { scope: "col", role: "columnheader", text: "Khoản" }),
    el("th", { scope: "col", role: "columnheader", text: "Số tiền" }), el("th", { scope: "col", role: "columnheader", text: "Trạng thái" }));
  table.append(el("thead", { role: "rowgroup" }, head));
  const body = el("tbody", { role: "rowgroup" });
  for (const c of data.components) {
    body.append(el("tr", { role: "row", "data-component": c.id, "data-amount": c.amount === null ? "" : String(c.amount), "data-status": c.status },
      el("th", { scope: "row", role: "rowheader", text: c.label }),
      el("td", { role: "cell", text: c.amount_text }),
      el("td", { role: "cell", text: c.status_text })));
  }
  table.append(body);
  table.append(el("tfoot", { role: "rowgroup" }, el("tr", { role: "row", class: "calc-total", "data-total": String(data.total) },
    el("th", { scope: "row", role: "rowheader", text: data.total_label }), el("td", { role: "cell", text: data.total_text }),
    el("td", { role: "cell", text: data.complete ? "" : "chưa đầy đủ" }))));
  section.append(el("div", { class: "calc-table-wrap calc-parts" }, table));

  if (data.outputs.length) {
    section.append(list("dl", data.outputs, (row) => {
      const frag = document.createDocumentFragment();
      frag.append(el("dt", { text: row.label }), el("dd", { "data-output": row.id, text: row.value_text }));
      return frag;
    }));
    section.lastElementChild.classList.add("calc-outputs");
  }
  const download = data.rows ? renderBudget(section, data, id) : null;
  if (!data.complete) {
    section.append(el("p", { class: "calc-incomplete", text: "Kết quả chưa đầy đủ: còn khoản chưa có mức chính thức (xem mục “Còn chờ mức chính thức”)." }));
  }

  section.append(el("h3", { text: "Cách tính" }));
  section.append(list("ol", data.steps, (step) => {
    const item = el("li", {}, el("strong", { text: `${step.label}: ` }), document.createTextNode(step.formula));
    if (step.uses.length) {
      item.append(list("ul", step.uses, (use) => el("li", {
        text: `${use.label}: ${use.status === "pending" ? "chưa có mức" : use.value_text} (${use.status_text}) — ${use.ref.text}`
          + use.also.map((r) => `; xem thêm ${r.text}`).join(""),
      })));
    }
    return item;
  }));

  if (data.pending_details.length) {
    section.append(el("h3", { text: "Còn chờ mức chính thức" }));
    section.append(list("ul", data.pending_details, (p) => el("li", {
      text: `${p.label}: ${p.ask}` + (p.assumed ? ` — đang giả định ${p.assumed}` : ""),
    })));
  }
  if (data.assumptions.length) {
    section.append(el("h3", { text: "Giả định" }));
    section.append(list("ul", data.assumptions, (a) => el("li", { text: a })));
  }
  if (data.notes.length) {
    section.append(el("h3", { text: "Ghi chú" }));
    section.append(list("ul", data.notes, (n) => el("li", { text: n })));
  }
  if (data.legend.length) {
    section.append(el("h3", { text: "Chú thích" }));
    section.append(list("ul", data.legend, (n) => el("li", { text: n })));
  }
  const actions = el("div", { class: "calc-result-actions" });
  const share = el("button", { type: "button", class: "md-button calc-share", text: "Sao chép liên kết đến kết quả này" });
  const print = el("button", { type: "button", class: "md-button calc-print", text: "In kết quả" });
  const shareStatus = el("span", { class: "calc-share-status", role: "status" });
  share.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      shareStatus.textContent = "Đã sao chép liên kết.";
    } catch {
      shareStatus.textContent = `Liên kết: ${location.href}`;
    }
  });
  print.addEventListener("click", () => window.print());
  actions.append(...[download, share, print, shareStatus].filter(Boolean));
  section.append(actions);
  section.hidden = false;
}

export function renderAssumeInputs(container, pending, values, id) {
  container.replaceChildren();
  if (!pending.length) {
    container.hidden = true;
    return;
  }
  const box = el("fieldset", { class: "calc-field", "data-field": "assume" });
  box.append(el("legend", { text: "Thử với mức giả định (không bắt buộc)" }));
  box.append(el("p", { class: "calc-hint", id: `${id}-assume-hint`, text: "Các khoản dưới đây chưa có mức chính thức. Bạn có thể nhập một mức để xem thử; kết quả khi đó được ghi là giả định." }));
  box.append(el("p", { class: "calc-error", id: `${id}-assume-error`, hidden: "" }));
  for (const p of pending) {
    const inputId = `${id}-assume-${p.parameter}`;
    const wrap = el("div", { class: "calc-assume-field" });
    wrap.append(el("label", { class: "calc-label", for: inputId, text: `${p.label} (${p.unit})` }));
    wrap.append(el("p", { class: "calc-hint", id: `${inputId}-hint`, text: `Xem ${p.ref_text}. Để trống nếu không giả định.` }));
    const input = el("input", {
      class: "calc-input calc-input--number", id: inputId, name: `assume.${p.parameter}`, type: "text",
      inputmode: "decimal", autocomplete: "off", "aria-describedby": `${inputId}-hint ${id}-assume-hint`,
    });
    input.value = values[p.parameter] ?? "";
    wrap.append(input);
    box.append(wrap);
  }
  container.append(box);
  container.hidden = false;
}
