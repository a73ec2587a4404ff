// /countries/{code}: releases per UTC day over the last 30 days by destination (Chart.js, served from the jar),
// one UTC day of any age from the day history (?date=YYYY-MM-DD: never a zero for a day the history no longer keeps),
// the MASS_RELEASE alerts of the period and the sanctions reliefs linked (or waiting to be linked) to releases.
'use strict';

const code = decodeURIComponent(location.pathname.replace(/^\/countries\//, '')).toUpperCase();
const DAYS = 30;
const PALETTE = ['#2f5f8a', '#b36b00', '#1e7a3a', '#b3261e', '#6a4c93', '#00838f', '#8d6e63', '#5c6bc0'];

async function loadReleases() {
  const body = await rw.api('/api/countries/' + encodeURIComponent(code) + '/days?days=' + DAYS);
  const tallies = body.days;
  const days = tallies.map(t => t.date);
  const destinations = [...new Set(tallies.flatMap(t => Object.keys(t.byDestination || {})))].sort();
  const total = tallies.reduce((sum, t) => sum + t.count, 0);
  document.getElementById('country-summary').textContent = await phrases.format('page.country.summary', { code, total, days: DAYS });
  const tbody = document.querySelector('#days tbody');
  tbody.replaceChildren();
  tallies.filter(t => t.count > 0).forEach(t => {
    const tr = document.createElement('tr');
    tr.appendChild(rw.text('td', '', t.date));
    tr.appendChild(rw.text('td', '', t.count));
    tr.appendChild(rw.text('td', '', Object.entries(t.byDestination || {}).map(([k, v]) => k + ': ' + v).join(', ')));
    tbody.appendChild(tr);
  });
  const datasets = destinations.map((dest, i) => ({
    label: dest === 'unknown' ? 'destination unknown' : 'to ' + dest,
    data: tallies.map(t => (t.byDestination || {})[dest] || 0),
    backgroundColor: PALETTE[i % PALETTE.length]
  }));
  // eslint-disable-next-line no-undef
  new Chart(document.getElementById('chart'), {
    type: 'bar',
    data: { labels: days.map(d => d.slice(5)), datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } }
    }
  });
  document.getElementById('chart').dataset.ready = String(total);
}

// One day's distinct persons from the day history, or why there is no answer (older than the history keeps).
async function loadDay(date) {
  const answer = document.getElementById('day-answer');
  if (!date) {
    answer.textContent = await phrases.format('page.country.dayPrompt', { code });
    answer.dataset.state = 'none';
    return;
  }
  const response = await fetch('/api/countries/' + encodeURIComponent(code) + '/releases?date=' + encodeURIComponent(date),
    { headers: rw.headers(), cache: 'no-store' });
  if (response.status === 401) {
    await rw.askToken('This service needs an API token');
    return loadDay(date);
  }
  if (response.status === 410 || !response.ok) {
    answer.textContent = 'No answer for ' + date + ': ' + (await rw.problem(response) || response.status);
    answer.dataset.state = response.status === 410 ? 'gone' : 'error';
    return;
  }
  const day = await response.json();
  const to = Object.entries(day.byDestination || {}).map(([k, v]) => (k === 'unknown' ? 'destination unknown' : k) + ': ' + v).join(', ');
  let text = await phrases.format('page.country.dayAnswer', { count: day.count, code, date: day.date, to: to ? ' (' + to + ')' : '' });
  if (day.late) text += ' ' + await phrases.format('page.country.dayLate', {});
  if (day.uncounted) text += ' ' + await phrases.format('page.country.dayUncounted', { count: day.uncounted });
  answer.textContent = text;
  answer.dataset.state = 'loaded';
  answer.dataset.count = String(day.count);
}

function startDay() {
  const input = document.getElementById('day-date');
  const date = new URLSearchParams(location.search).get('date') || '';
  input.value = date;
  document.getElementById('day-form').addEventListener('submit', event => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set('date', input.value);
    history.replaceState(null, '', url);
    loadDay(input.value).catch(e => rw.notice(String(e.message || e)));
  });
  return loadDay(date);
}

async function loadMass() {
  const since = new Date(Date.now() - DAYS * 86400 * 1000).toISOString();
  const body = await rw.api('/api/alerts?country=' + encodeURIComponent(code) + '&rule=MASS_RELEASE&limit=100&since=' + encodeURIComponent(since));
  const ul = document.getElementById('mass');
  ul.replaceChildren();
  for (const a of body.alerts) {
    const li = document.createElement('li');
    li.className = a.severity;
    li.appendChild(rw.link('/alerts/' + encodeURIComponent(a.id), a.title));
    li.appendChild(rw.text('span', 'muted', ' · ' + rw.time(a.occurredAt)));
    ul.appendChild(li);
  }
  if (!body.alerts.length) ul.appendChild(rw.text('li', 'muted', 'No mass release in the period.'));
}

async function loadLinks() {
  const body = await rw.api('/api/links?country=' + encodeURIComponent(code));
  const ul = document.getElementById('links');
  ul.replaceChildren();
  for (const l of body.links) {
    const s = l.sanction || {};
    const target = s.target ? s.target.name : '';
    const state = l.fired
      ? await phrases.format('page.country.linked', { count: l.releaseCount, confidence: l.confidence })
        + (l.agreement ? await phrases.format('page.country.agreement', { agreement: l.agreement }) : '')
      : await phrases.format('page.country.waiting', {});
    const li = rw.text('li', l.fired ? 'critical' : '', (s.issuer || '') + ' ' + (s.action || '').toLowerCase() + ' ' + target
      + ' (' + rw.time(s.occurredAt) + '): ' + state);
    ul.appendChild(li);
  }
  if (!body.links.length) ul.appendChild(rw.text('li', 'muted', 'No sanctions relief for this country.'));
}

async function start() {
  document.title = code + ' · releasewatch';
  document.getElementById('country-title').textContent = code + ': releases per UTC day, last ' + DAYS + ' days';
  const results = await Promise.allSettled([loadReleases(), startDay(), loadMass(), loadLinks()]);
  const failed = results.filter(r => r.status === 'rejected').map(r => String(r.reason.message || r.reason));
  if (failed.length) rw.notice(failed.join('; '));
}

start();
