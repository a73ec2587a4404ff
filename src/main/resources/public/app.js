// releasewatch live dashboard: alert feed (Server-Sent Events), releases per country, webhooks, health.
// Plain JavaScript, no build step, no inline script (the page's Content-Security-Policy forbids it).
// With an API token configured, the page asks for it once per browser session and keeps it in
// sessionStorage; it goes only into Authorization headers, never into a URL (so not into server logs,
// history or Referer). The live feed is read with fetch() for the same reason: EventSource cannot set headers.
'use strict';

const state = { token: sessionStorage.getItem('releasewatch.token') || '', seen: new Set(), lastEventId: null, asking: null };

function authHeaders(extra) {
  const headers = Object.assign({}, extra || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  return headers;
}

async function api(path) {
  const response = await fetch(path, { headers: authHeaders(), cache: 'no-store' });
  if (response.status === 401) {
    await askToken();
    return api(path);
  }
  if (!response.ok) throw new Error(path + ': ' + response.status + ' ' + await problem(response));
  return response.json();
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || '';
  } catch (e) {
    return '';
  }
}

// one dialog for every request that needs the token at the same time
function askToken() {
  if (!state.asking) {
    state.asking = new Promise(resolve => {
      const dialog = document.getElementById('token-dialog');
      dialog.addEventListener('close', () => {
        state.token = document.getElementById('token-input').value.trim();
        sessionStorage.setItem('releasewatch.token', state.token);
        state.asking = null;
        resolve();
      }, { once: true });
      dialog.showModal();
    });
  }
  return state.asking;
}

function showNotice(message) {
  const notice = document.getElementById('notice');
  notice.textContent = message;
  notice.hidden = !message;
}

function text(tag, className, value) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = value;
  return el;
}

function time(iso) {
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/:00 UTC$/, ' UTC');
}

function showAlert(alert, fresh) {
  if (state.seen.has(alert.id)) return;
  state.seen.add(alert.id);
  const li = document.createElement('li');
  li.className = alert.severity + (fresh ? ' new' : '');
  li.dataset.id = alert.id;
  li.dataset.rule = alert.rule;
  li.appendChild(text('div', 'title', alert.title));
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.appendChild(text('span', 'sev ' + alert.severity, alert.severity));
  meta.appendChild(text('span', 'country', alert.country));
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
  li.appendChild(meta);
  const feed = document.getElementById('feed');
  if (fresh) feed.prepend(li); else feed.appendChild(li);
  document.getElementById('feed-empty').hidden = true;
}

async function toggleEvidence(li, id) {
  const shown = li.querySelector('pre.alert-json');
  if (shown) { shown.remove(); return; }
  const body = await api('/api/alerts/' + encodeURIComponent(id));
  li.appendChild(text('pre', 'alert-json', JSON.stringify(body, null, 2)));
}

async function loadAlerts() {
  const body = await api('/api/alerts?limit=50');
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

async function start() {
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
