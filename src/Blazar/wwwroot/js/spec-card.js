// The proposed spec as a card: every field shown, editable inline (Edit), and Confirm to start writing.
import { el, clear } from "./dom.js";
import { parseTable } from "./csv.js";

const FIELDS = [
  { key: "title", label: "Title", kind: "input", required: true, maxlength: 200 },
  { key: "summary", label: "Summary", kind: "textarea", rows: 2 },
  { key: "audience", label: "Audience", kind: "input" },
  { key: "tone", label: "Tone", kind: "input" },
  { key: "sections", label: "Sections", kind: "textarea", rows: 5, hint: "One per line" },
  { key: "instructions", label: "Instructions", kind: "textarea", rows: 4 },
  { key: "data", label: "Data", kind: "textarea", rows: 5, hint: "CSV with a header row, or text" },
];

const PREVIEW_ROWS = 5;
const PREVIEW_COLUMNS = 8;

// Pasted data as the table it will become (its size, the first rows and columns), or as text when it is not a table.
function dataPreview(data) {
  const table = parseTable(data, PREVIEW_ROWS);
  if (!table) return el("pre", { class: "spec-data" }, data.length > 600 ? `${data.slice(0, 600)}…` : data);
  const columns = table.header.length;
  const shown = (row) => row.slice(0, PREVIEW_COLUMNS);
  const size = `${table.totalRows} ${table.totalRows === 1 ? "row" : "rows"} × ${columns} ${columns === 1 ? "column" : "columns"}`;
  return el("figure", { class: "spec-table", "data-testid": "spec-data-table" },
    el("figcaption", { class: "spec-table-size" }, size),
    el("div", { class: "spec-table-scroll", tabindex: "0", role: "region", "aria-label": `Data preview, ${size}` },
      el("table", {},
        el("thead", {}, el("tr", {}, shown(table.header).map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, table.rows.map((row) => el("tr", {}, shown(row).map((c) => el("td", {}, c))))))),
    table.totalRows > PREVIEW_ROWS || columns > PREVIEW_COLUMNS
      ? el("p", { class: "muted small" }, "Showing the first rows and columns; all of it goes to the writer.")
      : null);
}

function value(spec, key) {
  if (key === "sections") return spec.sections?.length ? spec.sections : null;
  return spec[key] ? spec[key] : null;
}

// item: { spec, confirmed }. handlers: onConfirm(card), onChange(spec).
export function specCard(item, { onConfirm, onChange }) {
  const card = el("article", { class: "card spec-card", "data-testid": "spec-card", "aria-label": "Proposed report spec" });
  let editing = false;
  let errors = {};

  const render = () => {
    clear(card);
    card.classList.toggle("confirmed", !!item.confirmed);
    card.append(el("header", { class: "card-head" },
      el("span", { class: "card-kicker" }, item.confirmed ? "Spec · confirmed" : "Proposed spec"),
      el("h3", { class: "card-title" }, item.spec.title || "Untitled report")));
    if (errors._message) card.append(el("p", { class: "form-error", role: "alert" }, errors._message));
    if (editing) card.append(form());
    else card.append(view(), actions());
  };

  const view = () => {
    const list = el("dl", { class: "spec-fields" });
    for (const field of FIELDS) {
      const v = value(item.spec, field.key);
      list.append(el("dt", {}, field.label));
      if (v === null) list.append(el("dd", { class: "muted" }, field.key === "data" ? "No data" : "—"));
      else if (field.key === "sections") list.append(el("dd", {}, el("ol", { class: "spec-sections" }, v.map((s) => el("li", {}, s)))));
      else if (field.key === "data") list.append(el("dd", {}, dataPreview(v), removeData()));
      else list.append(el("dd", {}, v));
      for (const message of fieldErrors(field.key)) list.append(el("dd", { class: "field-error" }, message));
    }
    return list;
  };

  const removeData = () => {
    if (item.confirmed) return null;
    const button = el("button", { type: "button", class: "button ghost small", "data-testid": "spec-remove-data" }, "Remove data");
    button.addEventListener("click", () => {
      item.spec = { ...item.spec, data: null };
      onChange(item.spec);
      render();
      card.querySelector("[data-testid=spec-confirm]")?.focus();
    });
    return button;
  };

  const fieldErrors = (key) =>
    Object.entries(errors)
      .filter(([name]) => name === `spec.${key}` || name.startsWith(`spec.${key}[`) || name === key)
      .flatMap(([, messages]) => messages);

  const actions = () => {
    if (item.confirmed) return el("p", { class: "muted small" }, "Confirmed — the report is being written below.");
    const confirm = el("button", { type: "button", class: "button primary", "data-testid": "spec-confirm" }, "Confirm and write");
    const edit = el("button", { type: "button", class: "button", "data-testid": "spec-edit" }, "Edit");
    confirm.addEventListener("click", () => onConfirm(api));
    edit.addEventListener("click", () => {
      editing = true;
      render();
      card.querySelector("input, textarea")?.focus();
    });
    return el("div", { class: "card-actions" }, confirm, edit);
  };

  const form = () => {
    const f = el("form", { class: "spec-form", novalidate: true });
    for (const field of FIELDS) {
      const id = `spec-${field.key}-${Math.random().toString(36).slice(2, 8)}`;
      const current = field.key === "sections" ? (item.spec.sections || []).join("\n") : item.spec[field.key] || "";
      const input = field.kind === "input"
        ? el("input", { id, name: field.key, type: "text", required: field.required, maxlength: field.maxlength })
        : el("textarea", { id, name: field.key, rows: field.rows });
      input.value = current;
      f.append(el("label", { for: id }, field.label, field.hint ? el("span", { class: "hint" }, ` · ${field.hint}`) : null), input);
      for (const message of fieldErrors(field.key)) f.append(el("p", { class: "field-error" }, message));
    }
    const save = el("button", { type: "submit", class: "button primary", "data-testid": "spec-save" }, "Save");
    const cancel = el("button", { type: "button", class: "button ghost" }, "Cancel");
    cancel.addEventListener("click", () => {
      editing = false;
      render();
    });
    f.append(el("div", { class: "card-actions" }, save, cancel));
    f.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(f);
      const text = (name) => String(data.get(name) || "").trim();
      const spec = {
        title: text("title"),
        summary: text("summary") || null,
        audience: text("audience") || null,
        tone: text("tone") || null,
        sections: text("sections").split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
        instructions: text("instructions") || null,
        data: String(data.get("data") || "").trim() ? String(data.get("data")) : null,
      };
      if (!spec.title) {
        errors = { "spec.title": ["The title is required."] };
        render();
        return;
      }
      item.spec = spec;
      errors = {};
      editing = false;
      onChange(spec);
      render();
      card.querySelector("[data-testid=spec-confirm]")?.focus();
    });
    return f;
  };

  const api = {
    element: card,
    setBusy(busy) {
      for (const button of card.querySelectorAll("button")) button.disabled = busy;
    },
    showProblem(problem) {
      errors = { ...problem.errors, _message: problem.message };
      render();
    },
    confirmed() {
      item.confirmed = true;
      errors = {};
      render();
    },
  };
  render();
  return api;
}
