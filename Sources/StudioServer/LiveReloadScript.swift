/// The script `studio serve --watch` adds to every page it serves (`LiveReload`), served from
/// the binary at `/_studio/reload.js` and never written to `public/`.
///
/// It listens to `/_studio/reload`: on `reload` the page reloads when its own path or a
/// stylesheet or script is among the changed paths (an overlay of an earlier failure goes either
/// way); on `error` it shows the problems, `file:line:column: message` each, and what the
/// failure left as it was, over the page.
/// The overlay is styled through the CSS object model, which the pages' policy (`style-src
/// 'self'`, no inline styles) allows, and is announced to screen readers as an alert.
/// EventSource reconnects by itself when the server restarts.
enum LiveReloadScript {
    static let source = #"""
    // studio serve --watch: reloads this page when a rebuild changed it, and shows a failed
    // rebuild's problems over it until a rebuild succeeds. Served by studio serve only.
    (() => {
      "use strict";
      const page = location.pathname.replace(/index\.html$/, "");
      let overlay = null;

      function hide() {
        if (overlay) overlay.remove();
        overlay = null;
      }

      function show(problems, summary) {
        hide();
        overlay = document.createElement("div");
        overlay.setAttribute("data-studio-overlay", "");
        overlay.setAttribute("role", "alert");
        Object.assign(overlay.style, {
          position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", boxSizing: "border-box",
          padding: "2rem", background: "rgba(17, 17, 22, 0.95)", color: "#f4f4f5",
          font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace", textAlign: "left",
        });
        const title = document.createElement("h2");
        title.textContent = "The rebuild failed";
        Object.assign(title.style, { font: "600 18px/1.4 system-ui, sans-serif", margin: "0 0 1rem", color: "#fca5a5" });
        const said = document.createElement("p");
        said.textContent = summary;
        Object.assign(said.style, { margin: "0 0 1rem", font: "14px/1.5 system-ui, sans-serif" });
        const list = document.createElement("pre");
        list.textContent = problems.join("\n");
        Object.assign(list.style, { whiteSpace: "pre-wrap", margin: "0 0 1rem", font: "inherit" });
        const note = document.createElement("p");
        note.textContent = "Fix it and save: this page updates by itself (studio serve --watch).";
        Object.assign(note.style, { margin: "0", font: "14px/1.5 system-ui, sans-serif", color: "#d4d4d8" });
        overlay.append(title, said, list, note);
        document.body.append(overlay);
      }

      const events = new EventSource("/_studio/reload");
      events.addEventListener("reload", (event) => {
        const changed = JSON.parse(event.data).changed || [];
        if (changed.some((path) => path === page || /\.(css|js)$/.test(path))) location.reload();
        else hide();
      });
      events.addEventListener("error", (event) => {
        // The connection's own error has no data: EventSource reconnects by itself.
        if (!(event instanceof MessageEvent)) return;
        const failure = JSON.parse(event.data);
        show(failure.problems || [], failure.summary || "");
      });
    })();
    """#
}
