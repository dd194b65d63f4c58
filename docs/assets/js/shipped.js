// Answers computed at build time by the same Python (calculators/tools/site/answers.py), for
// questions made only of choices and a date: the page answers them at once, with no download
// of the engine. Anything else (a typed amount or count, a what-if, a date written another
// way, a date outside the stored periods) goes to the live engine, which stays the authority:
// tests/test_pyodide.py checks every stored answer against it.
//
// Nothing is computed here: the page looks the answer up and writes back the date it was asked
// for, the only thing that differs within a period.

const files = new Map();

function load(form) {
  const href = form.dataset.answers;
  if (!href) return null;
  const url = new URL(href, location.href).href;
  if (!files.has(url)) {
    files.set(url, fetch(url).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return files.get(url);
}

// Fetch the stored answers early (small), so that the first "Tính" does not wait for them.
export function prefetch(form) {
  load(form);
}

// "15/08/2024", "5/8/2024" or "2024-08-15" → "2024-08-15" for a real day; anything else → null
// (the engine reads it and explains what is wrong).
function isoDate(written) {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(written);
  let y, mo, d;
  if (m) [, y, mo, d] = m.map(Number);
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(written);
    if (!m) return null;
    [, d, mo, y] = m.map(Number);
  }
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function withDate(stored, iso) {
  const answer = structuredClone(stored);
  const ok = answer.ok;
  if (!ok) return answer;
  const shown = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  ok.date = iso;
  ok.date_text = shown;
  ok.inputs.date = iso;
  for (const row of ok.input_texts) if (row.name === "date") row.value = shown;
  return answer;
}

// The stored answer for these answers, or null when the live engine must answer.
export async function lookup(form, answers, assume) {
  if (Object.values(assume).some((v) => v !== "")) return null;
  const data = await load(form);
  if (!data) return null;
  const names = Object.keys(answers);
  if (names.some((n) => typeof answers[n] !== "string" || (n !== "date" && !data.fields.includes(n)))) return null;
  const iso = isoDate((answers.date ?? "").trim());
  if (!iso) return null;
  const period = data.periods.findIndex(([from, until]) => from <= iso && iso <= until);
  if (period < 0) return null;
  const numbers = data.index[data.fields.map((f) => `${f}=${answers[f] ?? ""}`).join("&")];
  if (!numbers) return null;
  return withDate(data.answers[numbers[period]], iso);
}
