// Shared by the dashboard's pages: the API token, requests, small DOM helpers.
// With a token configured, a page asks for it once per browser session and keeps it in sessionStorage; it goes
// only into Authorization headers, never into a URL. A write answered 401/403 asks for an operator token (an
// operator token also reads, so it replaces the one kept).
'use strict';

const rw = {
  token: sessionStorage.getItem('releasewatch.token') || '',
  asking: null,

  headers(extra) {
    const headers = Object.assign({}, extra || {});
    if (rw.token) headers.Authorization = 'Bearer ' + rw.token;
    return headers;
  },

  // the alert rules as the service names them ({rule, description}, in order), read once per page
  rules() {
    if (!rw.rulesRead) rw.rulesRead = rw.api('/api/rules').then(body => body.rules);
    return rw.rulesRead;
  },

  async api(path) {
    const response = await fetch(path, { headers: rw.headers(), cache: 'no-store' });
    if (response.status === 401) {
      await rw.askToken('This service needs an API token');
      return rw.api(path);
    }
    if (!response.ok) throw new Error(path + ': ' + response.status + ' ' + await rw.problem(response));
    return response.json();
  },

  // POST/DELETE: an operator's write. Resolves to the answer's JSON; rejects with the problem's detail.
  async write(method, path, body) {
    for (let tries = 0; tries < 3; tries++) {
      const response = await fetch(path, {
        method, cache: 'no-store',
        headers: rw.headers({ 'Content-Type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      if (response.status === 401 || response.status === 403) {
        await rw.askToken('This needs an operator token');
        continue;
      }
      if (!response.ok) {
        const detail = await rw.problem(response);
        throw new Error(detail || (method + ' ' + path + ': ' + response.status));
      }
      return response.json();
    }
    throw new Error('an operator token is needed for this');
  },

  async problem(response) {
    try {
      const body = await response.json();
      return body.detail || '';
    } catch (e) {
      return '';
    }
  },

  // one dialog for every request that needs the token at the same time
  askToken(why) {
    if (!rw.asking) {
      rw.asking = new Promise(resolve => {
        const dialog = document.getElementById('token-dialog');
        const label = document.getElementById('token-why');
        if (label && why) label.textContent = why;
        dialog.addEventListener('close', () => {
          rw.token = document.getElementById('token-input').value.trim();
          sessionStorage.setItem('releasewatch.token', rw.token);
          rw.asking = null;
          resolve();
        }, { once: true });
        dialog.showModal();
      });
    }
    return rw.asking;
  },

  notice(message) {
    const notice = document.getElementById('notice');
    notice.textContent = message;
    notice.hidden = !message;
  },

  text(tag, className, value) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = value === undefined || value === null ? '' : String(value);
    return el;
  },

  link(href, value, className) {
    const a = rw.text('a', className, value);
    a.href = href;
    return a;
  },

  // only http(s) links from data, never javascript: or data:
  safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  },

  time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/:00 UTC$/, ' UTC');
  },

  // a definition list from [label, value-or-node] pairs (empty values left out)
  pairs(dl, rows) {
    dl.replaceChildren();
    for (const [label, value] of rows) {
      if (value === undefined || value === null || value === '') continue;
      dl.appendChild(rw.text('dt', '', label));
      const dd = document.createElement('dd');
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
      dl.appendChild(dd);
    }
  },

  // the matchers of a silence, as one line
  matchers(m) {
    const parts = [];
    if (m.rules) parts.push('rule ∈ ' + m.rules.join(', '));
    if (m.countries) parts.push('country ∈ ' + m.countries.join(', '));
    if (m.personIds) parts.push('person ∈ ' + m.personIds.join(', '));
    if (m.targetIds) parts.push('target ∈ ' + m.targetIds.join(', '));
    if (m.minSeverity) parts.push('severity ≥ ' + m.minSeverity);
    return parts.join(' · ');
  }
};

// ?lang=be (or ru, uk, en): the page's headings, labels and buttons in that language, from the service's message
// catalogue (/i18n/{lang}.json, the phrases chat messages use too); links to the other pages keep the language.
rw.lang = new URLSearchParams(location.search).get('lang');
if (rw.lang) {
  rw.phrases = fetch('/i18n/' + encodeURIComponent(rw.lang) + '.json', { cache: 'no-store' })
    .then(response => (response.ok ? response.json() : {}))
    .then(phrases => {
      document.documentElement.lang = rw.lang;
      document.querySelectorAll('[data-i18n]').forEach(el => {
        if (phrases[el.dataset.i18n]) el.textContent = phrases[el.dataset.i18n];
      });
      document.querySelectorAll('nav a[href^="/"]').forEach(a => {
        a.setAttribute('href', a.getAttribute('href') + '?lang=' + encodeURIComponent(rw.lang));
      });
      document.body.dataset.lang = rw.lang;
      return phrases;
    })
    .catch(() => ({}));
}
