"""Model file -> :class:`~vmgraph.model.Model`: all validation, every problem at once."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import yaml

from vmgraph.errors import ModelError, ModelWarning, Problem
from vmgraph.limits import max_bytes as default_max_bytes
from vmgraph.load import reader as n
from vmgraph.load.code import read_table
from vmgraph.load.fillin import warn_fill_in
from vmgraph.load.holes import holes
from vmgraph.load.kinds import KIND_KEYS, checked_targets, read_kind
from vmgraph.load.known import Defaults, Known, Seen, error_state, task_requirement
from vmgraph.load.sections import read_actions, read_sequences
from vmgraph.load.terms import read_terms
from vmgraph.load.yamlsource import compose_file
from vmgraph.model import ANY_EXCEPT_DEFAULT, GROUP_FROM_DEFAULT, Decorator, Model, Sequence, State

__all__ = ["MODELS_DIR", "bundled_models", "load_model", "model_path"]

#: Directory of the models shipped with vmgraph (``nova``, ``nova-2014``).
MODELS_DIR: Final = Path(__file__).resolve().parents[1] / "models"

_TOP_KEYS: Final = (
    "vmgraph",
    "id",
    "title",
    "description",
    "defaults",
    "states",
    "task_states",
    "power_states",
    "actions",
    "sequences",
    "code",
    "terms",
    "drawing",
)
_STATE_KEYS: Final = ("id", "label", "value", "description", "initial", "terminal")
#: A state of ``states`` may also have a kind (states of the other dimensions are plain).
_VM_STATE_KEYS: Final = (*_STATE_KEYS, *KIND_KEYS)
_DECORATOR_KEYS: Final = (
    "name",
    "states_keyword",
    "task_states_keyword",
    "launched_keyword",
    "launched_default",
)


def bundled_models() -> tuple[str, ...]:
    """Return the names of the models shipped with vmgraph, sorted.

    >>> bundled_models()
    ('ironic', 'nova', 'nova-2014')
    """
    return tuple(sorted(path.stem for path in MODELS_DIR.glob("*.yaml")))


def model_path(source: str | Path) -> Path:
    """Return the file for *source*: a bundled model name or a path."""
    return Path(_source_file(source))


def _source_file(source: str | Path) -> str | Path:
    """Return the file of *source*: the bundled model of that name, or *source* as given."""
    if isinstance(source, str) and "/" not in source and source in bundled_models():
        return MODELS_DIR / f"{source}.yaml"
    return source


def load_model(source: str | Path, *, max_bytes: int | None = None) -> Model:
    """Read and validate a model file or bundled model (``"nova"``).

    Odd but legal content (unreachable states, dead ends) is reported with
    ``warnings.warn(..., ModelWarning)``. A file larger than *max_bytes* is refused
    unread (default: ``$VMGRAPH_MAX_BYTES``, else ``vmgraph.limits.MAX_BYTES``, 16 MiB).

    Raises:
        ModelError: with every problem of the file, each as ``file:line: message``.
    """
    path = _source_file(source)
    if max_bytes is None:
        try:
            max_bytes = default_max_bytes()
        except ValueError as err:
            raise ModelError(Problem(str(err))) from None
    if isinstance(source, str) and "/" not in source and not Path(path).exists():
        names = ", ".join(repr(m) for m in bundled_models())
        msg = f"no model file {str(source)!r} and no bundled model of that name (bundled: {names})"
        raise ModelError(Problem(msg))
    root = compose_file(path, max_bytes=max_bytes)
    reader = n.Reader(path)
    reader.document = root
    model, lines = _read_model(reader, root)
    if reader.problems or model is None:
        raise ModelError(sorted(reader.problems, key=lambda p: p.line or 0))  # in file order
    _warn_oddities(model, lines, path)
    for oddity in (*reader.oddities, *_same_labels(model, lines, path)):
        warnings.warn(str(oddity), ModelWarning, stacklevel=2)
    warn_fill_in(path, root)
    return model


@dataclass
class _Lines:
    """Where each state was defined, for warnings."""

    states: dict[str, int] = field(default_factory=dict)
    task_states: dict[str, int] = field(default_factory=dict)
    power_states: dict[str, int] = field(default_factory=dict)


def _read_model(r: n.Reader, root: yaml.Node) -> tuple[Model | None, _Lines]:
    lines = _Lines()
    top = r.mapping(root, "the model", _TOP_KEYS, required=("vmgraph", "id", "states", "actions"))
    if top is None:
        return None, lines
    if "vmgraph" in top:
        version = r.scalar(top["vmgraph"], "'vmgraph'")
        if version != 1 or type(version) is not int:  # not `true`, not 1.0
            shown = str(version) if type(version) is int else r.show(top["vmgraph"])
            r.problem(top["vmgraph"], f"unsupported format version {shown}; expected 'vmgraph: 1'")
    model_id = r.model_id(top["id"]) if "id" in top else ""
    title = r.text(top["title"], "'title'") if "title" in top else model_id
    description = r.paragraph(top["description"], "'description'") if "description" in top else ""

    states = _states(r, top.get("states"), "state", lines.states, required=True)
    task_states = _states(r, top.get("task_states"), "task state", lines.task_states)
    power_states = _states(r, top.get("power_states"), "power state", lines.power_states, integer_values=True)
    ids = Known(
        vm=tuple(s.id for s in states),
        task=tuple(s.id for s in task_states),
        power=tuple(s.id for s in power_states),
        initial=tuple(s.id for s in states if s.initial),
        terminal=tuple(s.id for s in states if s.terminal),
    )
    defaults = _defaults(r, top.get("defaults"), ids)
    actions = read_actions(r, top.get("actions"), ids, defaults)
    sequences: tuple[Sequence, ...] = ()
    if "sequences" in top:
        sequences = read_sequences(r, top["sequences"], ids)
    decorator = _decorator(r, top.get("code"))
    launched = any(v.must_have_launched for a in actions for v in a.variants) and "must_have_launched" in r.keys_read
    model = Model(
        id=model_id,
        title=title,
        description=description,
        states=states,
        task_states=task_states,
        power_states=power_states,
        actions=actions,
        sequences=sequences,
        decorator=decorator,
        terms=read_terms(r, top.get("terms")),
        uses_launched=launched,
        **_drawing(r, top.get("drawing")),
    )
    return model, lines


#: What a state with an invalid id can keep as written.
_KEEP: Final = ("value", "label")


def _states(
    r: n.Reader,
    node: yaml.Node | None,
    kind: str,
    lines: dict[str, int],
    *,
    required: bool = False,
    integer_values: bool = False,
) -> tuple[State, ...]:
    if node is None:
        if required:  # reported as a missing key: references to its states are not
            r.unread.add(kind)
        return ()
    problems = len(r.problems)
    items = r.sequence(node, f"'{kind.replace(' ', '_')}s'", allow_empty=not required)
    states: list[State] = []
    targets: dict[str, yaml.Node] = {}
    seen = Seen(r, kind)
    for index, item in enumerate(items, 1):
        if isinstance(item, yaml.ScalarNode):
            state_id = r.ident(item, f"{kind} #{index}", kind=kind, keep=_KEEP)
            if state_id and seen.add(state_id, item, at=(node, index - 1)):
                lines[state_id] = n.line(item)
                states.append(State(id=state_id, label=state_id))
            continue
        keys = _VM_STATE_KEYS if kind == "state" else _STATE_KEYS
        fields = r.mapping(item, f"{kind} #{index}", keys, required=("id",))
        if fields is None or "id" not in fields:
            continue
        state_id = r.ident(fields["id"], f"{kind} #{index}", kind=kind, keep=_KEEP)
        if not state_id or not seen.add(state_id, fields["id"], at=(node, index - 1)):
            continue
        where = f"{kind} {state_id!r}"
        value: str | int | None = None
        if "value" in fields:
            value = r.state_value(fields["value"], where, integer=integer_values)
        lines[state_id] = n.line(item)
        marks = read_kind(r, fields, where)
        if "target_node" in marks:
            targets[state_id] = marks.pop("target_node")  # type: ignore[assignment]
        states.append(
            State(
                **marks,  # type: ignore[arg-type]
                id=state_id,
                label=r.text(fields["label"], f"label of {where}") if "label" in fields else state_id,
                value=value,
                description=r.paragraph(fields["description"], f"description of {where}")
                if "description" in fields
                else "",
                initial=r.boolean(fields["initial"], f"'initial' of {where}") if "initial" in fields else False,
                terminal=r.boolean(fields["terminal"], f"'terminal' of {where}") if "terminal" in fields else False,
            )
        )
    if not states and len(r.problems) > problems:  # the section is broken, not just empty
        r.unread.add(kind)
    return tuple(checked_targets(r, states, targets))


def _defaults(r: n.Reader, node: yaml.Node | None, ids: Known) -> Defaults:
    error = "error" if "error" in ids.vm else None
    defaults = Defaults(error=error)
    if node is None:
        return defaults
    fields = r.mapping(node, "'defaults'", ("error", "task_state", "must_have_launched"))
    if fields is None:
        return defaults
    if "error" in fields:
        defaults.error = error_state(r, fields["error"], "'defaults'", ids)
    if "task_state" in fields:
        defaults.task_state = task_requirement(r, fields["task_state"], "'defaults'", ids)
    if "must_have_launched" in fields:
        defaults.must_have_launched = r.boolean(fields["must_have_launched"], "'must_have_launched' of 'defaults'")
    return defaults


#: The keys of ``drawing`` and their defaults.
_DRAWING: Final = {"any_except": ANY_EXCEPT_DEFAULT, "group_from": GROUP_FROM_DEFAULT}


def _drawing(r: n.Reader, node: yaml.Node | None) -> dict[str, int]:
    """Return the keys of ``drawing``: whole numbers of states, 0 or more (defaults: :data:`_DRAWING`)."""
    found = dict(_DRAWING)
    fields = r.mapping(node, "'drawing'", tuple(_DRAWING)) if node is not None else None
    for key, item in (fields or {}).items():
        value = r.scalar(item, f"'{key}' of 'drawing'")
        if type(value) is not int or value < 0:  # not `true`, not 1.5
            r.problem(item, f"'{key}' of 'drawing' must be a whole number, 0 or more, got {r.show(item)}")
        else:
            found[key] = value
    return found


def _decorator(r: n.Reader, node: yaml.Node | None) -> Decorator:
    if node is None:
        return Decorator()
    code = r.mapping(node, "'code'", ("decorator", "table"))
    if code is not None and "table" in code:
        read_table(r, code["table"])  # checked here; `vmgraph drift` reads it from the file
    if code is None or "decorator" not in code:
        return Decorator()
    fields = r.mapping(code["decorator"], "'code.decorator'", _DECORATOR_KEYS)
    if fields is None:
        return Decorator()
    values: dict[str, str | bool] = {}
    for key, value in fields.items():
        if key == "launched_default":
            values[key] = r.boolean(value, f"{key!r} of 'code.decorator'")
        else:
            values[key] = r.python_name(value, f"{key!r} of 'code.decorator'")
    return Decorator(**values)  # type: ignore[arg-type]


def _warn_oddities(model: Model, lines: _Lines, path: str | Path) -> None:
    reachable = set(model.reachable())
    for state in model.states:
        if state.id not in reachable and not state.initial:
            msg = f"state {state.id!r} cannot be reached from creation (no action leads to it)"
            warnings.warn(str(Problem(msg, path, lines.states.get(state.id))), ModelWarning, stacklevel=3)
    for message, state_id in holes(model):
        line = lines.states.get(state_id) if state_id else None
        warnings.warn(str(Problem(message, path, line)), ModelWarning, stacklevel=3)
    for state_id in model.dead_ends():
        msg = f"state {state_id!r} is a dead end: no action leaves it (mark it 'terminal: true' if intended)"
        warnings.warn(str(Problem(msg, path, lines.states.get(state_id))), ModelWarning, stacklevel=3)


def _same_labels(model: Model, lines: _Lines, path: str | Path) -> list[Problem]:
    """Return a warning for each state whose label an earlier state of its kind has too.

    Labels are compared as roles and ``--highlight`` match them: after Unicode NFKC
    normalisation and case folding. A VM state and a power state may share a label.
    """
    import unicodedata  # noqa: PLC0415 (only for models that load)

    found: list[Problem] = []
    for kind, states, where in (
        ("state", model.states, lines.states),
        ("task state", model.task_states, lines.task_states),
        ("power state", model.power_states, lines.power_states),
    ):
        first: dict[str, State] = {}
        for state in states:
            key = unicodedata.normalize("NFKC", state.label).casefold()
            if key not in first:
                first[key] = state
                continue
            other = first[key]
            msg = (
                f"{kind} {state.id!r} has the label {state.label!r}, the same as {kind} {other.id!r} "
                f"({other.label!r}, ignoring case and Unicode forms): roles and --highlight name them by id only"
            )
            found.append(Problem(msg, path, where.get(state.id)))
    return found
