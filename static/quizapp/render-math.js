// Typeset $...$ and $$...$$ with KaTeX, on load and in every fragment htmx swaps in
// (the main target and the out-of-band pieces alike).
(function () {
  const options = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
    ],
    output: "htmlAndMathml", // MathML so screen readers read the math
    throwOnError: false,
    // Math can come from students (their written answers): no \href or \htmlClass, no
    // huge rules or sizes, no macro bombs; and text marked .no-math is never typeset (a
    // student's answer shown to an instructor is shown as typed).
    trust: false,
    maxSize: 5,
    maxExpand: 100,
    ignoredClasses: ["no-math"],
  };
  // Math the server rendered as MathML keeps its LaTeX in data-tex: KaTeX typesets it
  // (MathML alone already reads as math without JavaScript).
  function typesetServerMath(root) {
    if (!window.katex || !root.querySelectorAll) return;
    const spans = [...root.querySelectorAll("span.math[data-tex]")];
    if (root.matches && root.matches("span.math[data-tex]")) spans.push(root);
    for (const span of spans) {
      const tex = span.dataset.tex;
      span.removeAttribute("data-tex");
      window.katex.render(tex, span, { ...options, displayMode: span.dataset.display === "true" });
    }
  }
  function typeset(root) {
    if (!root) return;
    typesetServerMath(root);
    if (window.renderMathInElement) window.renderMathInElement(root, options);
  }
  document.addEventListener("DOMContentLoaded", () => typeset(document.body));
  document.addEventListener("htmx:afterSwap", (event) => typeset(event.detail.target || event.detail.elt));
  // htmx:load fires on every element a swap adds, out-of-band ones included, even when the
  // element that asked (a poller) was itself swapped away and its own events go nowhere.
  document.addEventListener("htmx:load", (event) => typeset(event.detail.elt));
})();
