/* Actor network: nodes on a circle, directed edges coloured by cooperation vs conflict. */
"use strict";
(() => {
  const { el, api, nav, showError, simpleTable, query, formFromLocation, formValues } = dyad;
  nav("/network");
  const form = document.getElementById("network-form");
  const NS = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs, ...children) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    node.append(...children);
    return node;
  };

  function draw(net) {
    const size = 640, r = 250, c = size / 2;
    const pos = {};
    net.nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / net.nodes.length - Math.PI / 2;
      pos[n.id] = [c + r * Math.cos(a), c + r * Math.sin(a)];
    });
    const maxTotal = Math.max(1, ...net.edges.map((e) => e.total));
    const maxEvents = Math.max(1, ...net.nodes.map((n) => n.events));
    const root = svg("svg", { class: "network", width: size, height: size, viewBox: `0 0 ${size} ${size}` },
      svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#888" }))));
    for (const e of net.edges) {
      const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
      const colour = e.cooperation >= e.conflict ? "#4e9a06" : "#cc0000";
      const line = svg("line", { x1, y1, x2, y2, stroke: colour, "stroke-opacity": 0.7, "stroke-width": 1 + 5 * e.total / maxTotal, "marker-end": "url(#arrow)", class: "edge", style: "cursor:pointer" },
        svg("title", {}, `${e.source} -> ${e.target}: ${e.total} events (${e.cooperation} cooperation, ${e.conflict} conflict)`));
      line.addEventListener("click", () => { location.href = "/events?" + query({ source: e.source, target: e.target, since: form.since.value, until: form.until.value }); });
      root.append(line);
    }
    for (const n of net.nodes) {
      const [x, y] = pos[n.id];
      const node = svg("g", { class: "node", style: "cursor:pointer" },
        svg("circle", { cx: x, cy: y, r: 5 + 10 * Math.sqrt(n.events / maxEvents), fill: "#263238" }),
        svg("text", { x: x + 14, y: y + 4, "font-size": 12 }, n.id), svg("title", {}, `${n.id}: ${n.events} events`));
      node.addEventListener("click", () => { form.actor.value = n.id; load(formValues(form)); });
      root.append(node);
    }
    return root;
  }

  async function load(values) {
    const message = document.getElementById("message");
    message.replaceChildren();
    history.replaceState(null, "", "/network?" + query(values));
    try {
      const net = await api("network", values);
      document.getElementById("graph").replaceChildren(net.nodes.length ? draw(net) : el("p", { class: "muted" }, "No edges match these filters."));
      const rows = [...net.edges].sort((a, b) => b.total - a.total);
      document.getElementById("edges").replaceChildren(simpleTable(["source", "target", "total", "cooperation", "conflict", "goldstein_mean"], rows, (c, r) =>
        c === "total" ? el("a", { href: "/events?" + query({ source: r.source, target: r.target, since: values.since, until: values.until }) }, r.total)
          : c === "goldstein_mean" && r[c] !== null ? r[c].toFixed(2) : r[c]));
    } catch (err) { showError(message, err); }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); load(formValues(form)); });
  load(formFromLocation(form));
})();
