/* Tooltips for the titles in the page content (agency names, references) and for glossary
   term links, whose definitions the build writes once in du-lieu/thuat-ngu.js (window.khThuatNgu,
   loaded by a <script> on a term link's first hover or focus): a page carries no definition, so
   a definition edit remakes two files, not every page that links the term.

   Replaces Material's content.tooltips, which copies a title into its tooltip as HTML: an agency
   name or a definition holding markup would run when a reader hovers the link. Here the title is
   only ever text (textContent).

   Shown on hover and on keyboard focus; hidden on Escape, blur, mouse leave and click. While
   shown, the title waits in data-title (the browser's own tooltip would repeat it) and the
   tooltip describes its element (aria-describedby). One listener per event on document: no
   module, no request but the definitions, works from file:// and on pages swapped in by instant
   navigation. */
(function () {
  "use strict";

  var TERM = "a.kh-term";
  var TITLED = ".md-content [title], .md-content " + TERM;
  // Next to this script (assets/javascripts/): the site's root is two folders up.
  var DEFINITIONS = new URL("../../du-lieu/thuat-ngu.js", document.currentScript.src).href;
  var ID = "kh-tooltip";
  var GAP = 6;           // px between the element and its tooltip
  var EDGE = 8;          // px kept free at the window's edges
  var LEAVE_DELAY = 150; // ms: the pointer may cross the gap onto the tooltip (WCAG 1.4.13)

  var tip = null;         // the tooltip element, one per document, made on first use
  var owner = null;       // the element whose title it shows
  var describedBy = null; // the owner's own aria-describedby, put back on hide
  var dismissed = null;   // closed by Escape or a click: not shown again until left
  var leaving = 0;
  var loading = null;     // the definitions' <script> while it loads
  var waiting = null;     // [element, pointerY] to show once the definitions are in

  function tooltip() {
    if (!tip || !tip.isConnected) {
      tip = document.createElement("div");
      tip.id = ID;
      tip.className = "kh-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function titled(node) {
    return node && node.closest ? node.closest(TITLED) : null;
  }

  function within(node, element) {
    return !!(node && element && element.contains(node));
  }

  function focusVisible(element) {
    try {
      return element.matches(":focus-visible");
    } catch (error) {
      return true; // a browser without :focus-visible: every focus counts
    }
  }

  // The definition a term link points to (its anchor in the glossary is the term's id); null
  // until the definitions are loaded, which the first call starts.
  function definition(element) {
    var definitions = window.khThuatNgu;
    if (!definitions) {
      if (!loading) {
        loading = document.createElement("script");
        loading.src = DEFINITIONS;
        loading.onload = function () {
          var shown = waiting;
          waiting = null;
          // Only if the pointer or the focus is still on it.
          if (shown && (shown[0].matches(":hover") || shown[0] === document.activeElement)) show(shown[0], shown[1]);
        };
        document.head.appendChild(loading);
      }
      return null;
    }
    var id = decodeURIComponent(element.hash.slice(1));
    return Object.prototype.hasOwnProperty.call(definitions, id) ? String(definitions[id]) : null;
  }

  function show(element, pointerY) {
    clearTimeout(leaving);
    if (element === owner || element === dismissed) return;
    hide();
    var term = !element.hasAttribute("title") && element.matches(TERM);
    var text = term ? definition(element) : element.getAttribute("title");
    if (term && text === null && !window.khThuatNgu) waiting = [element, pointerY];
    if (!text || !text.trim()) return;
    owner = element;
    if (!term) {
      element.setAttribute("data-title", text);
      element.removeAttribute("title");
    }
    describedBy = element.getAttribute("aria-describedby");
    element.setAttribute("aria-describedby", describedBy ? describedBy + " " + ID : ID);
    var box = tooltip();
    box.textContent = text; // text only: markup in a source stays text
    box.hidden = false;
    place(box, element, pointerY);
  }

  function hide() {
    clearTimeout(leaving);
    waiting = null;
    if (!owner) return;
    var element = owner;
    owner = null;
    if (element.hasAttribute("data-title")) {
      if (!element.hasAttribute("title")) element.setAttribute("title", element.getAttribute("data-title"));
      element.removeAttribute("data-title");
    }
    if (describedBy) element.setAttribute("aria-describedby", describedBy);
    else element.removeAttribute("aria-describedby");
    describedBy = null;
    if (tip) {
      tip.hidden = true;
      tip.textContent = "";
    }
  }

  function leaveSoon() {
    clearTimeout(leaving);
    leaving = setTimeout(function () {
      if (owner && !(owner === document.activeElement && focusVisible(owner))) hide();
    }, LEAVE_DELAY);
  }

  // Below the element's line under the pointer (a link may wrap), above it when the window has
  // no room below; centred on it, inside the window.
  function place(box, element, pointerY) {
    var rects = Array.prototype.slice.call(element.getClientRects());
    var line = rects.filter(function (r) { return pointerY >= r.top && pointerY <= r.bottom; })[0]
      || rects[0] || element.getBoundingClientRect();
    var origin = (box.offsetParent || document.body).getBoundingClientRect();
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var right = document.documentElement.clientWidth - EDGE - width;
    var left = Math.max(EDGE, Math.min(line.left + line.width / 2 - width / 2, right));
    var top = line.bottom + GAP;
    if (top + height > window.innerHeight - EDGE && line.top - GAP - height >= EDGE) {
      top = line.top - GAP - height;
    }
    box.style.left = (left - origin.left) + "px";
    box.style.top = (top - origin.top) + "px";
  }

  document.addEventListener("mouseover", function (event) {
    if (within(event.target, owner) || within(event.target, tip)) {
      clearTimeout(leaving);
      return;
    }
    var element = titled(event.target);
    if (element) show(element, event.clientY);
  });

  document.addEventListener("mouseout", function (event) {
    var to = event.relatedTarget;
    if (within(event.target, dismissed) && !within(to, dismissed)) dismissed = null;
    if (!owner || within(to, owner) || within(to, tip)) return;
    if (within(event.target, owner) || within(event.target, tip)) leaveSoon();
  });

  document.addEventListener("focusin", function (event) {
    var element = titled(event.target);
    if (element && element !== dismissed && focusVisible(event.target)) show(element);
  });

  document.addEventListener("focusout", function (event) {
    if (within(event.target, dismissed)) dismissed = null;
    if (owner && within(event.target, owner) && !owner.matches(":hover")) hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && owner) {
      dismissed = owner;
      hide();
    }
  });

  // Before the page's own click handlers, which may read the title (cite.js names what it copied).
  document.addEventListener("click", function (event) {
    if (owner && !within(event.target, tip)) {
      dismissed = owner;
      hide();
    }
  }, true);

  window.addEventListener("resize", hide);

  // Instant navigation swaps the content without a page load: nothing stays shown for an old page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () {
      dismissed = null;
      hide();
    });
  }
})();
