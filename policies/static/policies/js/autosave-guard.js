// A save pressed while Wagtail's autosave is on its way would post a new page's form a second time and
// make a second page (the server gives it a free slug and code, so nothing stops it). Hold the press
// until the autosave answers: the form then points at the page autosave made, and the press saves it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-edit-form]");
  if (!form || !(form.getAttribute("data-controller") || "").includes("w-autosave")) {
    return;
  }
  let inFlight = false;
  let held = null;
  form.addEventListener("w-autosave:save", () => {
    inFlight = true;
  });
  const answered = () => {
    inFlight = false;
    if (held) {
      const submitter = held;
      held = null;
      form.requestSubmit(submitter.form === form ? submitter : undefined);
    }
  };
  form.addEventListener("w-autosave:success", answered);
  form.addEventListener("w-autosave:error", answered);
  form.addEventListener(
    "submit",
    (event) => {
      if (inFlight) {
        event.preventDefault();
        event.stopImmediatePropagation();
        held = event.submitter || form;
        // Never a dead button: should the autosave not answer, the press goes through after all.
        setTimeout(answered, 15000);
      }
    },
    true,
  );
});
