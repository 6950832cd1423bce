/* RightsGuard sandbox stand-in for a web-analytics script. It does nothing. */
(function () {
  window._hmt = window._hmt || [];
  window._hmt.push(["_sandbox", "loaded"]);
})();
