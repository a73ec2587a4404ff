// /silences: active, pending and ended silences; create one, expire one.
'use strict';

function list(value) {
  const items = value.split(',').map(v => v.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

async function load() {
  const body = await rw.api('/api/silences');
  const tbody = document.querySelector('#silences tbody');
  tbody.replaceChildren();
  for (const s of body.silences) {
    const tr = document.createElement('tr');
    tr.id = s.id;
    tr.dataset.state = s.state;
    tr.appendChild(rw.text('td', 'state ' + s.state, s.state));
    tr.appendChild(rw.text('td', '', rw.matchers(s.matchers)));
    tr.appendChild(rw.text('td', '', rw.time(s.startsAt) + ' – ' + rw.time(s.endsAt)));
    tr.appendChild(rw.text('td', '', s.comment));
    tr.appendChild(rw.text('td', '', s.createdBy + (s.endedBy ? ' (ended by ' + s.endedBy + ')' : '')));
    const actions = document.createElement('td');
    if (s.state !== 'ended') {
      const expire = rw.text('button', 'expire', 'Expire');
      expire.type = 'button';
      expire.setAttribute('aria-label', 'Expire the silence: ' + s.comment);
      expire.addEventListener('click', () => end(s.id));
      actions.appendChild(expire);
    }
    tr.appendChild(actions);
    tbody.appendChild(tr);
  }
  document.getElementById('silences-empty').hidden = !!body.silences.length;
  if (location.hash) {
    const row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (row) row.classList.add('target');
  }
}

async function end(id) {
  try {
    await rw.write('DELETE', '/api/silences/' + encodeURIComponent(id));
    await load();
  } catch (e) {
    rw.notice('Not expired: ' + e.message);
  }
}

async function create(event) {
  event.preventDefault();
  const f = event.target.elements;
  const matchers = { rules: list(f.rules.value.toUpperCase()), countries: list(f.countries.value), personIds: list(f.personIds.value),
    targetIds: list(f.targetIds.value), minSeverity: f.minSeverity.value || undefined };
  const endsAt = new Date(Date.now() + Number(f.hours.value) * 3600 * 1000).toISOString();
  const result = document.getElementById('new-result');
  try {
    const s = await rw.write('POST', '/api/silences', { matchers, endsAt, comment: f.comment.value });
    result.textContent = 'Created ' + s.id + '.';
    event.target.reset();
    await load();
  } catch (e) {
    result.textContent = 'Not created: ' + e.message;
  }
}

document.getElementById('new-silence').addEventListener('submit', create);
load().catch(e => rw.notice(String(e.message || e)));
