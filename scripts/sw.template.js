/**
 * Gate Lab's service worker (built into dist/sw.js by scripts/viteServiceWorker.ts, which fills in PRECACHE):
 * - keeps the whole build — app shell, worker, wasm binaries, the built-in texts' chunk — so the page opens
 *   and trains offline after one visit;
 * - adds COOP/COEP to what it serves, so that on a host that cannot send them the page is cross-origin
 *   isolated (wasm on every core) from the second visit on.
 * Pages go to the network first (a new build shows at once) and fall back to the cache; the hashed assets
 * come from the cache.
 */
const PRECACHE = /* PRECACHE */ { version: 'dev', files: [] };
const CACHE = `gatelab-${PRECACHE.version}`;
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.files.map((f) => new URL(f, self.registration.scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('gatelab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The response with the two headers added (an opaque one can't be changed, and is left as it is). */
function isolated(response) {
  if (response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match(new URL('./', self.registration.scope).href));
    if (cached) return cached;
    throw error;
  }
}

async function fromCacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  const response = request.mode === 'navigate' ? fromNetworkFirst(request) : fromCacheFirst(request);
  event.respondWith(response.then(isolated));
});
