// The catalogue's sentences with a number in them (/i18n/{lang}.json, ?lang= or English): a sentence with a plural
// comes as one text per CLDR plural category, and the browser's Intl.PluralRules (CLDR too) picks the one for the
// number, so no page writes a plural rule of its own; {name} is then replaced by the argument of that name.
'use strict';
const phrases = (() => {
  const asked = new URLSearchParams(location.search).get('lang') || 'en';
  const get = lang => fetch('/i18n/' + encodeURIComponent(lang) + '.json', { cache: 'no-store' })
    .then(response => (response.ok ? response.json().then(all => ({ lang, all })) : null));
  // a language the service does not know (a 400) shows English, like the rest of the page
  const loaded = get(asked).catch(() => null).then(found => found || get('en'));
  async function format(key, args) {
    const { lang, all } = await loaded;
    const phrase = all[key];
    if (phrase === undefined) return key;
    const text = typeof phrase === 'string' ? phrase
      : phrase.forms[new Intl.PluralRules(lang).select(Number(args[phrase.plural]))] || phrase.forms.other;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
  }
  return { format };
})();
