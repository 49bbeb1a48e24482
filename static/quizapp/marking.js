// The marking form: Ctrl+Enter (or Cmd+Enter) in the comment saves and opens the next answer.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  const form = event.target.closest && event.target.closest("#marking-form");
  if (form) {
    event.preventDefault();
    form.requestSubmit();
  }
});
