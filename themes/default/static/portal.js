// Billfold portal: small enhancements. Every page works without this script.
(function () {
  "use strict";
  // A page the browser restores from its back/forward cache (Back after signing out or after paying) is asked for
  // again, so the server decides what it shows.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });

  // The account menu closes on Escape (focus back on its button) and on a click outside it.
  function openMenus() {
    return Array.prototype.slice.call(document.querySelectorAll("details.menu[open]"));
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openMenus().forEach(function (menu) {
      menu.removeAttribute("open");
      var button = menu.querySelector("summary");
      if (button) {
        button.focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });

  // Times come in UTC; show them in the reader's own time zone, keeping UTC in the tooltip.
  Array.prototype.forEach.call(document.querySelectorAll("time[data-local]"), function (time) {
    var when = new Date(time.getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      return;
    }
    time.title = time.textContent;
    // In the page's language (the portal's choice), in the reader's zone.
    time.textContent = when.toLocaleString(document.documentElement.lang || undefined, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  });
})();
