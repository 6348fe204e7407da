// Copy buttons of the clause assistant: a button marked data-copy="ID"
// copies the text of the element with that id to the clipboard. The
// buttons stay hidden without JavaScript or a clipboard; the clause text
// itself is selectable text either way.
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    var label = button.textContent;
    var timer = null;
    function say(text) {
      button.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () { button.textContent = label; }, 2500);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        function () { say("Gekopieerd"); },
        function () {
          var range = document.createRange();
          range.selectNodeContents(target);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          say("Niet gelukt: de tekst is geselecteerd, kopieer met Ctrl+C");
        });
    });
  });
})();
