/* Dyad explorer: two actors, their relation over time in both directions; click a point for its events. */
"use strict";
(() => {
  const { el, api, nav, showError, simpleTable, query, eventTable, formFromLocation, formValues } = dyad;
  nav("/dyads");
  const form = document.getElementById("dyad-form");
  const message = document.getElementById("message");
  let chart = null;

  api("actors", { limit: 500 }).then((t) => {
    document.getElementById("actor-list").replaceChildren(...t.rows.map((r) => el("option", { value: r.actor }, r.n_events + " events")));
  }).catch(() => {});

  async function showEvents(direction, period, values) {
    const [source, target] = direction.split("->");
    const title = document.getElementById("events-title");
    const box = document.getElementById("events");
    title.textContent = direction + " in " + period;
    try {
      const filters = { source, target, since: period, until: period };
      const r = await api("events", { ...filters, limit: 200 });
      box.replaceChildren(
        el("p", {}, r.total + " events ", el("a", { href: "/events?" + query(filters) }, "open in the event table")),
        eventTable(r.events));
      title.scrollIntoView({ block: "start" });
    } catch (err) { showError(box, err); }
  }

  async function show(values) {
    message.replaceChildren();
    history.replaceState(null, "", "/dyads?" + query(values));
    let rel;
    try {
      rel = await api("relations", { a: values.a, b: values.b, by: values.by, since: values.since, until: values.until });
    } catch (err) { showError(message, err); return; }
    const periods = [...new Set(rel.rows.map((r) => r.period))];
    const directions = [rel.a + "->" + rel.b, rel.b + "->" + rel.a];
    const measure = values.measure || "n_events";
    const colours = ["#1f77b4", "#d62728"];
    const datasets = directions.map((d, i) => ({
      label: d, borderColor: colours[i], backgroundColor: colours[i], maxBarThickness: 48,
      data: periods.map((p) => { const row = rel.rows.find((r) => r.period === p && r.direction === d); return row ? row[measure] : null; }),
    }));
    if (chart) chart.destroy();
    chart = new Chart(document.getElementById("relation"), {
      type: "bar", data: { labels: periods, datasets },
      options: {
        animation: false, maintainAspectRatio: false, 
        scales: { y: { beginAtZero: measure === "n_events", title: { display: true, text: form.measure.selectedOptions[0].text } } },
        onClick: (_e, items) => { if (items.length) showEvents(directions[items[0].datasetIndex], periods[items[0].index], values); },
      },
    });
    window.dyadChart = chart;
    if (!periods.length) message.replaceChildren(el("p", { class: "muted" }, "No asserted events between " + rel.a + " and " + rel.b + "."));
    else if (rel.excluded_imprecise) message.replaceChildren(el("p", { class: "muted" }, rel.excluded_imprecise + " events dated less precisely than a " + rel.by + " are left out; try the period year."));
    const cols = ["period", "direction", "n_events", "q1", "q2", "q3", "q4", "goldstein_mean", "net_cooperation"];
    document.getElementById("relation-table").replaceChildren(simpleTable(cols, rel.rows, (c, r) => {
      if (c === "n_events" && r.n_events) return el("a", { href: "#", class: "cell-events", onclick: (e) => { e.preventDefault(); showEvents(r.direction, r.period, values); } }, r.n_events);
      if (c === "goldstein_mean" && r[c] !== null) return r[c].toFixed(2);
      return r[c];
    }));
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); show(formValues(form)); });
  form.measure.addEventListener("change", () => { if (form.a.value && form.b.value) show(formValues(form)); });
  const start = formFromLocation(form);
  if (start.a && start.b) show(start);
})();
