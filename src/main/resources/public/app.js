// releasewatch live dashboard: alert feed (Server-Sent Events), releases per country, webhooks, health.
// Plain JavaScript, no build step. With an API token configured, the page asks for it once and keeps it
// in this browser (localStorage).
'use strict';

const state = { token: localStorage.getItem('releasewatch.token') || '', seen: new Set(), lastEventId: null };

function withToken(url) {
  return state.token ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(state.token) : url;
}

async function api(path) {
  const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
  const response = await fetch(path, { headers });
  if (response.status === 401) {
    await askToken();
    return api(path);
  }
  if (!response.ok) throw new Error(path + ': ' + response.status);
  return response.json();
}

function askToken() {
  return new Promise(resolve => {
    const dialog = document.getElementById('token-dialog');
    dialog.addEventListener('close', () => {
      state.token = document.getElementById('token-input').value.trim();
      localStorage.setItem('releasewatch.token', state.token);
      resolve();
    }, { once: true });
    dialog.showModal();
  });
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
  evidence.href = withToken('/api/alerts/' + encodeURIComponent(alert.id));
  evidence.target = '_blank';
  meta.appendChild(evidence);
  li.appendChild(meta);
  const feed = document.getElementById('feed');
  if (fresh) feed.prepend(li); else feed.appendChild(li);
  document.getElementById('feed-empty').hidden = true;
}

async function loadAlerts() {
  const body = await api('/api/alerts?limit=50');
  body.alerts.forEach(a => showAlert(a, false));
  if (body.alerts.length) state.lastEventId = body.alerts[0].id;
}

function connectStream() {
  const live = document.getElementById('live');
  const source = new EventSource(withToken('/api/alerts/stream'));
  source.addEventListener('open', () => { live.textContent = 'live'; live.className = 'pill up'; });
  source.addEventListener('alert', event => {
    state.lastEventId = event.lastEventId;
    showAlert(JSON.parse(event.data), true);
    loadReleases().catch(() => {});
  });
  source.addEventListener('error', () => { live.textContent = 'reconnecting'; live.className = 'pill down'; });
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
    [s.index, s.url, s.delivered, s.retrying, s.deadLettered].forEach((v, i) => tr.appendChild(text('td', i === 1 ? 'url' : '', String(v))));
    tbody.appendChild(tr);
  }
  document.getElementById('webhooks').hidden = !body.subscriptions.length;
  document.getElementById('webhooks-empty').hidden = !!body.subscriptions.length;
}

async function loadHealth() {
  const pill = document.getElementById('health');
  const list = document.getElementById('service');
  try {
    const response = await fetch('/health');
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
  await loadAlerts();
  connectStream();
  await Promise.all([loadReleases(), loadWebhooks()]);
  setInterval(loadHealth, 5000);
  setInterval(() => { loadWebhooks().catch(() => {}); loadReleases().catch(() => {}); }, 15000);
}

start().catch(e => console.error(e));
