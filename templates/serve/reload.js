// pm serve: reload when a newer build is ready; show the problems of a failed build in a banner.
(() => {
  let seen = null;
  const banner = document.createElement("aside");
  banner.id = "pm-serve-banner";
  banner.setAttribute("role", "alert");
  async function poll() {
    try {
      const status = await (await fetch("/__pm/status", {cache: "no-store"})).json();
      if (seen !== null && status.build !== seen) { location.reload(); return; }
      seen = status.build;
      banner.replaceChildren();
      if (status.problems.length) {
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
      } else banner.remove();
    } catch (error) { /* the server is restarting or gone: try again */ }
    setTimeout(poll, 1000);
  }
  poll();
})();
