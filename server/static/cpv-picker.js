// CPV picker: fills the datalist of inputs marked data-cpv-picker with
// codes whose label (Dutch, French or English) or code matches what was
// typed, named in the page's language (<html lang>), in Dutch when the
// vocabulary has no label in it. Without JavaScript the field still takes
// codes typed by hand.
(function () {
  "use strict";
  var field = { fr: "label_fr", en: "label_en" }[document.documentElement.lang];
  function label(h) { return (field && h[field]) || h.label; }
  document.querySelectorAll("input[data-cpv-picker]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      // The last code of a list "90911200-8; reini" is the one being typed.
      var parts = input.value.split(/[;,]/);
      var q = parts[parts.length - 1].trim();
      if (q.length < 2) { return; }
      timer = setTimeout(function () {
        fetch("/api/v1/cpv?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (hits) {
            list.textContent = "";
            var prefix = parts.slice(0, -1).join("; ");
            hits.forEach(function (h) {
              var opt = document.createElement("option");
              opt.value = (prefix ? prefix + "; " : "") + h.code;
              opt.label = h.code + " " + label(h);
              opt.textContent = label(h);
              list.appendChild(opt);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
})();
