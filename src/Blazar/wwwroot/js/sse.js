// Reads a server-sent event stream from a fetch response (EventSource cannot POST).
// Calls onEvent({type, data, id}) for every event; resolves when the stream ends.
export async function readSse(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let type = "";
  let data = [];
  let id = null;
  const dispatch = () => {
    // "ping" is the server's heartbeat (and the first thing it sends): it only keeps the stream open.
    if (data.length > 0 && type !== "ping") onEvent({ type: type || "message", data: data.join("\n"), id });
    type = "";
    data = [];
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let start = 0;
    for (;;) {
      const cr = buffer.indexOf("\r", start);
      const lf = buffer.indexOf("\n", start);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      // A CR at the very end may be the first half of a CRLF: wait for the next read.
      if (buffer[end] === "\r" && end === buffer.length - 1) break;
      const line = buffer.slice(start, end);
      start = end + (buffer[end] === "\r" && buffer[end + 1] === "\n" ? 2 : 1);
      if (line === "") dispatch();
      else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") type = value;
        else if (field === "data") data.push(value);
        else if (field === "id") id = value;
      }
    }
    buffer = buffer.slice(start);
  }
  dispatch();
}

// A problem+json response as one readable sentence, plus its per-field errors.
export async function problemOf(response) {
  try {
    const problem = await response.json();
    return { message: problem.detail || problem.title || `The server answered ${response.status}.`, errors: problem.errors || {} };
  } catch {
    return { message: `The server answered ${response.status}.`, errors: {} };
  }
}

export async function post(url, body) {
  const init = { method: "POST", headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return fetch(url, init);
}
