// vnsearch search page: search-as-you-type on top of the server-rendered
// page. The state lives in the URL (query, filters, page, sort, chart,
// language); every change is fetched from /api/search and /api/timeline
// and drawn with the same markup and class names as the server's HTML.
//
// Safety: no untrusted string ever goes to innerHTML. The API's snippets
// are HTML-escaped text with <b>…</b> around matches; they are split on
// the tags, un-escaped and added as text nodes and <mark> elements.
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");
  var S = JSON.parse(document.getElementById("strings").textContent);
  var PER_PAGE = 10;
  var MAX_PAGE = 1000;
  var SVG = "http://www.w3.org/2000/svg";
  var FACETS = ["city", "year", "source"];

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
        if (k === "text") node.textContent = attrs[k];
        else node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- text helpers (the same rules as render.rs / i18n.rs) ----

  var ENTITIES = { "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#x27": "'", "#39": "'" };
  function unescapeHtml(s) {
    return s.replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (_, e) { return ENTITIES[e]; });
  }

  // Appends an escaped-with-<b> string as text nodes and <mark>s.
  function appendMarked(parent, escaped) {
    var inside = false;
    escaped.split(/(<b>|<\/b>)/).forEach(function (part) {
      if (part === "<b>") { inside = true; return; }
      if (part === "</b>") { inside = false; return; }
      if (!part) return;
      var text = document.createTextNode(unescapeHtml(part));
      if (inside) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        parent.appendChild(mark);
      } else {
        parent.appendChild(text);
      }
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function number(n, lang) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lang === "en" ? "," : ".");
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function showDate(iso, lang) {
    var p = String(iso).split("-");
    if (p.length !== 3) return iso;
    if (lang === "en") return parseInt(p[2], 10) + " " + (MONTHS[parseInt(p[1], 10) - 1] || p[1]) + " " + p[0];
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function percent(share) {
    var p = share * 100;
    return (p >= 10 ? p.toFixed(0) : p.toFixed(1)) + "%";
  }

  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/[^a-z0-9]/g, "");
  }

  function isWebUrl(url) { return typeof url === "string" && /^\s*https?:\/\//i.test(url); }

  // ---- state <-> URL ----

  function stateFromUrl() {
    var p = new URLSearchParams(location.search);
    var all = function (k) { return p.getAll(k).filter(function (v) { return v.trim() !== ""; }); };
    var page = parseInt(p.get("page"), 10);
    return {
      q: (p.get("q") || "").trim(),
      city: all("city"), year: all("year"), source: all("source"),
      from: (p.get("from") || "").trim(), to: (p.get("to") || "").trim(),
      sort: p.get("sort") || "relevance",
      page: Math.min(Math.max(isNaN(page) ? 1 : page, 1), MAX_PAGE),
      lang: p.get("lang") === "en" ? "en" : "vi",
      chart: p.get("chart") === "share" ? "share" : "count"
    };
  }

  // The search's own parameters, in the server's order.
  function searchParams(st) {
    var p = new URLSearchParams();
    p.append("q", st.q);
    FACETS.forEach(function (f) { st[f].forEach(function (v) { p.append(f, v); }); });
    if (st.from) p.append("from", st.from);
    if (st.to) p.append("to", st.to);
    if (st.sort !== "relevance") p.append("sort", st.sort);
    return p;
  }

  function pageQuery(st, page, lang) {
    var p = st.q ? searchParams(st) : new URLSearchParams();
    if (st.q && page > 1) p.append("page", String(page));
    if (st.q && st.chart === "share") p.append("chart", "share");
    if ((lang || st.lang) === "en") p.append("lang", "en");
    var s = p.toString();
    return s ? "?" + s : "";
  }

  // ---- shared: keyboard ----

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var q = $("q");
    if (!q) return;
    e.preventDefault();
    q.focus();
    q.select();
  });

  if (document.body.classList.contains("article-view")) {
    articleView();
    return;
  }

  // ---- the search page ----

  var form = $("search");
  var qBox = $("q");
  var main = $("main");
  var filters = $("filters");
  var narrow = window.matchMedia("(max-width: 760px)");
  var current = stateFromUrl();
  var seq = 0;
  var controller = null;
  var lastTyping = 0;

  // Filters fold away on phones; on wide screens they stay open.
  if (narrow.matches) filters.open = false;
  filters.querySelector("summary").addEventListener("click", function (e) {
    if (!narrow.matches) e.preventDefault();
  });

  function stateFromForm() {
    var st = {
      q: qBox.value.trim(), city: [], year: [], source: [],
      from: $("from").value.trim(), to: $("to").value.trim(),
      sort: $("sort").value, page: 1, lang: current.lang, chart: current.chart
    };
    FACETS.forEach(function (f) {
      form.querySelectorAll("input[type=checkbox][name=" + f + "]:checked").forEach(function (c) {
        st[f].push(c.value);
      });
    });
    var chart = form.querySelector("input[name=chart]:checked");
    if (chart) st.chart = chart.value;
    return st;
  }

  function fillForm(st) {
    if (qBox.value.trim() !== st.q) qBox.value = st.q;
    $("from").value = st.from;
    $("to").value = st.to;
    $("sort").value = st.sort;
    FACETS.forEach(function (f) {
      form.querySelectorAll("input[type=checkbox][name=" + f + "]").forEach(function (c) {
        c.checked = st[f].some(function (v) { return fold(v) === fold(c.value); });
      });
    });
  }

  function updateLinks(st) {
    var other = st.lang === "en" ? "vi" : "en";
    $("lang-switch").setAttribute("href", "/" + pageQuery(st, st.page, other));
    var clear = $("clear");
    var cleared = { q: st.q, city: [], year: [], source: [], from: "", to: "", sort: st.sort, page: 1, lang: st.lang, chart: st.chart };
    clear.setAttribute("href", "/" + pageQuery(cleared, 1));
    clear.hidden = !(st.city.length || st.year.length || st.source.length || st.from || st.to);
    document.title = st.q ? st.q + " · vnsearch" : "vnsearch · " + S.tagline;
  }

  function writeUrl(st, how) {
    var url = "/" + pageQuery(st, st.page);
    if (how === "none" || url === location.pathname + location.search) return;
    if (how === "replace") history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  function setBusy(busy) {
    form.querySelector(".searchbox").classList.toggle("busy", busy);
    main.classList.toggle("busy-results", busy);
    main.setAttribute("aria-busy", busy ? "true" : "false");
    $("status").textContent = busy ? S.loading : "";
  }

  function clearResults() {
    $("summary").replaceChildren();
    $("notice").hidden = true;
    $("suggest").hidden = true;
    $("error").hidden = true;
    $("empty").hidden = true;
    $("hits").replaceChildren();
    $("pager").replaceChildren();
    $("export").hidden = true;
  }

  function showError(message) {
    clearResults();
    var box = $("error");
    box.replaceChildren(el("strong", { text: S.error_title }), el("p", { text: message }));
    box.hidden = false;
    $("side").replaceChildren();
  }

  // Runs the search the state describes; `how` says what happens to the
  // history: "push", "replace", "typing" (push once per burst) or "none".
  function run(st, how) {
    if (how === "typing") {
      how = Date.now() - lastTyping < 2000 ? "replace" : "push";
      lastTyping = Date.now();
    } else {
      lastTyping = 0;
    }
    current = st;
    document.body.classList.toggle("landing", !st.q);
    writeUrl(st, how);
    updateLinks(st);
    var my = ++seq;
    if (controller) controller.abort();
    if (!st.q) {
      setBusy(false);
      clearResults();
      renderFacets({ city: {}, year: {}, source: {} }, st);
      $("side").replaceChildren();
      var welcome = $("welcome");
      if (welcome) welcome.hidden = false;
      return;
    }
    controller = new AbortController();
    var signal = controller.signal;
    setBusy(true);
    var p = searchParams(st);
    p.set("limit", String(PER_PAGE));
    p.set("offset", String((st.page - 1) * PER_PAGE));
    p.set("facets", "disjunctive");
    var t = searchParams(st);
    t.delete("sort");
    t.set("interval", "month");
    var getJson = function (url) {
      return fetch(url, { signal: signal, headers: { "Accept": "application/json" } }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body && body.error ? body.error : "HTTP " + r.status);
          return body;
        }, function () { throw new Error("HTTP " + r.status); });
      });
    };
    Promise.all([getJson("/api/search?" + p), getJson("/api/timeline?" + t)]).then(function (answers) {
      if (my !== seq) return;
      setBusy(false);
      renderResults(st, answers[0]);
      renderTrends(st, answers[1]);
    }).catch(function (e) {
      if (e.name === "AbortError" || my !== seq) return;
      setBusy(false);
      showError(e.message || String(e));
    });
  }

  function renderResults(st, res) {
    clearResults();
    var welcome = $("welcome");
    if (welcome) welcome.hidden = true;
    var pages = Math.min(Math.ceil(res.total / PER_PAGE), MAX_PAGE);
    var summary = $("summary");
    summary.appendChild(el("strong", { "class": "total", text: fill(res.total === 1 ? S.results_one : S.results_many, { n: number(res.total, st.lang) }) }));
    if (pages > 1) summary.appendChild(document.createTextNode(" · " + fill(S.page_of, { p: st.page, pages: pages })));
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(el("span", { "class": "took", text: fill(S.took, { ms: Math.round(res.took_ms) }) }));
    if (res.relaxed) {
      $("notice").textContent = S.relaxed;
      $("notice").hidden = false;
    }
    if (res.did_you_mean_accented) {
      var fixed = Object.assign({}, st, { q: res.did_you_mean_accented, page: 1 });
      $("suggest").replaceChildren(
        document.createTextNode(S.did_you_mean + " "),
        el("a", { href: "/" + pageQuery(fixed, 1), text: res.did_you_mean_accented }));
      $("suggest").hidden = false;
    }
    if (res.total === 0) {
      $("empty").replaceChildren(el("p", { text: fill(S.no_results, { q: st.q }) }), el("p", { text: S.no_results_hint }));
      $("empty").hidden = false;
    }
    var hits = $("hits");
    hits.setAttribute("start", String((st.page - 1) * PER_PAGE + 1));
    res.hits.forEach(function (h) { hits.appendChild(hitElement(st, h)); });
    renderPager(st, res.total);
    renderExport(st);
    renderFacets(res.facets, st);
  }

  function hitElement(st, h) {
    var meta = [];
    meta.push(h.date ? el("time", { datetime: h.date, text: showDate(h.date, st.lang) })
      : el("span", { "class": "undated", text: S.undated }));
    if (h.city) meta.push(el("span", { "class": "place", text: h.district ? h.city + " (" + h.district + ")" : h.city }));
    if (h.source) meta.push(el("span", { "class": "outlet", text: h.source }));
    var metaLine = el("p", { "class": "hit-meta" });
    meta.forEach(function (m, i) {
      if (i > 0) metaLine.appendChild(el("span", { "class": "sep", "aria-hidden": "true", text: " · " }));
      metaLine.appendChild(m);
    });
    if (isWebUrl(h.url)) {
      metaLine.appendChild(document.createTextNode(" "));
      metaLine.appendChild(el("a", { "class": "original", href: h.url.trim(), rel: "noopener noreferrer", target: "_blank", text: S.original + " ↗" }));
    }
    var snippet = el("p", { "class": "hit-snippet" });
    appendMarked(snippet, h.snippet || "");
    var href = "/articles/" + encodeURIComponent(h.id) + (pageQuery(st, st.page) || "?");
    return el("li", { "class": "hit" }, [
      el("h3", { "class": "hit-title" }, [el("a", { href: href, text: h.title })]),
      metaLine,
      snippet
    ]);
  }

  // First, last, and two either side of the current page (as render.rs).
  function pageNumbers(currentPage, pages) {
    var out = [];
    for (var p = 1; p <= pages; p++) {
      if (p === 1 || p === pages || Math.abs(p - currentPage) <= 2) out.push(p);
      else if (out[out.length - 1] !== null) out.push(null);
    }
    return out;
  }

  function renderPager(st, total) {
    var pager = $("pager");
    var pages = Math.min(Math.ceil(total / PER_PAGE), MAX_PAGE);
    if (pages <= 1) return;
    var link = function (p, text, cls, rel) {
      return el("a", { "class": cls, href: "/" + pageQuery(st, p), "data-page": String(p), rel: rel || null, text: text });
    };
    if (st.page > 1) pager.appendChild(link(st.page - 1, S.previous, "prev", "prev"));
    pageNumbers(st.page, pages).forEach(function (p) {
      if (p === null) pager.appendChild(el("span", { "class": "gap", "aria-hidden": "true", text: "…" }));
      else if (p === st.page) pager.appendChild(el("span", { "class": "current", "aria-current": "page", text: String(p) }));
      else pager.appendChild(link(p, String(p), "num"));
    });
    if (st.page < pages) pager.appendChild(link(st.page + 1, S.next, "next", "next"));
  }

  function renderExport(st) {
    var exp = $("export");
    ["csv", "jsonl"].forEach(function (format) {
      var p = searchParams(st);
      p.append("format", format);
      p.append("cite", "true");
      $("export-" + format).setAttribute("href", "/api/export?" + p);
    });
    exp.hidden = false;
  }

  function renderFacets(facets, st) {
    FACETS.forEach(function (name) {
      var counts = facets[name] || {};
      var values = Object.keys(counts).map(function (k) { return [k, counts[k]]; });
      if (name === "year") values.sort(function (a, b) { return a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0; });
      else values.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
      st[name].forEach(function (chosen) {
        if (!values.some(function (v) { return fold(v[0]) === fold(chosen); })) values.push([chosen, 0]);
      });
      var list = form.querySelector("fieldset[data-facet=" + name + "] .facet-values");
      list.replaceChildren();
      if (!values.length) list.appendChild(el("li", { "class": "facet-empty", text: S.no_values }));
      values.forEach(function (v) {
        var checked = st[name].some(function (c) { return fold(c) === fold(v[0]); });
        list.appendChild(el("li", { "class": v[1] === 0 ? "zero" : null }, [el("label", null, [
          el("input", { type: "checkbox", name: name, value: v[0], checked: checked }),
          el("span", { "class": "facet-name", text: v[0] }),
          el("span", { "class": "facet-count", text: number(v[1], st.lang) })
        ])]));
      });
    });
  }

  // ---- trends (the same geometry as render.rs) ----

  var W = 320, H = 140, TOP = 16, BOTTOM = 18;

  // `2023-12` → months since year 0, `2023` → the year (as render.rs).
  function periodIndex(period) {
    var m = /^(\d+)(?:-(\d+))?$/.exec(period);
    if (!m) return null;
    return m[2] === undefined ? +m[1] : +m[1] * 12 + (+m[2]) - 1;
  }

  // Bars on a continuous time axis: months without matches leave gaps.
  function timeAxis(periods) {
    var idx = periods.map(function (p) { return periodIndex(p.period); });
    if (!idx.length || idx.some(function (i) { return i === null; })) {
      return { positions: periods.map(function (_, i) { return i; }), slots: Math.max(periods.length, 1) };
    }
    var first = Math.min.apply(null, idx), last = Math.max.apply(null, idx);
    return { positions: idx.map(function (i) { return i - first; }), slots: last - first + 1 };
  }

  function monthChart(periods, mode, lang) {
    var value = function (p) { return mode === "share" ? p.share : p.count; };
    var label = function (v) { return mode === "share" ? percent(v) : number(v, lang); };
    var max = periods.reduce(function (m, p) { return Math.max(m, value(p)); }, 0);
    var axis = timeAxis(periods);
    var slot = W / axis.slots;
    var width = Math.min(Math.max(slot * 0.8, 0.5), 24);
    var plot = H - TOP - BOTTOM;
    var base = H - BOTTOM;
    var chart = svg("svg", {
      "class": "chart months", id: mode === "share" ? "chart-share" : "chart-count",
      viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": S.per_month + ": " + (mode === "share" ? S.show_share : S.show_count)
    });
    chart.appendChild(svg("line", { "class": "axis", x1: 0, y1: base, x2: W, y2: base }));
    periods.forEach(function (p, i) {
      var v = value(p);
      var h = max > 0 ? v / max * plot : 0;
      h = v > 0 ? Math.max(h, 1) : 0;
      var bar = svg("rect", {
        "class": "bar", x: (axis.positions[i] * slot + (slot - width) / 2).toFixed(2), y: (base - h).toFixed(2),
        width: width.toFixed(2), height: h.toFixed(2)
      });
      bar.appendChild(svg("title", {}, p.period + ": " + number(p.count, lang) + " / " + number(p.all, lang) + " (" + percent(p.share) + ")"));
      chart.appendChild(bar);
    });
    if (periods.length) {
      chart.appendChild(svg("text", { "class": "tick", x: 0, y: H - 4 }, periods[0].period));
      chart.appendChild(svg("text", { "class": "tick end", x: W, y: H - 4 }, periods[periods.length - 1].period));
    }
    chart.appendChild(svg("line", { "class": "grid", x1: 0, y1: TOP, x2: W, y2: TOP }));
    chart.appendChild(svg("text", { "class": "tick max", x: 0, y: 11 }, label(max)));
    return chart;
  }

  function cityChart(cities, lang) {
    var ROW = 22, LABEL = 116, BARS = 150;
    var width = LABEL + BARS + 40, height = ROW * Math.max(cities.length, 1);
    var max = Math.max(1, cities.reduce(function (m, c) { return Math.max(m, c.count); }, 0));
    var chart = svg("svg", { "class": "chart cities", id: "chart-cities", viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": S.top_cities });
    cities.forEach(function (c, i) {
      var y = i * ROW, w = Math.max(c.count / max * BARS, 1);
      chart.appendChild(svg("text", { "class": "label", x: LABEL - 8, y: y + 15 }, c.city));
      var bar = svg("rect", { "class": "bar", x: LABEL, y: y + 4, width: w.toFixed(2), height: ROW - 8 });
      bar.appendChild(svg("title", {}, c.city + ": " + number(c.count, lang)));
      chart.appendChild(bar);
      chart.appendChild(svg("text", { "class": "value", x: (LABEL + w + 6).toFixed(2), y: y + 15 }, number(c.count, lang)));
    });
    return chart;
  }

  function renderTrends(st, tl) {
    var periods = tl.periods.slice();
    var radio = function (value, text) {
      return el("label", null, [
        el("input", { type: "radio", name: "chart", value: value, checked: st.chart === value }),
        el("span", { text: text })
      ]);
    };
    var csv = searchParams(st);
    csv.delete("sort");
    csv.append("interval", "month");
    csv.append("format", "csv");
    var section = el("section", { "class": "trends", id: "trends", "aria-labelledby": "trends-h" }, [
      el("h2", { id: "trends-h", text: S.trends }),
      el("div", { "class": "trend-head" }, [
        el("h3", { text: S.per_month }),
        el("div", { "class": "switch", role: "radiogroup", "aria-label": S.per_month }, [
          radio("count", S.show_count), radio("share", S.show_share)
        ])
      ]),
      el("div", { "class": "chart-box", id: "months" }, [monthChart(periods, "count", st.lang), monthChart(periods, "share", st.lang)]),
      el("p", { "class": "note share-note", text: S.share_note }),
      el("p", { "class": "note", id: "no-trend", hidden: periods.length > 0, text: S.no_trend }),
      el("p", { "class": "note", id: "undated", hidden: !(tl.undated > 0), text: fill(S.undated_note, { n: number(tl.undated, st.lang) }) }),
      el("h3", { text: S.top_cities }),
      el("div", { "class": "chart-box", id: "cities" }, [cityChart(tl.cities, st.lang)]),
      el("p", { "class": "download" }, [el("a", { id: "trend-csv", href: "/api/timeline?" + csv, download: true, text: S.download_csv })])
    ]);
    $("side").replaceChildren(section);
  }

  // ---- events ----

  var typingTimer = null;
  qBox.addEventListener("input", function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { run(stateFromForm(), "typing"); }, 250);
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(typingTimer);
    run(stateFromForm(), "push");
  });

  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t.name === "chart") {
      current.chart = t.value;
      writeUrl(current, "replace");
      updateLinks(current);
      return;
    }
    if (t === qBox) return;
    if (FACETS.indexOf(t.name) >= 0 || t.name === "sort" || t.name === "from" || t.name === "to") {
      clearTimeout(typingTimer);
      run(stateFromForm(), "push");
    }
  });

  $("pager").addEventListener("click", function (e) {
    var a = e.target.closest("a[data-page]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    var st = Object.assign({}, current, { page: parseInt(a.getAttribute("data-page"), 10) });
    run(st, "push");
    main.focus({ preventScroll: true });
    main.scrollIntoView({ block: "start" });
  });

  window.addEventListener("popstate", function () {
    var st = stateFromUrl();
    fillForm(st);
    run(st, "none");
  });

  // ---- the article view ----

  function articleView() {
    var button = $("copy");
    var citation = $("citation");
    if (!button || !citation) return;
    button.hidden = false;
    var label = button.textContent;
    var done = function () {
      button.textContent = button.getAttribute("data-copied");
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    button.addEventListener("click", function () {
      var text = citation.textContent;
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(citation);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        try { document.execCommand("copy"); } catch (_) { /* selected for the user to copy */ }
        done();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  }
})();
