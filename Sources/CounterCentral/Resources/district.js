"use strict";
// The district's overview: every station's day from /api/v1/district, refreshed every 15 seconds. Tickets,
// businesses and counts only; the central store holds no personal data.
(function () {
  const { el, bilingual, seconds, pair, percent, tile, businessRow } = Hukou;
  Hukou.businessHead();
  const dateInput = document.getElementById("date");
  const params = new URLSearchParams(location.search);
  if (params.get("date")) dateInput.value = params.get("date");


  function link(state, zh, en) {
    const node = document.getElementById("link");
    node.dataset.state = state;
    node.textContent = zh + " ";
    node.appendChild(el("span", "en", en));
  }

  function status(s) {
    if (s.offline) return ["offline", "离线", "Offline"];
    if (s.lagging) return ["lagging", "同步滞后", "Lagging"];
    return ["online", "在线", "Online"];
  }

  function render(data) {
    document.body.dataset.day = data.day;
    if (!dateInput.value) dateInput.value = data.day;
    const t = data.district.total;
    const offline = data.stations.filter((s) => s.offline).length;
    const longWaits = data.stations.reduce((n, s) => n + s.longWaits, 0);
    document.getElementById("tiles").replaceChildren(
      tile("在线派出所", "Stations online", (data.stations.length - offline) + " / " + data.stations.length, offline > 0),
      tile("碰卡", "Taps", t.taps),
      tile("办结", "Completed", t.completed),
      tile("等候中", "Waiting now", t.waitingNow),
      tile("超时等候", "Long waits", longWaits, longWaits > 0),
      tile("满意率", "Satisfaction", percent(data.district.satisfaction.rate))
    );
    document.getElementById("stations").replaceChildren(...data.stations.map((s) => {
      const row = el("tr", s.longWaits > 0 ? "alert" : "");
      row.dataset.station = s.station;
      const st = s.statistics;
      row.appendChild(bilingual("td", s.name, s.station));
      const [code, zh, en] = status(s);
      const cell = bilingual("td", zh, en, "status");
      cell.dataset.status = code;
      row.appendChild(cell);
      row.appendChild(el("td", "num", st.total.waitingNow));
      row.appendChild(el("td", "num long", s.longWaits));
      row.appendChild(el("td", "num", st.total.taps));
      row.appendChild(el("td", "num", st.total.completed));
      row.appendChild(el("td", "num", pair(st.total.wait)));
      row.appendChild(el("td", "num", percent(st.satisfaction.rate)));
      row.appendChild(el("td", "num", st.satisfaction.openBad));
      row.appendChild(el("td", "num", s.backlog));
      return row;
    }));
    document.getElementById("businesses").replaceChildren(...data.district.businesses.concat([t]).map(businessRow));
  }

  function load() {
    const query = dateInput.value ? "?date=" + encodeURIComponent(dateInput.value) : "";
    fetch("/api/v1/district" + query, { cache: "no-store" })
      .then((r) => r.json())
      .then((body) => {
        if (body.error) { link("lost", body.error.zh, body.error.en); return; }
        link("live", "已更新 " + new Date().toLocaleTimeString("zh-CN", { hour12: false }), "Updated");
        render(body);
      })
      .catch(() => link("lost", "连接中断", "Connection lost"));
  }

  dateInput.addEventListener("change", () => {
    history.replaceState(null, "", "?date=" + dateInput.value);
    load();
  });
  load();
  setInterval(load, 15000);
})();
