"use strict";
// The station's dashboard: today's (or a chosen day's) figures from /api/v1/stats, drawn by this page (SVG).
(function () {
  const { el, bilingual, seconds, pair, percent, tile, businessRow } = Hukou;
  Hukou.businessHead();
  const dateInput = document.getElementById("date");
  const params = new URLSearchParams(location.search);
  if (params.get("date")) dateInput.value = params.get("date");


  function chart(hours) {
    const svg = document.getElementById("hours");
    const ns = "http://www.w3.org/2000/svg";
    const max = Math.max(1, ...hours.map((h) => Math.max(h.taps, h.completed)));
    const nodes = [];
    const make = (tag, attrs, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = text;
      return node;
    };
    hours.forEach((h, i) => {
      const x = 10 + i * 39.5;
      const height = (v) => (v / max) * 170;
      nodes.push(make("rect", { class: "bar taps", x, y: 190 - height(h.taps), width: 17, height: height(h.taps) }));
      nodes.push(make("rect", { class: "bar done", x: x + 18, y: 190 - height(h.completed), width: 17, height: height(h.completed) }));
      nodes.push(make("text", { x: x + 10, y: 208 }, String(h.hour)));
    });
    nodes.push(make("text", { x: 930, y: 20 }, "max " + max));
    svg.replaceChildren(...nodes);
  }

  function render(stats) {
    document.body.dataset.day = stats.day;
    if (!dateInput.value) dateInput.value = stats.day;
    const t = stats.total;
    document.getElementById("tiles").replaceChildren(
      tile("碰卡", "Taps", t.taps),
      tile("办结", "Completed", t.completed),
      tile("等候中", "Waiting now", t.waitingNow),
      tile("平均等候", "Mean wait", seconds(t.wait.meanSeconds)),
      tile("满意率", "Satisfaction", percent(stats.satisfaction.rate)),
      tile("差评待整改", "Bad ratings open", stats.satisfaction.openBad, stats.satisfaction.openBad > 0)
    );
    document.getElementById("businesses").replaceChildren(...stats.businesses.concat([t]).map(businessRow));
    document.getElementById("windows").replaceChildren(...stats.windows.map((w) => {
      const row = el("tr");
      row.appendChild(el("td", "", w.window + " 号"));
      row.appendChild(el("td", "num", w.called));
      row.appendChild(el("td", "num", w.completed));
      row.appendChild(el("td", "num", w.completedPerHour === null || w.completedPerHour === undefined ? "—" : w.completedPerHour.toFixed(1)));
      return row;
    }));
    chart(stats.hours);
  }

  let pending = false;
  function load() {
    if (pending) return;
    pending = true;
    const query = dateInput.value ? "?date=" + encodeURIComponent(dateInput.value) : "";
    fetch("/api/v1/stats" + query, { cache: "no-store" })
      .then((r) => r.json())
      .then((body) => { if (!body.error) render(body); })
      .catch(() => {})
      .finally(() => { setTimeout(() => { pending = false; }, 1000); });
  }

  dateInput.addEventListener("change", () => {
    history.replaceState(null, "", "?date=" + dateInput.value);
    pending = false;
    load();
  });
  // Any change in the store (a tap, a call, an evaluation) refreshes the figures.
  Hukou.live("/api/v1/hall/events", "hall", (state) => {
    document.getElementById("station").textContent = state.station + " · 数字大屏";
    load();
  });
  load();
})();
