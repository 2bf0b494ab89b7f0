// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
      target.form.requestSubmit();
    }
  });
  // Live character counters: <textarea data-maxlength="2000" aria-describedby="x-count">.
  function updateCounter(field) {
    var counter = document.getElementById(field.getAttribute("data-counter"));
    if (!counter) { return; }
    var max = parseInt(field.getAttribute("data-maxlength"), 10);
    var used = Array.from(field.value).length;
    counter.textContent = used + " / " + max;
    counter.classList.toggle("over", used > max);
  }
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-counter")) {
      updateCounter(event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter]").forEach(updateCounter);
  });
})();
