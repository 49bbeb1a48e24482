// The admin's part form: show the answer fields of the kind chosen, try a sample answer
// (htmx posts the whole form; this adds the part's prefix and the answer), keep it as a
// test case, and let refusals (4xx) show their message in place.
(function () {
  // A refused try or preview answers 4xx with a message to show, not to hide.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[234]..", swap: true },
    { code: "...", swap: false, error: true },
  ];

  // The part a control belongs to: its inline on the question page, else the part page.
  function scopeOf(element) {
    return element.closest(".inline-related") || element.closest("#part_form");
  }
  function prefixOf(element) {
    const inline = element.closest(".inline-related");
    return inline ? inline.id : "";
  }

  function showKind(select) {
    const scope = scopeOf(select);
    if (!scope || !select.name.endsWith("kind")) return;
    for (const fieldset of scope.querySelectorAll("fieldset.answer-kind")) {
      fieldset.hidden = select.value !== "" && !fieldset.classList.contains("answer-" + select.value);
    }
  }
  function showKinds(root) {
    for (const select of root.querySelectorAll("select[name$='kind']")) showKind(select);
  }
  document.addEventListener("DOMContentLoaded", () => showKinds(document));
  document.addEventListener("formset:added", (event) => showKinds(event.target));
  document.addEventListener("change", (event) => {
    if (event.target.matches("select[name$='kind']")) showKind(event.target);
  });

  document.addEventListener("htmx:configRequest", (event) => {
    const panel = event.detail.elt.closest("[data-part-try]");
    if (!panel) return;
    const values = { prefix: prefixOf(panel), try_answer: panel.querySelector("[data-try-answer]").value };
    for (const [name, value] of Object.entries(values)) {
      if (event.detail.formData) event.detail.formData.set(name, value);
      else event.detail.parameters[name] = value;
    }
  });
  // Enter in the sample answer tries it rather than saving the whole form.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("[data-try-answer]")) {
      event.preventDefault();
      event.target.closest("[data-part-try]").querySelector("button").click();
    }
  });

  // "Keep as test case": into the first empty row of the part's test cases (a new row when
  // none is left); kept when the form is saved.
  function emptyRow(table) {
    const rows = [...table.tBodies[0].rows];
    const free = rows.find((row) => !row.querySelector("[data-key='answer']").value.trim());
    if (free) return free;
    const copy = rows[rows.length - 1].cloneNode(true);
    for (const control of copy.querySelectorAll("[name]")) {
      control.name = control.name.replace(/-(\d+)-(\w+)$/, `-${rows.length}-$2`);
      control.value = "";
    }
    table.tBodies[0].append(copy);
    table.nextElementSibling.value = rows.length + 1; // the hidden row count

    return copy;
  }
  document.addEventListener("click", (event) => {
    const keep = event.target.closest("[data-keep-case]");
    if (!keep) return;
    const table = scopeOf(keep).querySelector("table.answer-rows[data-rows$='tests']");
    const row = emptyRow(table);
    row.querySelector("[data-key='answer']").value = keep.dataset.answer;
    row.querySelector("[data-key='verdict']").value = keep.dataset.verdict;
    keep.disabled = true;
    keep.textContent = "Kept: save the part to store it";
  });
})();
