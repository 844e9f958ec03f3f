(() => {
  "use strict";
  // Article text is hostile: it is only ever read with textContent and written back as
  // text nodes. Never innerHTML.
  const holder = document.getElementById("report-data");
  if (!holder) {
    return;
  }
  const data = JSON.parse(holder.textContent);
  const articles = data.articles.map((info, index) => {
    const el = document.getElementById("text-" + index);
    return el ? { el, text: el.textContent, junk: info.junk, name: info.name } : null;
  });
  const bar = document.getElementById("evidence");
  const barLabel = document.getElementById("evidence-label");
  const barJumps = document.getElementById("evidence-jumps");
  const motion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const behavior = () => (motion.matches ? "auto" : "smooth");
  let painted = [];
  let returnTo = null;
  let activeButton = null;

  function paint(index, ranges) {
    const article = articles[index];
    const text = article.text;
    const cuts = new Set([0, text.length]);
    for (const [start, end] of article.junk.concat(ranges)) {
      cuts.add(Math.max(0, Math.min(start, text.length)));
      cuts.add(Math.max(0, Math.min(end, text.length)));
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    const marks = [];
    let openMark = null;
    let openRange = null;
    for (let k = 0; k + 1 < points.length; k += 1) {
      const start = points[k];
      const end = points[k + 1];
      let node = document.createTextNode(text.slice(start, end));
      const kinds = article.junk.filter((j) => j[0] < end && start < j[1]).map((j) => j[2]);
      if (kinds.length) {
        const span = document.createElement("span");
        span.className = "junk";
        span.title = Array.from(new Set(kinds)).join(", ");
        span.appendChild(node);
        node = span;
      }
      const range = ranges.find((r) => r[0] < end && start < r[1]) || null;
      if (range === null) {
        openMark = null;
        openRange = null;
        fragment.appendChild(node);
        continue;
      }
      if (openMark === null || openRange !== range) {
        openMark = document.createElement("mark");
        openRange = range;
        marks.push(openMark);
        fragment.appendChild(openMark);
      }
      openMark.appendChild(node);
    }
    article.el.replaceChildren(fragment);
    return marks;
  }

  function clear() {
    for (const index of painted) {
      paint(index, []);
    }
    painted = [];
    if (activeButton) {
      activeButton.classList.remove("is-active");
      activeButton = null;
    }
    bar.hidden = true;
  }

  function reveal(mark) {
    const details = mark.closest("details");
    if (details && !details.open) {
      details.open = true;
    }
    mark.tabIndex = -1;
    mark.scrollIntoView({ block: "center", behavior: behavior() });
    mark.focus({ preventScroll: true });
  }

  function highlight(id, button) {
    const set = data.sets[id];
    if (!set) {
      return;
    }
    clear();
    const byArticle = new Map();
    for (const [index, start, end] of set.spans) {
      if (articles[index]) {
        if (!byArticle.has(index)) {
          byArticle.set(index, []);
        }
        byArticle.get(index).push([start, end]);
      }
    }
    const firsts = [];
    for (const [index, ranges] of byArticle) {
      const marks = paint(index, ranges);
      painted.push(index);
      if (marks.length) {
        firsts.push([index, marks[0]]);
      }
    }
    if (!firsts.length) {
      return;
    }
    returnTo = button;
    activeButton = button;
    button.classList.add("is-active");
    const count = firsts.length;
    barLabel.textContent =
      set.label + " — " + (count === 1 ? "1 article" : count + " articles") + " highlighted";
    const jumps = [];
    for (const [index, mark] of firsts) {
      const jump = document.createElement("button");
      jump.type = "button";
      jump.className = "jump";
      jump.textContent = articles[index].name;
      jump.addEventListener("click", () => reveal(mark));
      jumps.push(jump);
    }
    barJumps.replaceChildren(...jumps);
    bar.hidden = false;
    reveal(firsts[0][1]);
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-hl]") : null;
    if (target && target.dataset.hl) {
      event.preventDefault();
      highlight(target.dataset.hl, target);
    }
  });
  document.getElementById("evidence-clear").addEventListener("click", clear);
  document.getElementById("evidence-back").addEventListener("click", () => {
    if (returnTo) {
      returnTo.scrollIntoView({ block: "center", behavior: behavior() });
      returnTo.focus({ preventScroll: true });
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !bar.hidden) {
      clear();
    }
  });
  document.documentElement.classList.add("js");
})();
