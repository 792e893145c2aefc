// Draws a staff page's charts with Chart.js, served from Harbour itself (decision 0046; the
// content security policy allows scripts from nowhere else, and no inline script).
//
// Each chart is a hidden element `<div class="harbour-chart" data-chart="ID">` beside the table
// that holds the same figures, and a JSON script element (Django's json_script) with that ID:
// {kind, label, labels, datasets: [{label, data}], unit, colours, stacked, horizontal}, made by
// harbour.statistics.charts.chart. A withheld figure is null: a gap in the chart. Without
// JavaScript, or if the figures cannot be read, the element stays hidden and the table alone is
// shown.
import "../govuk/chart.umd.min.js";

const { Chart } = globalThis;

// GOV.UK colours dark enough to stand out from a white page (3:1 or more).
const COLOURS = {
  blue: "#1d70b8",
  orange: "#a45200",
  green: "#00703c",
  purple: "#4c2c92",
  red: "#d4351c",
  grey: "#505a5f",
  turquoise: "#28a197",
  pink: "#d53880",
};
const SERIES = ["blue", "orange", "green", "purple", "grey", "red"];

const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });
const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

function formatted(unit, value) {
  if (value === null || value === undefined) return "[c]";
  if (unit === "£") return money.format(value);
  if (unit === "%") return `${number.format(value)}%`;
  if (unit === "points") return `${number.format(value)} points`;
  return number.format(value);
}

function options(spec) {
  const valueAxis = {
    beginAtZero: true,
    stacked: spec.stacked,
    ticks: { callback: (value) => formatted(spec.unit, value) },
  };
  const categoryAxis = { stacked: spec.stacked };
  const scales =
    spec.kind === "doughnut"
      ? {}
      : spec.horizontal
        ? { x: valueAxis, y: categoryAxis }
        : { x: categoryAxis, y: valueAxis };
  return {
    animation: false,
    indexAxis: spec.horizontal ? "y" : "x",
    maintainAspectRatio: true,
    aspectRatio: spec.kind === "doughnut" ? 1.6 : 2,
    scales,
    plugins: {
      legend: { display: spec.datasets.length > 1 || spec.kind === "doughnut" },
      tooltip: {
        callbacks: {
          label: (item) =>
            `${item.dataset.label || item.label}: ${formatted(spec.unit, item.raw)}`,
        },
      },
    },
  };
}

function datasets(spec) {
  return spec.datasets.map((dataset, index) => {
    const colour = spec.colours
      ? spec.colours.map((name) => COLOURS[name] || COLOURS.grey)
      : COLOURS[SERIES[index % SERIES.length]];
    return {
      label: dataset.label,
      data: dataset.data,
      backgroundColor: colour,
      borderColor: spec.kind === "line" ? colour : "#ffffff",
      borderWidth: spec.kind === "line" ? 3 : 1,
      spanGaps: false,
    };
  });
}

function draw(holder) {
  const source = document.getElementById(holder.dataset.chart);
  if (!source || !Chart) return;
  let spec;
  try {
    spec = JSON.parse(source.textContent);
  } catch {
    return;
  }
  const canvas = document.createElement("canvas");
  // The table beside it holds the same figures; the chart is named as a picture of them.
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", spec.label);
  holder.append(canvas);
  holder.hidden = false;
  new Chart(canvas, {
    type: spec.kind,
    data: { labels: spec.labels, datasets: datasets(spec) },
    options: options(spec),
  });
}

document.querySelectorAll("[data-chart]").forEach(draw);
