// What a reader of a page notices, measured in the page (run by tests/test_layout.py with the smallest text
// size allowed): boxes that scroll sideways, with or without shadows that say so, elements that run off the
// screen, text too small, and text too faint on its background (WCAG 2 contrast, any CSS colour as painted).
(smallest) => {
  const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  const painted = new Map();
  const rgba = colour => {  // any CSS colour (color-mix, color(srgb ...)) as the browser paints it
    if (!painted.has(colour)) {
      canvas.clearRect(0, 0, 1, 1); canvas.fillStyle = "#000"; canvas.fillStyle = colour; canvas.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data; painted.set(colour, [r, g, b, a / 255]);
    }
    return painted.get(colour);
  };
  const over = (top, below) => top.slice(0, 3).map((v, i) => v * top[3] + below[i] * (1 - top[3])).concat(1);
  const backdrop = element => {  // the background behind an element: its own and its ancestors' layers
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const layer = rgba(getComputedStyle(e).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] >= 1) break;
    }
    let colour = layers.length && layers[layers.length - 1][3] >= 1 ? layers.pop() : rgba(getComputedStyle(document.documentElement).backgroundColor);
    if (colour[3] < 1) colour = matchMedia("(prefers-color-scheme: dark)").matches ? [0, 0, 0, 1] : [255, 255, 255, 1];
    while (layers.length) colour = over(layers.pop(), colour);
    return colour;
  };
  const luminance = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const verdicts = new Map();
  const hidden = e => {  // not shown, or shown to screen readers only (a clipped 1-pixel box)
    if (!e) return false;
    if (!verdicts.has(e)) {
      const style = getComputedStyle(e);
      verdicts.set(e, style.display === "none" || style.visibility === "hidden" || style.clipPath !== "none"
        || style.clip !== "auto" || e.classList.contains("visually-hidden") || e.classList.contains("skip-link")
        || hidden(e.parentElement));
    }
    return verdicts.get(e);
  };
  const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "")
    + ' "' + (e.textContent || "").trim().slice(0, 30) + '"';
  const width = window.innerWidth;
  const found = { overflow: [], scroll: [], scrolls: [], wide: [], tiny: [], contrast: [], sizes: [] };
  if (document.documentElement.scrollWidth > width + 1) found.overflow.push(`page ${document.documentElement.scrollWidth}px`);
  for (const e of document.querySelectorAll("body *")) {
    if (e.closest("svg") || hidden(e)) continue;
    const style = getComputedStyle(e), box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (/auto|scroll|hidden|clip/.test(style.overflowX) && e.scrollWidth > e.clientWidth + 1) {
      const signed = e.matches(".table-scroll, .chart-box") && style.backgroundImage.includes("gradient");  // shadows at its edges
      found[signed ? "scrolls" : "scroll"].push(`${name(e)} ${e.scrollWidth}px in ${e.clientWidth}px`);
    }
    if (box.right > width + 1 && !e.closest(".table-scroll, .chart-box")) found.wide.push(`${name(e)} ends at ${Math.round(box.right)}px`);
    const text = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const label = e.matches("[data-label]") && getComputedStyle(e, "::before").content.length > 2;
    if (!text && !label) continue;
    const size = parseFloat(style.fontSize);
    found.sizes.push(size);
    if (size < smallest) found.tiny.push(`${name(e)} ${size}px`);
    const bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const background = backdrop(e);
    const seen = ratio(over(rgba(style.color), background), background);
    if (seen < needed) found.contrast.push(`${name(e)} ${seen.toFixed(2)}:1`);
  }
  return found;
}
