// The console's only script: live progress of a sync on a connection's page.
// Everything else works without JavaScript.
"use strict";

(function () {
  const box = document.getElementById("progress");
  if (!box || !box.dataset.watch) return;

  const finished = new Set(["succeeded", "partial", "failed"]);
  const url = new URL(box.dataset.url, window.location.href);
  if (box.dataset.since) url.searchParams.set("since", box.dataset.since);

  function show(body) {
    const run = body.run;
    box.replaceChildren();
    const line = document.createElement("p");
    line.dataset.state = body.state;
    if (!run) {
      line.textContent = "Sync queued…";
      box.append(line);
      return;
    }
    line.textContent = (finished.has(run.status) ? "Sync " : "Syncing… ") + run.status +
      " · " + run.api_calls + " API calls" + (run.message ? " · " + run.message : "");
    box.append(line);
    const list = document.createElement("ul");
    for (const [entity, counts] of Object.entries(run.counts || {})) {
      const shown = Object.entries(counts).filter(([, n]) => n).map(([k, n]) => k.replace("_", " ") + " " + n);
      const item = document.createElement("li");
      item.textContent = entity.replace("_", " ") + ": " + (shown.join(", ") || "nothing new");
      list.append(item);
    }
    box.append(list);
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const body = await response.json();
        show(body);
        if (body.run && finished.has(body.run.status)) {
          // Reload once the run is over: status, suggestions and history are server-drawn.
          window.setTimeout(() => window.location.replace(box.dataset.reload), 300);
          return;
        }
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(poll, 500);
  }
  box.hidden = false;
  poll();
})();
