/* Overview: corpus size, events over time by QuadClass, top dyads, failures. */
"use strict";
(() => {
  const { el, api, nav, showError, simpleTable, query, QUAD, QUAD_COLOURS } = dyad;
  nav("/");
  let chart = null;

  async function cards() {
    const box = document.getElementById("cards");
    try {
      const s = await api("summary");
      const card = (label, n, sub) => el("div", { class: "card" }, el("div", { class: "n" }, n), label, sub ? el("div", { class: "muted" }, sub) : null);
      const range = s.date_range ? s.date_range.first + " – " + s.date_range.last : "no dated events";
      box.replaceChildren(
        card("documents", s.documents.total, s.documents.coded + " coded, " + s.documents.failed + " failed, " + s.documents.skipped + " skipped"),
        card("asserted events", s.events.asserted, s.events.all + " with every modality"),
        card("failures", s.failures),
        card("dates", range));
    } catch (err) { showError(box, err); }
  }

  async function drawTimeline() {
    const by = document.querySelector("#timeline-form [name=by]").value;
    const note = document.getElementById("timeline-note");
    try {
      const t = await api("timeline", { by });
      const labels = t.rows.map((r) => r.period);
      const datasets = [1, 2, 3, 4].map((q) => ({ label: q + " " + QUAD[q], data: t.rows.map((r) => r["q" + q]), backgroundColor: QUAD_COLOURS[q] }));
      if (chart) chart.destroy();
      chart = new Chart(document.getElementById("timeline"), {
        type: "bar", data: { labels, datasets },
        options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
          onClick: (_e, items) => { if (items.length) location.href = "/events?" + query({ since: labels[items[0].index], until: labels[items[0].index], quad_class: items[0].datasetIndex + 1 }); } },
      });
      window.dyadChart = chart;
      note.textContent = t.excluded_imprecise ? t.excluded_imprecise + " events dated less precisely than a " + by + " are not shown." : "";
    } catch (err) { showError(note, err); }
  }

  async function dyads() {
    const box = document.getElementById("dyads");
    try {
      const t = await api("top", { what: "dyads", limit: 15 });
      box.replaceChildren(simpleTable(["source", "target", "n_events", ""], t.rows, (c, r) => c === ""
        ? el("a", { href: "/dyads?" + query({ a: r.source, b: r.target }) }, "explore")
        : c === "n_events" ? el("a", { href: "/events?" + query({ source: r.source, target: r.target }) }, r.n_events) : r[c]));
    } catch (err) { showError(box, err); }
  }

  async function failures() {
    const box = document.getElementById("failures");
    try {
      const f = await api("failures");
      box.replaceChildren(f.total ? simpleTable(["origin", "doc_id", "stage", "status", "reason"], f.failures) : el("p", { class: "muted" }, "none"));
    } catch (err) { showError(box, err); }
  }

  document.querySelector("#timeline-form [name=by]").addEventListener("change", drawTimeline);
  cards(); drawTimeline(); dyads(); failures();
})();
