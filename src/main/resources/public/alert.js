// /alerts/{id}: one alert — figures, evidence, the rule, its ack and silence state — and what an operator can do.
'use strict';

const alertId = decodeURIComponent(location.pathname.replace(/^\/alerts\//, ''));
// rule → what raises it, from /api/rules
let RULES = {};
let current = null;

// the person, marked "inferred" when the release was derived from a prisoner roster rather than reported
function person(d) {
  const span = rw.text('span', '', d.person.name + ' (' + d.person.id + ') ');
  if (d.inferred) span.appendChild(rw.text('span', 'badge inferred', 'inferred from a roster'));
  return span;
}

function figures(a) {
  const d = a.details || {};
  const rows = [['Severity', a.severity], ['Rule', a.rule], ['Country', rw.link('/countries/' + encodeURIComponent(a.country), a.country)],
    ['Happened', rw.time(a.occurredAt)], ['Emitted', rw.time(a.emittedAt)]];
  if (d.person) rows.push(['Person', person(d)]);
  if (d.priority) rows.push(['Priority', d.priority]);
  if ('transferredTo' in d) rows.push(['Transferred to', d.transferredTo || 'unknown']);
  if (Array.isArray(d.charges) && d.charges.length) rows.push(['Charges', d.charges.join(', ')]);
  if (d.count !== undefined) rows.push(['Released', d.count + ' (threshold ' + d.threshold + ')']);
  if (d.windowStart) rows.push(['Window', rw.time(d.windowStart) + ' – ' + rw.time(d.windowEnd)]);
  if (d.byDestination) rows.push(['By destination', Object.entries(d.byDestination).map(([k, v]) => k + ': ' + v).join(', ')]);
  const s = d.sanction || d;
  if (s.issuer) rows.push(['Issuer', s.issuer]);
  if (s.action) rows.push(['Action', s.action]);
  if (s.target) rows.push(['Target', s.target.name + ' (' + s.target.kind + ', ' + s.target.id + ')']);
  if (s.sector) rows.push(['Sector', s.sector]);
  if (s.program) rows.push(['Programme', s.program]);
  if (d.releaseCount !== undefined) rows.push(['Releases linked', d.releaseCount]);
  if (d.agreement) rows.push(['Agreement', d.agreement]);
  if (d.confidence) rows.push(['Confidence', d.confidence]);
  return rows;
}

function show(a) {
  current = a;
  document.title = a.title + ' · releasewatch';
  document.getElementById('alert').dataset.state = 'loaded';
  const title = document.getElementById('alert-title');
  title.textContent = a.title;
  title.className = 'big-title ' + a.severity;
  document.getElementById('alert-meta').textContent = a.id;
  rw.pairs(document.getElementById('figures'), figures(a));
  showStates(a);
  const sources = document.getElementById('sources');
  sources.replaceChildren();
  for (const s of (a.evidence && a.evidence.sources) || []) {
    const li = document.createElement('li');
    const url = rw.safeUrl(s.url);
    li.appendChild(url ? rw.link(url, s.name || url) : rw.text('span', '', s.name));
    sources.appendChild(li);
  }
  if (!sources.children.length) sources.appendChild(rw.text('li', 'muted', 'none given'));
  const ids = document.getElementById('event-ids');
  ids.replaceChildren();
  for (const id of (a.evidence && a.evidence.eventIds) || []) ids.appendChild(rw.text('li', '', id));
  if (a.evidence && a.evidence.eventIdsOmitted) ids.appendChild(rw.text('li', 'muted', '… and ' + a.evidence.eventIdsOmitted + ' more'));
  document.getElementById('rule-text').textContent = RULES[a.rule] || a.rule;
  prefill(a);
}

function showStates(a) {
  const states = document.getElementById('states');
  states.replaceChildren();
  if (a.ack) {
    states.appendChild(rw.text('span', 'badge ack', 'acknowledged by ' + a.ack.by + ' at ' + rw.time(a.ack.at)
      + (a.ack.note ? ' — ' + a.ack.note : '')));
  } else {
    states.appendChild(rw.text('span', 'badge', 'not acknowledged'));
  }
  if (a.silenced) {
    const badge = rw.text('span', 'badge silenced', 'silenced by ');
    badge.appendChild(rw.link('/silences#' + encodeURIComponent(a.silenced.id), a.silenced.comment || a.silenced.id));
    states.appendChild(badge);
  }
}

function prefill(a) {
  const f = document.getElementById('silence-form').elements;
  f.rules.value = a.rule;
  f.countries.value = a.country;
  const d = a.details || {};
  f.personIds.value = d.person ? d.person.id : '';
  const target = d.target || (d.sanction && d.sanction.target);
  f.targetIds.value = target ? target.id : '';
}

function list(value) {
  const items = value.split(',').map(v => v.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

async function acknowledge(event) {
  event.preventDefault();
  const note = event.target.elements.note.value.trim();
  const result = document.getElementById('act-result');
  try {
    const ack = await rw.write('POST', '/api/alerts/' + encodeURIComponent(alertId) + '/ack', note ? { note } : {});
    current.ack = ack;
    showStates(current);
    result.textContent = 'Acknowledged.';
  } catch (e) {
    result.textContent = 'Not acknowledged: ' + e.message;
  }
}

async function silence(event) {
  event.preventDefault();
  const f = event.target.elements;
  const matchers = { rules: list(f.rules.value), countries: list(f.countries.value), personIds: list(f.personIds.value),
    targetIds: list(f.targetIds.value), minSeverity: f.minSeverity.value || undefined };
  const endsAt = new Date(Date.now() + Number(f.hours.value) * 3600 * 1000).toISOString();
  const result = document.getElementById('act-result');
  try {
    const s = await rw.write('POST', '/api/silences', { matchers, endsAt, comment: f.comment.value });
    result.replaceChildren(rw.text('span', '', 'Silence created until ' + rw.time(s.endsAt) + ': '),
      rw.link('/silences#' + encodeURIComponent(s.id), s.id, 'silence-link'));
  } catch (e) {
    result.textContent = 'No silence created: ' + e.message;
  }
}

// the whole thread of this message (contract v1.2), oldest first; this message marked
const KINDS = { alert: 'first alert', update: 'update', cancel: 'withdrawn' };

async function showThread() {
  const box = document.getElementById('thread-box');
  const list = document.getElementById('thread');
  const body = await rw.api('/api/alerts/' + encodeURIComponent(alertId) + '/thread');
  list.replaceChildren();
  for (const m of body.messages) {
    const li = document.createElement('li');
    li.dataset.id = m.id;
    li.dataset.msgType = m.msgType || 'alert';
    li.className = m.severity + (m.id === alertId ? ' current' : '');
    li.appendChild(rw.text('span', 'badge thread-kind', KINDS[m.msgType || 'alert'] || m.msgType));
    li.appendChild(rw.text('time', '', rw.time(m.emittedAt)));
    li.appendChild(m.id === alertId ? rw.text('strong', 'thread-message', m.title)
      : rw.link('/alerts/' + encodeURIComponent(m.id), m.title, 'thread-message'));
    if (m.change) li.appendChild(rw.text('span', 'change', m.change));
    list.appendChild(li);
  }
  box.dataset.state = 'loaded';
}

async function start() {
  document.getElementById('ack-form').addEventListener('submit', acknowledge);
  document.getElementById('silence-form').addEventListener('submit', silence);
  try {
    RULES = await rw.rules().then(rules => Object.fromEntries(rules.map(r => [r.rule, r.description])), () => ({}));
    show(await rw.api('/api/alerts/' + encodeURIComponent(alertId)));
    await showThread();
  } catch (e) {
    document.getElementById('alert-title').textContent = 'No such alert in the history';
    rw.notice(String(e.message || e));
  }
}

start();
