// A button that shows a short list of links or buttons under it (the disclosure pattern): Enter, Space or a click
// opens it with the first item focused, arrows move between the items, Escape or a click elsewhere closes it and
// Escape gives the focus back to the button.
export function disclosureMenu(button, list) {
  const items = () => [...list.querySelectorAll("a, button")].filter((item) => !item.hidden && !item.disabled);
  const isOpen = () => !list.hidden;

  const close = ({ focus = false } = {}) => {
    if (!isOpen()) return;
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focus) button.focus();
  };
  const open = () => {
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
    items()[0]?.focus();
  };

  button.addEventListener("click", () => (isOpen() ? close() : open()));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && !isOpen()) {
      event.preventDefault();
      open();
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      all[(at + step + all.length) % all.length]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      (event.key === "Home" ? all[0] : all[all.length - 1])?.focus();
    }
  });
  // Escape anywhere (the focus may be on the button or in the list) closes it.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close({ focus: true });
    }
  });
  document.addEventListener("click", (event) => {
    if (isOpen() && !button.contains(event.target) && !list.contains(event.target)) close();
  });
  // Tabbing out of the menu closes it.
  list.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !list.contains(event.relatedTarget) && event.relatedTarget !== button) close();
  });
  // A chosen item (a download) closes it too.
  list.addEventListener("click", (event) => {
    if (event.target.closest("a, button")) close({ focus: true });
  });
  return { close };
}
