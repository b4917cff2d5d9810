"""Legal but suspicious content that leaves silent holes in the drawings, found for warnings."""

from __future__ import annotations

from collections.abc import Iterator

from vmgraph.model import Model

__all__ = ["holes"]


def holes(model: Model) -> Iterator[tuple[str, str | None]]:
    """Yield (message, state id or ``None``) for each hole.

    Two actions with one label cannot be told apart in a diagram; a state an action
    accepts but from which none of its results applies (all are ``from`` other states,
    and it has no error result) gives that action no edge from it.
    """
    by_label: dict[str, str] = {}
    for action in model.actions:
        first = by_label.setdefault(action.label, action.id)
        if first != action.id:
            yield f"actions {first!r} and {action.id!r} share the label {action.label!r}; give one its own", None
    for action in model.actions:
        for variant in action.variants:
            if variant.error is not None or any(r.source is None for r in variant.results):
                continue
            sources = {r.source for r in variant.results}
            for state_id in model.accepted(variant):
                if state_id not in sources:
                    name = action.id if variant.id is None else f"{action.id} ({variant.id})"
                    msg = (
                        f"action {name!r} accepts state {state_id!r} but none of its results applies from it "
                        f"(each has 'from' another state); add a result from {state_id!r} or stop accepting it"
                    )
                    yield msg, state_id
