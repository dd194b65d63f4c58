// What the notice of a new version says about its figures, compared with those on screen.
// Each build's sw.js carries {figuresVersion, checkedOnText, figures: {id: {label, values}}}
// (calculators/tools/site/published.py), each value in words ("từ 01/07/2026: 2.530.000
// đồng/tháng (đã xác minh)"). Pure functions, tested in tests/browser/test_figures_news.py.

export const MAX_LISTED = 8;  // a longer list would push the button out of view

// Each figure whose dated values differ, in words.
export function changedFigures(before, after) {
  const changes = [];
  for (const [id, figure] of Object.entries(after)) {
    const old = before[id]?.values ?? [];
    const added = figure.values.filter((v) => !old.includes(v));
    const gone = old.filter((v) => !figure.values.includes(v));
    if (!added.length && !gone.length) continue;
    let words = `${figure.label}: `;
    words += added.length ? `nay là ${added.join("; ")}` : "bỏ bớt một thời kỳ";
    if (gone.length) words += `; thay cho ${gone.join("; ")}`;
    changes.push(`${words}.`);
  }
  for (const [id, figure] of Object.entries(before)) {
    if (!(id in after)) changes.push(`${figure.label}: không còn trong bản mới.`);
  }
  return changes;
}

// fresh: the new build's data; current: the data of the build that serves this page (null if it
// does not answer, or is too old to carry figures); shownVersion and shownDate: the page's own.
export function figuresNews(fresh, current, shownVersion, shownDate) {
  const shown = shownVersion || current?.figuresVersion;
  if (!fresh?.figuresVersion || !shown) {
    return { text: " Hãy dùng bản mới để chắc chắn có số liệu mới nhất.", list: [] };
  }
  if (fresh.figuresVersion === shown) {
    const again = fresh.checkedOnText && fresh.checkedOnText !== shownDate ? ` (đã kiểm tra lại ngày ${fresh.checkedOnText})` : "";
    return { text: ` Số liệu không đổi${again}: các mức trên trang bạn đang xem vẫn đúng.`, list: [] };
  }
  const dates = ` Số liệu mới được kiểm tra ngày ${fresh.checkedOnText}; trang bạn đang xem dùng số liệu kiểm tra ngày ${shownDate}.`;
  const changes = current?.figures && fresh.figures ? changedFigures(current.figures, fresh.figures) : null;
  if (changes === null) return { text: ` Số liệu đã thay đổi.${dates}`, list: [] };
  if (!changes.length) {
    return { text: ` Các mức không đổi; nguồn hoặc ghi chú của số liệu đã được cập nhật.${dates}`, list: [] };
  }
  const list = changes.slice(0, MAX_LISTED);
  if (changes.length > list.length) list.push(`Và ${changes.length - list.length} thay đổi khác (xem trang Dữ liệu và nguồn).`);
  return { text: ` Số liệu đã thay đổi. Cho tới khi bạn dùng bản mới, trang này vẫn hiện số liệu cũ.${dates}`, list };
}
