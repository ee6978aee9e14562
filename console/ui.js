// Small DOM helpers shared by the console's views: elements built with textContent only (no
// HTML strings, so no title or prompt can inject markup), the status line, the confirmation
// dialog, and the pieces every track row shows.

/** `el("button", {type: "button", onclick}, "Play")`: attributes, `on…` listeners, children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Says something in the polite live region; errors are marked as such. */
export function say(message, isError = false) {
  const status = document.getElementById("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

/** An API error's own message; a 401 is said once, by the sign-out it causes (api.js). */
export function sayError(error) {
  if (error && error.status === 401) return;
  say(error && error.message ? error.message : String(error), true);
}

/** A modal yes/no question (the native <dialog>: focus is trapped and Escape cancels). */
export function confirmAction(text, confirmLabel = "Confirm") {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = confirmLabel;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

/** 75 → "1:15". */
export function duration(seconds) {
  const whole = Math.round(Number(seconds) || 0);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function bytes(count) {
  const units = ["B", "KB", "MB", "GB"];
  let value = Number(count) || 0;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

export function when(timestamp) {
  return timestamp ? new Date(timestamp).toLocaleString() : "—";
}

/** The licence as every surface shows it (CONTRACT §7): class, commercial use, attribution. */
export function licence(item) {
  const parts = [item.licence_class ? item.licence_class.replaceAll("_", " ") : "licence unknown",
                 item.commercial_use ? "commercial use allowed" : "no commercial use"];
  if (item.requires_attribution) parts.push(`attribution: ${item.attribution || "required"}`);
  return parts.join(" · ");
}

/** An <audio> for a track's signed playback URL, or a note when it has none. */
export function player(track, label) {
  if (!track.playback || !track.playback.url) return el("p", { class: "hint" }, "No audio to play.");
  return el("audio", { controls: true, preload: "metadata", src: track.playback.url, "aria-label": label || `Play ${track.title}` });
}

/** One link per rendered format (and stem), each a download of the signed URL. */
export function downloads(track) {
  const links = (track.formats || []).map((file) =>
    el("a", { href: file.url, download: `${track.title || track.id}.${file.format === "wav24" || file.format === "wav-float" ? "wav" : file.format}`,
              class: "chip" }, `${file.format.toUpperCase()} (${bytes(file.size_bytes)})`));
  for (const stem of track.stems || []) links.push(el("a", { href: stem.url, download: true, class: "chip" }, `stem: ${stem.name}`));
  return links.length ? el("p", { class: "row" }, el("span", { class: "hint" }, "Download:"), ...links) : null;
}

/** Copies text, falling back to selecting it where the clipboard is not available. */
export async function copy(text, fallbackInput) {
  try {
    await navigator.clipboard.writeText(text);
    say("Link copied.");
  } catch {
    if (fallbackInput) { fallbackInput.focus(); fallbackInput.select(); }
    say("Copy the selected link with Ctrl+C.");
  }
}
