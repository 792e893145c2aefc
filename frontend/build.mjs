// Builds GOV.UK Frontend from its npm package into harbour/static/govuk/ (no CDN).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "harbour", "static", "govuk");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, "frontend", "harbour.scss"), {
  style: "compressed",
  loadPaths: [join(root, "node_modules", "govuk-frontend", "dist")],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "harbour.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// No GOV.UK images or fonts are copied (the crown and GDS Transport are for GOV.UK only), and
// the stylesheet refers to none (frontend/_images.scss).
console.log("GOV.UK Frontend built into harbour/static/govuk/");
