/* Tooltips for the titles in the page content: agency names, term definitions, references.

   Replaces Material's content.tooltips, which copies a title into its tooltip as HTML: an agency
   name or a definition holding markup would run when a reader hovers the link. Here the title is
   only ever text (textContent).

   Shown on hover and on keyboard focus; hidden on Escape, blur, mouse leave and click. While
   shown, the title waits in data-title (the browser's own tooltip would repeat it) and the
   tooltip describes its element (aria-describedby). One listener per event on document: no
   module, no request, works from file:// and on pages swapped in by instant navigation. */
(function () {
  "use strict";

  var TITLED = ".md-content [title]";
  var ID = "kh-tooltip";
  var GAP = 6;           // px between the element and its tooltip
  var EDGE = 8;          // px kept free at the window's edges
  var LEAVE_DELAY = 150; // ms: the pointer may cross the gap onto the tooltip (WCAG 1.4.13)

  var tip = null;         // the tooltip element, one per document, made on first use
  var owner = null;       // the element whose title it shows
  var describedBy = null; // the owner's own aria-describedby, put back on hide
  var dismissed = null;   // closed by Escape or a click: not shown again until left
  var leaving = 0;

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

  function show(element, pointerY) {
    clearTimeout(leaving);
    if (element === owner || element === dismissed) return;
    hide();
    var text = element.getAttribute("title");
    if (!text || !text.trim()) return;
    owner = element;
    element.setAttribute("data-title", text);
    element.removeAttribute("title");
    describedBy = element.getAttribute("aria-describedby");
    element.setAttribute("aria-describedby", describedBy ? describedBy + " " + ID : ID);
    var box = tooltip();
    box.textContent = text; // text only: markup in a source stays text
    box.hidden = false;
    place(box, element, pointerY);
  }

  function hide() {
    clearTimeout(leaving);
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
