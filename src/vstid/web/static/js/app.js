// Every HTMX request carries the page's CSRF token, so fragments can post safely.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
});
