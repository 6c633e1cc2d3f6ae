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
