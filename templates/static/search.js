// Full-text search over the Pagefind index written by `explainer build`.
// Works on any static host; the index lives in pagefind/ beside this site's pages.
// Pagefind keeps one index per language and searches the one of this page's <html lang>: each
// language has a search page of its own. The messages shown are the page's (data-* of #search-status).
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const siteRoot = new URL("../", import.meta.url);
const lang = document.documentElement.lang || "en";
const messages = status.dataset;
document.getElementById("search-served")?.remove(); // this script runs: the site is served
let engine;

async function load() {
  if (!engine) {
    engine = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await engine.options({ baseUrl: siteRoot.pathname });
  }
  return engine;
}

function message(name, n, query) {
  const text = messages[name] ?? "";
  return text.replace("{n}", () => new Intl.NumberFormat(lang).format(n)).replace("{q}", () => query);
}

function found(n, query) {
  // the message for n's plural category (CLDR's) in the language the messages follow
  const category = new Intl.PluralRules(messages.plurals || lang).select(n);
  const name = "found" + category[0].toUpperCase() + category.slice(1);
  const fallback = ["foundOther", "foundMany", "foundOne"].find((key) => key in messages);
  return message(name in messages ? name : fallback, n, query);
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

function carry(query) {
  // the other languages' search pages search the same words
  for (const link of document.querySelectorAll("a[data-search-page]")) {
    const url = new URL(link.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    link.href = url.href;
  }
}

async function run(query) {
  list.replaceChildren();
  carry(query.trim());
  if (!query.trim()) {
    status.textContent = "";
    list.removeAttribute("aria-busy");
    return;
  }
  list.setAttribute("aria-busy", "true");
  status.textContent = message("searching");
  try {
    const search = await (await load()).search(query);
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    list.replaceChildren(...results.map(item));
    const n = search.results.length;
    status.textContent = n ? found(n, query) : message("none", 0, query);
  } catch (error) {
    status.textContent = message("unavailable");
  }
  list.setAttribute("aria-busy", "false");
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
