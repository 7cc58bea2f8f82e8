// Starts GraphiQL on /graphql/ from the bundles served beside this file (no inline script, so the
// Content-Security-Policy can forbid them). ?q=…&variables=… open a given document (?query= would
// run it instead: that is GraphQL over GET), and the address follows the editor, so a query can be
// shared as a link.
(function () {
  "use strict";

  var container = document.getElementById("graphiql");
  if (typeof window.GraphiQL === "undefined" || typeof window.ReactDOM === "undefined") {
    container.textContent =
      "GraphiQL's files are missing on this server: run `make graphiql` (or `make run`) and reload.";
    return;
  }

  var FIRST_QUERY = [
    "# Asal's storefront API: Saleor's names and shapes, plus the provenance of every piece.",
    "# Run with Ctrl-Enter; the Docs button lists every type.",
    "{",
    '  products(first: 5, channel: "intl-usd", search: "bamboo") {',
    "    totalCount",
    "    edges {",
    "      node {",
    "        name",
    "        pricing { priceRange { start { gross { amount currency } } } }",
    "        provenance { origin { village regency } makers { displayName } }",
    "      }",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");

  var params = new URLSearchParams(window.location.search);
  var endpoint = window.location.origin + window.location.pathname;

  function remember(name, value) {
    if (value) {
      params.set(name, value);
    } else {
      params.delete(name);
    }
    var search = params.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  var root = ReactDOM.createRoot(container);
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint }),
      defaultQuery: FIRST_QUERY,
      query: params.get("q") || undefined,
      variables: params.get("variables") || undefined,
      onEditQuery: function (value) {
        remember("q", value);
      },
      onEditVariables: function (value) {
        remember("variables", value);
      },
      isHeadersEditorEnabled: true,
      // A bearer token typed into the headers editor is not written to the browser's storage.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    })
  );
})();
