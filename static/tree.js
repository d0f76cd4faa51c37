/* Progressive enhancement of a scheme's tree: "expand all" and "collapse all" buttons.
   The tree works without this script (native <details>); the buttons stay hidden without it. */
(function () {
  "use strict";
  document.querySelectorAll(".tree-controls").forEach(function (controls) {
    var section = controls.closest("section");
    if (!section) { return; }
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tree]");
      if (!button) { return; }
      var open = button.getAttribute("data-tree") === "open";
      section.querySelectorAll(".tree details").forEach(function (details) {
        details.open = open;
      });
    });
  });
}());
