// Collections: create, rename, add and remove tracks, reorder by dragging or by keyboard
// (Alt+↑/↓ on a track, or its Move buttons), share and delete. Every change goes to the API at
// once; a shared collection's page follows it there.
import { call, listAll, rememberLink } from "./api.js";
import { el, say, sayError, duration, confirmAction, copy } from "./ui.js";

let current = null;  // the collection open in the detail panel
let tracks = [];     // its tracks, in order

async function showList(selectID) {
  const collections = await listAll("/collections");
  const list = document.getElementById("collection-list");
  list.replaceChildren(...collections.map((collection) => el("li", {},
    el("button", { type: "button", class: "quiet block", dataset: { id: collection.id }, "aria-current": collection.id === selectID ? "true" : null,
                   onclick: () => open(collection.id) },
       el("strong", {}, collection.name), el("span", { class: "hint" }, `${collection.track_count} tracks · ${duration(collection.duration_seconds)}`)))));
  if (!collections.length) list.append(el("li", { class: "hint" }, "No collections yet."));
}

export async function showCollections() {
  try { await showList(current?.id); if (current) await open(current.id); } catch (error) { sayError(error); }
}

async function open(id) {
  try {
    current = await call("GET", `/collections/${id}`);
    tracks = await listAll(`/collections/${id}/tracks`);
    await render();
    for (const button of document.querySelectorAll("#collection-list button")) button.removeAttribute("aria-current");
    document.querySelector(`#collection-list button[data-id="${id}"]`)?.setAttribute("aria-current", "true");
  } catch (error) { sayError(error); }
}

function trackItem(track, index) {
  const title = track.available === false ? "Unavailable track" : track.title;
  const item = el("li", { class: "entry", draggable: "true", tabindex: "0", dataset: { trackId: track.id },
                          "aria-label": `${index + 1}. ${title}`, "aria-describedby": "reorder-hint" },
    el("span", { class: "handle", "aria-hidden": "true" }, "⋮⋮"),
    el("span", { class: "grow" }, title, track.duration_seconds ? el("span", { class: "hint" }, ` ${duration(track.duration_seconds)}`) : null),
    el("span", { class: "entry-actions" },
    el("button", { type: "button", class: "quiet small", disabled: index === 0, onclick: () => move(index, index - 1) },
       "Up", el("span", { class: "visually-hidden" }, `: move ${title} up`)),
    el("button", { type: "button", class: "quiet small", disabled: index === tracks.length - 1, onclick: () => move(index, index + 1) },
       "Down", el("span", { class: "visually-hidden" }, `: move ${title} down`)),
    el("button", { type: "button", class: "quiet small danger", onclick: () => remove(track, title) },
       "Remove", el("span", { class: "visually-hidden" }, ` ${title}`))));
  item.addEventListener("keydown", (event) => {
    if (event.target !== item || !event.altKey) return;
    if (event.key === "ArrowUp" && index > 0) { event.preventDefault(); move(index, index - 1); }
    if (event.key === "ArrowDown" && index < tracks.length - 1) { event.preventDefault(); move(index, index + 1); }
  });
  item.addEventListener("dragstart", (event) => { event.dataTransfer.setData("text/plain", String(index)); item.classList.add("dragging"); });
  item.addEventListener("dragend", () => item.classList.remove("dragging"));
  item.addEventListener("dragover", (event) => event.preventDefault());
  item.addEventListener("drop", (event) => {
    event.preventDefault();
    const from = Number(event.dataTransfer.getData("text/plain"));
    if (Number.isInteger(from) && from !== index) move(from, index);
  });
  return item;
}

async function move(from, to) {
  const order = tracks.slice();
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  try {
    await call("POST", `/collections/${current.id}/reorder`, { track_ids: order.map((track) => track.id) });
    tracks = order;
    await render();
    document.querySelector(`#collection-tracks li[data-track-id="${moved.id}"]`)?.focus();
    say(`Moved “${moved.title || "the track"}” to position ${to + 1} of ${order.length}.`);
  } catch (error) { sayError(error); }
}

async function remove(track, title) {
  try {
    await call("DELETE", `/collections/${current.id}/tracks/${track.id}`);
    say(`Removed “${title}” from ${current.name}.`);
    await open(current.id);
    document.getElementById("collection-add-track")?.focus();
  } catch (error) { sayError(error); }
}

async function addForm() {
  const available = (await listAll("/tracks?scope=organization", 1)).filter((track) => !tracks.some((held) => held.id === track.id));
  if (!available.length) return el("p", { class: "hint" }, "Every track of the organization is in this collection.");
  const select = el("select", { id: "collection-add-track", name: "track" },
    available.map((track) => el("option", { value: track.id }, `${track.title} (${duration(track.duration_seconds)})`)));
  return el("form", { class: "search", onsubmit: async (event) => {
    event.preventDefault();
    if (!select.value) return say("There is no track to add.", true);
    try {
      await call("POST", `/collections/${current.id}/tracks`, { track_id: select.value });
      say("Track added.");
      await open(current.id);
      await showList(current.id);
      document.getElementById("collection-add-track")?.focus();
    } catch (error) { sayError(error); }
  } }, el("label", { for: "collection-add-track" }, "Add a track"), select, el("button", { type: "submit" }, "Add"));
}

function renameForm() {
  const input = el("input", { id: "collection-rename", name: "name", type: "text", maxlength: "200", required: true, value: current.name });
  return el("form", { class: "search", onsubmit: async (event) => {
    event.preventDefault();
    try {
      current = await call("PATCH", `/collections/${current.id}`, { name: input.value.trim() });
      say(`Renamed to “${current.name}”.`);
      await render();
      await showList(current.id);
    } catch (error) { sayError(error); }
  } }, el("label", { for: "collection-rename" }, "Name"), input, el("button", { type: "submit" }, "Rename"));
}

function shareBox() {
  const box = el("div", { id: "collection-share", class: "stack" });
  const button = el("button", { type: "button", onclick: async () => {
    try {
      const share = await call("POST", `/collections/${current.id}/share`, {});
      rememberLink(share);
      const field = el("input", { id: "share-url", type: "text", readonly: true, value: share.url });
      box.replaceChildren(el("label", { for: "share-url" }, "Share link (shown once: copy it now)"), field,
        el("div", { class: "row" }, el("button", { type: "button", onclick: () => copy(share.url, field) }, "Copy link"),
           el("a", { href: share.url, target: "_blank", rel: "noopener" }, "Open the share page")));
      say("Share link made.");
      field.focus();
    } catch (error) { sayError(error); }
  } }, "Share this collection");
  box.append(button);
  return box;
}

async function render() {
  const detail = document.getElementById("collection-detail");
  detail.hidden = false;
  const list = el("ol", { id: "collection-tracks", class: "entries", "aria-label": `Tracks of ${current.name}` },
                  tracks.map(trackItem));
  detail.replaceChildren(
    el("h2", {}, current.name),
    renameForm(),
    el("p", { id: "reorder-hint", class: "hint" }, "Drag a track, or focus it and press Alt+↑ or Alt+↓, to reorder."),
    tracks.length ? list : el("p", { class: "hint" }, "No tracks yet."),
    await addForm(),
    shareBox(),
    el("button", { type: "button", class: "danger quiet", onclick: async () => {
      if (!(await confirmAction(`Delete the collection “${current.name}”? Its tracks stay.`, "Delete collection"))) return;
      try {
        await call("DELETE", `/collections/${current.id}`);
        say(`Deleted “${current.name}”.`);
        current = null;
        detail.hidden = true;
        await showList();
      } catch (error) { sayError(error); }
    } }, "Delete collection"));
}

export function setUpCollections() {
  document.getElementById("collection-create").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("collection-name");
    try {
      const collection = await call("POST", "/collections", { name: input.value.trim() });
      input.value = "";
      say(`Created “${collection.name}”.`);
      await showList(collection.id);
      await open(collection.id);
      document.getElementById("collection-add-track")?.focus();
    } catch (error) { sayError(error); }
  });
}
