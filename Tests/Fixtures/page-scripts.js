// Runs report.html's own scripts on a small stand-in for a browser's page, built from the page's calls table,
// and prints what a user would see after each step as JSON lines. Usage: node page-scripts.js REPORT.html STEPS.json
// STEPS: [{"type": "word"} | {"sort": "column header text"}], in order.
'use strict';
const fs = require('fs');
const html = fs.readFileSync(process.argv[2], 'utf8');
const steps = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));

const text = (s) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const attribute = (tag, name) => {
  const m = tag.match(new RegExp(' ' + name + '="([^"]*)"'));
  return m ? text(m[1]) : null;
};
const element = (tag, content) => {
  const attributes = {};
  for (const name of ['data-v', 'class', 'aria-sort', 'data-agent', 'data-call']) {
    const v = attribute(tag, name);
    if (v !== null) attributes[name] = v;
  }
  const listeners = {};
  return {
    textContent: text(content),
    hidden: false,
    getAttribute: (n) => (n in attributes ? attributes[n] : null),
    hasAttribute: (n) => n in attributes,
    setAttribute: (n, v) => { attributes[n] = String(v); },
    removeAttribute: (n) => { delete attributes[n]; },
    classList: { contains: (c) => (attributes['class'] || '').split(' ').includes(c) },
    addEventListener: (kind, f) => { listeners[kind] = f; },
    listeners,
  };
};
const start = html.indexOf('<table class="sortable calls">');
const table = html.slice(start, html.indexOf('</table>', start));
const cells = (row) => [...row.matchAll(/<(td|th)([^>]*)>(.*?)<\/\1>/g)].map((m) => element(m[0], m[3]));
const heads = cells(table.slice(table.indexOf('<thead>'), table.indexOf('</thead>')));
const body = { rows: [] };
for (const m of table.slice(table.indexOf('<tbody>')).matchAll(/<tr([^>]*)>(.*?)<\/tr>/g)) {
  const row = element(`<tr${m[1]}>`, m[2]);
  row.cells = cells(m[2]);
  body.rows.push(row);
}
body.appendChild = (fragment) => {
  for (const row of fragment.children) body.rows.splice(body.rows.indexOf(row), 1);
  body.rows.push(...fragment.children);
};
const calls = { tHead: { rows: [{ cells: heads }] }, tBodies: [body], querySelectorAll: () => [] };
const box = element('<input>', '');
box.value = '';
const count = element('<span>', '');
global.document = {
  querySelectorAll: (q) => (q === 'table.sortable' ? [calls] : []),
  querySelector: (q) => (q === 'table.calls' ? calls : null),
  getElementById: (id) => (id === 'call-filter' ? box : id === 'call-filter-count' ? count : null),
  createDocumentFragment: () => ({ children: [], appendChild(row) { this.children.push(row); } }),
};
global.addEventListener = () => {};
// The filter waits for typing to pause: here every wait is over at once.
global.setTimeout = (f) => { f(); return 0; };
global.clearTimeout = () => {};
for (const m of html.matchAll(/<script>\n([\s\S]*?)\n<\/script>/g)) eval(m[1]);
for (const step of steps) {
  if ('type' in step) {
    box.value = step.type;
    box.listeners.input();
  } else {
    heads.find((h) => h.textContent === step.sort).listeners.click();
  }
  const shown = body.rows.filter((r) => !r.hidden).map((r) => r.cells[0].textContent);
  console.log(JSON.stringify({ shown, count: count.textContent }));
}
