/* dyad dashboard: shared helpers (plain JavaScript, no build step). Every page takes its data from /api/. */
"use strict";
const dyad = (() => {
  const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  const QUAD_COLOURS = { 1: "#4e9a06", 2: "#1f77b4", 3: "#f0a30a", 4: "#cc0000" };
  const PAGES = [["/", "Overview"], ["/dyads", "Dyad explorer"], ["/network", "Network"], ["/events", "Events"]];

  /** Build an element: el("a", {href: "/x", class: "y"}, "text", child...). Text is never parsed as HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && String(value).trim() !== "") q.set(key, String(value).trim());
    }
    return q.toString();
  }

  /** GET /api/PATH?params; rejects with the API's error message. */
  async function api(path, params) {
    const qs = query(params);
    const response = await fetch("/api/" + path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: "the server sent no JSON (" + response.status + ")" }));
    if (!response.ok) throw new Error(body.error || "request failed (" + response.status + ")");
    return body;
  }

  function nav(current) {
    const header = el("header", {}, el("span", { class: "brand" }, "dyad"),
      PAGES.map(([href, label]) => el("a", { href, class: href === current ? "current" : null }, label)),
      el("a", { href: "/openapi.json" }, "API"));
    document.body.prepend(header);
  }

  function showError(box, err) {
    box.replaceChildren(el("div", { class: "error", role: "alert" }, String(err.message || err)));
  }

  /** Text with [start, end) spans marked: spans [{start, end, cls, title}] may overlap or nest. */
  function highlight(text, spans) {
    const cuts = new Set([0, text.length]);
    const ok = spans.filter((s) => s && s.start >= 0 && s.end > s.start && s.end <= text.length);
    for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const covering = ok.filter((s) => s.start <= a && s.end >= b);
      const piece = text.slice(a, b);
      if (!covering.length) { frag.append(piece); continue; }
      const cls = [...new Set(covering.flatMap((s) => s.cls.split(" ")))].join(" ");
      const attrs = { class: cls, title: covering.map((s) => s.title).filter(Boolean).join("; ") || null };
      for (const s of covering) if (s.data) Object.assign(attrs, s.data);
      frag.append(el("mark", attrs, piece));
    }
    return frag;
  }

  /** Where a part (actor, trigger) lies in its event's sentence: clean-text offsets made relative,
   *  checked against the text, else the first occurrence of its text. */
  function sentenceSpan(ev, part, cls, title) {
    if (!part || !part.text) return null;
    const s = ev.sentence || "";
    const base = ev.span ? ev.span[0] : 0;
    let start = (part.start ?? -1) - base;
    if (!(start >= 0 && s.slice(start, start + part.text.length) === part.text)) start = s.indexOf(part.text);
    if (start < 0) return null;
    return { start, end: start + part.text.length, cls, title };
  }

  function evidence(ev) {
    const spans = [
      sentenceSpan(ev, ev.source, "src", "source " + (ev.source && (ev.source.code || "?"))),
      sentenceSpan(ev, ev.target, "tgt", "target " + (ev.target && (ev.target.code || "?"))),
      sentenceSpan(ev, ev.trigger, "trg", "trigger (rule " + ev.rule + ")"),
    ];
    return el("span", { class: "evidence" }, highlight(ev.sentence || "", spans));
  }

  function actorCell(actor) {
    if (!actor) return el("span", { class: "muted" }, "-");
    return el("span", { title: actor.name || actor.text }, el("b", {}, actor.code || "?"), " ",
      el("span", { class: "muted" }, "(" + actor.text + ")"));
  }

  const EVENT_HEADERS = ["date", "source", "target", "event", "QuadClass", "modality", "evidence", "place", "rule", "article"];

  function eventRow(ev) {
    const place = ev.location ? ev.location.name + (ev.location.country ? " (" + ev.location.country + ")" : "") : "";
    return el("tr", { "data-event-id": ev.event_id },
      el("td", {}, ev.date || "?", el("br"), el("span", { class: "muted" }, ev.date_precision)),
      el("td", {}, actorCell(ev.source)),
      el("td", {}, actorCell(ev.target)),
      el("td", {}, el("code", {}, ev.cameo), " ", ev.cameo_name, ev.plover ? el("div", { class: "muted" }, ev.plover) : null),
      el("td", { class: "q" + ev.quad_class }, ev.quad_class + " " + (QUAD[ev.quad_class] || "")),
      el("td", {}, ev.modality),
      el("td", {}, evidence(ev)),
      el("td", {}, place),
      el("td", {}, el("code", {}, ev.rule)),
      el("td", {}, el("a", { class: "article-link", href: "/article?" + query({ doc: ev.doc_id, event: ev.event_id }) }, "article")));
  }

  function eventTable(events) {
    return el("table", { class: "events" },
      el("thead", {}, el("tr", {}, EVENT_HEADERS.map((h) => el("th", {}, h)))),
      el("tbody", {}, events.map(eventRow)));
  }

  function simpleTable(columns, rows, cell) {
    return el("table", {},
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c)))),
      el("tbody", {}, rows.map((r) => el("tr", {}, columns.map((c) => {
        const v = cell ? cell(c, r) : r[c];
        return el("td", { class: typeof r[c] === "number" ? "num" : null }, v instanceof Node ? v : (v ?? ""));
      })))));
  }

  /** Fill a filter form from the page's query string; return the values. */
  function formFromLocation(form) {
    const params = new URLSearchParams(location.search);
    for (const input of form.elements) if (input.name && params.has(input.name)) input.value = params.get(input.name);
    return formValues(form);
  }

  function formValues(form) {
    const values = {};
    for (const input of form.elements) if (input.name) values[input.name] = input.value;
    return values;
  }

  return { QUAD, QUAD_COLOURS, el, api, query, nav, showError, highlight, evidence, eventRow, eventTable,
    simpleTable, formFromLocation, formValues, actorCell };
})();
