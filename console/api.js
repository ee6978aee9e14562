// The console's only way out: the live API of this server (docs/API.md), with the credential
// kept in this tab's sessionStorage. No other origin is ever contacted (the page's
// Content-Security-Policy would refuse it anyway).

const STORAGE_KEY = "studio-console-session";

/** The signed-in session ({credential, org}) or null. */
export function session() {
  try { return JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null"); } catch { return null; }
}

export function forget() {
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(LINKS_KEY);
}

/** An API error as the server described it (docs/API.md, "Conventions"). */
export class APIError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `The server answered ${status}.`);
    this.status = status;
    this.code = error.code || null;
    this.param = error.param || null;
  }
}

function authHeaders(credential) {
  return credential.startsWith("mst_") ? { Authorization: `Bearer ${credential}` } : { "X-API-Key": credential };
}

async function send(method, path, body, credential) {
  const headers = { Accept: "application/json", ...authHeaders(credential) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                       cache: "no-store", credentials: "omit" });
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new APIError(response.status, json);
  return json;
}

/**
 * Signs in: asks the API which organizations the credential may act in (GET /v1/organizations).
 * `organization` (optional) picks one by its id (org_…) or slug; left empty, the only one (or,
 * for a user in several, the oldest — the message names the others).
 */
export async function signIn(credential, organization) {
  credential = credential.trim();
  organization = (organization || "").trim();
  if (!/^ms[kt]_[A-Za-z0-9_-]+$/.test(credential)) throw new Error("That is not an API key (msk_…) or a user token (mst_…).");
  if (organization && !/^[A-Za-z0-9_-]{1,64}$/.test(organization)) throw new Error("The organization is its id (org_…) or its slug.");
  const listed = await send("GET", "/v1/organizations?limit=100", undefined, credential);
  const memberships = (listed && listed.data) || [];
  if (!memberships.length) throw new Error("This key or token belongs to no organization yet.");
  const chosen = organization ? memberships.find((o) => o.id === organization || o.slug === organization) : memberships[0];
  if (!chosen) {
    const names = memberships.map((o) => o.slug || o.id).join(", ");
    throw new Error(`This key or token cannot act in "${organization}"; it can in: ${names}.`);
  }
  const org = chosen.id;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ credential, org }));
  return { credential, org, name: chosen.name, others: memberships.length - 1 };
}

/**
 * A call on a private path: `path` is relative to /v1/organizations/{org}/music. A 401 means the
 * key or token was revoked or rotated since sign-in: the session is dropped and the page told
 * (`studio:signed-out`), so that it asks for a new one rather than failing call after call.
 */
export async function call(method, path, body) {
  const current = session();
  if (!current) throw new APIError(401, null);
  try {
    return await send(method, `/v1/organizations/${current.org}/music${path}`, body, current.credential);
  } catch (error) {
    if (error instanceof APIError && error.status === 401) {
      forget();
      dispatchEvent(new Event("studio:signed-out"));
    }
    throw error;
  }
}

/** Every page of a list, following next_cursor (bounded, for a console). */
export async function listAll(path, pages = 20) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < pages; page += 1) {
    const separator = path.includes("?") ? "&" : "?";
    const list = await call("GET", `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...list.data);
    if (!list.has_more || !list.next_cursor) break;
    cursor = list.next_cursor;
  }
  return items;
}

/**
 * Follows a generation's server-sent events (GET …/generations/{id}/events) through fetch, which,
 * unlike EventSource, can send the credential header. `onEvent(name, data)` is called for each
 * event; resolves when the stream ends. Falls back to polling when the stream breaks.
 */
export async function followGeneration(id, onEvent) {
  const current = session();
  try {
    const response = await fetch(`/v1/organizations/${current.org}/music/generations/${id}/events`,
                                 { headers: { Accept: "text/event-stream", ...authHeaders(current.credential) }, cache: "no-store" });
    if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let ended = false;
    while (!ended) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let boundary;
      while ((boundary = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (!data.length) continue;
        onEvent(name, JSON.parse(data.join("\n")));
        if (name === "end") ended = true;
      }
    }
    if (ended) return;
  } catch (error) {
    // The stream could not be followed: polling tells the same story, more slowly.
  }
  for (;;) {
    const job = await call("GET", `/generations/${id}`);
    onEvent("status", job);
    if (!["queued", "running"].includes(job.status)) {
      if (job.track_id) onEvent("track", await call("GET", `/tracks/${job.track_id}`));
      onEvent("end", { id, status: job.status });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// Share links' addresses are shown once, at creation; this tab keeps those it made.
const LINKS_KEY = "studio-console-links";

export function rememberLink(share) {
  const links = knownLinks();
  links[share.id] = share.url;
  sessionStorage.setItem(LINKS_KEY, JSON.stringify(links));
}

export function knownLinks() {
  try { return JSON.parse(sessionStorage.getItem(LINKS_KEY) || "{}"); } catch { return {}; }
}
