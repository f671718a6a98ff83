// Records every Content-Security-Policy violation of the document (the
// `securitypolicyviolation` event Chromium fires for each refused load or
// inline script) in `window.__cspViolations`, for the test to read.
"use strict";

{
  const violations = [];
  Object.defineProperty(window, "__cspViolations", { value: violations });
  document.addEventListener("securitypolicyviolation", (event) => {
    violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile });
  });
}
