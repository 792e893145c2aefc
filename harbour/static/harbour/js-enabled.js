// Marks the page as able to run GOV.UK Frontend's JavaScript (loaded as a file, not inline,
// so that the Content Security Policy can forbid inline scripts).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
