// The back-office's condition builder without round trips: « Ajouter une condition » and each
// row's « Supprimer » change the rows in place, and the ET / OU choice shows from two rows on.
// The fields posted are the same; without this script each of these buttons posts the form,
// which comes back changed. At the row limit, or for the last row, the server answers as it
// does without the script (it says why). Enter in a value field saves.
(() => {
  const fieldset = document.getElementById("condition");
  const template = document.getElementById("nouvelle-condition");
  if (!fieldset || !template) {
    return;
  }
  const limit = Number(fieldset.dataset.maxRows);
  const merge = document.getElementById("fusion-groupe");
  const rows = () => [...fieldset.querySelectorAll(".bo-condition-row")];

  // Ids, labels and the « Supprimer » values follow the rows' order, as the server writes them.
  const renumber = () => {
    rows().forEach((row, index) => {
      const number = index + 1;
      row.querySelectorAll("select, input").forEach((field) => {
        field.id = field.id.replace(/-\d+$/, `-${number}`);
      });
      row.querySelectorAll("label").forEach((label) => {
        label.htmlFor = label.htmlFor.replace(/-\d+$/, `-${number}`);
      });
      row.querySelectorAll(".bo-row-number").forEach((span) => {
        span.textContent = number;
      });
      row.querySelector("[data-remove-row]").value = `supprimer-condition-${index}`;
    });
    merge.hidden = rows().length < 2;
  };

  // Enter in a value field saves the form, as people expect, instead of posting it with its
  // first button (« Choisir » in the element editors), which only brings the form back.
  const save = fieldset.form?.querySelector('button[name="action"][value="enregistrer"]');
  fieldset.addEventListener("keydown", (event) => {
    if (save && event.key === "Enter" && event.target.matches("input")) {
      event.preventDefault();
      fieldset.form.requestSubmit(save);
    }
  });

  fieldset.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) {
      return;
    }
    const current = rows();
    if (button.matches("[data-add-row]") && current.length > 0 && current.length < limit) {
      event.preventDefault();
      const row = template.content.firstElementChild.cloneNode(true);
      current[current.length - 1].after(row);
      renumber();
      row.querySelector("select").focus();
    } else if (button.matches("[data-remove-row]") && current.length > 1) {
      event.preventDefault();
      const row = button.closest(".bo-condition-row");
      const index = current.indexOf(row);
      row.remove();
      renumber();
      // Focus stays in the builder, on the row that took this one's place.
      const left = rows();
      left[Math.min(index, left.length - 1)].querySelector("select").focus();
    }
  });
})();
