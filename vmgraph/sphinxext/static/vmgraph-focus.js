/* vmgraph: interactive diagrams. Selecting a state or an action (click, tap, Enter or Space,
   the search box, or a link to #vmgraph-<model>-<kind>-<id>) draws in full what
   `--highlight` draws for it and fades the rest; a state and an action together narrow it;
   selecting it again, or Escape, clears it. What each selection shows is data the page holds
   (the data-vmgraph-focus attribute of .vmgraph-focus-data, computed by vmgraph in Python): nothing is worked out here.
   Without JavaScript the diagram stays as it is drawn. */
(function () {
  "use strict";

  function setup(holder, serial) {
    const data = JSON.parse(holder.getAttribute("data-vmgraph-focus"));
    const diagram = holder.closest(".vmgraph-diagram") || holder.parentElement;
    const svg = diagram.querySelector("svg.vmgraph-svg");
    if (!svg) {
      return null;
    }
    const nodes = {};
    const edges = {};
    svg.querySelectorAll("[data-vmgraph-node]").forEach(function (g) {
      nodes[g.getAttribute("data-vmgraph-node")] = g;
    });
    svg.querySelectorAll("[data-vmgraph-edge]").forEach(function (g) {
      edges[g.getAttribute("data-vmgraph-edge")] = g;
    });
    const answers = {};
    data.selections.forEach(function (s) {
      answers[s[0] + "," + s[1]] = s;
    });
    const chosen = {state: -1, action: -1};
    const status = document.createElement("p");
    status.className = "vmgraph-focus-status";
    status.setAttribute("aria-live", "polite");
    status.hidden = true;
    const scroll = diagram.querySelector(".vmgraph-scroll") || svg;
    scroll.insertAdjacentElement("afterend", status); // below: a long text must not move the drawing
    const rows = document.createElement("p"); // links to the rows that describe the selection
    rows.className = "vmgraph-focus-rows";
    rows.hidden = true;
    status.insertAdjacentElement("afterend", rows);

    function select(index, toggle) {
      const kind = data.items[index][0];
      chosen[kind] = toggle && chosen[kind] === index ? -1 : index;
      if (!answers[chosen.state + "," + chosen.action]) {
        chosen[kind === "state" ? "action" : "state"] = -1; // a pair outside the drawn subset
      }
      show();
    }

    function rowLink(index) {
      for (const n of data.items[index][3]) {
        const link = nodes[n] && nodes[n].querySelector("a");
        const href = link && (link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
        if (href) {
          return href;
        }
      }
      return null;
    }

    function clear() {
      chosen.state = -1;
      chosen.action = -1;
      show();
    }

    function showRows(answer) {
      rows.replaceChildren();
      [chosen.state, chosen.action].forEach(function (i) {
        const href = answer && i >= 0 && rowLink(i); // where a table describes it, as the node's own link said
        if (href) {
          const more = document.createElement("a");
          more.className = "vmgraph-focus-more";
          more.href = href;
          more.textContent = "About " + data.items[i][2];
          rows.append(rows.childNodes.length ? " " : "", more);
        }
      });
      rows.hidden = !rows.childNodes.length;
    }

    function show() {
      const answer = answers[chosen.state + "," + chosen.action];
      showRows(answer);
      const on = answer ? data.emphases[answer[2]] : [[], []];
      svg.classList.toggle("vmgraph-focused", Boolean(answer));
      Object.keys(nodes).forEach(function (i) {
        nodes[i].classList.toggle("vmgraph-on", on[0].indexOf(Number(i)) >= 0);
        nodes[i].classList.remove("vmgraph-selected");
      });
      Object.keys(edges).forEach(function (i) {
        edges[i].classList.toggle("vmgraph-on", on[1].indexOf(Number(i)) >= 0);
      });
      data.items.forEach(function (item, index) {
        const picked = index === chosen.state || index === chosen.action;
        item[3].forEach(function (n) {
          if (nodes[n]) {
            nodes[n].classList.toggle("vmgraph-selected", picked);
            nodes[n].setAttribute("aria-pressed", String(picked));
          }
        });
      });
      status.hidden = !answer;
      if (answer) {
        const names = [chosen.state, chosen.action].filter(function (i) {
          return i >= 0;
        }).map(function (i) {
          return data.items[i][2];
        });
        status.textContent = "Selected " + names.join(" and ") + " (Escape clears): " + data.texts[answer[3]].map(function (line) {
          return data.lines[line];
        }).join(" ");
      } else {
        status.textContent = "";
      }
    }

    const bound = new Set(); // a box shared by several calls selects the first of them
    data.items.forEach(function (item, index) {
      item[3].forEach(function (n) {
        const g = nodes[n];
        if (!g || bound.has(n)) {
          return;
        }
        bound.add(n);
        const link = g.querySelector("a");
        if (link) {
          link.setAttribute("tabindex", "-1"); // the node itself takes the focus
        }
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", item[0] + " " + item[2]);
        g.setAttribute("aria-pressed", "false");
        g.addEventListener("click", function (event) {
          event.preventDefault();
          select(index, true);
        });
        g.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            select(index, true);
          }
        });
      });
    });
    diagram.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        clear();
      }
    });

    if (data.search) {
      const box = document.createElement("input");
      const list = document.createElement("datalist");
      list.id = "vmgraph-focus-list-" + serial;
      data.items.forEach(function (item) {
        const option = document.createElement("option");
        option.value = item[2];
        list.appendChild(option);
      });
      box.type = "search";
      box.className = "vmgraph-focus-search";
      box.setAttribute("list", list.id);
      box.setAttribute("aria-label", "Find a state or an action in the diagram");
      box.placeholder = "Find a state or an action";
      box.addEventListener("input", function () {
        const wanted = box.value.trim().toLowerCase();
        const index = data.items.findIndex(function (item) {
          return item[2].toLowerCase() === wanted || item[1].toLowerCase() === wanted;
        });
        if (index >= 0) {
          chosen.state = -1;
          chosen.action = -1;
          select(index, false);
        }
      });
      scroll.insertAdjacentElement("beforebegin", box);
      scroll.insertAdjacentElement("beforebegin", list);
    }

    return function follow(fragment) {
      const prefix = "vmgraph-" + data.model + "-";
      if (fragment.indexOf(prefix) !== 0) {
        return;
      }
      const rest = fragment.slice(prefix.length);
      const index = data.items.findIndex(function (item) {
        return rest === item[0] + "-" + item[1];
      });
      if (index >= 0) {
        chosen.state = -1;
        chosen.action = -1;
        select(index, false);
      }
    };
  }

  function init() {
    const followers = [];
    document.querySelectorAll(".vmgraph-focus-data").forEach(function (holder, serial) {
      const follow = setup(holder, serial);
      if (follow) {
        followers.push(follow);
      }
    });
    function hash() {
      let fragment = "";
      try {
        fragment = decodeURIComponent(window.location.hash.slice(1));
      } catch (error) {
        return; // not a fragment vmgraph wrote
      }
      followers.forEach(function (follow) {
        follow(fragment);
      });
    }
    window.addEventListener("hashchange", hash);
    hash();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
