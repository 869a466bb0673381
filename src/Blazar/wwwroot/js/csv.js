// Reads pasted CSV, TSV or semicolon-separated text into rows of cells, for the spec card's table preview.
// The server reads the data itself; this is only what the person sees before confirming.
export function parseTable(text, maxRows = 1000) {
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n").filter((line) => line.trim());
  if (lines.length === 0) return null;
  const first = lines[0];
  const separator = ["\t", ";", ","].reduce((best, s) => (count(first, s) > count(first, best) ? s : best), ",");
  if (count(first, separator) === 0) return null;
  const rows = lines.slice(0, maxRows + 1).map((line) => cells(line, separator));
  return { header: rows[0], rows: rows.slice(1), totalRows: lines.length - 1 };
}

function count(line, separator) {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) n++;
  }
  return n;
}

function cells(line, separator) {
  const out = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && quoted && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === separator && !quoted) {
      out.push(cell.trim());
      cell = "";
    } else {
      cell += c;
    }
  }
  out.push(cell.trim());
  return out;
}
