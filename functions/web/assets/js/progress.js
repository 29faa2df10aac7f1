// A form that starts a long task (the back-office's publication) says that it runs: its
// button is disabled, so that it is not sent twice, and its status line reads the form's
// `data-progress` message until the answer arrives.
document.querySelectorAll("form[data-progress]").forEach((form) => {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button[type=submit]");
    const status = form.querySelector("[role=status]");
    if (status) {
      status.textContent = form.dataset.progress;
    }
    if (button) {
      // After this event: the form is already on its way.
      setTimeout(() => {
        button.disabled = true;
      });
    }
  });
});
