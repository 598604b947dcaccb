// Wieg's own behaviour, from a static file: the Content-Security-Policy allows no inline script or handler.

// A pick-list marked data-autosubmit submits its form as soon as a choice is made (the organisation switch,
// filters); a <noscript> button does the same without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});

// The team picker: choosing a professional sets the role their discipline usually has (still editable).
document.addEventListener("change", (event) => {
  const picked = event.target;
  if (!(picked instanceof HTMLSelectElement) || !picked.form) return;
  const option = picked.selectedOptions[0];
  const discipline = option && option.dataset.discipline;
  const role = picked.form.querySelector("select[data-role-by-discipline]");
  if (!discipline || !role) return;
  const roles = JSON.parse(role.dataset.roleByDiscipline || "{}");
  role.value = roles[discipline] || "other";
});
