// Sanad's page script: what happens in the browser without a round trip.
// Settings and messages come from the header's #sanad-config (data-lang, data-limit,
// data-counter-from, data-counter, data-too-long, data-copied, data-gradio-labels), so they
// follow the interface's language. Listeners sit on window/document in the capture phase:
// they run before Gradio's own and survive its re-rendering.
(function () {
  "use strict";
  var PHONE = "(max-width: 768px)";

  function config() {
    var element = document.getElementById("sanad-config");
    return element ? element.dataset : null;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function localNumber(value, lang) {
    return new Intl.NumberFormat(lang === "ar" ? "ar-EG" : "en-US").format(value);
  }

  // Gradio's own labels. Those it translates (Like, Dislike, Clear…) follow its locale, which
  // starts as the browser's: set it to the interface's language with the function Gradio's
  // settings panel uses (changeLocale, exported by its already-loaded core module).
  var gradioLocale = null;

  function setGradioLocale(lang) {
    if (!gradioLocale) {
      var core = performance.getEntriesByType("resource").map(function (entry) { return entry.name; })
        .filter(function (name) { return /\/assets\/core-[\w-]+\.js$/.test(name); })[0];
      gradioLocale = core ? import(core).then(function (module) { return module.changeLocale; })
        : Promise.reject(new Error("Gradio's core module is not among the page's scripts"));
    }
    gradioLocale.then(function (change) { change(lang); }, function (error) {
      gradioLocale = null;
      console.warn("sanad: Gradio's labels stay in the browser's language:", error);
    });
  }

  // Those it writes in English whatever its locale ("Liked", "bot's message: <div…") are put in
  // the interface's words here, from data-gradio-labels ({gradio's: ours}, "{}" the filled part,
  // its tags dropped); Gradio's words come back when the language has none for them.
  var LABELLED = ["aria-label", "title"];
  var ours = new WeakMap(); // element -> {attribute: [gradio's words, ours]}
  var table = { source: null, words: {} };

  function gradioLabels() {
    var settings = config(), source = settings ? settings.gradioLabels || "{}" : "{}";
    if (source !== table.source) {
      try { table.words = JSON.parse(source); } catch (error) { table.words = {}; }
      table.source = source;
    }
    return table.words;
  }

  function translate(value, words) {
    if (Object.prototype.hasOwnProperty.call(words, value)) return words[value];
    for (var pattern in words) {
      var at = pattern.indexOf("{}");
      if (at < 0) continue;
      var head = pattern.slice(0, at), tail = pattern.slice(at + 2);
      if (value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail)) {
        var filled = value.slice(head.length, value.length - tail.length).replace(/<[^>]*>/g, " ");
        return words[pattern].replace("{}", filled.replace(/\s+/g, " ").trim());
      }
    }
    return null;
  }

  function relabel(element, words) {
    LABELLED.forEach(function (name) {
      var value = element.getAttribute(name);
      if (value === null) return;
      var saved = ours.get(element) || {}, pair = saved[name];
      var gradios = pair && value === pair[1] ? pair[0] : value;
      var wanted = translate(gradios, words);
      if (wanted === null) wanted = gradios;
      if (wanted !== gradios) {
        saved[name] = [gradios, wanted];
        ours.set(element, saved);
      }
      if (wanted !== value) element.setAttribute(name, wanted);
    });
  }

  function relabelAll(root) {
    var words = gradioLabels();
    if (root.nodeType !== 1) return;
    relabel(root, words);
    root.querySelectorAll("[aria-label], [title]").forEach(function (element) { relabel(element, words); });
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") relabel(record.target, gradioLabels());
      else record.addedNodes.forEach(relabelAll);
    });
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: LABELLED });

  // The interface's language: the page's direction and Gradio's labels follow it; an explicit choice is remembered.
  window.sanadSetLanguage = function (lang, remember) {
    var root = document.documentElement;
    root.lang = lang;
    root.dir = lang === "ar" ? "rtl" : "ltr";
    if (remember) {
      try { localStorage.setItem("sanad-lang", lang); } catch (error) { /* private mode */ }
    }
    setGradioLocale(lang);
    relabelAll(document.body);
    setTimeout(updateCounter, 0);
    return lang;
  };

  // A choice made before (?lang= in the address, or the switch on an earlier visit), or "".
  window.sanadChosenLanguage = function () {
    var asked = new URLSearchParams(window.location.search).get("lang");
    if (asked) return asked;
    try { return localStorage.getItem("sanad-lang") || ""; } catch (error) { return ""; }
  };

  // The question's length: a counter near the limit, and no sending beyond it.
  function questionBox() {
    return document.querySelector("#sanad-question textarea");
  }

  function counter(box) {
    var element = document.getElementById("sanad-counter");
    if (!element) {
      element = document.createElement("div");
      element.id = "sanad-counter";
      element.className = "sanad-counter";
      element.setAttribute("aria-live", "polite");
      element.hidden = true;
      box.closest("#sanad-question").appendChild(element);
    }
    return element;
  }

  function updateCounter() {
    var box = questionBox(), settings = config();
    if (!box || !settings) return false;
    // Characters as Python counts them (code points), not UTF-16 units: an emoji is one.
    var count = Array.from(box.value).length, limit = Number(settings.limit), over = count > limit;
    var element = counter(box);
    var numbers = { count: localNumber(count, settings.lang), limit: localNumber(limit, settings.lang) };
    element.hidden = count < Number(settings.counterFrom);
    element.textContent = element.hidden ? "" : fill(over ? settings.tooLong : settings.counter, numbers);
    element.classList.toggle("sanad-over", over);
    element.setAttribute("role", over ? "alert" : "status");
    box.setAttribute("aria-invalid", over ? "true" : "false");
    var send = document.getElementById("sanad-send");
    if (send) {
      send.classList.toggle("sanad-blocked", over);
      send.setAttribute("aria-disabled", over ? "true" : "false");
    }
    return over;
  }

  function refuseIfTooLong(event) {
    if (!updateCounter()) {
      setTimeout(updateCounter, 600); // the box is emptied once the question is sent
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    var element = document.getElementById("sanad-counter");
    element.classList.remove("sanad-shake");
    void element.offsetWidth; // restart the animation
    element.classList.add("sanad-shake");
  }

  function inQuestion(event) {
    return event.target.closest && event.target.closest("#sanad-question");
  }

  document.addEventListener("input", function (event) {
    if (inQuestion(event)) updateCounter();
  }, true);
  ["keydown", "keypress"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && inQuestion(event)) refuseIfTooLong(event);
    }, true);
  });
  window.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#sanad-send")) refuseIfTooLong(event);
  }, true);

  // Citations: the sources panel on a wide screen, the paragraph in place otherwise.
  function panelEntry(link) {
    var found = /(?:^|\s)sanad-to-(\S+)/.exec(link.className);
    return found ? document.querySelector("#sanad-sources #" + CSS.escape(found[1])) : null;
  }

  function flash(element) {
    element.classList.add("sanad-flash");
    setTimeout(function () { element.classList.remove("sanad-flash"); }, 1600);
  }

  function openInPlace(link, paragraph) {
    paragraph.hidden = false;
    paragraph.sanadFrom = link;
    link.setAttribute("aria-expanded", "true");
    paragraph.scrollIntoView({ behavior: "smooth", block: "nearest" });
    var back = paragraph.querySelector(".sanad-back");
    if (back) back.focus({ preventScroll: true });
  }

  function closeInPlace(paragraph) {
    paragraph.hidden = true;
    var link = paragraph.sanadFrom || document.querySelector('a.sanad-cite[href="#' + paragraph.id + '"]');
    if (!link) return;
    link.setAttribute("aria-expanded", "false");
    link.scrollIntoView({ behavior: "smooth", block: "center" });
    link.focus({ preventScroll: true });
  }

  function openCitation(link) {
    var entry = panelEntry(link);
    if (!window.matchMedia(PHONE).matches && entry && entry.offsetParent !== null) {
      entry.scrollIntoView({ behavior: "smooth", block: "start" });
      flash(entry);
      return;
    }
    var paragraph = document.getElementById(link.getAttribute("href").slice(1));
    if (!paragraph) return;
    if (paragraph.hidden) openInPlace(link, paragraph);
    else closeInPlace(paragraph);
  }

  // Copy an answer: its sentences and markers as text, without the folded paragraphs.
  function copyAnswer(button) {
    var answer = button.closest(".sanad-answer");
    var lines = Array.prototype.map.call(answer.querySelectorAll(".sanad-sentence, .sanad-closest"), function (p) {
      return p.innerText.trim();
    });
    var value = lines.join("\n");
    var label = button.sanadLabel || (button.sanadLabel = button.textContent);
    function done() {
      var settings = config();
      button.textContent = settings ? settings.copied : "✓";
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = value;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } finally { area.remove(); }
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(value).then(done, fallback);
    else fallback();
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var link = event.target.closest("a.sanad-cite");
    if (link) {
      event.preventDefault();
      openCitation(link);
      return;
    }
    var back = event.target.closest("button.sanad-back");
    if (back) {
      closeInPlace(back.closest(".sanad-inline"));
      return;
    }
    var copy = event.target.closest("button.sanad-copy");
    if (copy) copyAnswer(copy);
  }, true);
})();
