// The Precis search page: plain DOM, no framework, no network beyond this server's /api.
"use strict";

const $ = (id) => document.getElementById(id);
const FACET_NAMES = { type: "Type", language: "Language", collection: "Collection", speaker: "Speaker", owner: "Owner", due: "Due" };
const DUE_NAMES = { overdue: "Overdue", "this-week": "Due this week", later: "Due later", "no-date": "No date" };
const PAGE = 10;
const state = { q: "", filters: {}, due: null, offset: 0, owner: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// Highlights arrive as escaped text with <b> marks; build them as text nodes and <mark> elements,
// never as HTML, so nothing in a document can become markup on this page.
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'", "&#39;": "'", "&#x2F;": "/" };
function highlighted(html) {
  const out = document.createDocumentFragment();
  let inMark = false;
  for (const part of html.split(/(<\/?b>)/)) {
    if (part === "<b>") { inMark = true; continue; }
    if (part === "</b>") { inMark = false; continue; }
    const text = part.replace(/&(amp|lt|gt|quot|#x27|#39|#x2F);/g, (m) => ENTITIES[m]);
    out.append(inMark ? el("mark", {}, text) : document.createTextNode(text));
  }
  return out;
}

function token() { return sessionStorage.getItem("precis-token"); }

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of params || []) url.searchParams.append(k, v);
  const r = await fetch(url, { headers: { Authorization: "Bearer " + token() } });
  const body = await r.json().catch(() => ({ error: "the server sent an unreadable answer" }));
  if (r.status === 401) { showLogin("That token was not accepted."); throw new Error(body.error); }
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

function showLogin(message) {
  sessionStorage.removeItem("precis-token");
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-error").hidden = !message;
  $("login-error").textContent = message || "";
}

function show(view) {
  $("search-view").hidden = view !== "search";
  $("doc-view").hidden = view !== "doc";
  $("actions-view").hidden = view !== "actions";
  $("tab-search").classList.toggle("active", view !== "actions");
  $("tab-actions").classList.toggle("active", view === "actions");
}

function searchParams() {
  const p = [["q", state.q], ["limit", PAGE], ["offset", state.offset]];
  for (const [dim, values] of Object.entries(state.filters)) for (const v of values) p.push([dim, v]);
  if (state.due) p.push(["due", state.due]);
  return p;
}

async function runSearch() {
  show("search");
  $("status").textContent = "Searching…";
  let res;
  try {
    res = await api("/api/search", searchParams());
  } catch (e) {
    $("status").textContent = e.message;
    $("status").classList.add("error");
    $("results").replaceChildren();
    return;
  }
  $("status").classList.remove("error");
  $("status").textContent = res.total === 0 ? "" :
    `${res.total} document${res.total === 1 ? "" : "s"}` + (state.q ? ` for “${state.q}”` : "");
  renderFacets(res.facets);
  renderHits(res.hits);
  renderPager(res.total);
}

function renderFacets(facets) {
  const box = $("facets");
  box.replaceChildren();
  for (const [dim, counts] of Object.entries(facets)) {
    const selected = dim === "due" ? new Set(state.due ? [state.due] : []) : new Set(state.filters[dim] || []);
    if (counts.length === 0 && selected.size === 0) continue;
    const list = el("ul");
    for (const c of counts) {
      const on = selected.has(c.value);
      const label = dim === "due" ? DUE_NAMES[c.value] : (c.value === "" ? "(none)" : c.value);
      list.append(el("li", {}, el("button", {
        type: "button", class: on ? "on" : "", "data-facet": dim, "data-value": c.value,
        onclick: () => toggleFacet(dim, c.value),
      }, el("span", {}, label), el("span", { class: "count" }, c.count))));
    }
    box.append(el("section", { class: "facet" }, el("h3", {}, FACET_NAMES[dim] || dim), list));
  }
}

function toggleFacet(dim, value) {
  if (dim === "due") {
    state.due = state.due === value ? null : value;
  } else {
    const set = new Set(state.filters[dim] || []);
    set.has(value) ? set.delete(value) : set.add(value);
    state.filters[dim] = [...set];
  }
  state.offset = 0;
  runSearch();
}

function renderHits(hits) {
  const list = $("results");
  list.replaceChildren();
  if (hits.length === 0) {
    list.append(el("li", { class: "empty" }, "Nothing matches. Try fewer words, or remove a filter."));
    return;
  }
  for (const h of hits) {
    const why = (h.matchedBy || []).map((m) => el("span", { class: "pill why", title: "found by " + m },
      m === "bm25" ? "words" : m === "summary" ? "summary meaning" : "passage meaning"));
    const snippets = el("div");
    for (const hl of (h.highlights || []).slice(0, 3)) {
      snippets.append(el("p", { class: "snip" }, el("span", { class: "field" }, hl.field.replace("_", " ")), highlighted(hl.html)));
    }
    if ((h.highlights || []).length === 0) {
      const text = h.passage ? h.passage.text : null;
      snippets.append(el("p", { class: "snip" }, el("span", { class: "field" }, h.passage ? "passage" : "summary"),
        text ? (text.length > 320 ? text.slice(0, 320) + "…" : text) : highlighted(h.snippet)));
    }
    list.append(el("li", { class: "hit" },
      el("h2", {}, el("a", { href: "#doc/" + encodeURIComponent(h.id), "data-doc": h.id,
        onclick: (e) => { e.preventDefault(); openDocument(h.id); } }, h.title || h.source)),
      el("div", { class: "meta" },
        el("span", { class: "pill" }, h.type), h.collection ? el("span", { class: "pill" }, h.collection) : null,
        h.language ? el("span", { class: "pill" }, h.language) : null, h.date ? el("span", {}, h.date) : null, why),
      snippets));
  }
}

function renderPager(total) {
  const box = $("pager");
  box.replaceChildren();
  if (state.offset > 0) box.append(el("button", { type: "button", onclick: () => { state.offset -= PAGE; runSearch(); } }, "← Previous"));
  if (state.offset + PAGE < total) box.append(el("button", { type: "button", onclick: () => { state.offset += PAGE; runSearch(); } }, "Next →"));
}

function clock(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function dueLabel(i) {
  if (i.dueDate) return "due " + i.dueDate + (i.dueText ? ` (${i.dueText})` : "");
  return i.dueText ? i.dueText : "no due date";
}

async function openDocument(id, focusItem) {
  show("doc");
  const art = $("doc");
  art.replaceChildren(el("p", {}, "Loading…"));
  let d;
  try {
    d = await api("/api/documents/" + encodeURIComponent(id));
  } catch (e) {
    art.replaceChildren(el("p", { class: "error" }, e.message));
    return;
  }
  const items = el("ul", { class: "items" });
  d.actionItems.forEach((i, n) => {
    const ev = i.evidence;
    items.append(el("li", { class: "item " + i.status },
      el("div", {}, el("span", { class: "who" }, (i.owner || "Unassigned") + ": "), i.task),
      el("div", { class: "due" }, dueLabel(i) + (ev.speaker ? ` · said by ${ev.speaker}` : "") + (ev.timeMs != null ? ` at ${clock(ev.timeMs)}` : "")),
      el("button", { type: "button", class: "show", "data-evidence": n, onclick: () => focusEvidence(n) }, "Show evidence")));
  });
  art.replaceChildren(
    el("h1", {}, d.title || d.source),
    el("div", { class: "meta" }, el("span", { class: "pill" }, d.type), d.collection ? el("span", { class: "pill" }, d.collection) : null,
      d.language ? el("span", { class: "pill" }, d.language) : null, d.date ? el("span", {}, d.date) : null, el("span", {}, d.source)),
    el("h2", {}, "Summary"), el("p", { class: "summary" }, d.summary),
    d.keyPoints.length ? el("h2", {}, "Key points") : null,
    d.keyPoints.length ? el("ul", { class: "points" }, d.keyPoints.map((p) => el("li", {}, p))) : null,
    el("h2", {}, "Action items"), d.actionItems.length ? items : el("p", { class: "empty" }, "No action items."),
    el("h2", {}, "Text"), textWithEvidence(d.text || "", d.actionItems));
  if (focusItem !== undefined) focusEvidence(focusItem);
}

// The document text with every action item's evidence span marked; spans are sorted and clipped so
// that overlapping evidence never breaks the text apart.
function textWithEvidence(text, items) {
  const spans = items.map((i, n) => ({ n, s: i.evidence.charStart, e: i.evidence.charEnd }))
    .filter((x) => x.s >= 0 && x.e > x.s && x.e <= text.length).sort((a, b) => a.s - b.s);
  const box = el("div", { class: "text", id: "doc-text" });
  let at = 0;
  for (const sp of spans) {
    if (sp.s < at) continue;
    box.append(text.slice(at, sp.s));
    box.append(el("mark", { class: "evidence", id: "evidence-" + sp.n }, text.slice(sp.s, sp.e)));
    at = sp.e;
  }
  box.append(text.slice(at));
  return box;
}

function focusEvidence(n) {
  document.querySelectorAll("mark.evidence.focus").forEach((m) => m.classList.remove("focus"));
  const m = $("evidence-" + n);
  if (!m) return;
  m.classList.add("focus");
  m.scrollIntoView({ block: "center" });
}

async function runBoard() {
  show("actions");
  const params = [["limit", 200]];
  if (state.owner) params.push(["owner", state.owner]);
  let res;
  try {
    res = await api("/api/action-items", params);
  } catch (e) {
    $("board").replaceChildren(el("p", { class: "error" }, e.message));
    return;
  }
  const chips = $("owners");
  chips.replaceChildren(el("button", { type: "button", class: state.owner ? "" : "on", onclick: () => { state.owner = null; runBoard(); } }, "Everyone"));
  for (const o of res.owners) {
    chips.append(el("button", { type: "button", class: state.owner === o.value ? "on" : "", "data-owner": o.value,
      onclick: () => { state.owner = o.value; runBoard(); } }, `${o.value} (${o.count})`));
  }
  const board = $("board");
  board.replaceChildren();
  for (const status of ["overdue", "this-week", "later", "no-date"]) {
    const cards = res.items.filter((i) => i.status === status);
    board.append(el("div", { class: "column " + status },
      el("h3", {}, el("span", {}, DUE_NAMES[status]), el("span", {}, cards.length)),
      cards.map((i) => el("div", { class: "card" },
        el("div", { class: "task" }, (i.owner ? i.owner + ": " : "") + i.task),
        el("div", { class: "due" }, dueLabel(i)),
        el("div", { class: "quote" }, "“" + (i.evidence.speaker ? i.evidence.speaker + ": " : "") + i.evidence.text + "”"),
        el("a", { href: "#doc/" + encodeURIComponent(i.documentId), onclick: (e) => {
          e.preventDefault();
          openDocumentAt(i);
        } }, i.title || i.source)))));
  }
}

async function openDocumentAt(item) {
  await openDocument(item.documentId);
  const marks = [...document.querySelectorAll("mark.evidence")];
  const m = marks.find((x) => x.textContent === item.evidence.text) || marks[0];
  if (m) focusEvidence(m.id.replace("evidence-", ""));
}

function start() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) {
    sessionStorage.setItem("precis-token", hash.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem("precis-token", $("token").value.trim());
    $("login").hidden = true;
    $("app").hidden = false;
    runSearch();
  });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.q = $("q").value.trim();
    state.offset = 0;
    runSearch();
  });
  $("tab-search").addEventListener("click", () => runSearch());
  $("tab-actions").addEventListener("click", () => runBoard());
  $("back").addEventListener("click", () => show("search"));
  $("home").addEventListener("click", (e) => { e.preventDefault(); state.q = ""; state.filters = {}; state.due = null; $("q").value = ""; runSearch(); });
  if (!token()) { showLogin(); return; }
  $("app").hidden = false;
  runSearch();
}

document.addEventListener("DOMContentLoaded", start);
