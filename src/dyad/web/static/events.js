/* Event table: every filter of the API, pagination, the evidence of each event. */
"use strict";
(() => {
  const { el, api, nav, showError, eventTable, query, formFromLocation, formValues } = dyad;
  nav("/events");
  const form = document.getElementById("event-form");

  async function load(values) {
    const message = document.getElementById("message");
    const pager = document.getElementById("pager");
    message.replaceChildren();
    history.replaceState(null, "", "/events?" + query(values));
    try {
      const r = await api("events", values);
      const offset = Number(r.offset), limit = Number(r.limit);
      const go = (o) => () => { form.offset.value = o; load(formValues(form)); };
      pager.replaceChildren(
        el("button", { type: "button", id: "prev", disabled: offset === 0, onclick: go(Math.max(0, offset - limit)) }, "‹ previous"),
        el("span", {}, r.total ? `${offset + 1}–${Math.min(offset + limit, r.total)} of ${r.total} events` : "no events match"),
        el("button", { type: "button", id: "next", disabled: offset + limit >= r.total, onclick: go(offset + limit) }, "next ›"));
      document.getElementById("events").replaceChildren(eventTable(r.events));
    } catch (err) {
      pager.replaceChildren();
      document.getElementById("events").replaceChildren();
      showError(message, err);
    }
  }

  api("vocabulary").then((v) => {
    const select = form.plover;
    const chosen = new URLSearchParams(location.search).get("plover");
    select.append(...v.plover.map((p) => el("option", { value: p, selected: p === chosen }, p)));
  }).catch(() => {});
  form.addEventListener("submit", (e) => { e.preventDefault(); form.offset.value = 0; load(formValues(form)); });
  load(formFromLocation(form));
})();
