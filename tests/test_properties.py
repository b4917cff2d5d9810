"""Property-based tests: random valid and near-valid models never crash vmgraph.

Hypothesis writes random models as YAML text: valid ones (any number of states, actions,
variants, results, sequences; text drawn from all of Unicode and from hostile snippets) and
near-valid ones (a valid model with one value deleted, retyped or misspelt, or its text cut,
a line dropped, a character inserted). Loading, validating, every view's DOT (the focused
ones too), Mermaid, ``show`` (text and JSON), ``diff`` (text, JSON, diagram) and the reST
page either work or raise one of vmgraph's own errors: anything else is a bug. Every valid
model loads, and the DOT of its views is accepted by the real `dot`, which makes SVG that
parses as XML.

The runs are deterministic (``derandomize``) and small, so CI stays fast and repeatable.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vmgraph.diff import diff_json, diff_models, diff_text
from vmgraph.emit.diffdot import diff_graph
from vmgraph.emit.dot import transitions_graph
from vmgraph.emit.json import model_json, model_text
from vmgraph.emit.mermaid import has_mermaid, mermaid_view
from vmgraph.emit.rst import model_page
from vmgraph.emit.views import build_view
from vmgraph.errors import ModelError, ModelWarning, VmgraphError
from vmgraph.load.loader import load_model
from vmgraph.load.reader import RESERVED
from vmgraph.model import Model
from vmgraph.views.focus import focused_view_names
from vmgraph.views.names import view_names

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

#: Text that means something in DOT, HTML, reST, LaTeX or YAML.
SNIPPETS = [
    'x"];evil', "a -> b", "{ a }", "<b>x</b>", "<script>alert(1)</script>", "&amp; &#60;", "*emph*", "`x`_",
    ".. raw:: html", "|sub|", "_t_", "\\N", "\\l", "ends\\", "%", "$x$", "#", "~", "- item", "1. one", "::",
    "null", "true", "0x1F", "2014-11-01", "'", "@", "!!str", "&anchor", "*alias", "? key", "Ünïcödé ✓ 日本語 😀",
    "\u202emirror", "zero\u200bwidth", "\t tab",
]  # fmt: skip
ID = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda s: s not in RESERVED)
#: One line of text a model may hold: printable, not blank.
TEXT = st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=10),
).filter(lambda s: bool(s.strip()))
PARAGRAPH = st.lists(TEXT, min_size=1, max_size=3).map("\n\n".join)


def _maybe(draw: st.DrawFn, key: str, strategy: st.SearchStrategy[Any], into: dict[str, Any]) -> None:
    if draw(st.booleans()):
        into[key] = draw(strategy)


@st.composite
def valid_models(draw: st.DrawFn) -> dict[str, Any]:
    """Return a valid model as the data of its YAML file."""
    state_ids = draw(st.lists(ID, min_size=1, max_size=6, unique=True))
    states: list[Any] = []
    for index, state_id in enumerate(state_ids):
        if draw(st.booleans()):
            states.append(state_id)
            continue
        state: dict[str, Any] = {"id": state_id}
        _maybe(draw, "label", TEXT, state)
        _maybe(draw, "description", PARAGRAPH, state)
        _maybe(draw, "value", TEXT, state)
        state["initial"] = index == 0 or draw(st.booleans())
        _maybe(draw, "terminal", st.booleans(), state)
        states.append(state)
    task_ids = draw(st.lists(ID, max_size=3, unique=True))
    power_ids = draw(st.lists(ID, max_size=3, unique=True))
    actions = [
        _action(draw, action_id, state_ids, task_ids)
        for action_id in draw(st.lists(ID, min_size=1, max_size=5, unique=True))
    ]
    model: dict[str, Any] = {"vmgraph": 1, "id": draw(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True))}
    _maybe(draw, "title", TEXT, model)
    _maybe(draw, "description", PARAGRAPH, model)
    model["states"] = states
    if task_ids:
        model["task_states"] = task_ids
    if power_ids:
        model["power_states"] = [{"id": p, "value": i, "label": draw(TEXT)} for i, p in enumerate(power_ids)]
    model["actions"] = actions
    sequences = draw(st.lists(ID, max_size=2, unique=True))
    if sequences:
        model["sequences"] = [_sequence(draw, s, state_ids, task_ids, power_ids) for s in sequences]
    assume(not _excludes_everything(model))
    return model


def _accepts(draw: st.DrawFn, state_ids: list[str]) -> Any:
    return draw(
        st.one_of(
            st.lists(st.sampled_from(state_ids), unique=True),
            st.just("any"),
            st.lists(st.sampled_from(state_ids), unique=True).map(lambda s: {"any_except": s}),
        )
    )


def _keeps(accepts: Any) -> bool:
    """Return True if *accepts* surely names a state, so that a result may be "unchanged"."""
    return isinstance(accepts, list) and bool(accepts)


def _unchanged(results: list[Any]) -> bool:
    return any(r == "unchanged" or (isinstance(r, dict) and r.get("to") == "unchanged") for r in results)


def _results(draw: st.DrawFn, state_ids: list[str], accepts: Any) -> list[Any]:
    sources = accepts if isinstance(accepts, list) else []
    targets = [*state_ids, "unchanged"] if _keeps(accepts) else state_ids  # a creating action keeps nothing
    result = st.one_of(
        st.sampled_from(targets),
        st.builds(lambda to, when: {"to": to, "when": when}, st.sampled_from(targets), TEXT),
    )
    if sources:
        result |= st.builds(
            lambda to, src: {"to": to, "from": src}, st.sampled_from(state_ids), st.sampled_from(sources)
        )
    return draw(st.lists(result, max_size=3, unique_by=_result_key))  # the same result twice is an error


def _result_key(result: Any) -> tuple[str, str | None, str | None]:
    """Return what makes a result itself: ``running`` and ``{to: running}`` are the same."""
    if isinstance(result, str):
        return (result, None, None)
    return (result["to"], result.get("from"), result.get("when"))


def _excludes_everything(model: dict[str, Any]) -> bool:
    """Return True if an ``any_except`` of *model* leaves no state that ``any`` accepts (an error)."""
    states = [s if isinstance(s, dict) else {"id": s} for s in model["states"]]
    for action in model["actions"]:
        for part in (action, *action.get("variants", [])):
            accepts = part.get("accepts", action.get("accepts"))
            if not isinstance(accepts, dict):
                continue
            launched = part.get("must_have_launched", action.get("must_have_launched", True))
            accepted = [s["id"] for s in states if not s.get("terminal") and not (launched and s.get("initial"))]
            if accepted and set(accepted) <= set(accepts["any_except"]):
                return True
    return False


def _action(draw: st.DrawFn, action_id: str, state_ids: list[str], task_ids: list[str]) -> dict[str, Any]:
    action: dict[str, Any] = {"id": action_id}
    _maybe(draw, "label", TEXT, action)
    _maybe(draw, "description", PARAGRAPH, action)
    _maybe(draw, "trigger", st.sampled_from(["api", "system"]), action)
    _maybe(draw, "must_have_launched", st.booleans(), action)
    _maybe(draw, "error", st.one_of(st.none(), st.sampled_from(state_ids)), action)
    task = st.one_of(st.sampled_from(["any", "none"]), st.lists(st.sampled_from(["none", *task_ids]), min_size=1))
    _maybe(draw, "task_state", task, action)
    with_variants = draw(st.booleans())
    if not with_variants or draw(st.booleans()):
        action["accepts"] = _accepts(draw, state_ids)
    action["results"] = _results(draw, state_ids, action.get("accepts"))
    if with_variants:
        variants = []
        for variant_id in draw(st.lists(ID, min_size=1, max_size=3, unique=True)):
            variant: dict[str, Any] = {"id": variant_id}
            if action.get("accepts", []) == [] or draw(st.booleans()):  # [] on the action counts as none
                variant["accepts"] = _accepts(draw, state_ids)
            _maybe(draw, "label", TEXT, variant)
            accepts = variant.get("accepts", action.get("accepts"))
            if draw(st.booleans()) or (_unchanged(action["results"]) and not _keeps(accepts)):
                variant["results"] = _results(draw, state_ids, accepts)
            variants.append(variant)
        action["variants"] = variants
        # results the action gives its variants may only start where one of them accepts
        action["results"] = [r for r in action["results"] if not (isinstance(r, dict) and "from" in r)]
    return action


def _sequence(draw: st.DrawFn, seq_id: str, state_ids: list[str], task_ids: list[str], power_ids: list[str]) -> Any:
    parts = draw(st.lists(ID, min_size=1, max_size=3, unique=True))
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        step: dict[str, Any] = {
            "caller": draw(st.sampled_from(parts)),
            "callee": draw(st.sampled_from(parts)),
            "call": draw(TEXT),
        }
        _maybe(draw, "note", TEXT, step)
        _maybe(draw, "historic", TEXT, step)
        _maybe(draw, "vm_state", st.sampled_from(state_ids), step)
        _maybe(draw, "task_state", st.sampled_from(["none", *task_ids]), step)
        if power_ids:
            _maybe(draw, "power_state", st.sampled_from(power_ids), step)
        steps.append(step)
    sequence: dict[str, Any] = {
        "id": seq_id,
        "participants": [{"id": p, "label": draw(TEXT)} for p in parts],
        "steps": steps,
    }
    _maybe(draw, "label", TEXT, sequence)
    return sequence


def dump(model: dict[str, Any]) -> str:
    return yaml.safe_dump(model, sort_keys=False, allow_unicode=True, width=80)


#: Values a near-valid model puts where another value was.
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.just([]), st.just({}), st.sampled_from(SNIPPETS),
    st.just("line\nbreak"), st.just("nul\x00"), st.just("  "), st.lists(TEXT, max_size=2), ID,
)  # fmt: skip


@st.composite
def near_valid_texts(draw: st.DrawFn) -> str:
    """Return a valid model with one thing broken, as YAML text."""
    model = draw(valid_models())
    how = draw(st.sampled_from(["retype", "delete", "add", "cut", "drop-line", "insert"]))
    if how in {"retype", "delete", "add"}:
        holder, key = _somewhere(draw, model)
        if how == "retype":
            holder[key] = draw(WRONG)
        elif how == "delete" and isinstance(holder, dict):
            del holder[key]
        elif how == "add" and isinstance(holder, dict):
            holder[draw(st.sampled_from(["acepts", "label", "id", "extra", "results", "<<"]))] = draw(WRONG)
        elif isinstance(holder, list):
            holder.insert(int(key), holder[int(key)])  # a duplicate item
        return dump(model)
    text = dump(model)
    at = draw(st.integers(0, len(text)))
    if how == "cut":
        return text[:at]
    if how == "drop-line":
        lines = text.splitlines(keepends=True)
        del lines[draw(st.integers(0, len(lines) - 1))]
        return "".join(lines)
    return (
        text[:at] + draw(st.sampled_from(["\t", "[", "{", ":", "- ", "&a ", "*a", "'", '"', "#", "\n  "])) + text[at:]
    )


def _somewhere(draw: st.DrawFn, model: dict[str, Any]) -> tuple[Any, Any]:
    """Return a (container, key) pair picked from anywhere in *model*."""
    holder: Any = model
    key: Any = draw(st.sampled_from(list(model)))
    while isinstance(holder[key], (dict, list)) and holder[key] and draw(st.booleans()):
        holder = holder[key]
        key = draw(st.sampled_from(list(holder) if isinstance(holder, dict) else list(range(len(holder)))))
    return holder, key


# -- what every model goes through ----------------------------------------------------------------------------

#: What each model is compared with: small, so that `dot` lays out the diff diagrams fast.
BASE = load_model(Path(__file__).parent / "data" / "minimal.yaml")


def load_text(tmp_path: Path, text: str) -> Model:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelWarning)  # unreachable states, dead ends: legal
        return load_model(path)


def everything(model: Model) -> list[str]:
    """Use *model* in every way vmgraph can; return the DOT sources made."""
    sources = []
    for name in (*view_names(model), *focused_view_names(model)):
        sources.append(build_view(model, name).source)
        if has_mermaid(model, name):
            assert mermaid_view(model, name)
    assert model_json(model)
    assert model_text(model)
    for old, new in ((BASE, model), (model, BASE), (model, model)):
        diff = diff_models(old, new)
        assert diff_text(diff)
        assert diff_json(diff)
        sources.append(diff_graph(diff).source)
    assert model_page(model)
    return sources


@pytest.fixture(scope="module")
def tmp_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def test_valid_models_load_work_everywhere_and_dot_accepts_them(tmp_dir: Path, dot_binary: str) -> None:
    sources: list[str] = []

    @SETTINGS
    @given(valid_models())
    def check(data: dict[str, Any]) -> None:
        model = load_text(tmp_dir, dump(data))  # a valid model must load
        sources.extend(everything(model))

    check()
    assert len(sources) > 200
    _assert_dot_accepts(dot_binary, sources)


def _assert_dot_accepts(dot: str, sources: list[str]) -> None:
    """Lay out every source with the real `dot` in one process; each SVG must parse."""
    proc = subprocess.run([dot, "-Tsvg"], input="".join(sources).encode(), capture_output=True, check=False)
    if proc.returncode != 0:  # find the culprit
        for source in sources:
            one = subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True, check=False)
            assert one.returncode == 0, (one.stderr.decode(), source)
    svgs = re.findall(rb"<svg.*?</svg>", proc.stdout, re.DOTALL)
    assert len(svgs) == len(sources), proc.stderr.decode()
    for svg in svgs:
        ET.fromstring(svg)  # well-formed: no control character or broken entity slipped through


@SETTINGS
@given(near_valid_texts())
def test_near_valid_models_fail_with_vmgraph_errors_only(tmp_dir: Path, text: str) -> None:
    try:
        model = load_text(tmp_dir, text)
    except ModelError as err:
        assert err.problems, "a model error names its problems"
        assert all(str(p) for p in err.problems)
        return
    with contextlib.suppress(VmgraphError):  # a valid-looking model a view cannot draw: named, not a crash
        everything(model)


@SETTINGS
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_any_bytes_fail_with_vmgraph_errors_only(tmp_dir: Path, content: bytes | str) -> None:
    path = tmp_dir / "noise.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ModelWarning)
            model = load_model(path)
    except ModelError:
        return
    everything(model)


def test_the_longest_texts_still_make_dot_that_dot_accepts(tmp_dir: Path, dot_binary: str) -> None:
    """`dot` refuses a string over 16 KiB: long tooltips are cut, and so are edge labels of many lines."""
    actions = [{"id": "go", "accepts": ["a"], "results": ["b"], "description": 'x&\\"' * 10_000}]
    actions += [
        {"id": f"u{i}", "label": f"{i}" + "&" * 990, "accepts": ["a"], "results": ["unchanged"]} for i in range(40)
    ]
    data = {
        "vmgraph": 1,
        "id": "long",
        "title": "T" * 1_000,
        "states": [{"id": "a", "initial": True, "label": '"\\&' * 250, "description": "word & " * 5_000}, "b"],
        "actions": [*actions, {"id": "back", "accepts": ["b"], "results": ["a"]}],
    }
    model = load_text(tmp_dir, dump(data))
    sources = everything(model)
    assert "... (" in transitions_graph(model, compact=False).source  # every call listed, then cut
    _assert_dot_accepts(dot_binary, sources)
