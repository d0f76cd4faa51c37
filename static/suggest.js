// Autocomplete for the search box: fills a <datalist> from /api/v1/suggest as the visitor types.
// Progressive enhancement: without JavaScript the form works the same, only without suggestions.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggesties");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === last) { return; }
      last = text;
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(text),
            { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (body) {
          while (list.firstChild) { list.removeChild(list.firstChild); }
          body.suggestions.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.text;
            option.label = item.type;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a nicety; the search itself still works */ });
    }, 150);
  });
}());
