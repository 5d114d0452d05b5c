// A line chart of one numeric series in SVG: the dashboard's only chart, so a few dozen lines of its own instead
// of a library. It scales to its container (viewBox) and is styled by app.css.

import { svg } from './dom.js';
import { time } from './format.js';

const width = 640;
const height = 180;
const margin = { left: 56, right: 12, top: 10, bottom: 24 };

function label(x, y, text, anchor) {
  return svg('text', { x, y, 'text-anchor': anchor, class: 'chart-label' }, text);
}

function round(v) {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/**
 * points: [{t: epoch ms, v: number}] in time order; from/to: the time range shown (epoch ms); band: an optional
 * {low, high} drawn behind the line across the whole range (a baseline's usual range).
 */
export function lineChart(name, points, from, to, band = null) {
  const values = points.map((p) => p.v).concat(band ? [band.low, band.high] : []);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const x = (t) => margin.left + ((t - from) / (to - from)) * (width - margin.left - margin.right);
  const y = (v) => margin.top + (1 - (v - low) / (high - low)) * (height - margin.top - margin.bottom);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
  const last = points.at(-1);
  return svg('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `${name}: ${points.length} points, latest ${last ? round(last.v) : 'none'}${band ? `, usual range ${round(band.low)} to ${round(band.high)}` : ''}`,
  },
  svg('rect', { x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom, class: 'chart-area' }),
  band ? svg('rect', { x: margin.left, y: y(band.high), width: width - margin.left - margin.right, height: Math.max(1, y(band.low) - y(band.high)), class: 'chart-band' }) : null,
  svg('path', { d: path, class: 'chart-line' }),
  points.length === 1 ? svg('circle', { cx: x(last.t), cy: y(last.v), r: 3, class: 'chart-dot' }) : null,
  label(margin.left - 6, margin.top + 10, round(high), 'end'),
  label(margin.left - 6, height - margin.bottom, round(low), 'end'),
  label(margin.left, height - 6, time(new Date(from).toISOString()), 'start'),
  label(width - margin.right, height - 6, time(new Date(to).toISOString()), 'end'));
}
