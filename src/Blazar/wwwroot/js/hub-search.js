// The hub's search box: asks /api/reports?q= (ranked, with plain-text snippets) and has the hub show only what it found.
const PAUSE_MS = 200;

export function startHubSearch(input, status, hub) {
  let timer = 0;
  let asked = 0; // answers to older questions are dropped

  const search = async () => {
    const query = input.value.trim();
    const question = ++asked;
    if (!query) {
      hub.showOnly(null);
      status.textContent = "";
      status.hidden = true;
      return;
    }
    let hits;
    try {
      const response = await fetch(`/api/reports?q=${encodeURIComponent(query)}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      hits = await response.json();
    } catch {
      if (question !== asked) return;
      status.textContent = "Search is not available right now.";
      status.hidden = false;
      return;
    }
    if (question !== asked) return;
    hub.showOnly(hits);
    status.textContent = hits.length === 0 ? `Nothing found for “${query}”.` : `${hits.length} found for “${query}”, best first.`;
    status.hidden = false;
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, PAUSE_MS);
  });
  input.form?.addEventListener("submit", (event) => {
    event.preventDefault(); // Enter searches at once, without leaving the page
    clearTimeout(timer);
    search();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && input.value) {
      input.value = "";
      clearTimeout(timer);
      search();
    }
  });
}
