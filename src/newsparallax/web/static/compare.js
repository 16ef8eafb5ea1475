// The compare form's "Add an article" button: clones the last article block with fresh ids. It writes no
// HTML, only values, ids and text, so nothing typed into the form can become markup.
(function () {
  "use strict";
  var add = document.getElementById("add");
  if (!add) return;
  add.addEventListener("click", function () {
    var blocks = document.querySelectorAll("fieldset.article");
    var last = blocks[blocks.length - 1];
    var copy = last.cloneNode(true);
    var n = blocks.length + 1;
    copy.querySelector("legend").textContent = "Article " + n;
    copy.querySelectorAll("input, textarea").forEach(function (el) {
      el.value = "";
      el.id = el.name + "-" + n;
    });
    copy.querySelectorAll("label").forEach(function (label) {
      label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + n);
    });
    last.after(copy);
    copy.querySelector("input").focus();
  });
})();
