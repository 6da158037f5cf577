// Sorting and filtering the portfolio's tables; without it the page lists everything.
//
// The portfolio (templates/portfolio.md.j2) has one table per tier, rows carrying their tier,
// status and owner as data attributes, and hidden filter controls. This script shows the
// controls, turns each column heading into a sort button (aria-sort on the heading says the
// order) and hides the rows, and tiers, that the filters leave out. No dependencies, no network.
// It runs on every page Material shows (document$ also follows instant navigation); on pages
// without a portfolio table it does nothing.
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var NUMBER = /^-?\d+(\.\d+)?$/;

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  /** The value a cell sorts by: its sort key when it has one, else its text. */
  function sortValue(cell) {
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return (key === null ? cell.textContent : key).trim();
  }

  /** Ascending order of two cell values; empty values always last. */
  function compare(a, b, direction) {
    if (a === "" || b === "") return (a === "") - (b === "");
    var order = NUMBER.test(a) && NUMBER.test(b) ? Number(a) - Number(b) : collator.compare(a, b);
    return direction === "descending" ? -order : order;
  }

  function setUp() {
    var tables = toArray(document.querySelectorAll("table.portfolio-table"));
    var controls = document.querySelector("[data-portfolio-controls]");
    if (!tables.length || tables[0].classList.contains("portfolio-sortable")) return;

    var rows = [];
    tables.forEach(function (table) {
      toArray(table.tBodies[0] ? table.tBodies[0].rows : []).forEach(function (row) {
        row.setAttribute("data-position", String(rows.length));
        rows.push(row);
      });
    });

    var sorted = { column: -1, direction: "ascending" };

    function sortBy(column) {
      var direction =
        sorted.column === column && sorted.direction === "ascending" ? "descending" : "ascending";
      sorted = { column: column, direction: direction };
      tables.forEach(function (table) {
        toArray(table.tHead.rows[0].cells).forEach(function (heading, index) {
          if (index === column) heading.setAttribute("aria-sort", direction);
          else heading.removeAttribute("aria-sort");
        });
        var body = table.tBodies[0];
        if (!body) return;
        toArray(body.rows)
          .sort(function (a, b) {
            return (
              compare(sortValue(a.cells[column]), sortValue(b.cells[column]), direction) ||
              Number(a.getAttribute("data-position")) - Number(b.getAttribute("data-position"))
            );
          })
          .forEach(function (row) {
            body.appendChild(row);
          });
      });
    }

    tables.forEach(function (table) {
      toArray(table.tHead.rows[0].cells).forEach(function (heading, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "portfolio-sort";
        button.textContent = heading.textContent;
        button.addEventListener("click", function () {
          sortBy(index);
        });
        heading.textContent = "";
        heading.appendChild(button);
      });
      table.classList.add("portfolio-sortable");
    });

    if (!controls) return;
    var selects = toArray(controls.querySelectorAll("select[data-filter]"));
    var count = controls.querySelector("[data-portfolio-count]");

    function applyFilters() {
      var wanted = {};
      var filtering = false;
      selects.forEach(function (select) {
        wanted[select.getAttribute("data-filter")] = select.value;
        filtering = filtering || select.value !== "";
      });
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Object.keys(wanted).every(function (name) {
          return !wanted[name] || row.getAttribute("data-" + name) === wanted[name];
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      toArray(document.querySelectorAll(".portfolio-tier[data-tier]")).forEach(function (tier) {
        var visible = !filtering || tier.querySelector("tbody tr:not([hidden])") !== null;
        tier.hidden = !visible;
        var heading = tier.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !visible;
      });
      if (count) {
        count.textContent = filtering
          ? "Showing " + shown + " of " + rows.length + " relationships."
          : "";
      }
    }

    selects.forEach(function (select) {
      select.addEventListener("change", applyFilters);
    });
    controls.hidden = false;
    applyFilters();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
