// Data entry pages: warn before leaving with unsaved changes, and show what a
// numerator and denominator compute to (the server computes and checks it again).
(function () {
  "use strict";
  const MULTIPLIERS = { times_100: 100, per_100k: 100000, per_capita: 1, ratio: 1 };

  document.querySelectorAll("form.entry-form").forEach(function (form) {
    let dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });

  // The page's language writes numbers its own way (jsi18n's get_format): "1 234,5" in French, "1.234,5" in Spanish.
  const DECIMAL = get_format("DECIMAL_SEPARATOR");
  const THOUSANDS = get_format("THOUSAND_SEPARATOR");

  function parse(text) {
    let cleaned = String(text || "").replace(/[\s\u00a0\u202f]/g, "");
    if (DECIMAL === ",") {
      if (THOUSANDS === ".") { cleaned = cleaned.replace(/\.(?=\d{3}(?!\d))/g, ""); }
      cleaned = cleaned.replace(",", ".");
    }
    return cleaned === "" ? NaN : Number(cleaned);
  }

  document.querySelectorAll("[data-calculation]").forEach(function (box) {
    const multiplier = MULTIPLIERS[box.dataset.calculation];
    const numerator = box.querySelector("input[name$='-numerator']");
    const denominator = box.querySelector("input[name$='-denominator']");
    const output = box.querySelector(".entry-computed");
    if (!multiplier || !numerator || !denominator || !output) { return; }
    function show() {
      const top = parse(numerator.value);
      let bottom = parse(denominator.value);
      if (isNaN(bottom) && box.dataset.population) { bottom = parse(box.dataset.population); }
      if (isNaN(top) || isNaN(bottom) || bottom === 0) { output.textContent = ""; return; }
      const computed = top / bottom * multiplier;
      const figure = computed.toFixed(6).replace(/\.?0+$/, "").replace(".", DECIMAL);
      output.textContent = interpolate(gettext("Computed from numerator and denominator: %s"), [figure]);
    }
    numerator.addEventListener("input", show);
    denominator.addEventListener("input", show);
    show();
  });
})();
