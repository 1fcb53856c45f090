/**
 * SVG charts from a bench run's results (the object `run.mjs --json` prints), drawn with
 * Vega-Lite compiled to Vega and rendered headless to SVG (no browser, no canvas):
 *   docs/img/bench-ratios.svg     otpkit's rate ÷ the fastest peer's, per case (like for like)
 *   docs/img/bench-stateful.svg   stateful verifications/s and p99 per store and path
 *
 *   node bench/charts.mjs results.json        (or run.mjs --charts, which passes its results)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { versus } from './report.mjs';

const IMG = new URL('../docs/img/', import.meta.url);

async function render(spec) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

function subtitle(results) {
  const m = results.machine;
  return `${m.cpu}, ${m.cores} cores, Node ${m.node}; load average ${m.loadAverage[0]} at the start; medians of ${results.rounds} rounds`;
}

/** Ratio to the fastest peer per case, with the target drawn as a tick where there is one. */
function ratioSpec(results) {
  const targets = Object.fromEntries(
    results.targets.filter((t) => t.id in results.cases).map((t) => [t.id, Number(t.need.replace(/[^\d.]/g, ''))]),
  );
  const data = Object.entries(results.cases).map(([id, c]) => {
    const v = versus(results, id);
    return {
      case: c.label,
      ratio: Math.round(v.ratio * 100) / 100,
      peer: v.best.name,
      kind: c.kind === 'cached' ? 'cached key' : 'secret as text',
      target: targets[id] ?? null,
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'otpkit ÷ fastest peer, calls per second (same run, like for like)', subtitle: subtitle(results) },
    data: { values: data },
    width: 520,
    height: { step: 22 },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'case', type: 'nominal', sort: null, title: null },
          x: { field: 'ratio', type: 'quantitative', title: '× the fastest peer' },
          color: { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom' } },
          tooltip: [{ field: 'peer' }, { field: 'ratio' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: {
          y: { field: 'case', type: 'nominal', sort: null },
          x: { field: 'ratio', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
        },
        transform: [{ calculate: "format(datum.ratio, '.1f') + '× vs ' + datum.peer", as: 'label' }],
      },
      {
        transform: [{ filter: 'datum.target !== null' }],
        mark: { type: 'tick', color: 'black', thickness: 2, size: 18 },
        encoding: { y: { field: 'case', type: 'nominal', sort: null }, x: { field: 'target', type: 'quantitative' } },
      },
    ],
  };
}

function statefulSpec(results) {
  const rows = results.stateful.rows.filter((r) => !r.skipped);
  const data = rows.map((r) => ({
    store: r.store,
    path: r.path,
    perSecond: Math.round(r.perSecond),
    p99: Math.round(r.p99Ms * 100) / 100,
    trips: r.roundTrips ? `${r.roundTrips.right} trips right, ${r.roundTrips.wrong} wrong` : 'in process',
  }));
  const panel = (field, title) => ({
    width: 260,
    height: { step: 14 },
    mark: 'bar',
    encoding: {
      row: { field: 'store', type: 'nominal', title: null, sort: null, header: { labelAngle: 0, labelAlign: 'left' } },
      y: { field: 'path', type: 'nominal', title: null, axis: null },
      x: { field, type: 'quantitative', title, scale: { type: 'log' } },
      color: { field: 'path', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 1 } },
      tooltip: [{ field: 'path' }, { field }, { field: 'trips' }],
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Stateful verification, ${results.stateful.concurrency} concurrent, mix 70/15/15`,
      subtitle: subtitle(results),
    },
    data: { values: data },
    hconcat: [panel('perSecond', 'verifications per second (log)'), panel('p99', 'p99 latency, ms (log)')],
  };
}

/** Writes the charts; returns the files written. */
export async function writeCharts(results) {
  const written = [];
  const ratios = new URL('bench-ratios.svg', IMG);
  writeFileSync(ratios, await render(ratioSpec(results)));
  written.push(fileURLToPath(ratios));
  if (results.stateful?.rows.some((r) => !r.skipped)) {
    const stateful = new URL('bench-stateful.svg', IMG);
    writeFileSync(stateful, await render(statefulSpec(results)));
    written.push(fileURLToPath(stateful));
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  for (const file of await writeCharts(results)) process.stdout.write(`${file}\n`);
}
