"""Write what ``vmgraph import`` read as a commented model file (``docs/model-format.rst``).

The text is built line by line, not dumped, so that it carries comments, keeps the
format's order of keys and is the same bytes for the same code. Each place the author
must fill in gets a ``# FILL IN: ...`` line just above it, which ``vmgraph check`` reports
as a warning (:mod:`vmgraph.load.fillin`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Final

import yaml

from vmgraph.drift.imported import Imported, Imports, Result, State
from vmgraph.load.code import PRESETS, TableSpec
from vmgraph.load.fillin import MARKER
from vmgraph.model import Decorator

__all__ = ["write_model"]

_PLAIN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_ .'-]*")


def write_model(
    imports: Imports, *, model_id: str, title: str, decorator: Decorator | None = None, table: TableSpec | None = None
) -> str:
    """Return the model file for *imports*, read from a *table* or else with *decorator*."""
    from_table = table is not None
    shape = f"the {table.preset!r} transition table" if table else f"the @{(decorator or Decorator()).name} decorators"
    out = [
        f"# Imported by `vmgraph import` from {shape} of the Python code.",
        "# A state's id is its value in the code made an id: lower-case, other characters than",
        "# letters and digits written '_' ('in-use' is in_use); its label and value are the code's.",
    ]
    if from_table:
        out += [
            "# Initial states are those no transition enters (then the first of each part no initial",
            "# state reaches); terminal ones are those no transition leaves: the code does not say.",
        ]
    else:
        out += [
            f"# Lines '# {MARKER} ...' mark what the code does not say: `vmgraph check` names each",
            "# one until it is filled in and the line deleted.",
        ]
    for note in imports.problems:
        out.append(f"# {MARKER} {note.where}: the code could not be read: {_one_line(note.text)}")
    out += ["vmgraph: 1", f"id: {_scalar(model_id)}", f"title: {_scalar(title)}", "", "defaults:"]
    if from_table:
        out += ["  error: null  # a failure is a transition of the table", "  must_have_launched: false"]
    else:
        error = "error" if any(s.id == "error" for s in imports.states) else "null"
        out += [
            f"  # {MARKER} the state a failed call leaves the resource in (a state id, or null)",
            f"  error: {error}",
        ]
    out += ["", "code:"]
    out += _table(table) if table is not None else _decorator(decorator or Decorator())
    out.append("")
    if not from_table:
        out.append(
            f"# {MARKER} states no decorator names: the one before launch (initial: true), deleted ones (terminal: true)"
        )
    out.append("states:")
    out += _states(imports.states, imports.initial, imports.terminal)
    if imports.task_states:
        out += ["", "task_states:", *_states(imports.task_states, (), ())]
    out += ["", "actions:"]
    for action in imports.actions:
        out += _action(action, from_table=from_table)
    return "\n".join(out).rstrip("\n") + "\n"


def _decorator(decorator: Decorator) -> list[str]:
    lines = ["  decorator:"]
    default = Decorator()
    for key in ("name", "states_keyword", "task_states_keyword", "launched_keyword", "launched_default"):
        value = getattr(decorator, key)
        if key == "name" or value != getattr(default, key):
            lines.append(f"    {key}: {str(value).lower() if isinstance(value, bool) else _scalar(value)}")
    return lines


def _table(table: TableSpec) -> list[str]:
    if table.call == PRESETS[table.preset]:
        return [f"  table: {table.preset}"]
    return ["  table:", f"    preset: {table.preset}", f"    call: {_scalar(table.call)}"]


def _states(states: Iterable[State], initial: Iterable[str], terminal: Iterable[str]) -> list[str]:
    lines: list[str] = []
    initial, terminal = set(initial), set(terminal)
    for state in states:
        lines.append(f"  - id: {_scalar(state.id)}")
        if state.value != state.id:
            lines.append(f"    label: {_scalar(state.value)}")
        lines.append(f"    value: {_scalar(state.value)}")
        if state.id in initial:
            lines.append("    initial: true")
        if state.id in terminal:
            lines.append("    terminal: true")
    return lines


def _action(action: Imported, *, from_table: bool) -> list[str]:
    lines = [f"  - id: {_scalar(action.id)}  # {_one_line(action.where)}"]
    if action.code != action.id:
        lines.append(f"    code: [{_scalar(action.code)}]")
    accepts = action.accepts if isinstance(action.accepts, str) else _flow(action.accepts)
    lines.append(f"    accepts: {accepts}")
    if action.task_state != "none":
        task = action.task_state if isinstance(action.task_state, str) else _flow(action.task_state)
        lines.append(f"    task_state: {task}")
    if not from_table and not action.launched:
        lines.append("    must_have_launched: false")
    if action.fill_in is not None:
        lines.append(f"    # {MARKER} {_one_line(action.fill_in)}")
    if action.results:
        lines.append(f"    results:{_results(action.results)}")
    return lines


def _results(results: tuple[Result, ...]) -> str:
    if all(r.source is None for r in results):
        if len(results) == 1 and results[0].to == "unchanged":
            return " unchanged"
        return " " + _flow(r.to for r in results)
    parts = [f"{{from: {_scalar(r.source or '')}, to: {_scalar(r.to)}}}" for r in results]
    return "".join(f"\n      - {p}" for p in parts)


def _flow(items: Iterable[str], width: int = 84) -> str:
    """Return a flow sequence, its lines (after the first) indented under an action's keys."""
    lines = [""]
    for item in (_scalar(i) for i in items):
        if lines[-1] and len(lines[-1]) + len(item) > width:
            lines.append("")
        lines[-1] += f"{item}, "
    return "[" + "\n      ".join(line.rstrip() for line in lines).rstrip(",") + "]"


def _scalar(text: str) -> str:
    """Return *text* as a YAML scalar: plain when YAML reads it back as the same string."""
    if _PLAIN.fullmatch(text) and text == text.strip() and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _reads_back(text: str) -> bool:
    try:
        return bool(yaml.safe_load(f"[{text}]") == [text])
    except yaml.YAMLError:
        return False


def _one_line(text: str) -> str:
    return " ".join(text.split())
