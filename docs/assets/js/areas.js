// Browser glue for a list of ấp (the budget calculator's rows): rows to fill, add and remove, a
// box for a paste from a spreadsheet and a CSV file picker. Python reads every list
// (calculators/spreadsheet.py, through the engine); this file only moves cells in and out of
// the form. The rows are kept as tab-separated text in the hidden input the form sends and the
// link keeps: one line per row, in order, so Python's "Dòng 3" is the third row on screen.
import { readAreas } from "./engine.js";

const COLUMNS = ["ten", "so_ho", "to_truong", "to_pho", "to_vien"];

function boxes(form) {
  return [...form.querySelectorAll(".calc-areas")];
}

// A cell as the text format writes it: quoted when it holds a tab, a quote or a line break.
function quoted(value) {
  const flat = value.replace(/[\r\n]+/g, " ");
  return /["\t]/.test(flat) ? `"${flat.replaceAll('"', '""')}"` : flat;
}

function rowsOf(box) {
  return [...box.querySelectorAll(".calc-area-row")];
}

function renumber(box) {
  const rows = rowsOf(box);
  const base = box.querySelector("input[type=hidden]").id;
  rows.forEach((row, i) => {
    const n = i + 1;
    row.querySelector(".calc-area-number").textContent = `Dòng ${n}`;
    // Python names a wrong row by its line: its message goes to this row ('areas.3').
    row.querySelector("fieldset").dataset.field = `${box.dataset.field}.${n}`;
    row.querySelector(".calc-error").id = `${base}-${n}-error`;
    for (const input of row.querySelectorAll("input[data-col]")) {
      input.id = `${base}-${n}-${input.dataset.col}`;
      row.querySelector(`label[data-for="${input.dataset.col}"]`).htmlFor = input.id;
    }
    const remove = row.querySelector(".calc-area-remove");
    remove.textContent = `Xóa dòng ${n}`;
    remove.hidden = rows.length === 1;
  });
  box.querySelector(".calc-area-count").textContent = rows.length > 1 ? `Danh sách có ${rows.length} dòng.` : "";
}

function addRow(box, cells = []) {
  const row = box.querySelector(".calc-area-template").content.firstElementChild.cloneNode(true);
  row.querySelectorAll("input[data-col]").forEach((input) => {
    input.value = cells[COLUMNS.indexOf(input.dataset.col)] ?? "";
  });
  if (cells.slice(2).some((c) => c)) row.querySelector(".calc-area-appointed").open = true;
  row.querySelector(".calc-area-remove").addEventListener("click", () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    // The rows below move up a line: a message about "Dòng 4" would now point at another row.
    box.closest("form").querySelectorAll(".calc-area-row .calc-error").forEach((slot) => { slot.hidden = true; });
    box.querySelectorAll(".calc-area-row .calc-field--error").forEach((node) => node.classList.remove("calc-field--error"));
    renumber(box);
    sync(box);
    // The question changed, as when a cell is typed in: a result on screen no longer follows it.
    box.querySelector("input[type=hidden]").dispatchEvent(new Event("input", { bubbles: true }));
    (next?.querySelector("input[data-col]") ?? box.querySelector(".calc-area-add")).focus();
  });
  row.addEventListener("input", () => sync(box));
  box.querySelector(".calc-area-list").append(row);
  renumber(box);
  return row;
}

function setRows(box, rows) {
  box.querySelector(".calc-area-list").replaceChildren();
  (rows.length ? rows : [[]]).forEach((cells) => addRow(box, cells));
  sync(box);
}

function cellsOf(row) {
  return COLUMNS.map((col) => row.querySelector(`input[data-col="${col}"]`).value.trim());
}

// The rows as the text the form sends: a blank row stays a blank line (Python skips it).
function sync(box) {
  const lines = rowsOf(box).map((row) => {
    const cells = cellsOf(row);
    while (cells.length > 2 && !cells[cells.length - 1]) cells.pop();
    return cells.some((c) => c) ? cells.map(quoted).join("\t") : "";
  });
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  box.querySelector("input[type=hidden]").value = lines.join("\n");
}

function importStatus(box, text) {
  box.querySelector(".calc-area-import-status").textContent = text;
}

// The pasted (or loaded) list, read by Python, in place of the rows; its errors next to the box.
// Returns the errors, or null when the list was taken.
async function take(box) {
  const paste = box.querySelector(".calc-area-paste");
  if (!paste.value.trim()) return null;
  importStatus(box, "Đang đọc danh sách…");
  const out = await readAreas(paste.value);
  if (out.errors) {
    importStatus(box, "");
    return out.errors;
  }
  // Added after the rows already filled in: nothing typed is replaced.
  const kept = rowsOf(box).map(cellsOf).filter((cells) => cells.some((c) => c));
  setRows(box, [...kept, ...out.ok]);
  paste.value = "";
  const where = kept.length ? `thêm vào cuối danh sách (nay có ${kept.length + out.ok.length} dòng)` : "đưa vào danh sách";
  importStatus(box, `Đã ${where} ${out.ok.length} ấp, khu vực. Xem lại rồi bấm “Tính”.`);
  return null;
}

export function bindAreas(form, showErrors, clearErrors) {
  for (const box of boxes(form)) {
    setRows(box, []);
    box.querySelector(".calc-area-add").addEventListener("click", () => {
      addRow(box).querySelector("input[data-col]").focus();
      sync(box);
    });
    const takeNow = async () => {
      const errors = await take(box).catch(() => ({ paste: "Không đọc được danh sách. Hãy tải lại trang." }));
      if (errors) showErrors(form, errors);
      else clearErrors(form);
    };
    box.querySelector(".calc-area-take").addEventListener("click", takeNow);
    box.querySelector(".calc-area-file").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      try {
        const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
        box.querySelector(".calc-area-paste").value = text;
      } catch {
        showErrors(form, { paste: "Tệp không phải dạng UTF-8, nên chữ có dấu không đọc được. Trong Excel, chọn Lưu thành (Save As) rồi chọn kiểu “CSV UTF-8”." });
        return;
      }
      await takeNow();
    });
  }
}

// Before a computation: a list still in the paste box is taken first (one step for the reader).
// Returns the paste's errors, or null.
export async function takePasted(form) {
  for (const box of boxes(form)) {
    const errors = await take(box);
    if (errors) return errors;
  }
  return null;
}

// A result: the rows as Python read them (a link opened later shows them filled in).
export function showAreas(form, data) {
  for (const box of boxes(form)) {
    const name = box.dataset.field;
    const rows = data.inputs[name];
    if (!Array.isArray(rows)) continue;
    setRows(box, rows.map((r) => [r.name, String(r.households), ...("to_vien" in r ? [String(r.to_truong), String(r.to_pho), String(r.to_vien)] : [])]));
  }
}

// A link whose answers Python refused: its list goes into the rows when Python can read it (the
// fault was elsewhere, the year say), else it waits in the paste box, to be corrected there.
export async function keepRefused(form) {
  for (const box of boxes(form)) {
    const given = box.querySelector("input[type=hidden]").value;
    if (!given || rowsOf(box).some((row) => cellsOf(row).some((c) => c))) continue;
    const out = await readAreas(given).catch(() => ({ errors: {} }));
    if (out.ok) {
      setRows(box, out.ok);
      continue;
    }
    box.querySelector(".calc-area-paste").value = given;
    box.querySelector(".calc-area-import").open = true;
  }
}
