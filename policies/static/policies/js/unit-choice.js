// A search box above every unit choice (policies/unit_choice.py): typing "hoa binh" keeps "Xã Hòa Bình".
// Each option carries its label already folded by the server (data-folded), so only what is typed is folded
// here, the same way for the usual cases (diacritics, đ, case, punctuation). Without this script the grouped
// select works as it is.
(() => {
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/[^0-9a-z]+/g, " ")
      .trim();

  const enhance = (select) => {
    if (select.dataset.unitChoiceReady) {
      return;
    }
    select.dataset.unitChoiceReady = "1";
    const box = document.createElement("input");
    box.type = "search";
    box.className = "unit-choice__filter";
    box.autocomplete = "off";
    box.placeholder = select.dataset.unitFilterLabel || "";
    box.setAttribute("aria-label", select.dataset.unitFilterLabel || "");
    if (select.id) {
      box.id = `${select.id}-loc`;
      box.setAttribute("aria-controls", select.id);
    }
    box.style.display = "block";
    box.style.boxSizing = "border-box";
    box.style.width = "100%";
    box.style.marginBottom = "0.25rem";
    select.parentNode.insertBefore(box, select);

    const apply = () => {
      const words = fold(box.value).split(" ").filter(Boolean);
      select.querySelectorAll("option[data-folded]").forEach((option) => {
        const text = option.dataset.folded;
        // A chosen option stays in view, so the choice never changes out of sight.
        option.hidden = !option.selected && !words.every((word) => text.includes(word));
      });
      select.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    };
    box.addEventListener("input", apply);
    // Enter in the box must not send the form: it picks the first match of a single choice instead.
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      const first = select.querySelector("option[data-folded]:not([hidden])");
      if (first && !select.multiple) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  };

  const enhanceAll = (root) => {
    root.querySelectorAll("select[data-unit-choice]").forEach(enhance);
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  } else {
    enhanceAll(document);
  }
  // Inline panels and filter drawers add their fields after the page has loaded.
  new MutationObserver(() => enhanceAll(document)).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
