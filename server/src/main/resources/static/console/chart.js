// A small bar chart in inline SVG: one bar (or a stack of bars) per day, the data also as a table for screen
// readers and for anyone who wants the numbers.

import { h, s, number } from './dom.js';

/**
 * @param {object} options
 * @param {string} options.title
 * @param {{day: string, values: number[]}[]} options.days oldest first
 * @param {{name: string, cls: string}[]} options.series one per value, stacked bottom up
 */
export function barChart({ title, days, series }) {
  const width = 560;
  const height = 160;
  const pad = { top: 12, right: 8, bottom: 24, left: 44 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const totals = days.map((d) => d.values.reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(1, ...totals));
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const y = (v) => pad.top + plotH - (v / max) * plotH;

  const grid = [0, 0.5, 1].map((f) => {
    const v = max * f;
    return s('g', { class: 'chart-grid' },
      s('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }),
      s('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, compact(v)));
  });
  const bars = days.map((d, k) => {
    const x = pad.left + slot * k + (slot - barW) / 2;
    let base = 0;
    const rects = d.values.map((v, si) => {
      const rect = s('rect', { class: `chart-bar ${series[si].cls}`, x, width: barW, y: y(base + v), height: Math.max(0, y(base) - y(base + v)) },
        s('title', {}, `${d.day}: ${number(v)} ${series[si].name}`));
      base += v;
      return rect;
    });
    // Every day when few; otherwise evenly spaced back from the latest, so that labels never crowd.
    const showLabel = days.length <= 8 || (days.length - 1 - k) % Math.ceil(days.length / 7) === 0;
    return s('g', {}, rects, showLabel && s('text', { class: 'chart-label', x: x + barW / 2, y: height - 6, 'text-anchor': 'middle' }, shortDay(d.day)));
  });
  const total = totals.reduce((a, b) => a + b, 0);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `${title}: ${number(total)} in ${days.length} days` }, grid, bars);
  const legend = series.length > 1 ? h('ul', { class: 'chart-legend' },
    series.map((se) => h('li', {}, h('span', { class: `swatch ${se.cls}`, 'aria-hidden': 'true' }), se.name))) : null;
  const table = h('details', { class: 'chart-table' }, h('summary', {}, 'Show as table'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day (UTC)'), series.map((se) => h('th', { scope: 'col' }, se.name)))),
      h('tbody', {}, days.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.day), d.values.map((v) => h('td', {}, number(v))))))));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg, legend, table);
}

/** The last `count` UTC days up to today, each with its entry of `byDay` (or zeros). */
export function lastDays(count, byDay, pick, seriesCount, today = new Date()) {
  const out = [];
  for (let k = count - 1; k >= 0; k--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - k));
    const key = d.toISOString().slice(0, 10);
    const entry = byDay.get(key);
    out.push({ day: key, values: entry ? pick(entry) : new Array(seriesCount).fill(0) });
  }
  return out;
}

function niceMax(v) {
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

function compact(v) {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

function shortDay(day) {
  const [, m, d] = day.split('-');
  return `${Number(d)} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]}`;
}
