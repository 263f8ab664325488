// Full-text search over the Pagefind index written by `explainer build`.
// Works on any static host; the index lives in pagefind/ beside this site's pages.
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const siteRoot = new URL("../", import.meta.url);
document.getElementById("search-served")?.remove(); // this script runs: the site is served
let engine;

async function load() {
  if (!engine) {
    engine = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await engine.options({ baseUrl: siteRoot.pathname });
  }
  return engine;
}

function item(result) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  const excerpt = document.createElement("p");
  excerpt.innerHTML = result.excerpt; // Pagefind escapes page text and adds only <mark>
  li.append(link, excerpt);
  return li;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  try {
    const search = await (await load()).search(query);
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    list.replaceChildren(...results.map(item));
    const n = search.results.length;
    status.textContent = n ? `${n} ${n === 1 ? "page matches" : "pages match"} “${query}”.` : `Nothing matches “${query}”.`;
  } catch (error) {
    status.textContent = "Search is unavailable here: the site must be served over http(s), with its pagefind/ folder.";
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
