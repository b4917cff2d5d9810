"""The words every view, table and description uses for actions and their results, decided once."""

from __future__ import annotations

from vmgraph.model import PREVIOUS, RESULT_WORDS, Action, Model, Result, Variant
from vmgraph.terms import capital

__all__ = ["api_text", "condition", "failure_text", "page_words", "result_text", "title"]


def title(action: Action, variant: Variant) -> str:
    """Return the name of one variant of *action*: the action's label, or the variant's.

    A variant without a label of its own is ``<action label> (<variant id>)``.
    """
    if variant.id is None:
        return action.label
    return variant.label or f"{action.label} ({variant.id})"


def condition(model: Model, result: Result) -> str:
    """Return ``from X [when]`` for a per-source or conditional result, else ``""`` (diagram labels)."""
    parts = [] if result.source is None else [f"from {model.state(result.source).label}"]
    return " ".join(parts if result.when is None else [*parts, f"[{result.when}]"])


def result_text(model: Model, result: Result) -> str:
    """Return a result in words for tables and descriptions: ``SHELVED``, ``STOPPED from X when ...``."""
    text = result.to if result.to in RESULT_WORDS else model.state(result.to).label
    if result.source is not None:
        text += f" from {model.state(result.source).label}"
    if result.when is not None:
        text += f" when {result.when}"
    return text + (" (system)" if result.trigger == "system" else "")


def failure_text(model: Model, variant: Variant) -> str:
    """Return where a failure of *variant* leads in words: a state's label, ``previous`` or ``""``."""
    if variant.error is None:
        return ""
    return PREVIOUS if variant.error == PREVIOUS else model.state(variant.error).label


def api_text(model: Model, action: Action) -> str:
    """Return the API facts of *action* in words: ``verbs active, deploy (1.73); since 1.4``."""
    api = action.api
    if api is None:
        return ""
    parts = []
    if api.verbs:
        parts.append("verbs " + ", ".join(v if since is None else f"{v} ({since})" for v, since in api.verbs))
    if api.min_version is not None:
        parts.append(f"since {api.min_version}")
    parts += [f"from {model.state(s).label} since {since}" for s, since in api.min_version_from]
    return "; ".join(parts)


def page_words(model: Model) -> dict[str, object]:
    """Return the model's words a generated page prints: state, resource and dimension words, headings."""
    t = model.terms
    headings = {kind: capital(t.dimension(kind, plural=True)) for kind in ("vm", "task", "power")}
    return {
        "state": t.state,
        "states": t.states,
        "resource": t.resource,
        "task_state": t.task_state,
        "headings": headings,
    }
