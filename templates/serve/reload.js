// pm serve: reload as soon as a newer build is ready; show the problems of a failed build in a banner.
// Each status request waits on the server until the status changes, so a page reloads the moment its build is done.
// Search bundles made again may follow their build's pages: a page with the search form reloads for them too.
(() => {
  let seen = null;
  let searched = null;
  let version = null;
  const banner = document.createElement("aside");
  banner.id = "pm-serve-banner";
  banner.setAttribute("role", "alert");
  function show(status) {
    banner.replaceChildren();
    if (!status.problems.length) { banner.remove(); return; }
    const title = document.createElement("strong");
    title.textContent = "pm: the last change was not built: " + status.summary;
    const list = document.createElement("ul");
    for (const problem of status.problems) {
      const item = document.createElement("li");
      item.textContent = problem;
      list.append(item);
    }
    banner.append(title, list);
    if (!banner.isConnected) document.body.prepend(banner);
  }
  async function poll() {
    try {
      const query = version === null ? "" : "?after=" + version;
      const status = await (await fetch("/__pm/status" + query, {cache: "no-store"})).json();
      if (seen !== null && status.build !== seen) { location.reload(); return; }
      if (searched !== null && status.search !== searched && document.getElementById("search")) {
        location.reload();
        return;
      }
      seen = status.build;
      searched = status.search;
      version = status.version;
      show(status);
      setTimeout(poll, 0);
      return;
    } catch (error) { /* the server is restarting or gone: try again in a while */ }
    setTimeout(poll, 1000);
  }
  poll();
})();
