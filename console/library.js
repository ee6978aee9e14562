// Library: every track of the organization (GET …/tracks?scope=organization, q= searching title
// and prompt), each playable, savable to the caller's library, deletable and downloadable.
import { call } from "./api.js";
import { el, say, sayError, duration, when, licence, player, downloads, confirmAction } from "./ui.js";

let cursor = null;
let query = "";

function playButton(track, row) {
  return el("button", { type: "button", class: "quiet", onclick: async (event) => {
    try {
      const fresh = await call("GET", `/tracks/${track.id}`);  // freshly signed URLs
      const audio = player(fresh, `Play ${fresh.title}`);
      event.currentTarget.replaceWith(audio);
      if (audio.play) { await audio.play(); audio.focus(); }
      row.querySelector(".downloads")?.replaceWith(el("div", { class: "downloads" }, downloads(fresh)));
    } catch (error) { sayError(error); }
  } }, "Play ", el("span", { class: "visually-hidden" }, track.title));
}

function saveButton(track) {
  const button = el("button", { type: "button", class: "quiet", "aria-pressed": String(Boolean(track.saved)) }, "In my library");
  button.addEventListener("click", async () => {
    const saved = button.getAttribute("aria-pressed") === "true";
    try {
      await call(saved ? "DELETE" : "POST", `/tracks/${track.id}/save`);
      button.setAttribute("aria-pressed", String(!saved));
      say(saved ? `Removed “${track.title}” from your library.` : `Saved “${track.title}” to your library.`);
    } catch (error) { sayError(error); }
  });
  button.setAttribute("aria-label", `In my library: ${track.title}`);
  return button;
}

function deleteButton(track, row) {
  return el("button", { type: "button", class: "danger quiet", onclick: async () => {
    if (!(await confirmAction(`Delete “${track.title}”? It leaves every library and collection and its share links are revoked.`,
                              "Delete track"))) return;
    try {
      await call("DELETE", `/tracks/${track.id}`);
      row.remove();
      say(`Deleted “${track.title}”.`);
      document.getElementById("library-q").focus();
    } catch (error) { sayError(error); }
  } }, "Delete ", el("span", { class: "visually-hidden" }, track.title));
}

function trackRow(track) {
  const row = el("li", { class: "track card stack", dataset: { trackId: track.id } });
  row.append(
    el("h2", { class: "track-title" }, track.title),
    el("p", { class: "prompt" }, track.prompt),
    el("p", { class: "hint" }, `${duration(track.duration_seconds)} · ${track.engine_key} · ${track.key} · ${Math.round(track.bpm)} BPM · ${when(track.created_at)}`),
    el("p", { class: "licence" }, licence(track)),
    el("div", { class: "row" }, playButton(track, row), saveButton(track), deleteButton(track, row)),
    el("div", { class: "downloads" }, downloads(track)));
  return row;
}

async function load(reset) {
  const list = document.getElementById("library-list");
  const more = document.getElementById("library-more");
  if (reset) { cursor = null; list.replaceChildren(); }
  const parameters = new URLSearchParams({ scope: "organization", limit: "20" });
  if (query) parameters.set("q", query);
  if (cursor) parameters.set("cursor", cursor);
  try {
    const page = await call("GET", `/tracks?${parameters}`);
    list.append(...page.data.map(trackRow));
    cursor = page.next_cursor;
    more.hidden = !page.has_more;
    if (reset) say(list.childElementCount ? `${list.childElementCount}${page.has_more ? "+" : ""} tracks${query ? ` matching “${query}”` : ""}.`
                                          : (query ? `No track matches “${query}”.` : "No tracks yet: generate one."));
  } catch (error) { sayError(error); }
}

export function showLibrary() { return load(true); }

export function setUpLibrary() {
  document.getElementById("library-search").addEventListener("submit", (event) => {
    event.preventDefault();
    query = document.getElementById("library-q").value.trim();
    load(true);
  });
  document.getElementById("library-more").addEventListener("click", () => load(false));
}
