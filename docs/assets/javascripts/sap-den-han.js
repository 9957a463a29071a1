/* The home page's "Sắp đến hạn": the reporting deadlines of the next 60 days, counted from the
   day the page is read (du-lieu/han-bao-cao.js, made by the build, holds every dated deadline).
   Text only: every value comes from the sources. */
(function () {
  "use strict";
  var DAYS = 60;

  function show(box) {
    var all = window.khHanBaoCao || [];
    var today = new Date();
    today.setHours(0, 0, 0, 0);
    var until = new Date(today.getTime() + DAYS * 86400000);
    var soon = all.filter(function (d) {
      var when = new Date(d.date + "T00:00:00");
      return when >= today && when <= until;
    });
    var list = box.querySelector(".kh-upcoming-list");
    var status = box.querySelector(".kh-upcoming-status");
    list.textContent = "";
    status.textContent = soon.length
      ? soon.length + " hạn báo cáo trong " + DAYS + " ngày tới:"
      : "Không có hạn báo cáo nào trong " + DAYS + " ngày tới.";
    soon.forEach(function (d) {
      var li = document.createElement("li");
      var date = document.createElement("strong");
      date.textContent = d.date.split("-").reverse().join("/");
      var link = document.createElement("a");
      link.href = d.url;
      link.textContent = d.where;
      li.appendChild(date);
      li.appendChild(document.createTextNode(" — " + (d.who.join(", ") || "Các cơ quan được giao") +
        " báo cáo " + (d.to.join(", ") || "cấp trên") + " (" + d.written + "): "));
      li.appendChild(link);
      list.appendChild(li);
    });
  }

  function start() {
    var box = document.getElementById("sap-den-han");
    if (!box) return;
    var script = document.createElement("script");
    script.src = box.dataset.src;
    script.onload = function () { show(box); };
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
