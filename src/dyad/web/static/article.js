/* Article view: metadata, the clean text with its events highlighted, and what was removed as boilerplate. */
"use strict";
(() => {
  const { el, api, nav, showError, eventTable, simpleTable } = dyad;
  nav("");
  const params = new URLSearchParams(location.search);
  const docId = params.get("doc");
  const focus = params.get("event");

  function metaTable(doc) {
    const rows = [["doc_id", doc.doc_id], ["origin", doc.origin], ["status", doc.status], ["events", doc.n_events],
      ...Object.entries(doc.meta).filter(([, v]) => v !== null && !(Array.isArray(v) && !v.length)).map(([k, v]) => [k, Array.isArray(v) ? v.join("; ") : v]),
      ["encoding", doc.encoding], ["kind", doc.kind], ["coded with", doc.pipeline_version], ["coded at", doc.coded_at]];
    return el("table", { class: "meta" }, el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v ?? "")))));
  }

  function text(doc) {
    const spans = [];
    for (const ev of doc.events) {
      const label = `${ev.source ? ev.source.code || "?" : "-"} -> ${ev.target ? ev.target.code || "?" : "-"}: ${ev.cameo} ${ev.cameo_name} (${ev.modality})`;
      spans.push({ start: ev.span[0], end: ev.span[1], cls: "ev" + (ev.event_id === focus ? " focus" : ""), title: label, data: ev.event_id === focus ? { id: "focus" } : null });
      for (const [part, cls] of [[ev.source, "src"], [ev.target, "tgt"], [ev.trigger, "trg"]]) {
        if (part && part.start >= 0 && part.end > part.start) spans.push({ start: part.start, end: part.end, cls });
      }
    }
    const box = document.getElementById("text");
    const body = doc.text || "";
    const paras = doc.paragraphs && doc.paragraphs.length ? doc.paragraphs : [[0, body.length]];
    box.replaceChildren(...paras.map(([a, b]) => el("span", { class: "para" }, dyad.highlight(body.slice(a, b),
      spans.filter((s) => s.end > a && s.start < b).map((s) => ({ ...s, start: Math.max(s.start, a) - a, end: Math.min(s.end, b) - a }))))));
  }

  async function load() {
    const message = document.getElementById("message");
    if (!docId) { showError(message, new Error("no document given: open an article from the event table (/article?doc=DOC_ID)")); return; }
    try {
      const doc = await api("documents/" + encodeURIComponent(docId));
      document.getElementById("title").textContent = doc.meta.title || doc.doc_id;
      document.title = (doc.meta.title || doc.doc_id) + " · dyad";
      document.getElementById("meta").replaceChildren(metaTable(doc));
      text(doc);
      document.getElementById("events").replaceChildren(doc.events.length ? eventTable(doc.events) : el("p", { class: "muted" }, "no events"));
      for (const row of document.querySelectorAll("#events tr[data-event-id]")) if (row.dataset.eventId === focus) row.style.outline = "2px solid #4e9a06";
      document.getElementById("removed").replaceChildren(doc.removed.length
        ? simpleTable(["rule", "text"], doc.removed) : el("p", { class: "muted" }, "nothing"));
      if (doc.failures.length) message.replaceChildren(el("div", { class: "error" }, doc.failures.map((f) => f.stage + ": " + f.reason).join("; ")));
      const mark = document.getElementById("focus");
      if (mark) mark.scrollIntoView({ block: "center" });
    } catch (err) { showError(message, err); }
  }
  load();
})();
