/* Ningju statistics charts (ECharts, bundled under /static/vendor/echarts/).
 *
 * The figures come from a JSON data island (<script type="application/json"
 * id="proposal-chart-data">, rendered by Django's json_script), never from inline script, so
 * the page keeps its strict Content-Security-Policy. Every chart repeats a table that sits
 * right below it: the charts are aria-hidden and the page works without JavaScript.
 */
(function () {
  "use strict";

  var PALETTE = ["#8c1d18", "#0b4f9c", "#1d6b35", "#8a4b00", "#5b3f8c", "#4f5660"];

  function readData() {
    var island = document.getElementById("proposal-chart-data");
    if (!island) return null;
    try {
      return JSON.parse(island.textContent);
    } catch (e) {
      return null;
    }
  }

  function fontFamily() {
    return window.getComputedStyle(document.body).fontFamily || "sans-serif";
  }

  function categoriesOption(d, font) {
    return {
      color: PALETTE,
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 32, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.labels },
      series: [{ type: "bar", name: d.title, data: d.values, label: { show: true, position: "right" } }],
    };
  }

  function resultsOption(d, font) {
    return {
      color: PALETTE,
      textStyle: { fontFamily: font },
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0 },
      series: [{
        type: "pie",
        name: d.title,
        radius: ["35%", "65%"],
        percentPrecision: 1,
        data: d.items,
        label: { formatter: "{b}\n{c}（{d}%）" },
      }],
    };
  }

  function unitsOption(d, font) {
    return {
      color: ["#1d6b35", "#8a4b00", "#a11a1a", "#0b4f9c"],
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.labels },
      series: d.series.map(function (s) {
        return { type: "bar", stack: "units", name: s.name, data: s.values };
      }),
    };
  }

  var BUILDERS = { categories: categoriesOption, results: resultsOption, units: unitsOption };

  function heightFor(kind, d) {
    if (kind === "results") return 320;
    var rows = (d.labels || []).length;
    return Math.max(200, Math.min(900, 60 + rows * 36));
  }

  function init() {
    var data = readData();
    if (!data || typeof window.echarts === "undefined") return;
    var font = fontFamily();
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var kind = el.getAttribute("data-chart");
      var d = data[kind];
      var build = BUILDERS[kind];
      if (!d || !build) return;
      // Sizing through the CSSOM (not a style attribute), which the CSP allows.
      el.style.width = "100%";
      el.style.height = heightFor(kind, d) + "px";
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(build(d, font));
      charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (c) { c.resize(); });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
