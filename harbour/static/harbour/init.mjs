// Starts GOV.UK Frontend's components (Exit this page, service navigation, error summary...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
