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
// Idle-timeout warning: two minutes before the server would sign the person out, offer to
// continue; any request (page, htmx, or the keep-alive) resets the server's clock.
(function () {
  "use strict";
  var body = document.body;
  var timeout = parseInt(body && body.getAttribute("data-idle-timeout"), 10);
  if (!timeout) { return; }
  var warning = document.getElementById("idle-warning");
  var countdown = warning && warning.querySelector("[data-idle-countdown]");
  var lead = Math.min(120, Math.floor(timeout / 2));
  var lastContact = Date.now();
  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    var left = timeout - Math.floor((Date.now() - lastContact) / 1000);
    if (left <= 0) {
      window.location.href = body.getAttribute("data-login-url") + "?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    if (left <= lead) {
      if (warning.hidden) { warning.hidden = false; warning.querySelector("button").focus(); }
      countdown.textContent = format(left);
    } else if (!warning.hidden) {
      warning.hidden = true;
    }
  }
  document.addEventListener("htmx:afterRequest", function () { lastContact = Date.now(); });
  warning.querySelector("[data-idle-continue]").addEventListener("click", function () {
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrfToken()}
    }).then(function (response) {
      if (response.ok) { lastContact = Date.now(); warning.hidden = true; }
      else { window.location.reload(); }
    });
  });
  window.setInterval(tick, 1000);
})();
// Print buttons (recovery codes): <span hidden data-print-row><button data-print>…</button></span>.
// The row stays hidden without this script, since the button could do nothing.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print-row]").forEach(function (row) { row.hidden = false; });
  });
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
})();
// Combined counters: every field with data-counter-group="body" adds to the element with
// data-counter-for="body" data-maxlength="2000" (its [data-count] child shows the total).
(function () {
  "use strict";
  function update(group) {
    var counter = document.querySelector('[data-counter-for="' + group + '"]');
    if (!counter) { return; }
    var used = 0;
    document.querySelectorAll('[data-counter-group="' + group + '"]').forEach(function (field) {
      used += Array.from(field.value).length;
    });
    var max = parseInt(counter.getAttribute("data-maxlength"), 10);
    var out = counter.querySelector("[data-count]");
    if (out) { out.textContent = String(used); }
    counter.classList.toggle("over", used > max);
  }
  document.addEventListener("input", function (event) {
    var group = event.target.getAttribute && event.target.getAttribute("data-counter-group");
    if (group) { update(group); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      update(counter.getAttribute("data-counter-for"));
    });
  });
})();
// Co-signer picker: a member ticked in the search results moves to the chosen list, so the
// next search keeps them; Enter in the search box searches instead of sending the form.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-cosigner-option") || !box.checked) { return; }
    var chips = document.getElementById("cosigner-chips");
    var label = box.closest("label");
    if (!chips || !label) { return; }
    var item = label.parentElement;
    if (chips.querySelector('input[value="' + box.value + '"]')) {
      if (item && item.tagName === "LI") { item.remove(); }
      return;
    }
    box.removeAttribute("data-cosigner-option");
    box.id = "cosigner-" + box.value;
    label.htmlFor = box.id;
    label.className = "chip";
    var extra = label.querySelector(".muted");
    if (extra) { extra.remove(); }
    chips.appendChild(label);
    if (item && item.tagName === "LI") { item.remove(); }
    box.focus();
  });
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && field instanceof HTMLInputElement && field.hasAttribute("data-cosigner-search")) {
      event.preventDefault();
      if (window.htmx) { window.htmx.trigger(field, "search"); }
    }
  });
})();
// Inside an element with data-signed-out="…": when the session has ended, htmx would follow
// the redirect and paste the sign-in page into a small status or results box. Show the
// element's message instead, and leave everything typed on the page.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var holder = detail.target && detail.target.closest && detail.target.closest("[data-signed-out]");
    if (!holder || !detail.xhr || !/\/accounts\/login\//.test(detail.xhr.responseURL || "")) { return; }
    detail.shouldSwap = false;
    var status = document.getElementById("autosave-status");
    if (status) {
      status.textContent = holder.getAttribute("data-signed-out");
      status.classList.add("error");
    }
  });
})();
// A form that saves itself (data-wait-autosave): pressing a submit button while an autosave
// is on its way waits for it, so the draft that autosave creates is the one submitted (the
// answer sets the form's proposal_id) and no second draft appears.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-wait-autosave")) { return; }
    if (!form.classList.contains("htmx-request") || form.getAttribute("data-waited") === "1") { return; }
    event.preventDefault();
    form.setAttribute("data-waited", "1");
    var submitter = event.submitter;
    var sent = false;
    function send() {
      if (sent) { return; }
      sent = true;
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    }
    form.addEventListener("htmx:afterRequest", function () { window.setTimeout(send, 0); }, { once: true });
    window.setTimeout(send, 8000);
  });
})();
