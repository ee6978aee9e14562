// The console's entry point: sign in and out, and one view per fragment (#generate, #library,
// #collections, #shares, #focus, #usage), so that the browser's back button and a bookmark work.
import { session, signIn, forget } from "./api.js";
import { say, sayError } from "./ui.js";
import { setUpGenerate, showGenerate } from "./generate.js";
import { setUpLibrary, showLibrary } from "./library.js";
import { setUpCollections, showCollections } from "./collections.js";
import { setUpFocus, showFocus, showShares, showUsage } from "./shares.js";

const views = { generate: showGenerate, library: showLibrary, collections: showCollections, shares: showShares,
                focus: showFocus, usage: showUsage };
const titles = { generate: "Generate", library: "Library", collections: "Collections", shares: "Shares", focus: "Focus",
                 usage: "Usage", signin: "Sign in" };

async function route() {
  const signedIn = Boolean(session());
  const wanted = location.hash.slice(1);
  const name = !signedIn ? "signin" : views[wanted] ? wanted : "generate";
  document.getElementById("nav").hidden = !signedIn;
  document.getElementById("sign-out").hidden = !signedIn;
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${name}`;
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  document.title = `${titles[name]} · Studio console`;
  document.body.dataset.view = name;
  if (name === "signin") {
    document.getElementById("signin-credential").focus();
    return;
  }
  try { await views[name](); } catch (error) { sayError(error); }
}

function setUpSignIn() {
  document.getElementById("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      const { org, name, others } = await signIn(form.elements.credential.value, form.elements.organization.value);
      form.reset();
      say(`Signed in to ${name} (${org})` + (others ? `; this credential also acts in ${others} other organization(s), chosen by slug at sign-in.` : "."));
      if (location.hash === "#generate") await route(); else location.hash = "#generate";
      document.getElementById("main").focus();
    } catch (error) {
      sayError(error.status === 401 ? new Error("That key or token is not valid here.") : error);
    }
  });
  document.getElementById("sign-out").addEventListener("click", () => {
    forget();
    say("Signed out: the credential is gone from this tab.");
    location.hash = "";
    route();
  });
}

addEventListener("hashchange", () => { say(""); route(); });
addEventListener("studio:signed-out", () => {
  route();
  say("This key or token is no longer valid (revoked or rotated): sign in again.", true);
});
setUpSignIn();
setUpGenerate();
setUpLibrary();
setUpCollections();
setUpFocus();
route();
