// Generate: pick an engine (its capabilities and licence in view), describe the track, follow
// the job's server-sent events to a track that plays.
import { call, followGeneration } from "./api.js";
import { el, say, sayError, duration, licence, player, downloads } from "./ui.js";

let engines = [];

export async function engineList() {
  if (!engines.length) engines = (await call("GET", "/engines")).data;
  return engines;
}

function capabilities(engine) {
  const facts = [`up to ${duration(engine.max_duration_seconds)}`, `${engine.sample_rate / 1000} kHz`,
                 engine.stems ? "stems" : "no stems", engine.vocals ? "vocals" : "instrumental",
                 `formats: ${engine.formats.join(", ")}`];
  return facts.join(" · ");
}

function engineCard(engine, checked) {
  const id = `engine-${engine.engine_key}`;
  return el("div", { class: "engine" },
    el("input", { type: "radio", name: "engine", id, value: engine.engine_key, checked, disabled: !engine.enabled,
                  "aria-describedby": `${id}-facts ${id}-licence` }),
    el("label", { for: id }, el("strong", {}, engine.name), " ", el("code", {}, engine.engine_key)),
    el("p", { class: "hint" }, engine.description),
    el("p", { id: `${id}-facts`, class: "facts" }, capabilities(engine)),
    el("p", { id: `${id}-licence`, class: "licence" }, licence(engine)),
    engine.enabled ? null : el("p", { class: "hint" }, `Disabled: ${engine.disabled_reason || "not available"}`));
}

function selectedEngine() {
  const key = document.querySelector("#engine-list input[name=engine]:checked")?.value;
  return engines.find((engine) => engine.engine_key === key);
}

function showFormats() {
  const engine = selectedEngine();
  const select = document.getElementById("gen-format");
  select.replaceChildren(...(engine ? engine.formats : []).map((format) => el("option", { value: format, selected: format === "mp3" }, format)));
  const durationInput = document.getElementById("gen-duration");
  if (engine) durationInput.max = String(engine.max_duration_seconds);
}

export async function showGenerate() {
  const list = document.getElementById("engine-list");
  if (list.childElementCount) return;
  const all = await engineList();
  const first = all.find((engine) => engine.enabled);
  list.replaceChildren(...all.map((engine) => engineCard(engine, engine === first)));
  showFormats();
}

function number(form, name) {
  const text = form.elements[name].value.trim();
  return text === "" ? undefined : Number(text);
}

async function submit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const engine = selectedEngine();
  const prompt = form.elements.prompt.value.trim();
  if (!engine) return say("Choose an engine.", true);
  if (!prompt) { form.elements.prompt.focus(); return say("Describe the track in the prompt.", true); }
  const params = { format: form.elements.format.value || undefined, seed: number(form, "seed"), bpm: number(form, "bpm"),
                   key: form.elements.key.value.trim() || undefined };
  const body = { engine_key: engine.engine_key, prompt, duration_seconds: number(form, "duration"), params };
  const title = form.elements.title.value.trim();
  if (title) body.title = title;
  try {
    const job = await call("POST", "/generations", body);
    follow(job);
  } catch (error) {
    sayError(error);
  }
}

function follow(job) {
  const panel = document.getElementById("job");
  const state = document.getElementById("job-state");
  const progress = document.getElementById("job-progress");
  const trackBox = document.getElementById("job-track");
  panel.hidden = false;
  trackBox.replaceChildren();
  progress.value = 0;
  document.getElementById("job-title").textContent = `Job ${job.id}`;
  const describe = (current) => {
    state.textContent = current.status === "refused" ? `Refused: ${current.refusal?.message || current.refusal?.code}`
      : current.status === "failed" ? `Failed: ${current.error?.message || current.error || "the render failed"}`
      : `${current.status[0].toUpperCase()}${current.status.slice(1)}…`;
    progress.value = current.progress || 0;
  };
  describe(job);
  say(`Job ${job.status}.`);
  if (!["queued", "running"].includes(job.status)) return;
  followGeneration(job.id, (name, data) => {
    if (name === "status") describe(data);
    else if (name === "progress") progress.value = data.progress;
    else if (name === "track") showTrack(data);
    else if (name === "end") {
      if (data.status === "succeeded") { progress.value = 1; state.textContent = "Succeeded: your track is ready."; }
      say(`Job ${data.status}.`);
    }
  }).catch(sayError);
}

function showTrack(track) {
  const box = document.getElementById("job-track");
  box.replaceChildren(
    el("h3", {}, track.title),
    el("p", { class: "hint" }, `${duration(track.duration_seconds)} · ${track.engine_key} · ${track.key} · ${Math.round(track.bpm)} BPM · seed ${track.seed}`),
    el("p", { class: "licence" }, licence(track)),
    player(track, `Play ${track.title}`),
    downloads(track),
    el("p", {}, el("a", { href: `#library` }, "See it in the library")));
}

export function setUpGenerate() {
  document.getElementById("generate-form").addEventListener("submit", submit);
  document.getElementById("engine-list").addEventListener("change", showFormats);
}
