// Shares (list, copy the links made in this tab, revoke), focus sessions (start one, open the
// focus player, end it) and usage against the monthly quota.
import { call, listAll, knownLinks, session } from "./api.js";
import { el, say, sayError, duration, when, bytes, confirmAction, copy } from "./ui.js";
import { engineList } from "./generate.js";

async function targetNames() {
  const names = {};
  const [collections, tracks] = await Promise.all([listAll("/collections"), listAll("/tracks?scope=organization", 2)]);
  for (const item of [...collections, ...tracks]) names[item.id] = item.name || item.title;
  return names;
}

function shareItem(share, names, links) {
  const state = share.revoked_at ? `revoked ${when(share.revoked_at)}`
    : share.expires_at && new Date(share.expires_at) < new Date() ? `expired ${when(share.expires_at)}`
    : share.expires_at ? `live until ${when(share.expires_at)}` : "live";
  const live = state.startsWith("live");
  const name = names[share.target_id] || share.target_id;
  const url = links[share.id];
  const item = el("li", { class: "card stack", dataset: { shareId: share.id } },
    el("p", {}, el("strong", {}, name), el("span", { class: "hint" }, ` ${share.target_type} · made ${when(share.created_at)} · `),
       el("span", { class: live ? "badge" : "badge off" }, state)));
  const actions = el("div", { class: "row" });
  if (url && live) {
    const field = el("input", { type: "text", readonly: true, value: url, "aria-label": `Link to ${name}` });
    actions.append(field, el("button", { type: "button", onclick: () => copy(url, field) }, "Copy link",
                             el("span", { class: "visually-hidden" }, ` to ${name}`)));
  } else if (live) {
    actions.append(el("span", { class: "hint" }, "Link shown once, when it was made."));
  }
  if (live) {
    actions.append(el("button", { type: "button", class: "danger", onclick: async () => {
      if (!(await confirmAction(`Revoke the link to “${name}”? It answers “gone” from now on.`, "Revoke link"))) return;
      try {
        await call("DELETE", `/shares/${share.id}`);
        say(`Revoked the link to “${name}”.`);
        await showShares();
        document.getElementById("shares-title").focus();
      } catch (error) { sayError(error); }
    } }, "Revoke", el("span", { class: "visually-hidden" }, ` the link to ${name}`)));
  }
  item.append(actions);
  return item;
}

export async function showShares() {
  try {
    const [shares, names] = await Promise.all([listAll("/shares"), targetNames()]);
    const links = knownLinks();
    const list = document.getElementById("share-list");
    list.replaceChildren(...shares.map((share) => shareItem(share, names, links)));
    if (!shares.length) list.append(el("li", { class: "hint" }, "No share links yet: share a collection or a track."));
  } catch (error) { sayError(error); }
}

/** The focus player's address: session and credential in the fragment, which no server sees. */
function playerURL(focus) {
  const { credential, org } = session();
  const parameters = new URLSearchParams({ session: focus.id, org, [credential.startsWith("mst_") ? "token" : "key"]: credential });
  return `/focus/#${parameters}`;
}

function focusItem(focus) {
  const active = focus.status === "active";
  return el("li", { class: "card row" },
    el("span", { class: "grow" }, el("strong", {}, focus.prompt),
       el("span", { class: "hint" }, ` ${focus.status} · ${duration(focus.generated_seconds)} of ${duration(focus.target_duration_seconds)} made · ${when(focus.created_at)}`)),
    active ? el("a", { href: playerURL(focus), target: "_blank", rel: "noopener", class: "button" }, "Open the player") : null,
    active ? el("button", { type: "button", class: "quiet", onclick: async () => {
      try { await call("POST", `/focus-sessions/${focus.id}/end`); say("Session ended."); await showFocus(); } catch (error) { sayError(error); }
    } }, "End", el("span", { class: "visually-hidden" }, ` the session “${focus.prompt}”`)) : null);
}

export async function showFocus() {
  try {
    const select = document.getElementById("focus-engine");
    if (!select.childElementCount) {
      select.append(...(await engineList()).filter((engine) => engine.enabled)
        .map((engine) => el("option", { value: engine.engine_key, selected: engine.engine_key === "ambient-1" }, engine.name)));
    }
    const sessions = (await call("GET", "/focus-sessions?limit=20")).data;
    const list = document.getElementById("focus-list");
    list.replaceChildren(...sessions.map(focusItem));
    if (!sessions.length) list.append(el("li", { class: "hint" }, "No focus sessions yet."));
  } catch (error) { sayError(error); }
}

export async function showUsage() {
  try {
    const usage = await call("GET", "/usage");
    const quota = usage.quota || {};
    const used = quota.generated_seconds_used || 0;
    const limit = quota.generated_seconds_limit || 0;
    const rows = [["Generations", `${usage.generations.submitted} submitted, ${usage.generations.succeeded} succeeded, ${usage.generations.refused} refused, ${usage.generations.failed} failed`],
                  ["Generated audio", duration(usage.generated_seconds)], ["Focus audio", duration(usage.focus_seconds)],
                  ["Tracks", usage.tracks], ["Collections", usage.collections], ["Live share links", usage.active_share_links],
                  ["Storage", bytes(usage.storage_bytes)]];
    document.getElementById("usage-body").replaceChildren(
      el("div", { class: "card stack" },
        el("label", { for: "quota-meter" }, `Monthly quota: ${duration(used)} of ${duration(limit)} used`),
        el("meter", { id: "quota-meter", min: "0", max: String(limit || 1), value: String(used), high: String(limit * 0.8),
                      optimum: "0" }, `${Math.round((used / (limit || 1)) * 100)}%`),
        el("p", { class: "hint" }, `Resets ${when(quota.resets_at)}. Period ${when(usage.period?.from)} to ${when(usage.period?.to)}.`)),
      el("table", {}, el("caption", { class: "visually-hidden" }, "Usage this period"),
        el("tbody", {}, rows.map(([name, value]) => el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, String(value)))))),
      usage.by_engine?.length ? el("table", {}, el("caption", {}, "By engine"),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Engine"), el("th", { scope: "col" }, "Generations"), el("th", { scope: "col" }, "Audio"))),
        el("tbody", {}, usage.by_engine.map((row) => el("tr", {}, el("td", {}, row.engine_key), el("td", {}, String(row.generations)),
                                                           el("td", {}, duration(row.generated_seconds)))))) : null);
  } catch (error) { sayError(error); }
}

export function setUpFocus() {
  document.getElementById("focus-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const prompt = form.elements.prompt.value.trim();
    if (!prompt) return say("A focus session needs a prompt.", true);
    try {
      const focus = await call("POST", "/focus-sessions", { engine_key: form.elements.engine.value, prompt,
                                                             target_duration_seconds: Number(form.elements.minutes.value) * 60 });
      say("Session started: open the player to listen.");
      await showFocus();
      document.querySelector("#focus-list a")?.focus();
      return focus;
    } catch (error) { sayError(error); }
  });
}
