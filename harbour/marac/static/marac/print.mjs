// The "Print this page" button of a printable agenda or minutes: shown only where JavaScript
// runs (without it, the page says to use the browser's Print command).
for (const button of document.querySelectorAll("[data-harbour-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
