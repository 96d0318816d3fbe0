// Loaded first by every page of test/e2e/csp.browser.test.ts (an external file: the pages allow no inline script).
// Records what the browser reports about the page's Content-Security-Policy, and tensorlens' console lines.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(`${e.effectiveDirective || e.violatedDirective} ${e.blockedURI}`);
});
window.consoleWarnings = [];
const warn = console.warn.bind(console);
console.warn = (...args) => {
  window.consoleWarnings.push(args.map(String).join(' '));
  warn(...args);
};
window.tlErrors = [];
document.addEventListener('tl-error', (e) => window.tlErrors.push(e.detail));
