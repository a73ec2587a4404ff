// releasewatch live dashboard: alert feed (Server-Sent Events), releases per country, webhooks, health.
// Plain JavaScript, no build step, no inline script (the page's Content-Security-Policy forbids it).
// With an API token configured, the page asks for it once per browser session and keeps it in
// sessionStorage; it goes only into Authorization headers, never into a URL (so not into server logs,
// history or Referer). The live feed is read with fetch() for the same reason: EventSource cannot set headers.
'use strict';

const state = { seen: new Set(), threads: new Map(), lastEventId: null, filter: {} };
const api = rw.api, text = rw.text, time = rw.time, showNotice = rw.notice;
const authHeaders = rw.headers, askToken = () => rw.askToken('This service needs an API token'), problem = rw.problem;

// ---- filters: the form's values are the query of /api/alerts and of this page's address (shareable) ----
const FILTERS = ['country', 'rule', 'severity', 'acknowledged', 'silenced', 'q'];

function readFilterFromUrl() {
  const params = new URLSearchParams(location.search);
  const form = document.getElementById('filters');
  for (const name of FILTERS) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  }
  state.filter = currentFilter();
}

function currentFilter() {
  const form = document.getElementById('filters');
  const filter = {};
  for (const name of FILTERS) {
    const v = form.elements[name].value.trim();
    if (v) filter[name] = v;
  }
  return filter;
}

// the same test the server applies, for alerts arriving live
function passes(alert) {
  const f = state.filter;
  if (f.country && alert.country !== f.country.toUpperCase()) return false;
  if (f.rule && alert.rule !== f.rule) return false;
  if (f.severity && SEVERITIES.indexOf(alert.severity) < SEVERITIES.indexOf(f.severity)) return false;
  if (f.acknowledged && String(!!alert.ack) !== f.acknowledged) return false;
  if (f.silenced && String(!!alert.silenced) !== f.silenced) return false;
  if (f.q && !(alert.title || '').toLowerCase().includes(f.q.toLowerCase())) return false;
  return true;
}
const SEVERITIES = ['info', 'warning', 'critical'];

function applyFilter() {
  state.filter = currentFilter();
  const query = new URLSearchParams(Object.assign(rw.lang ? { lang: rw.lang } : {}, state.filter)).toString();
  history.replaceState(null, '', query ? '?' + query : location.pathname);
  document.getElementById('feed').replaceChildren();
  state.seen.clear();
  state.threads.clear();
  loadAlerts().catch(e => showNotice(String(e.message || e)));
}

// One row per thread (contract v1.2): the newest message of the thread shown, with a badge saying whether it was
// updated or withdrawn and how many messages the thread has (an update lists every earlier message it supersedes).
function threadOf(alert) {
  return alert.thread || alert.id;
}

function messageCount(entry) {
  return Math.max(entry.ids.size, ((entry.newest.references || []).length) + 1);
}

function showAlert(alert, fresh) {
  if (state.seen.has(alert.id) || !passes(alert)) return;
  state.seen.add(alert.id);
  const thread = threadOf(alert);
  const known = state.threads.get(thread);
  if (known) {
    known.ids.add(alert.id);
    if (newer(alert, known.newest)) known.newest = alert;
    fillRow(known.li, known);
    if (fresh && known.newest === alert) document.getElementById('feed').prepend(known.li);
    return;
  }
  const li = document.createElement('li');
  const entry = { li, newest: alert, ids: new Set([alert.id]) };
  state.threads.set(thread, entry);
  li.dataset.thread = thread;
  fillRow(li, entry);
  if (fresh) li.classList.add('new');
  const feed = document.getElementById('feed');
  if (fresh) {
    // keep what the reader is looking at in place: a new alert above it moves the page by its own height
    const below = window.scrollY > feed.getBoundingClientRect().top + window.scrollY;
    feed.prepend(li);
    if (below) window.scrollBy(0, li.getBoundingClientRect().height + 8);
  } else {
    feed.appendChild(li);
  }
  document.getElementById('feed-empty').hidden = true;
}

function newer(a, b) {
  return (a.emittedAt || '') > (b.emittedAt || '') || ((a.emittedAt || '') === (b.emittedAt || '') && a.id > b.id);
}

function fillRow(li, entry) {
  const alert = entry.newest;
  li.className = alert.severity + (li.classList.contains('new') ? ' new' : '');
  li.dataset.id = alert.id;
  li.dataset.rule = alert.rule;
  li.dataset.messages = String(messageCount(entry));
  li.replaceChildren();
  const title = document.createElement('div');
  title.className = 'title';
  title.appendChild(rw.link('/alerts/' + encodeURIComponent(alert.id), alert.title));
  li.appendChild(title);
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.appendChild(text('span', 'sev ' + alert.severity, alert.severity));
  meta.appendChild(rw.link('/countries/' + encodeURIComponent(alert.country), alert.country, 'country'));
  meta.appendChild(text('span', 'rule', alert.rule));
  meta.appendChild(text('time', '', 'happened ' + time(alert.occurredAt)));
  const evidence = text('a', 'evidence', 'evidence');
  evidence.href = '/api/alerts/' + encodeURIComponent(alert.id);
  evidence.addEventListener('click', event => {
    // shown in place, fetched with the token in a header (a new tab could not send it)
    event.preventDefault();
    toggleEvidence(li, alert.id).catch(e => showNotice(String(e.message || e)));
  });
  meta.appendChild(evidence);
  const kind = alert.msgType === 'update' ? 'updated' : alert.msgType === 'cancel' ? 'withdrawn' : null;
  if (kind) meta.appendChild(text('span', 'badge thread-state ' + kind, kind));
  // a release derived from a prisoner roster (a person left the list of people held), not reported
  if (alert.details && alert.details.inferred) meta.appendChild(text('span', 'badge inferred', 'inferred'));
  const count = messageCount(entry);
  if (count > 1) meta.appendChild(text('span', 'badge thread-count', count + ' messages'));
  const marks = text('span', 'marks', '');
  meta.appendChild(marks);
  li.appendChild(meta);
  showMarks(li, alert);
}

function showMarks(li, alert) {
  const marks = li.querySelector('.marks');
  marks.replaceChildren();
  if (alert.ack) marks.appendChild(text('span', 'badge ack', 'acknowledged by ' + alert.ack.by));
  if (alert.silenced) marks.appendChild(text('span', 'badge silenced', 'silenced'));
  li.classList.toggle('acked', !!alert.ack);
}

async function toggleEvidence(li, id) {
  const shown = li.querySelector('pre.alert-json');
  if (shown) { shown.remove(); return; }
  const body = await api('/api/alerts/' + encodeURIComponent(id));
  li.appendChild(text('pre', 'alert-json', JSON.stringify(body, null, 2)));
}

async function loadAlerts() {
  const query = new URLSearchParams(Object.assign({ limit: '50' }, state.filter)).toString();
  const body = await api('/api/alerts?' + query);
  body.alerts.forEach(a => showAlert(a, false));
  if (body.alerts.length) state.lastEventId = body.alerts[0].id;
}

// Server-Sent Events over fetch(): the token in a header, Last-Event-ID on reconnect, back-off on errors.
async function connectStream() {
  const live = document.getElementById('live');
  let delay = 1000;
  for (;;) {
    try {
      const headers = authHeaders({ Accept: 'text/event-stream' });
      if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
      const response = await fetch('/api/alerts/stream', { headers, cache: 'no-store' });
      if (response.status === 401) { await askToken(); continue; }
      if (!response.ok) throw new Error('stream: ' + response.status + ' ' + await problem(response));
      live.textContent = 'live'; live.className = 'pill up';
      delay = 1000;
      await readEvents(response.body, onStreamEvent);
    } catch (e) {
      console.warn(e);
    }
    live.textContent = 'reconnecting'; live.className = 'pill down';
    await new Promise(resolve => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 30000);
  }
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { name: 'message', id: null, data: [] };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const v = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.name = v;
        else if (field === 'id') event.id = v;
        else if (field === 'data') event.data.push(v);
      }
      onEvent(event.name, event.id, event.data.join('\n'));
    }
  }
}

function onStreamEvent(name, id, data) {
  if (name === 'alert') {
    state.lastEventId = id;
    showAlert(JSON.parse(data), true);
    loadReleases().catch(() => {});
  } else if (name === 'ack') {
    const ack = JSON.parse(data);
    // an ack applies to its alert's whole thread
    const thread = ack.thread || ack.alertId;
    const li = document.querySelector('#feed li[data-thread="' + CSS.escape(thread) + '"]');
    if (!li) return;
    if (state.filter.acknowledged === 'false') {
      li.remove();
      const entry = state.threads.get(thread);
      if (entry) entry.ids.forEach(id => state.seen.delete(id));
      state.threads.delete(thread);
      return;
    }
    const marks = li.querySelector('.marks');
    if (!li.classList.contains('acked')) {
      marks.prepend(text('span', 'badge ack', 'acknowledged by ' + ack.by));
      li.classList.add('acked');
    }
  } else if (name === 'gap') {
    // the server could not replay everything since our last alert: show the newest again
    state.lastEventId = null;
    loadAlerts().catch(() => {});
  }
}

async function loadReleases() {
  const body = await api('/api/releases?days=7');
  const box = document.getElementById('releases');
  box.replaceChildren();
  const rows = Object.entries(body.countries)
    .map(([country, counts]) => ({ country, counts, today: counts[counts.length - 1], week: counts.reduce((a, b) => a + b, 0) }))
    .filter(r => r.week > 0)
    .sort((a, b) => b.today - a.today || b.week - a.week);
  if (!rows.length) { box.appendChild(text('p', 'muted', 'No release in the last 7 days.')); return; }
  const max = Math.max(...rows.flatMap(r => r.counts), 1);
  const grid = document.createElement('div');
  grid.className = 'bars';
  grid.appendChild(text('strong', '', '')); grid.appendChild(text('strong', 'muted', 'per day, oldest → today')); grid.appendChild(text('strong', 'muted', 'today'));
  for (const r of rows) {
    grid.appendChild(text('span', 'country', r.country));
    const spark = document.createElement('div');
    spark.className = 'spark';
    spark.title = body.days.map((d, i) => d + ': ' + r.counts[i]).join('\n');
    r.counts.forEach((c, i) => {
      const bar = document.createElement('span');
      bar.style.height = Math.max(4, Math.round(100 * c / max)) + '%';
      if (i === r.counts.length - 1) bar.className = 'today';
      spark.appendChild(bar);
    });
    grid.appendChild(spark);
    grid.appendChild(text('span', 'today-count', String(r.today)));
  }
  box.appendChild(grid);
}

async function loadWebhooks() {
  const body = await api('/api/webhooks');
  const tbody = document.querySelector('#webhooks tbody');
  tbody.replaceChildren();
  for (const s of body.subscriptions) {
    const tr = document.createElement('tr');
    const state = s.subscriptionState === 'disabled' ? 'disabled: ' + (s.disabledReason || '') : (s.subscriptionState || s.state);
    [s.id, s.url, state, s.delivered, s.retrying, s.deadLettered, s.pending, s.lastSuccessAt || '–',
      s.lastDeliveryError ? s.lastDeliveryError + ' (' + s.lastDeliveryErrorAt + ')' : '–']
      .forEach((v, i) => tr.appendChild(text('td', i === 1 ? 'url' : '', String(v ?? '–'))));
    tbody.appendChild(tr);
  }
  document.getElementById('webhooks').hidden = !body.subscriptions.length;
  document.getElementById('webhooks-empty').hidden = !!body.subscriptions.length;
}

async function loadHealth() {
  const pill = document.getElementById('health');
  const list = document.getElementById('service');
  try {
    const response = await fetch('/health', { headers: authHeaders(), cache: 'no-store' });
    const body = await response.json();
    pill.textContent = body.status === 'UP' ? 'healthy' : 'unhealthy';
    pill.className = 'pill ' + (body.status === 'UP' ? 'up' : 'down');
    list.replaceChildren();
    for (const name of ['kafka', 'streams', 'ingest']) {
      const part = body.details && body.details[name];
      if (!part) continue;
      list.appendChild(text('dt', '', name));
      const detail = part.details || {};
      const reason = detail.reason ? ' — ' + detail.reason : '';
      const extra = name === 'kafka' ? ' (' + (detail.bootstrapServers || '') + ')' : name === 'streams' ? ' (' + (detail.state || '') + ')' : '';
      list.appendChild(text('dd', '', part.status + extra + reason));
    }
  } catch (e) {
    pill.textContent = 'unreachable';
    pill.className = 'pill down';
  }
}

// the rule filter offers the rules the service has (before the address's filter is read into the form)
async function fillRules() {
  const select = document.getElementById('filters').elements.rule;
  for (const r of await rw.rules()) select.appendChild(text('option', '', r.rule));
}

async function start() {
  await fillRules().catch(e => showNotice(String(e.message || e)));
  readFilterFromUrl();
  const form = document.getElementById('filters');
  form.addEventListener('submit', event => { event.preventDefault(); applyFilter(); });
  form.addEventListener('change', applyFilter);
  form.addEventListener('reset', () => setTimeout(applyFilter, 0));
  await loadHealth();
  try {
    await loadAlerts();
  } catch (e) {
    showNotice(String(e.message || e));
    throw e;
  }
  connectStream();
  await Promise.all([loadReleases(), loadWebhooks()]);
  setInterval(loadHealth, 5000);
  setInterval(() => { loadWebhooks().catch(() => {}); loadReleases().catch(() => {}); }, 15000);
}

start().catch(e => console.error(e));
