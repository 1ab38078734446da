"use strict";
// The waiting-hall display: windows, recent calls with a banner for a new one, queues with their estimated wait.
// Every update carries the whole state; calls are announced once each, in order of their sequence number.
(function () {
  const { el, bilingual } = Hukou;
  let lastSeq = null; // the newest call already shown; null until the first state
  const voiceQueue = [];
  let playing = false;
  let bannerTimer = null;

  function playNext() {
    if (playing || voiceQueue.length === 0) return;
    const src = voiceQueue.shift();
    if (!src) return playNext();
    const audio = new Audio(src);
    playing = true;
    const done = () => { playing = false; playNext(); };
    audio.addEventListener("ended", done);
    audio.addEventListener("error", done);
    audio.play().catch(() => {
      document.getElementById("sound").hidden = false;
      done();
    });
  }

  function showBanner(call) {
    const banner = document.getElementById("banner");
    banner.hidden = false;
    banner.dataset.seq = call.seq;
    document.getElementById("banner-zh").textContent = call.announcement.displayText;
    document.getElementById("banner-en").textContent =
      "Ticket " + call.ticket + ", please go to window " + call.window + (call.recall ? " (recall)" : "");
    banner.classList.remove("fresh");
    void banner.offsetWidth;
    banner.classList.add("fresh");
    clearTimeout(bannerTimer);
    bannerTimer = setTimeout(() => banner.classList.remove("fresh"), 10000);
  }

  function render(state) {
    document.getElementById("station").textContent = state.station;
    document.title = state.station + " · 综合屏";

    const windows = document.getElementById("windows");
    windows.replaceChildren(...state.windows.map((w) => {
      const row = el("tr");
      row.dataset.window = w.window;
      row.appendChild(el("td", "", w.window + " 号"));
      if (w.ticket) {
        row.appendChild(el("td", "ticket" + (w.priority ? " prio" : ""), w.ticket));
        row.appendChild(bilingual("td", w.businessZH, w.businessEN));
      } else {
        row.appendChild(el("td", "idle", "—"));
        row.appendChild(bilingual("td", "空闲", "Idle", "idle"));
      }
      return row;
    }));

    const calls = document.getElementById("calls");
    calls.replaceChildren(...state.calls.slice().reverse().map((c) => {
      const item = el("li");
      item.dataset.seq = c.seq;
      item.dataset.ticket = c.ticket;
      item.dataset.window = c.window;
      const left = el("span");
      left.appendChild(el("span", "ticket" + (c.priority ? " prio" : ""), c.ticket));
      left.appendChild(document.createTextNode(" → " + c.window + " 号窗口"));
      if (c.recall) left.appendChild(el("span", "recall", " 重呼 recall"));
      item.appendChild(left);
      item.appendChild(el("span", "en", new Date(c.at).toLocaleTimeString("zh-CN", { hour12: false })));
      return item;
    }));

    const waiting = document.getElementById("waiting");
    if (state.waiting.length === 0) {
      const row = el("tr");
      const cell = bilingual("td", "暂无等候", "No one waiting", "idle");
      cell.colSpan = 3;
      row.appendChild(cell);
      waiting.replaceChildren(row);
    } else {
      waiting.replaceChildren(...state.waiting.map((q) => {
        const row = el("tr");
        row.dataset.business = q.business;
        row.appendChild(bilingual("td", q.category + " · " + q.businessZH, q.businessEN));
        const count = el("td", "ticket", q.count);
        if (q.priorityCount > 0) count.appendChild(el("div", "en", "★ " + q.priorityCount));
        row.appendChild(count);
        row.appendChild(q.estimatedWaitMinutes === null || q.estimatedWaitMinutes === undefined
          ? bilingual("td", "—", "no estimate yet")
          : bilingual("td", "约 " + q.estimatedWaitMinutes + " 分钟", "about " + q.estimatedWaitMinutes + " min"));
        return row;
      }));
    }

    // New calls since the last state: the banner shows the newest, the voice reads each in order.
    const fresh = lastSeq === null ? [] : state.calls.filter((c) => c.seq > lastSeq);
    if (state.calls.length > 0) lastSeq = Math.max(lastSeq || 0, state.calls[state.calls.length - 1].seq);
    else if (lastSeq === null) lastSeq = 0;
    if (fresh.length > 0) {
      showBanner(fresh[fresh.length - 1]);
      for (const call of fresh) voiceQueue.push(...call.audio);
      playNext();
    } else if (state.calls.length > 0 && document.getElementById("banner").hidden) {
      showBanner(state.calls[state.calls.length - 1]);
      document.getElementById("banner").classList.remove("fresh");
    }
    document.body.dataset.version = state.version;
  }

  document.getElementById("sound").addEventListener("click", (event) => {
    event.currentTarget.hidden = true;
    playNext();
  });
  Hukou.clock("clock");
  Hukou.live("/api/v1/hall/events", "hall", render);
})();
