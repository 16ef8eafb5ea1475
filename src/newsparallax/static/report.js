// Parallax report: sentence linking, citation jumps and tabs. The comparison comes from the JSON block
// (never evaluated as code) and is only ever written to the page through textContent and classList.
(function () {
  "use strict";
  var source = document.getElementById("parallax-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  document.body.classList.add("js");

  var narrow = window.matchMedia("(max-width: 60rem)");
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)");
  var status = document.getElementById("status");
  var columns = Array.prototype.slice.call(document.querySelectorAll(".col"));
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".tabs [role=tab]"));

  // Keys join article id and sentence index with a NUL, which neither can contain in a useful way; lookups
  // go through Maps, so ids are never pasted into CSS selectors.
  function key(article, sentence) { return article + "\u0000" + sentence; }

  var sentenceEls = new Map();
  document.querySelectorAll("span.s").forEach(function (el) {
    sentenceEls.set(key(el.dataset.a, el.dataset.s), el);
  });
  var labels = new Map();
  columns.forEach(function (col) {
    var name = col.querySelector(".col-source");
    labels.set(col.dataset.a, name ? name.textContent : col.dataset.a);
  });
  var articles = new Map();
  (data.articles || []).forEach(function (a) { articles.set(a.id, a); });

  var factsOf = new Map();
  var sentencesOf = new Map();
  (data.facts || []).forEach(function (fact) {
    var keys = [];
    (fact.mentions || []).forEach(function (m) {
      var k = key(m.article, m.sentence);
      keys.push(k);
      if (!factsOf.has(k)) factsOf.set(k, []);
      if (factsOf.get(k).indexOf(fact) < 0) factsOf.get(k).push(fact);
    });
    sentencesOf.set(fact.id, keys);
  });

  // The sentences a span overlaps: citations and conflict values may cover a few words of a sentence.
  function sentencesAt(span) {
    var article = articles.get(span.article);
    if (!article) return [];
    var end = Math.max(span.end, span.start + 1);
    return (article.sentences || [])
      .filter(function (s) { return s.start < end && span.start < s.end; })
      .map(function (s) { return key(article.id, s.id); });
  }

  // data-path="facts/3/conflicts/0" names an item of the data; its spans are itself, mentions, spans or citations.
  function resolve(path) {
    var node = data;
    path.split("/").forEach(function (part) {
      node = node == null ? null : Object.prototype.hasOwnProperty.call(node, part) ? node[part] : null;
    });
    return node;
  }
  function spansOf(node) {
    if (!node || typeof node !== "object") return [];
    if (typeof node.article === "string" && typeof node.start === "number") return [node];
    return node.mentions || node.spans || node.citations || [];
  }

  var lit = [];
  function clear() {
    lit.forEach(function (el) { el.classList.remove("hl", "sel", "flash"); });
    lit = [];
    tabs.forEach(function (tab) { tab.classList.remove("has-hl"); });
    status.textContent = "";
  }
  function mark(el, cls) {
    el.classList.add(cls);
    lit.push(el);
    if (cls === "sel") return; // a tab's dot means "something to see there", not "you clicked here"
    var col = el.closest(".col");
    var n = columns.indexOf(col);
    if (tabs[n]) tabs[n].classList.add("has-hl");
  }
  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation when the same span is cited twice in a row
    mark(el, "flash");
  }
  function uniqueEls(keys) {
    var seen = new Set();
    var els = [];
    keys.forEach(function (k) {
      var el = sentenceEls.get(k);
      if (el && !seen.has(el)) { seen.add(el); els.push(el); }
    });
    return els;
  }
  function sourcesOf(els) {
    var names = [];
    els.forEach(function (el) {
      var name = labels.get(el.dataset.a);
      if (names.indexOf(name) < 0) names.push(name);
    });
    return names.join(", ");
  }

  function activate(n, focus) {
    tabs.forEach(function (tab, i) {
      var on = i === n;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      columns[i].classList.toggle("active", on);
    });
    if (focus && tabs[n]) tabs[n].focus();
  }

  // Scroll each column (not the page) to its first lit sentence; on narrow screens show the first one's tab.
  function reveal(els, keep) {
    var behavior = calm.matches ? "auto" : "smooth";
    if (narrow.matches) {
      var target = els.filter(function (el) { return el.closest(".col") !== keep; })[0];
      if (!keep && target) {
        activate(columns.indexOf(target.closest(".col")), false);
        target.scrollIntoView({ block: "center", behavior: behavior });
      }
      return;
    }
    var done = new Set([keep]);
    els.forEach(function (el) {
      var col = el.closest(".col");
      if (done.has(col)) return;
      done.add(col);
      var body = col.querySelector(".body");
      body.scrollTo({ top: Math.max(0, el.offsetTop - body.clientHeight / 3), behavior: behavior });
    });
  }

  function select(el) {
    var here = key(el.dataset.a, el.dataset.s);
    var again = el.classList.contains("sel");
    clear();
    if (again) return;
    var facts = factsOf.get(here) || [];
    var keys = [];
    facts.forEach(function (fact) { keys = keys.concat(sentencesOf.get(fact.id)); });
    var others = uniqueEls(keys).filter(function (other) { return other !== el; });
    others.forEach(function (other) { mark(other, "hl"); });
    mark(el, "sel");
    reveal(others, el.closest(".col"));
    var elsewhere = others.filter(function (other) { return other.dataset.a !== el.dataset.a; });
    if (!facts.length) status.textContent = "No fact was aligned to this sentence.";
    else if (!elsewhere.length) status.textContent = "Only " + labels.get(el.dataset.a) + " reports this.";
    else status.textContent = "Also reported by " + sourcesOf(elsewhere) + " (" + elsewhere.length + " sentences).";
  }

  function go(path) {
    clear();
    var keys = [];
    spansOf(resolve(path)).forEach(function (span) { keys = keys.concat(sentencesAt(span)); });
    var els = uniqueEls(keys);
    els.forEach(flash);
    var parts = path.split("/");
    if (parts[0] === "framing") {
      document.querySelectorAll("mark.fr").forEach(function (m) {
        if ((m.dataset.fr || "").split(" ").indexOf(parts[1]) >= 0) flash(m);
      });
    }
    document.getElementById("articles").scrollIntoView({ block: "start" });
    reveal(els, null);
    if (els.length) {
      els[0].focus({ preventScroll: true });
      status.textContent = "Showing " + els.length + " sentence" + (els.length === 1 ? "" : "s") + " in " + sourcesOf(els) + ".";
    } else {
      status.textContent = "The cited text is not in any sentence shown.";
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-path]");
    if (target) {
      event.preventDefault();
      go(target.dataset.path);
      return;
    }
    var sentence = event.target.closest("span.s");
    if (sentence) select(sentence);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); return; }
    var sentence = event.target.closest && event.target.closest("span.s");
    if (sentence && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(sentence);
    }
  });

  tabs.forEach(function (tab, n) {
    tab.addEventListener("click", function () { activate(n, false); });
    tab.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) activate((n + step + tabs.length) % tabs.length, true);
      else if (event.key === "Home") activate(0, true);
      else if (event.key === "End") activate(tabs.length - 1, true);
    });
  });
  activate(0, false);

  var framing = document.getElementById("show-framing");
  if (framing) {
    framing.addEventListener("change", function () { document.body.classList.toggle("no-framing", !framing.checked); });
  }
})();
