// Drawing a budget's table (calculators/rules/budget.py): a row per ấp with its households'
// band, members and the known cost of the period, then each month; a total row; and the CSV
// download. Every text and the CSV itself come from Python; this file only lays them out.

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function row(cells, header) {
  const tr = el("tr");
  cells.forEach((text, i) => tr.append(i === 0 ? el("th", { scope: header ? "col" : "row" }, text) : el(header ? "th" : "td", header ? { scope: "col" } : {}, text)));
  return tr;
}

export function renderBudget(section, data, id) {
  // The caption stays outside the scrolling region, readable on a phone; it names the table.
  const caption = el("p", { class: "calc-budget-caption", id: `${id}-budget-caption` }, data.caption);
  const table = el("table", { class: "calc-budget", id: `${id}-budget`, "aria-labelledby": caption.id });
  const head = ["Ấp, khu vực", "Số hộ", "Mức số hộ", "Số người", "Cả kỳ", ...data.month_labels];
  table.appendChild(el("thead")).append(row(head, true));
  const body = table.appendChild(el("tbody"));
  for (const r of data.rows) {
    body.append(row([r.name, r.households_text, r.band, r.members_text, r.year_amount_text, ...r.months.map((m) => m.amount_text)], false));
  }
  const totals = data.totals_text;
  const foot = table.appendChild(el("tfoot"));
  foot.append(row(["Tổng cộng", totals.households, "", totals.members, totals.year_amount, ...data.month_totals.map((m) => m.amount_text)], false));
  // A region the keyboard can scroll: on a phone the months run off the right edge.
  const wrap = el("div", { class: "calc-table-wrap calc-budget-wrap", role: "region", tabindex: "0", "aria-label": "Bảng dự toán (cuộn ngang để xem từng tháng)" });
  wrap.append(table);
  section.append(el("h3", {}, "Bảng dự toán"));
  if (!data.complete) {
    section.append(el("p", { class: "calc-budget-partial" }, "Các số trong bảng chỉ gồm phần đã tính được; phần chưa có mức chưa được cộng vào (xem mục “Còn chờ mức chính thức”)."));
  }
  section.append(caption, wrap);
  section.append(el("p", { class: "calc-budget-certainty" }, data.certainty));
  const download = el("a", { class: "md-button calc-download", download: data.csv_name }, "Tải CSV");
  download.href = URL.createObjectURL(new Blob([data.csv], { type: "text/csv;charset=utf-8" }));
  return download;
}
