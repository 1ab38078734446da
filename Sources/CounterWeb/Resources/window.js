"use strict";
// The citizen-facing screen at one window: the ticket served and its materials, then the 好差评 pad after 办结.
// The pad's token comes once in the address fragment (#token=...), is kept in this browser's storage, and is sent
// in a header with each evaluation.
(function () {
  const { el, bilingual } = Hukou;
  const number = Number(location.pathname.split("/").pop());
  const storageKey = "hukou-pad-token-" + number;
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    localStorage.setItem(storageKey, fragment.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  const token = localStorage.getItem(storageKey) || "";
  let screen = null;
  let chosen = null;
  let thanksUntil = 0;
  let sentFor = null;

  function show(view) {
    for (const id of ["idle", "serving", "pad", "thanks"]) document.getElementById(id).hidden = id !== view;
    document.body.dataset.view = view;
  }

  function error(zh, en) {
    const node = document.getElementById("error");
    node.hidden = !zh;
    node.replaceChildren();
    if (zh) node.appendChild(bilingual("div", zh, en));
  }

  function send() {
    if (!screen || !screen.evaluable || !chosen) return;
    const reasons = Array.from(document.querySelectorAll("#reasons input:checked")).map((i) => i.value);
    if (chosen.bad && reasons.length === 0) return error("请至少选择一项原因", "Choose at least one reason");
    const comment = document.getElementById("comment").value.trim();
    const body = { transactionID: screen.evaluable.transactionID, level: chosen.level, reasons };
    if (chosen.bad && comment) body.comment = comment;
    const id = screen.evaluable.transactionID;
    fetch("/api/v1/window/" + number + "/evaluation", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Pad-Token": token },
      body: JSON.stringify(body),
    }).then((r) => r.json().then((reply) => ({ ok: r.ok, reply })))
      .then(({ ok, reply }) => {
        if (!ok) return error(reply.error.zh, reply.error.en);
        sentFor = id;
        thanksUntil = Date.now() + 5000;
        show("thanks");
        setTimeout(refresh, 5100);
      })
      .catch(() => error("网络错误，请重试", "Network error; try again"));
  }

  function renderPad(evaluable) {
    document.getElementById("pad-ticket").textContent =
      (evaluable.ticket || "") + " · " + evaluable.businessZH + " " + evaluable.businessEN;
    const levels = document.getElementById("levels");
    if (levels.dataset.for !== String(evaluable.transactionID)) {
      levels.dataset.for = evaluable.transactionID;
      chosen = null;
      document.getElementById("bad").hidden = true;
      document.getElementById("comment").value = "";
      document.getElementById("comment").maxLength = screen.maximumCommentLength;
      error();
      levels.replaceChildren(...screen.levels.map((level) => {
        const button = el("button", level.bad ? "bad" : "", level.zh);
        button.type = "button";
        button.dataset.level = level.level;
        button.addEventListener("click", () => {
          chosen = level;
          for (const b of levels.children) b.classList.toggle("chosen", b === button);
          if (level.bad) document.getElementById("bad").hidden = false;
          else send();
        });
        return button;
      }));
      document.getElementById("reasons").replaceChildren(...screen.reasons.map((reason) => {
        const label = el("label");
        const box = el("input");
        box.type = "checkbox";
        box.value = reason.reason;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + reason.zh));
        label.appendChild(el("div", "en", reason.en));
        return label;
      }));
    }
    show("pad");
  }

  // The clerk serving here, by display name and staff number (from the staff roster); nobody when not known.
  function renderClerk(clerk) {
    const node = document.getElementById("clerk");
    node.hidden = !clerk;
    node.replaceChildren();
    if (clerk) {
      node.appendChild(bilingual("div", "工作人员 " + clerk.name + " 警号 " + clerk.number,
        "Staff " + clerk.name + " · staff no. " + clerk.number));
    }
  }

  function render(next) {
    screen = next;
    document.getElementById("number").textContent = next.window;
    document.getElementById("station").textContent = next.station;
    renderClerk(next.clerk);
    if (Date.now() < thanksUntil) return;
    if (next.serving) {
      document.getElementById("ticket").textContent = next.serving.ticket || "";
      document.getElementById("business").replaceChildren(bilingual("div", next.serving.businessZH, next.serving.businessEN));
      document.getElementById("materials").replaceChildren(...next.serving.materials.map((m) => el("li", "", m)));
      show("serving");
    } else if (next.evaluable && next.evaluable.transactionID !== sentFor) {
      renderPad(next.evaluable);
    } else {
      show("idle");
    }
  }

  function refresh() {
    fetch("/api/v1/window/" + number, { cache: "no-store" })
      .then((r) => r.json())
      .then((body) => { if (!body.error) render(body); })
      .catch(() => {});
  }

  document.getElementById("send").addEventListener("click", send);
  Hukou.clock("clock");
  // Every change in the store re-reads this window's screen; a minute's timer ends a pad left unanswered.
  Hukou.live("/api/v1/hall/events", "hall", refresh);
  setInterval(refresh, 30000);
})();
