// Every HTMX request carries the page's CSRF token, so fragments can post safely.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
});

// A form carrying data-confirm asks in a native <dialog> before it posts; confirming posts it
// with confirmed=1, which the server takes as the answer (without JavaScript the server asks
// on a page of its own). Delegated from the document, so forms HTMX loads later ask too.
(function () {
  var dialog = null;
  var pending = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("data-testid", "confirm-dialog");
    var question = document.createElement("h2");
    question.id = "confirm-dialog-question";
    var detail = document.createElement("p");
    detail.id = "confirm-dialog-detail";
    dialog.setAttribute("aria-labelledby", question.id);
    dialog.setAttribute("aria-describedby", detail.id);
    var buttons = document.createElement("div");
    buttons.className = "buttons";
    var no = document.createElement("button");
    no.type = "button";
    no.className = "button ghost";
    no.setAttribute("data-testid", "confirm-no");
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button";
    yes.setAttribute("data-testid", "confirm-yes");
    buttons.append(no, yes);
    dialog.append(question, detail, buttons);
    no.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { pending = null; });
    yes.addEventListener("click", function () {
      var form = pending;
      dialog.close();
      if (!form) { return; }
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      flag.value = "1";
      form.appendChild(flag);
      form.submit();
    });
    document.body.appendChild(dialog);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) { return; }
    if (typeof HTMLDialogElement !== "function") { return; }  // the server asks instead
    event.preventDefault();
    if (!dialog) { build(); }
    pending = form;
    dialog.querySelector("h2").textContent = form.getAttribute("data-confirm");
    dialog.querySelector("p").textContent = form.getAttribute("data-confirm-detail") || "";
    dialog.querySelector('[data-testid="confirm-no"]').textContent = form.getAttribute("data-confirm-no") || "Cancel";
    dialog.querySelector('[data-testid="confirm-yes"]').textContent = form.getAttribute("data-confirm-yes") || "OK";
    dialog.showModal();
  });
})();

// A button with data-toggle opens and closes the element it controls (aria-controls): the menu
// on a phone, the filter drawer. CSS shows the element when it has .is-open; Escape closes it
// and gives the focus back to its button.
(function () {
  function setOpen(button, open) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) { return; }
    button.setAttribute("aria-expanded", String(open));
    target.classList.toggle("is-open", open);
  }
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-toggle]");
    if (button) { setOpen(button, button.getAttribute("aria-expanded") !== "true"); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll('[data-toggle][aria-expanded="true"]').forEach(function (button) {
      setOpen(button, false);
      button.focus();
    });
  });
})();

// Toasts: the close button removes one; a success or info message without an action leaves by
// itself after a while, unless the pointer or the focus is on it. Errors stay until closed.
(function () {
  var STAY_MS = 7000;
  function dismiss(toast) {
    toast.classList.add("is-leaving");
    setTimeout(function () {
      var region = toast.parentElement;
      toast.remove();
      if (region && !region.children.length) { region.remove(); }
    }, 260);
  }
  document.addEventListener("click", function (event) {
    var close = event.target instanceof Element && event.target.closest("[data-dismiss]");
    if (close && close.parentElement) { dismiss(close.parentElement); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".toasts .flash:not(.error):not([data-keep])").forEach(function (toast) {
      var timer = setTimeout(function () { dismiss(toast); }, STAY_MS);
      function hold() { clearTimeout(timer); }
      toast.addEventListener("mouseenter", hold);
      toast.addEventListener("focusin", hold);
    });
  });
})();
