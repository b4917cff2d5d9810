"""Mermaid export (vmgraph.emit.mermaid): goldens, escaping, and the real mermaid.js in Chromium."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vmgraph.cli import main
from vmgraph.emit.mermaid import (
    has_mermaid,
    mermaid_view,
    preconditions_mermaid,
    sequence_mermaid,
    transitions_mermaid,
)
from vmgraph.emit.mermaidtext import JOINER, escape, label
from vmgraph.emit.style import Style
from vmgraph.errors import RenderError
from vmgraph.load.loader import load_model
from vmgraph.model import (
    UNCHANGED,
    Accepts,
    Action,
    Model,
    Participant,
    Result,
    Sequence,
    State,
    Step,
    TaskRequirement,
    Variant,
)
from vmgraph.views.names import view_names

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden" / "mermaid"
MERMAID_JS = TESTS / "js" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
BUNDLED = ("nova", "nova-2014")
#: Seconds Chromium may take to load mermaid.js and render every diagram.
BROWSER_TIMEOUT = 180

#: Labels that would break out of, or be interpreted by, a naively written Mermaid label.
HOSTILE = (
    "say \"hi\" 'there'",
    "<script>alert(1)</script>",
    "<b>bold</b> <img src=x onerror=alert(1)>",
    "a#b;c #quot; #35; &lt; &amp; &#60;",
    "x --> y -.-> z ==> w --- v",
    "%% not a comment",
    "%%{init: {'theme': 'dark'}}%%",
    "|sub| [x] {y} (z) ((w))",
    "ends in a backslash\\",
    "back\\slash\\n and \\\\n",
    "a:b; c:::initial",
    "`code` *emph* __under__ ~strike~",
    "1. item",
    "- item",
    "# heading",
    "> quote",
    "fa:fa-car $$x^2$$",
    "#br# <br> <br/> ﬂ°°60¶ß",
    "end",
    "style s_x fill:#f00;",
    "participant p_x as evil",
    "é 日本語 😀 \u202eRTL\u202c",
    "two  spaces and\ttab",
    "[*] --> s_x",
    "http://example.com/?a=1&b=2",
)


# -- escaping ----------------------------------------------------------------------------

#: What escaped text consists of: letters and digits of any script, `` _.-``, and codes.
ESCAPED = r"(?:[^\W_]|[ _.\-]|#\d+;)+"


def decode(text: str) -> str:
    """Undo :func:`escape` the way mermaid.js does: ``#<code>;`` -> the character; drop joiners."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m[1])), text).replace(JOINER, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_only_letters_digits_spaces_and_codes(text: str) -> None:
    escaped = escape(text)
    assert re.fullmatch(ESCAPED, escaped), escaped
    for bad in ('"', "<", ">", "&", "%%", "-->", "|", "[", "]", "{", "}", ":", "`", "\\", "\n", "\t"):
        assert bad not in escaped
    assert not escaped.startswith(" ") and not escaped.endswith(" ")
    assert decode(escaped) == text


@given(st.text().filter(lambda t: JOINER not in t))
def test_escape_round_trips_and_quotes_every_symbol(text: str) -> None:
    escaped = escape(text)
    assert decode(escaped) == (text or " ")
    assert re.fullmatch(ESCAPED, escaped)


def test_escape_keeps_words_readable() -> None:
    assert escape("SHELVED_OFFLOADED") == "SHELVED_OFFLOADED"
    assert escape("soft-delete v2.1 über") == "soft-delete v2.1 über"
    assert escape("_x_ a--b .5") == "#95;x#95; a#45;#45;b #46;5"


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("fa:fa-car", "fa:\u2060fa-car"),
        ("fab:fa-x", "fab:\u2060fa-x"),
        ("$$x$$", "$\u2060$x$\u2060$"),
        ("\\n", "\\\u2060n"),
        ("#br#", "#\u2060br#"),
        ("ﬂ°°60¶ß", "ﬂ\u2060°°60¶\u2060ß"),
    ],
)
def test_escape_breaks_up_what_mermaid_acts_on_after_decoding(text: str, broken: str) -> None:
    assert re.sub(r"#(\d+);", lambda m: chr(int(m[1])), escape(text)) == broken
    assert decode(escape(text)) == text


def test_label_joins_lines_and_splits_embedded_breaks() -> None:
    assert label("a", "b\nc\r\nd") == "a<br>b<br>c<br>d"
    assert label("a", "b", sep="\n") == "a\nb"
    assert label("") == "#32;"


# -- views -----------------------------------------------------------------------------


def make_variant(
    accepts: tuple[str, ...], to: str, *, vid: str | None = None, when: str | None = None, label: str = ""
) -> Variant:
    return Variant(vid, Accepts(states=accepts), TaskRequirement(), True, (Result(to, when=when),), None, label=label)


def make_model(*, states: tuple[str, ...], actions: tuple[tuple[str, tuple[str, ...], str], ...]) -> Model:
    return Model(
        "test",
        "Test",
        tuple(State(s, s.upper()) for s in states),
        tuple(Action(a, a, (make_variant(acc, to),)) for a, acc, to in actions),
    )


@pytest.mark.parametrize("model_name", BUNDLED)
def test_bundled_views_match_goldens(model_name: str, assert_golden: Callable[[str, str], None]) -> None:
    model = load_model(model_name)
    for view in view_names(model):
        assert has_mermaid(model, view)
        assert_golden(mermaid_view(model, view), f"mermaid/{model_name}/{view}.mmd")


def test_docs_readme_example_is_current() -> None:
    """docs/mermaid.rst shows the transitions of the model of docs/model-format.rst."""
    page = (TESTS.parent / "docs" / "mermaid.rst").read_text(encoding="utf-8")
    block = re.search(r"\n   ```mermaid\n(.*?)\n   ```\n", page, re.DOTALL)
    assert block, "docs/mermaid.rst has no ```mermaid block"
    shown = "\n".join(line.removeprefix("   ") for line in block[1].splitlines()) + "\n"
    assert shown == transitions_mermaid(load_model(TESTS / "data" / "minimal.yaml"))


def test_output_is_deterministic() -> None:
    one, two = load_model("nova"), load_model("nova")  # fresh objects: no cached state shared
    assert [mermaid_view(one, v) for v in view_names(one)] == [mermaid_view(two, v) for v in view_names(two)]


def test_diagram_headers() -> None:
    model = load_model("nova")
    assert transitions_mermaid(model).startswith("stateDiagram-v2\n")
    assert preconditions_mermaid(model).startswith("flowchart TB\n")
    assert preconditions_mermaid(model, style=Style(rankdir="LR")).startswith("flowchart LR\n")
    assert sequence_mermaid(model, "create").startswith("sequenceDiagram\n")
    with pytest.raises(RenderError, match="rankdir 'XX'"):
        transitions_mermaid(model, style=Style(rankdir="XX"))


def test_transitions_mark_start_end_and_failures() -> None:
    text = transitions_mermaid(load_model("nova"))
    assert "    [*] --> s_building : create\n" in text
    assert "    s_deleted --> [*]\n" in text
    assert "    s_active --> s_error : on failure\n" in text
    assert "    s_active --> s_stopped : stop<br>evacuate #91;the request asks for a STOPPED target state#93;\n" in text
    # one edge per (source, target, failure or not): parallel calls are merged; ERROR has both
    # a failure loop and the calls that leave it ERROR
    edges = [(line.split(" : ")[0], line.endswith(" : on failure")) for line in text.splitlines() if " --> " in line]
    assert len(edges) == len(set(edges))
    assert "    s_error --> s_error : trigger_crash_dump\n" in text
    # live_migrate_abort is accepted in any state but BUILDING: its loop is drawn once there
    assert "    any_1 --> any_1 : soft_delete<br>live_migrate_abort<br>" in text
    assert '    state "any VM state<br>except BUILDING" as any_1\n' in text


def test_transitions_subset_and_unknown_ids() -> None:
    model = load_model("nova")
    text = transitions_mermaid(model, actions=["pause"])
    assert [line.strip() for line in text.splitlines()[3:]] == [
        'state "ACTIVE" as s_active',
        'state "PAUSED" as s_paused',
        'state "ERROR" as s_error',
        "s_active --> s_paused : pause",
        "s_active --> s_error : on failure",
        "classDef failed stroke-width:4px",  # ERROR is marked failed and an error
        "class s_error failed",
        "classDef error_state stroke-dasharray:10 2 2 2",
        "class s_error error_state",
    ]
    with pytest.raises(RenderError, match="unknown action 'paus'"):
        transitions_mermaid(model, actions=["paus"])


def test_initial_state_without_creating_action_starts_from_the_start() -> None:
    model = load_model(TESTS / "data" / "minimal.yaml")
    text = transitions_mermaid(model)
    assert "    [*] --> s_stopped\n" in text


def test_preconditions_shapes_and_edges() -> None:
    model = load_model("nova")
    text = preconditions_mermaid(model)
    assert '    s_building(["BUILDING"]):::initial\n' in text
    assert '    s_deleted((("DELETED")))\n' in text
    assert '    v6_reboot_soft["reboot #40;soft#41;\non failure#58; ERROR"]\n' in text
    assert "    s_active --> a_pause\n    a_pause --> s_paused\n" in text
    assert "classDef initial stroke-width:3px" in text
    minimal = preconditions_mermaid(load_model(TESTS / "data" / "minimal.yaml"))
    assert 'a_power -->|"from STOPPED"| s_running' in minimal
    assert 'a_repair -->|"#91;the server was running when it failed#93;"| s_running' in minimal


def test_action_and_state_may_share_an_id() -> None:
    model = make_model(states=("pause", "paused"), actions=(("pause", ("pause",), "paused"),))
    text = preconditions_mermaid(model)
    assert "s_pause --> a_pause" in text and "a_pause --> s_paused" in text


def test_variant_ids_cannot_collide() -> None:
    model = make_model(states=("x",), actions=(("a_b", ("x",), "x"),))
    a = Action("a", "a", (make_variant(("x",), "x", vid="b_c"),))
    a_b = Action("a_b", "a_b", (make_variant(("x",), "x", vid="c"),))
    model = replace(model, actions=(a, a_b))
    text = preconditions_mermaid(model)
    assert "v1_a_b_c[" in text and "v3_a_b_c[" in text


def test_non_identifier_ids_are_refused() -> None:
    model = make_model(states=("x",), actions=(("ok", ("x",), "x"),))
    bad = replace(model, states=(State('x"];evil', "X"),))
    with pytest.raises(RenderError, match="not an identifier"):
        transitions_mermaid(bad)


def test_sequence_messages_and_notes() -> None:
    text = sequence_mermaid(load_model("nova"), "create")
    assert "    participant p_api as compute API\n" in text
    assert (
        "    p_api->>p_manager: 2#46; #95;do_build_and_run_instance<br>#40;was #95;start_building#41;\n"
        "    Note over p_api,p_manager: VM#58; BUILDING<br>task#58; #45;<br>power#58; NOSTATE\n"
    ) in text


def test_unknown_view_and_sequence() -> None:
    model = load_model("nova")
    with pytest.raises(RenderError, match="no view 'nope'"):
        mermaid_view(model, "nope")
    with pytest.raises(RenderError, match="no sequence 'nope'"):
        sequence_mermaid(model, "nope")


# -- CLI -------------------------------------------------------------------------------


def test_cli_writes_mmd_files_without_graphviz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no `dot` needed
    assert main(["render", "nova", "--format", "mermaid", "-o", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.mmd"))
    assert written == ["create-sequence.mmd", "preconditions.mmd", "transitions.mmd"]
    assert (tmp_path / "transitions.mmd").read_text(encoding="utf-8") == (
        GOLDEN / "nova" / "transitions.mmd"
    ).read_text(encoding="utf-8")
    assert sorted(capsys.readouterr().out.split()) == [str(tmp_path / name) for name in written]


# -- a hostile model -----------------------------------------------------------------------


#: Valid ids that are keywords somewhere in Mermaid: used for every kind of id below.
KEYWORD_IDS = (
    "end",
    "style",
    "classdef",
    "class",
    "click",
    "direction",
    "note",
    "state",
    "as",
    "o",
    "x",
    "default",
    "call",
    "href",
    "loop",
    "alt",
    "participant",
    "title",
    "fork",
    "join",
    "choice",
    "concurrent",
    "acctitle",
    "subgraph_x",
    "flowchart",
)


def hostile_model() -> Model:
    """Return a model whose every label, condition, call and note is one of :data:`HOSTILE`.

    Its ids are :data:`KEYWORD_IDS`, the same for states, actions, variants and participants.
    """
    assert len(KEYWORD_IDS) == len(HOSTILE)
    n = len(HOSTILE)
    ids = KEYWORD_IDS
    states = tuple(
        State(ids[i], text, initial=i == 0, terminal=i == n - 1, description=text) for i, text in enumerate(HOSTILE)
    )
    error = State("error", HOSTILE[0])
    actions = [
        Action(
            ids[i],
            text,
            (
                Variant(
                    None,
                    Accepts(states=(ids[i],)),
                    TaskRequirement(),
                    True,
                    (Result(ids[i + 1]), Result(ids[(i + 2) % n], when=text), Result(UNCHANGED, when=text)),
                    "error",
                ),
            ),
            trigger="system" if i % 2 else "api",
        )
        for i, text in enumerate(HOSTILE[:-1])
    ]
    actions.append(
        Action(
            ids[-1],
            HOSTILE[1],
            tuple(make_variant((ids[i],), ids[0], vid=ids[i], label=text) for i, text in enumerate(HOSTILE)),
        )
    )
    participants = tuple(Participant(ids[i], text) for i, text in enumerate(HOSTILE))
    steps = tuple(
        Step(ids[i], ids[(i + 1) % n] if i % 3 else ids[i], text, HOSTILE[-1 - i], vm_state=ids[i], note=text)
        for i, text in enumerate(HOSTILE)
    )
    return Model(
        "hostile",
        HOSTILE[2],
        (*states, error),
        tuple(actions),
        sequences=(Sequence("create", HOSTILE[3], participants, steps),),
    )


#: The statements the builders write, with every label replaced by ``E`` (escaped text) or
#: ``"Q"`` (a quoted label): a label that broke out would leave a line that matches none.
ID = r"[a-z][a-z0-9_]*"
STATEMENTS = re.compile(
    "|".join(
        (
            r"(stateDiagram-v2|sequenceDiagram|flowchart (TB|BT|LR|RL))",
            r"    accTitle: E",
            r"    direction (TB|BT|LR|RL)",
            rf'    state "Q" as {ID}',
            rf"    ({ID}|\[\*\]) --> ({ID}|\[\*\])( : E)?",
            rf'    {ID}(\(\["Q"\]\)(:::initial)?|\(\(\("Q"\)\)\)(:::initial)?|\["Q"\]|\("Q"\):::system)',
            rf'    {ID} -->(\|"Q"\|)? {ID}',
            r"    classDef (initial stroke-width:3px|system stroke-dasharray:5 5)",
            rf"    participant {ID} as E",
            rf"    {ID}->>{ID}: E",
            rf"    Note over {ID}(,{ID})?: E",
        )
    )
)


def test_hostile_labels_stay_inside_their_labels() -> None:
    model = hostile_model()
    for view in view_names(model):
        text = mermaid_view(model, view)
        for hostile in HOSTILE:
            assert escape(hostile) in text, (view, hostile)
        quoted = re.sub(r'"(?:[^\W_]|[ _.\-\n]|#\d+;)+"', '"Q"', text)
        label_end = r"(: |^    participant \S+ as )(?:[^\W_]|[ _.\-]|#\d+;|<br>)+$"
        skeleton = re.sub(label_end, r"\1E", quoted, flags=re.MULTILINE)
        for line in skeleton.splitlines():
            assert STATEMENTS.fullmatch(line), (view, line)


# -- the real mermaid.js ---------------------------------------------------------------------

#: Elements a label could become if it were read as HTML or Markdown instead of text.
INJECTED = frozenset(
    {"script", "b", "img", "strong", "em", "code", "a", "math", "ol", "ul", "li", "h1", "blockquote", "del", "i"}
)

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>vmgraph mermaid check</title>
<script src="/mermaid.min.js"></script></head>
<body><pre id="out">pending</pre>
<script id="cases" type="application/json">CASES</script>
<script>
(async () => {
  const out = document.getElementById("out");
  try {
    const cases = JSON.parse(document.getElementById("cases").textContent);
    const results = [];
    for (const [i, c] of cases.entries()) {
      mermaid.initialize({startOnLoad: false, securityLevel: "strict", ...c.config});
      try {
        await mermaid.parse(c.text);
        const {svg} = await mermaid.render("d" + i, c.text);
        const doc = new DOMParser().parseFromString(svg, "text/html");
        doc.querySelectorAll("style").forEach((s) => s.remove());
        const tags = [...new Set([...doc.body.querySelectorAll("*")].map((e) => e.localName))];
        const texts = [];
        const walk = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) { if (walk.currentNode.data.trim()) texts.push(walk.currentNode.data); }
        results.push({ok: true, texts, tags});
      } catch (e) {
        results.push({ok: false, error: String((e && e.message) || e)});
      }
    }
    out.textContent = JSON.stringify({done: true, results});
  } catch (e) {
    out.textContent = JSON.stringify({done: false, error: String(e)});
  }
})();
</script></body></html>
"""

Rendered = list[dict[str, Any]]


def _serve(page: bytes, script: bytes) -> ThreadingHTTPServer:
    """Serve *page* at ``/`` and mermaid.js at ``/mermaid.min.js`` on a free loopback port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = {"/": (page, "text/html"), "/mermaid.min.js": (script, "text/javascript")}.get(
                self.path, (b"", "")
            )
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", f"{kind or 'text/plain'}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def render_in_chromium(cases: list[dict[str, Any]], *, chromium: str, workdir: Path) -> tuple[str, Rendered]:
    """Render each case (``text``, ``config``) with mermaid.render in headless Chromium.

    Returns mermaid's version and, per case, ``ok`` plus the SVG's text nodes and element
    names, or the error message.
    """
    payload = json.dumps(cases).replace("<", "\\u003c").encode("utf-8")
    server = _serve(PAGE.encode("utf-8").replace(b"CASES", payload), MERMAID_JS.read_bytes())
    argv = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={workdir / 'profile'}",
        "--virtual-time-budget=60000",
        "--dump-dom",
        f"http://127.0.0.1:{server.server_address[1]}/",
    ]
    env = {**os.environ, "HOME": str(workdir)}
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=BROWSER_TIMEOUT, check=False, env=env)
    finally:
        server.shutdown()
        server.server_close()
    found = re.search(rb'<pre id="out">(.*?)</pre>', proc.stdout, re.DOTALL)
    assert found, f"chromium printed no page (exit {proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}"
    report = json.loads(html.unescape(found[1].decode("utf-8")))
    assert report.get("done"), f"mermaid.js did not finish: {report}"
    version = json.loads((MERMAID_JS.parents[1] / "package.json").read_text(encoding="utf-8"))["version"]
    return str(version), report["results"]


@pytest.fixture(scope="module")
def mermaid_js(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[dict[str, Any]]], tuple[str, Rendered]]:
    """Render Mermaid text with the real mermaid.js; skips only where it or Chromium is missing."""
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    missing = [
        what
        for what, there in (("mermaid.js (scripts/setup-mermaid)", MERMAID_JS.exists()), ("chromium", chromium))
        if not there
    ]
    if missing:
        if os.environ.get("VMGRAPH_REQUIRE_BROWSER"):  # set by scripts/test, so CI never skips
            pytest.fail(f"VMGRAPH_REQUIRE_BROWSER is set but {' and '.join(missing)} is missing")
        pytest.skip(f"{' and '.join(missing)} not installed")
    assert chromium is not None
    return partial(render_in_chromium, chromium=chromium, workdir=tmp_path_factory.mktemp("chromium"))


#: Both ways mermaid.js lays out labels: HTML (the default) and SVG text. With SVG text,
#: mermaid 11 decodes no numeric codes in flowcharts and state diagrams (it shows ``&#34;``),
#: so there the check is only that everything parses and no label becomes markup.
HTML_LABELS: dict[str, Any] = {}
SVG_LABELS: dict[str, Any] = {"htmlLabels": False, "flowchart": {"htmlLabels": False}}


def _cases() -> Iterator[tuple[str, str]]:
    for path in sorted(GOLDEN.rglob("*.mmd")):
        yield path.relative_to(GOLDEN).as_posix(), path.read_text(encoding="utf-8")
    minimal = load_model(TESTS / "data" / "minimal.yaml")
    for view in view_names(minimal):
        yield f"minimal/{view}", mermaid_view(minimal, view)
    model = hostile_model()
    for view in view_names(model):
        yield f"hostile/{view}", mermaid_view(model, view)


def test_mermaid_js_renders_goldens_and_hostile_labels_literally(
    mermaid_js: Callable[[list[dict[str, Any]]], tuple[str, Rendered]],
) -> None:
    named = [(name, text, config) for name, text in _cases() for config in (HTML_LABELS, SVG_LABELS)]
    assert len(named) >= 2 * (6 + 3)
    version, results = mermaid_js([{"text": text, "config": config} for _, text, config in named])
    assert version.startswith("11.")
    failures = [
        f"{name} {config}: {r['error']}" for (name, _, config), r in zip(named, results, strict=True) if not r["ok"]
    ]
    assert not failures, "\n".join(failures)
    for (name, text, config), result in zip(named, results, strict=True):
        injected = INJECTED.intersection(result["tags"])
        assert not injected, f"{name} {config}: a label became {sorted(injected)}"
        literal = config == HTML_LABELS or text.startswith("sequenceDiagram")
        if name.startswith("hostile/") and literal:
            shown = "\n".join(text.replace(JOINER, "") for text in result["texts"])
            missing = [h for h in HOSTILE if " ".join(h.split()) not in " ".join(shown.split())]
            assert not missing, f"{name} {config}: not shown literally: {missing}"
