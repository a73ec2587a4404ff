// releasewatch watchlist page: search the list, add / edit / remove a person, import a spreadsheet with a
// preview of what it changes, export. Plain JavaScript, no build step, no inline scripts (strict CSP); every
// value from the server is shown with textContent. Changes need an operator token: asked for once and kept
// in sessionStorage (this tab only), sent as "Authorization: Bearer", never in a URL.
'use strict';

const TOKEN_KEY = 'releasewatch.operator-token';
const PAGE = 100;
const IDS_SHOWN = 50;
const $ = id => document.getElementById(id);
const state = { cursor: null, editing: null, previewed: null, searchTimer: null, loadSeq: 0 };

// ---- HTTP ------------------------------------------------------------------------------------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** fetch with the token; on 401/403 asks for an operator token once and tries again. */
async function call(method, path, body, contentType) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    const t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    if (contentType) headers['Content-Type'] = contentType;
    const response = await fetch(path, { method, headers, body });
    if ((response.status === 401 || response.status === 403) && attempt === 0 && await askToken()) continue;
    return response;
  }
}

function askToken() {
  return new Promise(resolve => {
    const dialog = $('token-dialog');
    $('token-input').value = '';
    dialog.addEventListener('close', () => {
      const value = $('token-input').value.trim();
      if (dialog.returnValue === 'ok' && value) {
        sessionStorage.setItem(TOKEN_KEY, value);
        resolve(true);
      } else {
        resolve(false);
      }
    }, { once: true });
    dialog.showModal();
  });
}

/** The problem's detail (RFC 9457 JSON) or the status line. */
async function problem(response) {
  try {
    const p = await response.json();
    return p;
  } catch (e) {
    return { detail: response.status + ' ' + response.statusText };
  }
}

// ---- small DOM helpers -----------------------------------------------------------------------------------

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function say(id, text, kind) {
  const p = $(id);
  p.textContent = text || '';
  p.className = kind || '';
}

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

// ---- the list ----------------------------------------------------------------------------------------------

async function load(append) {
  const seq = ++state.loadSeq;
  const params = new URLSearchParams({ limit: String(PAGE) });
  const query = $('query').value.trim();
  if (query) params.set('query', query);
  if ($('priority').value) params.set('priority', $('priority').value);
  if (append && state.cursor) params.set('cursor', state.cursor);
  let response;
  try {
    response = await call('GET', '/api/watchlist?' + params);
  } catch (e) {
    say('list-status', 'The service cannot be reached: ' + e.message, 'error');
    return;
  }
  if (seq !== state.loadSeq) return; // a newer search is under way
  if (!response.ok) {
    say('list-status', (await problem(response)).detail, 'error');
    return;
  }
  const page = await response.json();
  const body = $('persons').tBodies[0];
  if (!append) body.replaceChildren();
  page.entries.forEach(p => body.appendChild(personRow(p)));
  state.cursor = page.nextCursor;
  $('more').hidden = !page.nextCursor;
  const shown = body.rows.length;
  const [total, matches] = await Promise.all([phrases.format('page.watchlist.total', { total: page.total }),
    query || $('priority').value ? phrases.format('page.watchlist.matching', { matches: page.matches, shown })
      : phrases.format('page.watchlist.shown', { shown, total: page.total })]);
  if (seq !== state.loadSeq) return; // a newer search is under way
  $('total').textContent = total;
  $('total').className = 'pill up';
  $('matches').textContent = matches;
  say('list-status', '');
}

function personRow(p) {
  const tr = el('tr');
  tr.dataset.personId = p.personId;
  tr.appendChild(el('td', 'name', p.name));
  tr.appendChild(el('td', 'id', p.personId));
  tr.appendChild(el('td', p.priority === 'high' ? 'priority prio-high' : 'priority', p.priority));
  tr.appendChild(el('td', 'note', p.note || ''));
  const changed = el('td', 'last-change');
  changed.appendChild(el('div', 'by', p.changedBy || 'written to Kafka directly'));
  changed.appendChild(el('time', '', time(p.changedAt)));
  if (p.changedAt) changed.lastChild.setAttribute('datetime', p.changedAt);
  tr.appendChild(changed);
  const actions = el('td', 'actions');
  const edit = el('button', 'edit', 'Edit');
  edit.type = 'button';
  edit.setAttribute('aria-label', 'Edit ' + p.name);
  edit.addEventListener('click', () => startEdit(p));
  const remove = el('button', 'remove danger', 'Remove');
  remove.type = 'button';
  remove.setAttribute('aria-label', 'Remove ' + p.name);
  remove.addEventListener('click', () => confirmRemove(p));
  actions.append(edit, remove);
  tr.appendChild(actions);
  return tr;
}

// ---- add and edit ------------------------------------------------------------------------------------------

function startEdit(p) {
  state.editing = p.personId;
  $('edit-title').textContent = 'Edit ' + p.name;
  $('f-id').value = p.personId;
  $('f-id').readOnly = true;
  $('f-name').value = p.name;
  $('f-priority').value = p.priority;
  $('f-note').value = p.note || '';
  $('cancel-edit').hidden = false;
  say('edit-status', '');
  $('f-priority').focus();
}

function stopEdit() {
  state.editing = null;
  $('edit-title').textContent = 'Add a person';
  $('edit-form').reset();
  $('f-id').readOnly = false;
  $('cancel-edit').hidden = true;
}

async function save(event) {
  event.preventDefault();
  const personId = $('f-id').value.trim();
  const entry = { name: $('f-name').value.trim(), priority: $('f-priority').value };
  const note = $('f-note').value;
  entry.note = note.trim() ? note : null;
  $('save').disabled = true;
  try {
    const response = await call('PUT', '/api/watchlist/' + encodeURIComponent(personId), JSON.stringify(entry), 'application/json');
    if (!response.ok) {
      const p = await problem(response);
      say('edit-status', p.detail || 'refused', 'error');
      const field = { personId: 'f-id', name: 'f-name', priority: 'f-priority', note: 'f-note' }[p.field];
      if (field) $(field).focus();
      return;
    }
    const saved = await response.json();
    say('edit-status', (response.status === 201 ? 'Added ' : 'Saved ') + saved.name + '.', 'ok');
    stopEdit();
    await load(false);
  } catch (e) {
    say('edit-status', 'The service cannot be reached: ' + e.message, 'error');
  } finally {
    $('save').disabled = false;
  }
}

// ---- remove ------------------------------------------------------------------------------------------------

function confirmRemove(p) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = 'Remove ' + p.name + ' (' + p.personId + ') from the watchlist? '
    + 'Their releases will no longer raise alerts.';
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'ok') return;
    const response = await call('DELETE', '/api/watchlist/' + encodeURIComponent(p.personId));
    if (response.ok) {
      say('list-status', 'Removed ' + p.name + '.', 'ok');
      await load(false);
    } else {
      say('list-status', (await problem(response)).detail, 'error');
    }
  }, { once: true });
  dialog.returnValue = '';
  dialog.showModal();
  $('confirm-dialog').querySelector('button[value=cancel]').focus();
}

// ---- import ------------------------------------------------------------------------------------------------

function importUrl(dryRun) {
  const params = new URLSearchParams();
  if (dryRun) params.set('dryRun', 'true');
  if ($('replace').checked) params.set('replace', 'true');
  if ($('partial').checked) params.set('partial', 'true');
  return '/api/watchlist/import?' + params;
}

function fileType(file) {
  return /\.(jsonl|ndjson)$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';
}

async function preview(event) {
  event.preventDefault();
  const file = $('file').files[0];
  $('preview-result').hidden = true;
  if (!file) {
    say('import-status', 'Choose a file first.', 'error');
    $('file').focus();
    return;
  }
  say('import-status', 'Checking ' + file.name + ' …');
  const response = await call('POST', importUrl(true), file, fileType(file));
  const report = await problem(response);
  if (!response.ok) {
    say('import-status', report.detail || 'refused', 'error');
    return;
  }
  state.previewed = { file, replace: $('replace').checked, partial: $('partial').checked };
  showReport(report);
  const blocked = report.invalid.count > 0 && !report.partial;
  $('apply').disabled = blocked;
  say('import-status', blocked
    ? report.invalid.count + ' invalid rows: fix them and preview again, or tick "Write the valid rows".'
    : 'Nothing is written until you apply.', blocked ? 'error' : '');
  $('preview-result').hidden = false;
  $('apply').focus();
}

function showReport(report) {
  const summary = $('summary');
  summary.replaceChildren();
  const outcomes = [['added', 'to add'], ['changed', 'to change'], ['unchanged', 'unchanged'], ['removed', 'to remove']];
  for (const [key, label] of outcomes) {
    if (key === 'removed' && !report.replace) continue;
    summary.appendChild(el('dt', '', label));
    summary.appendChild(el('dd', key, report[key].count));
  }
  summary.appendChild(el('dt', '', 'invalid rows'));
  summary.appendChild(el('dd', 'invalid-count', report.invalid.count));
  const details = $('details');
  details.replaceChildren();
  for (const [key, label] of outcomes) {
    if (key === 'unchanged' || !report[key] || report[key].count === 0) continue;
    const box = el('details');
    box.appendChild(el('summary', '', label + ': ' + report[key].count));
    const list = el('ul');
    report[key].personIds.slice(0, IDS_SHOWN).forEach(id => list.appendChild(el('li', '', id)));
    if (report[key].count > IDS_SHOWN) list.appendChild(el('li', 'muted', '… and ' + (report[key].count - IDS_SHOWN) + ' more'));
    box.appendChild(list);
    details.appendChild(box);
  }
  const rows = $('invalid-rows').tBodies[0];
  rows.replaceChildren();
  report.invalid.rows.forEach(r => {
    const tr = el('tr');
    tr.append(el('td', 'line', r.line), el('td', 'id', r.personId || ''), el('td', 'error', r.error));
    rows.appendChild(tr);
  });
  $('invalid').hidden = report.invalid.count === 0;
}

async function apply() {
  const previewed = state.previewed;
  if (!previewed) return;
  $('apply').disabled = true;
  $('replace').checked = previewed.replace;
  $('partial').checked = previewed.partial;
  say('import-status', 'Importing …');
  const response = await call('POST', importUrl(false), previewed.file, fileType(previewed.file));
  const report = await problem(response);
  if (!response.ok) {
    say('import-status', report.detail || 'refused', 'error');
    $('apply').disabled = false;
    return;
  }
  $('preview-result').hidden = true;
  state.previewed = null;
  say('import-status', 'Imported: ' + report.added.count + ' added, ' + report.changed.count + ' changed, '
    + report.unchanged.count + ' unchanged' + (report.replace ? ', ' + report.removed.count + ' removed' : '')
    + (report.invalid.count ? ', ' + report.invalid.count + ' invalid rows skipped' : '') + '.', 'ok');
  $('import-form').reset();
  await load(false);
}

function previewOutdated() {
  $('preview-result').hidden = true;
  state.previewed = null;
  say('import-status', '');
}

// ---- export ------------------------------------------------------------------------------------------------

async function exportList() {
  const response = await call('GET', '/api/watchlist/export');
  if (!response.ok) {
    say('export-status', (await problem(response)).detail, 'error');
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = el('a');
  a.href = url;
  a.download = 'watchlist-' + new Date().toISOString().slice(0, 10) + '.csv';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say('export-status', 'Downloaded ' + a.download + '.', 'ok');
}

// ---- wiring ------------------------------------------------------------------------------------------------

$('search-form').addEventListener('submit', e => { e.preventDefault(); load(false); });
$('query').addEventListener('input', () => {
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(() => load(false), 250);
});
$('priority').addEventListener('change', () => load(false));
$('more').addEventListener('click', () => load(true));
$('edit-form').addEventListener('submit', save);
$('cancel-edit').addEventListener('click', stopEdit);
$('import-form').addEventListener('submit', preview);
$('file').addEventListener('change', previewOutdated);
$('replace').addEventListener('change', previewOutdated);
$('partial').addEventListener('change', previewOutdated);
$('apply').addEventListener('click', apply);
$('export').addEventListener('click', exportList);
load(false);
