// Typeset $...$ and $$...$$ with KaTeX, on load and in every fragment htmx swaps in.
(function () {
  const options = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
    ],
    output: "htmlAndMathml", // MathML so screen readers read the math
    throwOnError: false,
  };
  function typeset(root) {
    if (window.renderMathInElement) window.renderMathInElement(root, options);
  }
  document.addEventListener("DOMContentLoaded", () => typeset(document.body));
  document.addEventListener("htmx:afterSwap", (event) => typeset(event.detail.elt));
})();
