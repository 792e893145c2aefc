// Follow-on questions of a risk checklist, shown in place while "yes" is chosen for the
// question that opens them (GOV.UK's conditional reveal pattern and classes).
//
// GOV.UK Frontend's own radios script marks such radios with aria-expanded, which ARIA does
// not allow on a radio (axe-core reports it); this script uses aria-controls alone, and the
// question's hint says that "yes" opens further questions. Without JavaScript the server asks
// the follow-on questions as a second step (see docs/decisions/0013).
for (const opener of document.querySelectorAll("input[type=radio][data-harbour-opens]")) {
  const target = document.getElementById(opener.dataset.harbourOpens);
  if (!target) continue;
  opener.setAttribute("aria-controls", target.id);
  const sync = () => {
    target.classList.toggle("govuk-radios__conditional--hidden", !opener.checked);
  };
  for (const radio of opener.form.querySelectorAll("input[type=radio]")) {
    if (radio.name === opener.name) radio.addEventListener("change", sync);
  }
  sync();
}
