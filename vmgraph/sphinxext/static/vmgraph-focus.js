/* vmgraph: interactive diagrams. Selecting a state or an action (click, tap, Enter or Space
   on its node, or on an edge it labels; the search box; a link to #vmgraph-<model>-<kind>-<id>)
   draws in full what `--highlight` draws for it and fades the rest; a state and an action
   together narrow it; selecting it again, or Escape, clears it. A node or an edge that stands
   for several calls selects each in turn (a line of an edge's label: the call it names).
   What each selection shows is data the page holds (data-vmgraph-focus of .vmgraph-focus-data,
   computed by vmgraph in Python): nothing is worked out here. Without JavaScript the diagram
   stays as it is drawn. */
(function () {
  "use strict";

  function setup(holder, serial) {
    const data = JSON.parse(holder.getAttribute("data-vmgraph-focus"));
    const diagram = holder.closest(".vmgraph-diagram") || holder.parentElement;
    const svg = diagram.querySelector("svg.vmgraph-svg");
    if (!svg) {
      return null;
    }
    const found = {node: {}, edge: {}};
    ["node", "edge"].forEach(function (part) {
      svg.querySelectorAll("[data-vmgraph-" + part + "]").forEach(function (g) {
        found[part][g.getAttribute("data-vmgraph-" + part)] = g;
      });
    });
    const answers = {};
    data.selections.forEach(function (s) {
      answers[s[0] + "," + s[1]] = s;
    });
    const chosen = {state: -1, action: -1};
    const picks = []; // [element, the items it selects in turn, edge index or null]
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

    function next(list) { // the first item of *list*, the one after the selected one, or none
      const kind = data.items[list[0]][0];
      const at = list.indexOf(chosen[kind]);
      if (at === list.length - 1) {
        chosen[kind] = -1;
        show();
      } else {
        select(list[at + 1], false);
      }
    }

    function rowLink(index) {
      for (const n of data.items[index][3]) {
        const link = found.node[n] && found.node[n].querySelector("a");
        const href = link && (link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
        if (href) {
          return href;
        }
      }
      return null;
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
      ["node", "edge"].forEach(function (part, which) {
        Object.keys(found[part]).forEach(function (i) {
          found[part][i].classList.toggle("vmgraph-on", on[which].indexOf(Number(i)) >= 0);
        });
      });
      picks.forEach(function (pick) {
        const picked = pick[1].indexOf(chosen.state) >= 0 || pick[1].indexOf(chosen.action) >= 0;
        pick[0].setAttribute("aria-pressed", String(picked));
        if (pick[2] === null) {
          pick[0].classList.toggle("vmgraph-selected", picked);
        } else {
          (data.owners[pick[2]] || []).forEach(function (owner, line) {
            const text = pick[0].querySelector('[data-vmgraph-line="' + line + '"]');
            if (text) {
              text.classList.toggle("vmgraph-selected", owner >= 0 && owner === chosen.action);
            }
          });
        }
      });
      status.hidden = !answer;
      status.textContent = "";
      if (answer) {
        const names = [chosen.state, chosen.action].filter(function (i) {
          return i >= 0;
        }).map(function (i) {
          return data.items[i][2];
        });
        status.textContent = "Selected " + names.join(" and ") + " (Escape clears): " + data.texts[answer[3]].map(function (line) {
          return data.lines[line];
        }).join(" ");
      }
    }

    const lists = new Map(); // element -> [items, edge index or null]
    data.items.forEach(function (item, index) {
      [3, 4].forEach(function (at) {
        item[at].forEach(function (n) {
          const g = found[at === 3 ? "node" : "edge"][n];
          if (g) {
            if (!lists.has(g)) {
              lists.set(g, [[], at === 3 ? null : String(n)]);
            }
            lists.get(g)[0].push(index);
          }
        });
      });
    });
    lists.forEach(function (value, g) {
      const list = value[0];
      picks.push([g, list, value[1]]);
      const link = g.querySelector("a");
      if (link && value[1] === null) {
        link.setAttribute("tabindex", "-1"); // the node itself takes the focus
      }
      const path = value[1] !== null && g.querySelector("path");
      if (path) { // an edge is thin: a wider, invisible copy of it takes the clicks
        const hit = path.cloneNode(false);
        hit.setAttribute("class", "vmgraph-hit");
        path.before(hit);
      }
      const first = data.items[list[0]];
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", first[0] + (list.length > 1 ? "s " : " ") + list.map(function (i) {
        return data.items[i][2];
      }).join(", "));
      g.setAttribute("aria-pressed", "false");
      g.addEventListener("click", function (event) {
        event.preventDefault();
        const text = event.target.closest && event.target.closest("[data-vmgraph-line]");
        const line = text ? Number(text.getAttribute("data-vmgraph-line")) : -1;
        const owner = (data.owners[value[1]] || [])[line];
        if (owner >= 0) {
          select(owner, true);
        } else {
          next(list);
        }
      });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          next(list);
        }
      });
    });
    diagram.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        chosen.state = -1;
        chosen.action = -1;
        show();
      }
    });

    function only(index) { // found or linked to: select it alone, scrolled into the diagram's view
      chosen.state = -1;
      chosen.action = -1;
      select(index, false);
      const g = found.node[data.items[index][3][0]] || found.edge[data.items[index][4][0]];
      if (g && scroll !== svg) {
        const box = g.getBoundingClientRect();
        const area = scroll.getBoundingClientRect();
        scroll.scrollLeft += box.left + box.width / 2 - area.left - area.width / 2;
      }
    }

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
          only(index);
        }
      });
      scroll.insertAdjacentElement("beforebegin", box);
      scroll.insertAdjacentElement("beforebegin", list);
    }

    return function follow(fragment) {
      const index = data.items.findIndex(function (item) {
        return fragment === "vmgraph-" + data.model + "-" + item[0] + "-" + item[1];
      });
      if (index >= 0) {
        only(index);
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
