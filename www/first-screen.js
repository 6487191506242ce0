// The build writes the sample's overview, in Japanese, into index.html (#snapshot,
// xtask/snapshot.mjs), so that the first screen paints before the app's wasm has arrived; the app
// replaces it as it starts. It is shown only where the app's own first screen is that one: no
// view, filter or unit in the URL, and a browser that does not ask for English. A classic script
// in <head>: it runs before the body is painted.
(() => {
  const hash = location.hash.replace(/^#/, '');
  const same = (hash === '' || hash === 'view=overview') && !navigator.language.startsWith('en');
  if (!same) document.documentElement.classList.add('no-snapshot');
})();
