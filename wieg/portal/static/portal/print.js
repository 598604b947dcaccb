// The letter's print button; a file of its own so that no inline script is needed.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
