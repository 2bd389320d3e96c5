// The member explorer: search, filter, sort, map, detail, shareable address, CSV.
// Plain JavaScript, no library, no network: the data is window.GNLC_EXPLORER,
// written at build time from the gnlc snapshot (tools/docs_explorer.py).
(function () {
  "use strict";
  const D = window.GNLC_EXPLORER;
  const root = document.getElementById("gnlc-explorer");
  if (!D || !root) return;
  const $ = (id) => document.getElementById("gx-" + id);
  const col = Object.fromEntries(D.columns.map((c, i) => [c.name, i]));
  const cities = D.rows.map((row, i) => ({ row, keys: D.keys[i], id: row[col.id] }));
  const byId = new Map(cities.map((c) => [c.id, c]));
  const get = (c, name) => c.row[col[name]];
  const region = Object.fromEntries(D.regions.map((r) => [r.code, r]));
  const SVG = "http://www.w3.org/2000/svg";

  // gnlc.normalization.normalize, mirrored: fold case, the letters NFKD keeps
  // whole, drop marks, punctuation and symbols split words (tests/browser
  // checks it against the library on every name and alias).
  const FOLD = { "ß": "ss", "ς": "σ" };
  const fold = (s) => s.toLowerCase().replace(/[ßς]/g, (ch) => FOLD[ch]);
  function once(s) {
    s = Array.from(fold(s), (ch) => D.letters[ch] ?? ch).join("").normalize("NFKD");
    s = fold(s.replace(/\p{M}/gu, "").replace(/[\p{P}\p{S}\p{Z}\p{C}]/gu, " "));
    return s.split(" ").filter(Boolean).join(" ");
  }
  function normalize(s) {
    let out = once(String(s));
    for (let i = 0; i < 3; i++) {
      const again = once(out);
      if (again === out) break;
      out = again;
    }
    return out;
  }

  // gnlc.search, mirrored: Dice coefficient of trigrams, over every name, alias and other name.
  const grams = (key) => {
    const p = Array.from("  " + key + " ");
    return new Set(p.slice(2).map((_, i) => p[i] + p[i + 1] + p[i + 2]));
  };
  const keyGrams = cities.map((c) => c.keys.map((k) => grams(k)));
  function fuzzy(norm) {
    const q = grams(norm), best = new Map();
    cities.forEach((c, i) => c.keys.forEach((k, j) => {
      const g = keyGrams[i][j];
      let hits = 0;
      q.forEach((x) => { if (g.has(x)) hits++; });
      let score = (2 * hits) / (q.size + g.size);
      if (!hits || score < D.fuzzy.floor) return;
      if (k === norm) score = 1;
      best.set(c.id, Math.max(score, best.get(c.id) || 0));
    }));
    const top = Math.max(0, ...best.values());
    return new Set([...best].filter(([, s]) => s >= top - D.fuzzy.spread).map(([id]) => id));
  }

  // The selection: filters, search text, sort and the open member, all in the address.
  const state = { q: "", sort: "", open: "" };
  const FILTERS = Object.keys(D.filters);
  const SHOWN = { country: "country_name" }; // a column the table shows (and sorts) by its name
  FILTERS.forEach((f) => (state[f] = ""));

  function matches(c, f, value) {
    const v = get(c, D.filters[f]);
    if (f === "status") {
      return value === "any" || (value ? v === value : D.member_states.includes(v));
    }
    return !value || (Array.isArray(v) ? v.includes(value) : v === value);
  }
  function selection() {
    let out = cities.filter((c) => FILTERS.every((f) => matches(c, f, state[f])));
    const norm = normalize(state.q);
    if (norm) {
      const near = fuzzy(norm);
      out = out.filter((c) => near.has(c.id) || c.keys.some((k) => k.includes(norm)));
    }
    const name = state.sort.replace(/^-/, "");
    if (name) {
      const sign = state.sort[0] === "-" ? -1 : 1, i = col[SHOWN[name] || name];
      const key = (c) => (typeof c.row[i] === "string" ? normalize(c.row[i]) : c.row[i]);
      out = out.map((c) => [key(c), c]).sort(([a, x], [b, y]) => {
        if (a == null || b == null) return (a == null) - (b == null); // unknowns last
        return sign * (a < b ? -1 : a > b ? 1 : x.id < y.id ? -1 : 1);
      }).map(([, c]) => c);
    }
    return out;
  }

  function toHash() {
    const parts = FILTERS.concat(["q", "sort"]).filter((k) => state[k])
      .map((k) => k + "=" + encodeURIComponent(state[k]));
    if (state.open) parts.push(state.open);
    const hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }
  // An address that does not fit (an unknown region, a broken escape) is ignored, not obeyed.
  const decode = (s) => { try { return decodeURIComponent(s); } catch (e) { return ""; } };
  function fromHash() {
    Object.keys(state).forEach((k) => (state[k] = ""));
    for (const part of location.hash.slice(1).split("&").filter(Boolean)) {
      const [k, v] = part.split("=").map(decode);
      if (v === undefined) state.open = byId.has(k) ? k : "";
      else if (k in state && k !== "open") state[k] = v;
    }
    if (!D.table.includes(state.sort.replace(/^-/, ""))) state.sort = "";
    $("q").value = state.q;
    FILTERS.forEach((f) => {
      $(f).value = state[f];
      if ($(f).value !== state[f]) state[f] = $(f).value = "";
    });
  }

  // Drawing.
  const el = (tag, attrs, ...kids) => {
    const e = tag.startsWith("svg:")
      ? document.createElementNS(SVG, tag.slice(4))
      : document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    e.append(...kids.filter((k) => k != null));
    return e;
  };
  const text = (v) => (v == null ? "" : Array.isArray(v) ? v.join(" ") : String(v));
  const label = (name) => name.replace(/_/g, " ");
  const dot = (r) => el("span", { class: "gx-dot", style: "background:" + r.colour });

  function options() {
    const opt = (value, shown) => el("option", { value }, shown);
    $("region").append(opt("", "All regions"), ...D.regions.map((r) => opt(r.code, r.name)));
    const countries = new Map(cities.map((c) => [get(c, "country"), get(c, "country_name")]));
    $("country").append(opt("", "All countries"), ...[...countries]
      .sort((a, b) => a[1].localeCompare(b[1])).map(([code, name]) => opt(code, name)));
    $("cohort").append(opt("", "All cohorts"), ...D.cohorts.map((k) => opt(k, k)));
    $("status").append(opt("", "Current members"), ...D.states.map((s) => opt(s, s)),
      opt("any", "Any status"));
    const head = $("table").tHead.rows[0];
    D.table.forEach((name) => {
      const doc = D.columns[col[name]].doc;
      const th = el("th", { "data-col": name, scope: "col", title: doc }, label(name));
      th.tabIndex = 0;
      const sort = () => {
        state.sort = state.sort === name ? "-" + name : name;
        render();
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
      head.append(th);
    });
  }

  function cell(c, name) {
    const at = { "data-col": name };
    if (SHOWN[name]) return el("td", { ...at, title: get(c, name) }, text(get(c, SHOWN[name])));
    if (name === "region") {
      const r = region[get(c, "region")];
      return el("td", { ...at, title: r.name }, dot(r), r.code);
    }
    return el("td", at, text(get(c, name)));
  }

  // The part of the world the points cover, in the map's proportions (x = longitude,
  // y = -latitude); the whole world when no region, country, cohort or text narrows it.
  function frame(points) {
    const m = D.map, world = [-180, -m.north, 360, m.north - m.south];
    const narrowed = state.region || state.country || state.cohort || normalize(state.q);
    if (!points.length || !narrowed) return world;
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = Math.min(360, Math.max(40, (x1 - x0) * 1.25, ((y1 - y0) * 1.25 * 360) / world[3]));
    const h = (w * world[3]) / 360;
    const x = Math.min(180 - w, Math.max(-180, (x0 + x1 - w) / 2));
    const y = Math.min(-m.south - h, Math.max(-m.north, (y0 + y1 - h) / 2));
    return [x, y, w, h];
  }

  function drawMap(shown) {
    const svg = $("map"), m = D.map;
    if (!svg.firstChild) {
      svg.append(el("svg:path", { class: "gx-land", d: m.land }), el("svg:g", { id: "gx-points" }));
    }
    const g = $("points");
    g.replaceChildren();
    const here = shown.filter((c) => get(c, "lat") != null && get(c, "lon") != null);
    const box = frame(here.map((c) => [get(c, "lon"), -get(c, "lat")]));
    svg.setAttribute("viewBox", box.join(" "));
    const zoom = box[2] / 360; // points keep their size on screen
    let located = 0;
    for (const c of here) {
      const lat = get(c, "lat"), lon = get(c, "lon");
      located++;
      const point = el("svg:circle", {
        cx: lon, cy: -lat, r: (c.id === state.open ? 3.2 : 1.9) * zoom, "data-id": c.id,
        fill: region[get(c, "region")].colour, class: c.id === state.open ? "gx-open" : "",
      }, el("svg:title", {}, get(c, "name") + ", " + get(c, "country_name")));
      point.addEventListener("click", () => openCity(c.id));
      g.append(point);
    }
    const counts = D.regions.map((r) => {
      const mine = shown.filter((c) => get(c, "region") === r.code);
      const pts = mine.filter((c) => get(c, "lat") != null).length;
      if (!mine.length) return null;
      return el("span", { class: "gx-key" }, dot(r), `${r.name}: ${pts} of ${mine.length}`);
    });
    $("legend").replaceChildren(
      el("strong", {}, `with coordinates: ${located} of ${shown.length}`), ...counts.filter(Boolean),
      el("small", { class: "gx-credit" }, m.attribution));
  }

  function detail() {
    const box = $("detail"), c = byId.get(state.open);
    if (!c) {
      box.replaceChildren(el("p", { class: "gx-hint" },
        "Choose a member in the table or on the map to see its facts and sources."));
      return;
    }
    const facts = el("dl");
    const labels = new Set(D.columns.map((k) => k.label).filter(Boolean));
    D.columns.forEach((k, i) => {
      let v = text(c.row[i]);
      if (k.name === "sources" || k.name === "name" || labels.has(k.name) || v === "") return;
      if (k.label) v = `${text(get(c, k.label))} (${v})`; // a code with its name
      facts.append(el("dt", { title: k.doc }, label(k.name)), el("dd", {}, v));
    });
    const sources = el("ol", { class: "gx-sources" }, ...get(c, "sources").map((url) =>
      el("li", {}, el("a", { href: url, rel: "noopener", target: "_blank" }, url))));
    box.replaceChildren(el("h2", {}, get(c, "name")), facts, el("h3", {}, "Sources"), sources);
  }

  function render() {
    const shown = selection();
    const rows = shown.map((c) => {
      const tr = el("tr", { "data-id": c.id, tabindex: "0" }, ...D.table.map((name) => cell(c, name)));
      if (c.id === state.open) tr.className = "gx-open";
      return tr;
    });
    $("rows").replaceChildren(...rows);
    const count = $("count");
    count.dataset.count = shown.length;
    const snap = D.snapshot;
    count.textContent = `${shown.length} shown · data ${snap.data_version}, snapshot of ${snap.date}`;
    for (const th of $("table").tHead.rows[0].cells) {
      const on = state.sort.replace(/^-/, "") === th.dataset.col;
      th.setAttribute("aria-sort", !on ? "none" : state.sort[0] === "-" ? "descending" : "ascending");
    }
    drawMap(shown);
    detail();
    toHash();
    current = shown;
    // Bring the open member's row into the list's view (the list scrolls, not the page).
    const open = rows.find((tr) => tr.dataset.id === state.open), list = $("rows").closest(".gx-list");
    const top = open ? open.offsetTop : 0;
    if (open && (top < list.scrollTop || top > list.scrollTop + list.clientHeight - 40)) {
      list.scrollTop = top - list.clientHeight / 3;
    }
  }
  let current = [];

  function openCity(id) {
    state.open = id;
    render();
  }

  // CSV as gnlc.to_csv writes it: RFC 4180, a list as a JSON array spaced as
  // Python's json.dumps spaces it (gnlc.export.format_cell).
  const csvCell = (v) =>
    Array.isArray(v) ? "[" + v.map((x) => JSON.stringify(x)).join(", ") + "]" : text(v);
  function csv(shown) {
    const names = D.csv;
    const quote = (v) => (/[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
    const lines = [names].concat(shown.map((c) => names.map((n) => csvCell(get(c, n)))));
    return lines.map((l) => l.map(quote).join(",")).join("\r\n") + "\r\n";
  }
  function download() {
    const blob = new Blob([csv(current)], { type: "text/csv;charset=utf-8" });
    const what = FILTERS.filter((f) => state[f]).map((f) => f + "-" + state[f]);
    const name = ["gnlc-members", ...what].join("-") + ".csv";
    const a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  options();
  fromHash();
  FILTERS.forEach((f) => $(f).addEventListener("change", () => { state[f] = $(f).value; render(); }));
  $("q").addEventListener("input", () => { state.q = $("q").value; render(); });
  const onRow = (e) => {
    const tr = e.target.closest("tr");
    if (tr && (e.type === "click" || e.key === "Enter")) openCity(tr.dataset.id);
  };
  $("rows").addEventListener("click", onRow);
  $("rows").addEventListener("keydown", onRow);
  $("reset").addEventListener("click", () => {
    history.replaceState(null, "", location.pathname);
    fromHash();
    render();
  });
  $("csv").addEventListener("click", download);
  window.addEventListener("hashchange", () => { fromHash(); render(); });
  render();
  window.gnlcExplorer = { normalize, selection: () => current.map((c) => c.id) };
})();
