"use strict";
// Shared by the pages: an element builder (text only, never HTML) and a live connection that re-reads the whole
// state after every reconnect.
const Hukou = {
  el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  },
  bilingual(tag, zh, en, className) {
    const node = Hukou.el(tag, className, zh);
    if (en) node.appendChild(Hukou.el("div", "en", en));
    return node;
  },
  // Opens an EventSource on `url` and calls `onState` with each whole state. The browser reconnects by itself after
  // a dropped connection; when it gives up (an HTTP error), a new one is opened after a pause.
  live(url, eventName, onState) {
    const link = document.getElementById("link");
    const show = (state, zh, en) => {
      if (!link) return;
      link.dataset.state = state;
      link.textContent = zh + " ";
      link.appendChild(Hukou.el("span", "en", en));
    };
    let source = null;
    const open = () => {
      source = new EventSource(url);
      source.addEventListener(eventName, (message) => {
        show("live", "实时", "Live");
        onState(JSON.parse(message.data));
      });
      source.onerror = () => {
        show("lost", "重新连接中", "Reconnecting…");
        if (source.readyState === EventSource.CLOSED) setTimeout(open, 3000);
      };
    };
    open();
  },
  // Figures as the dashboards show them: a duration in seconds or minutes, "mean / p90", a rate in percent.
  seconds(s) {
    if (s === null || s === undefined) return "—";
    return s < 90 ? Math.round(s) + " 秒" : (s / 60).toFixed(1) + " 分";
  },
  pair(d) {
    return Hukou.seconds(d.meanSeconds) + " / " + Hukou.seconds(d.p90Seconds);
  },
  percent(r) {
    return r === null || r === undefined ? "—" : (r * 100).toFixed(1) + "%";
  },
  // A dashboard tile: a bilingual label over a large value (red when `bad`).
  tile(zh, en, value, bad) {
    const node = Hukou.el("div", "tile" + (bad ? " bad" : ""));
    node.appendChild(Hukou.bilingual("div", zh, en));
    node.appendChild(Hukou.el("div", "value", value));
    return node;
  },
  // The heading row of a per-business table, into the `thead` with id `business-head` when the page has one.
  businessHead() {
    const head = document.getElementById("business-head");
    if (!head || head.firstChild) return;
    const row = Hukou.el("tr");
    const columns = [
      ["业务", "Business"], ["碰卡", "Taps"], ["确认", "Confirmed"], ["办结", "Completed"], ["退回", "Rejected"],
      ["过号", "No-show"], ["等候", "Waiting"], ["等候时长", "Wait mean / p90"], ["办理时长", "Service mean / p90"],
    ];
    columns.forEach(([zh, en], index) => row.appendChild(Hukou.bilingual("th", zh, en, index > 0 ? "num" : "")));
    head.appendChild(row);
  },
  // One row of a per-business table (StationStatistics.Business): counts, then wait and service mean / p90.
  businessRow(b) {
    const row = Hukou.el("tr");
    row.dataset.business = b.business;
    row.appendChild(Hukou.bilingual("td", b.businessZH, b.businessEN));
    for (const v of [b.taps, b.confirmed, b.completed, b.rejected, b.noShows, b.waitingNow]) {
      row.appendChild(Hukou.el("td", "num", v));
    }
    row.appendChild(Hukou.el("td", "num", Hukou.pair(b.wait)));
    row.appendChild(Hukou.el("td", "num", Hukou.pair(b.service)));
    return row;
  },
  clock(id) {
    const node = document.getElementById(id);
    if (!node) return;
    const tick = () => {
      const now = new Date();
      node.textContent = now.toLocaleTimeString("zh-CN", { hour12: false });
    };
    tick();
    setInterval(tick, 1000);
  },
};
