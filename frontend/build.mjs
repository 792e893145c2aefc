// Builds GOV.UK Frontend from its npm package into harbour/static/govuk/ (no CDN), with Chart.js
// beside it (decision 0046): staff pages draw their charts with it, served from Harbour itself.
//
// Every file the compiled stylesheet refers to (url(...): images, fonts) is copied beside it
// from the package, so `collectstatic` with hashed names (production) finds each one; a
// reference the package cannot satisfy stops the build.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
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

// Chart.js's UMD build (it sets globalThis.Chart), without its source-map comment: the map is
// not served, and collectstatic's hashed names would look for it.
const chart = readFileSync(
  join(root, "node_modules", "chart.js", "dist", "chart.umd.min.js"),
  "utf8",
).replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
if (chart.includes("sourceMappingURL")) {
  throw new Error("chart.umd.min.js still names a source map.");
}
writeFileSync(join(out, "chart.umd.min.js"), chart);

// The stylesheet's references are relative to it ($govuk-assets-path is "assets/"), and the
// package keeps the same files under dist/govuk/assets/.
const referenced = new Set();
for (const match of result.css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  const target = match[1].split(/[?#]/)[0];
  if (/^(data:|[a-z]+:\/\/|\/)/i.test(target)) {
    if (!target.startsWith("data:")) {
      throw new Error(`harbour.css refers to ${target}: only files beside it can be served.`);
    }
    continue;
  }
  referenced.add(normalize(target));
}
for (const target of referenced) {
  const source = join(govuk, target);
  if (!existsSync(source)) {
    throw new Error(`harbour.css refers to ${target}, which GOV.UK Frontend does not ship.`);
  }
  mkdirSync(dirname(join(out, target)), { recursive: true });
  cpSync(source, join(out, target));
}
// Nothing else is copied: the type is the system's Arial and the GOV.UK images are not used
// (GDS Transport, the crown and the crest are for GOV.UK only; frontend/_images.scss).
console.log(
  `GOV.UK Frontend built into ${relative(root, out)}/ with ${referenced.size} referenced asset(s).`,
);
