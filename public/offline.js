/*
 * The offline page's one job: point at what works without the network. It lists the review pages
 * saved on this device (the service worker's page cache) and the dashboard when a copy of it is saved.
 */
(async () => {
  if (!("caches" in window)) return;
  const names = (await caches.keys()).filter((name) => name.endsWith("-pages"));
  const reviews = new Map();
  let dashboard = false;
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const url = new URL(request.url);
      if (url.origin !== location.origin) continue;
      if (url.pathname === "/dashboard") dashboard = true;
      const match = /^\/courses\/([^/]+)\/review$/.exec(url.pathname);
      if (!match || reviews.has(match[1])) continue;
      reviews.set(match[1], url.pathname);
    }
  }
  const list = document.getElementById("saved-reviews");
  for (const [slug, href] of reviews) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.className = "button";
    link.href = href;
    link.textContent = `Review: ${decodeURIComponent(slug).replaceAll("-", " ")}`;
    item.append(link);
    list.append(item);
  }
  list.hidden = reviews.size === 0;
  document.getElementById("no-saved-reviews").hidden = reviews.size > 0;
  document.getElementById("saved-dashboard").hidden = !dashboard;
})();
