// authgate web: sign in with the Authorization Code flow + PKCE (RFC 7636), by hand: no SDK,
// no dependency. The token lives in this page's memory only. Every call is made twice: once
// by fetch, as the app would (what the browser lets the page read), and once by the local
// server (/probe), which sees the headers a browser hides, to say why a call was blocked.
"use strict";

const $ = (id) => document.getElementById(id);
let config = null;
let token = null;

function base64url(bytes) {
  let text = "";
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(n) {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

function decode(part) {
  const padded = part.replace(/-/g, "+").replace(/_/g, "/");
  const text = atob(padded + "===".slice((padded.length + 3) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0))));
}

async function signIn() {
  const verifier = random(32);
  const state = random(16);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  sessionStorage.setItem("authgate.pkce", JSON.stringify({ verifier, state }));
  const url = new URL(config.tenant + "/authorize");
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.client_id,
    redirect_uri: config.origin + "/",
    scope: config.scope,
    audience: config.audience,
    state,
    code_challenge: base64url(digest),
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

function say(text, kind) {
  const who = $("who");
  who.textContent = text;
  who.className = kind || "";
}

async function finishSignIn(params) {
  const saved = JSON.parse(sessionStorage.getItem("authgate.pkce") || "null");
  sessionStorage.removeItem("authgate.pkce");
  history.replaceState(null, "", "/");
  if (params.get("error")) {
    say("Sign-in failed: " + params.get("error") + ": " + (params.get("error_description") || ""), "blocked");
    return;
  }
  if (!saved || saved.state !== params.get("state")) {
    say("Sign-in failed: the state does not match the one this page sent (start again).", "blocked");
    return;
  }
  let answer;
  try {
    const response = await fetch(config.tenant + "/oauth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: config.client_id,
        code: params.get("code"),
        code_verifier: saved.verifier,
        redirect_uri: config.origin + "/",
      }),
    });
    answer = { status: response.status, body: await response.json() };
  } catch (e) {
    say("The code exchange was blocked (" + e + "): the tenant does not allow this page's origin " +
        "(Allowed Web Origins of the application).", "blocked");
    return;
  }
  if (answer.status !== 200) {
    say("The code exchange failed: " + answer.body.error + ": " + answer.body.error_description, "blocked");
    return;
  }
  token = answer.body.access_token;
  showToken();
}

function showToken() {
  const [header, claims] = token.split(".").slice(0, 2).map(decode);
  const permissions = claims.permissions ? claims.permissions.join(" ") : "(no permissions claim)";
  say("Signed in as " + claims.sub + " · permissions: " + permissions, "ok");
  $("claims").textContent = JSON.stringify({ header, claims }, null, 2);
  $("token").hidden = false;
  $("signin").hidden = true;
  $("signout").hidden = false;
  document.title = "authgate web · signed in";
}

function signOut() {
  token = null;
  $("token").hidden = true;
  $("signin").hidden = false;
  $("signout").hidden = true;
  say("Signed out (the token is forgotten).");
  document.title = "authgate web";
}

function line(parent, text, kind) {
  const p = document.createElement("p");
  p.textContent = text;
  if (kind) p.className = kind;
  parent.appendChild(p);
}

function headers(list, title, seen) {
  if (!seen) return;
  const dl = document.createElement("dl");
  const rows = [
    [title, String(seen.status) + (seen.error_type ? " (" + seen.error_type + ")" : "")],
    ["Access-Control-Allow-Origin", seen.allow_origin || "(none)"],
  ];
  if (seen.allow_headers !== null) rows.push(["Access-Control-Allow-Headers", seen.allow_headers]);
  if (seen.allow_methods !== null) rows.push(["Access-Control-Allow-Methods", seen.allow_methods]);
  for (const [k, v] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    dl.append(dt, dd);
  }
  list.appendChild(dl);
}

async function call(button) {
  const method = button.dataset.method;
  const path = button.dataset.path;
  const withToken = button.dataset.token === "yes";
  const init = { method, headers: {} };
  if (withToken && token) init.headers.Authorization = "Bearer " + token;
  if (method === "POST") {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify({ type: "dog", price: 249.99 });
  }
  const item = document.createElement("li");
  $("results").prepend(item);
  const label = method + " " + path + (init.headers.Authorization ? " with your token" : " without a token");
  let seen;
  try {
    const response = await fetch(config.invoke_url + path, init);
    seen = { status: response.status, body: await response.text() };
  } catch (e) {
    seen = { error: String(e) };
  }
  item.dataset.status = seen.error ? "blocked" : String(seen.status);
  item.dataset.readable = seen.error ? "no" : "yes";
  if (seen.error) {
    line(item, label + " → blocked by the browser: " + seen.error, "blocked");
  } else {
    line(item, label + " → " + seen.status, seen.status < 400 ? "ok" : "");
    const pre = document.createElement("pre");
    pre.textContent = seen.body.slice(0, 2000);
    item.appendChild(pre);
  }
  let probe = null;
  try {
    const response = await fetch("/probe", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ method, path, authorization: init.headers.Authorization || null, json: method === "POST" }),
    });
    probe = await response.json();
  } catch (e) {
    line(item, "(the local probe failed: " + e + ")");
    return;
  }
  headers(item, "preflight OPTIONS", probe.preflight);
  headers(item, "answer", probe.answer);
  if (probe.blocked) line(item, "Why: " + probe.blocked, "blocked");
  else if (seen.error) line(item, "The probe saw no CORS problem; the network failed: " + seen.error);
}

async function start() {
  config = await (await fetch("/config.json")).json();
  $("origin").textContent = config.origin;
  $("invoke").textContent = config.invoke_url;
  if (config.allowed_origin !== config.origin && config.allowed_origin !== "*") {
    const warning = $("warning");
    warning.textContent = "Step 4 allows " + (config.allowed_origin || "no browser origin") +
      ", not this page (" + config.origin + "): calls will be blocked until step 4 runs with " +
      config.origin + " as the browser origin.";
    warning.hidden = false;
  }
  $("signin").addEventListener("click", signIn);
  $("signout").addEventListener("click", signOut);
  for (const button of document.querySelectorAll("button[data-method]")) {
    button.addEventListener("click", () => call(button));
  }
  const params = new URLSearchParams(location.search);
  if (params.has("code") || params.has("error")) await finishSignIn(params);
}

start();
