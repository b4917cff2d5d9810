"""Who triggers an action or a result, and the ``api`` block of an action (verbs, API versions)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

import yaml

from vmgraph.model import Api

if TYPE_CHECKING:
    from vmgraph.load.known import Known
    from vmgraph.load.reader import Reader

__all__ = ["API_KEYS", "TRIGGERS", "read_api", "read_trigger"]

#: The keys of an action's ``api`` block.
API_KEYS: Final = ("verbs", "min_version", "min_version_from")
_VERB_KEYS: Final = ("verb", "min_version")
#: Who may trigger an action or a result: a caller of the API, or the system on its own.
TRIGGERS: Final = ("api", "system")
#: An API version: numbers joined by dots (``1.73``, ``2.1.5``).
_VERSION: Final = re.compile(r"[0-9]+(\.[0-9]+)*")


def read_api(r: Reader, node: yaml.Node, where: str, ids: Known) -> Api | None:
    """Return the ``api`` block of the action at *where*, checking versions and states."""
    fields = r.mapping(node, f"'api' of {where}", API_KEYS)
    if fields is None:
        return None
    verbs: list[tuple[str, str | None]] = []
    if "verbs" in fields:
        for item in r.sequence(fields["verbs"], f"'verbs' of {where}", allow_empty=False):
            verb = _verb(r, item, where)
            if verb is not None and verb[0] in (v for v, _ in verbs):
                r.problem(item, f"'verbs' of {where} lists the verb {verb[0]!r} twice")
            elif verb is not None:
                verbs.append(verb)
    since = _version(r, fields["min_version"], f"'min_version' of {where}") if "min_version" in fields else None
    per_source: list[tuple[str, str]] = []
    if "min_version_from" in fields:
        what = f"'min_version_from' of {where}"
        node = fields["min_version_from"]
        if not isinstance(node, yaml.MappingNode):
            r.problem(node, f"{what} must be a mapping of state ids to API versions, got {r.show(node)}")
        for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
            state = r.ref(key, what, "state", ids.vm)
            version = _version(r, value, f"{what} for {r.show(key)}")
            if state is not None and version is not None:
                per_source.append((state, version))
    return Api(tuple(verbs), since, tuple(per_source))


def _verb(r: Reader, node: yaml.Node, where: str) -> tuple[str, str | None] | None:
    """Return (verb, lowest version) of ``verb`` or ``{verb: VERB, min_version: X}``."""
    if isinstance(node, yaml.MappingNode):
        fields = r.mapping(node, f"a verb of {where}", _VERB_KEYS, required=("verb",))
        if not fields or "verb" not in fields:
            return None
        verb = r.text(fields["verb"], f"'verb' of {where}")
        since = (
            _version(r, fields["min_version"], f"'min_version' of verb {verb!r} of {where}")
            if "min_version" in fields
            else None
        )
        return verb, since
    return r.text(node, f"a verb of {where}"), None


def _version(r: Reader, node: yaml.Node, what: str) -> str | None:
    """Return an API version such as ``1.73`` (write it quoted: ``"1.10"`` is not ``1.1``)."""
    value = r.scalar(node, what) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, str) and _VERSION.fullmatch(value):
        return value
    r.problem(node, f"{what} must be an API version such as '1.73' (numbers joined by dots), got {r.show(node)}")
    return None


def read_trigger(r: Reader, node: yaml.Node, where: str) -> str | None:
    """Return ``api`` or ``system`` of a ``trigger`` key (``None``, reported, for anything else)."""
    value = r.scalar(node, f"'trigger' of {where}")
    if value in TRIGGERS:
        return str(value)
    hint = r.keyword_hint(value, TRIGGERS, ())
    r.problem(node, f"'trigger' of {where} must be 'api' or 'system', got {r.show(node)}{hint}")
    return None
