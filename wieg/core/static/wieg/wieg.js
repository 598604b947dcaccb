// Wieg's own behaviour, from a static file: the Content-Security-Policy allows no inline script or handler.

// A pick-list marked data-autosubmit submits its form as soon as a choice is made (the organisation switch,
// filters); a <noscript> button does the same without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
