// The API's documentation: Swagger UI reads the OpenAPI schema named on the page.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: false,
    supportedSubmitMethods: ["get"]
  });
})();
