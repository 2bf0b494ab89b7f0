// Routing form: show only the list that matches the chosen kind (member, station, unit).
// Without JavaScript all three lists stay visible and the service checks the choice.
(function () {
  "use strict";
  var form = document.querySelector("[data-route-form]");
  if (!form) return;
  var targets = { member: "id_member", station: "id_station", unit: "id_unit" };
  function update() {
    var chosen = form.querySelector("input[name=kind]:checked");
    Object.keys(targets).forEach(function (kind) {
      var select = document.getElementById(targets[kind]);
      if (!select) return;
      var field = select.closest(".field");
      var show = !chosen || chosen.value === kind;
      if (field) field.hidden = !show;
    });
  }
  form.addEventListener("change", update);
  update();
})();
