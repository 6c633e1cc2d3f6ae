// Starts Swagger UI on /docs. It lives in a file rather than inline so that page keeps the
// site's content security policy (script-src 'self').
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    // 120-odd operations: tags start folded (a click opens one), so the page renders at once.
    docExpansion: "none",
    showExtensions: true,
    showCommonExtensions: true,
    // Never send the spec to validator.swagger.io (and no badge image from another site).
    validatorUrl: null,
    // "Try it out" with the session cookie: writes need the CSRF token, as HTMX's do (app.js).
    requestInterceptor: function (request) {
      request.headers["X-CSRF-Token"] = token;
      return request;
    },
  });
})();
