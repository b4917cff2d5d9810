"""The lifecycle model itself and its queries (transitions, reachability, the matrix)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar

from vmgraph.model.parts import PREVIOUS, UNCHANGED, Action, Decorator, State, Transition, Variant
from vmgraph.model.sequences import Sequence
from vmgraph.terms import Terms

if TYPE_CHECKING:
    StateKind: TypeAlias = Literal["vm", "task", "power"]
    _T = TypeVar("_T", State, Action, Sequence)

__all__ = ["ANY_EXCEPT_DEFAULT", "GROUP_FROM_DEFAULT", "Model"]

#: The default of ``drawing.any_except``: most states a call may leave out of those it could
#: accept and still be drawn once, from an "any state except ..." node.
ANY_EXCEPT_DEFAULT: Final = 2

#: The default of ``drawing.group_from``: fewest states a box of calls must be accepted in
#: to be drawn from one node naming them, instead of an arrow from each.
GROUP_FROM_DEFAULT: Final = 6


@dataclass(frozen=True, slots=True)
class Model:
    """A resource lifecycle: states, actions and sequences, in file order."""

    id: str
    title: str
    states: tuple[State, ...]
    actions: tuple[Action, ...]
    task_states: tuple[State, ...] = ()
    power_states: tuple[State, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    description: str = ""
    decorator: Decorator = field(default_factory=Decorator)
    terms: Terms = field(default_factory=Terms)
    #: Whether the model uses the launched flag (a file that never sets it to true does not).
    uses_launched: bool = True
    #: Most states a call may leave out of those it could accept and still be drawn once,
    #: from an "any state except ..." node (``drawing.any_except``).
    any_except: int = ANY_EXCEPT_DEFAULT
    #: Fewest states a box of calls must be accepted in to be drawn from one node naming
    #: them (``drawing.group_from``; 0: never).
    group_from: int = GROUP_FROM_DEFAULT
    #: Indexes and query results, made on first use (the model itself never changes).
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @property
    def dimensions(self) -> tuple[StateKind, ...]:
        """Return the state dimensions the model has: ``vm``, then ``task`` and ``power`` if used."""
        task: tuple[StateKind, ...] = ("task",) if self.task_states else ()
        return ("vm", *task, *(("power",) if self.power_states else ()))

    # -- lookups -------------------------------------------------------------
    def state(self, state_id: str) -> State:
        """Return the VM state *state_id* (``KeyError`` if unknown)."""
        return self._index("states", self.states)[state_id]

    def action(self, action_id: str) -> Action:
        """Return the action *action_id* (``KeyError`` if unknown)."""
        return self._index("actions", self.actions)[action_id]

    def sequence(self, sequence_id: str) -> Sequence:
        """Return the sequence *sequence_id* (``KeyError`` if unknown)."""
        return self._index("sequences", self.sequences)[sequence_id]

    def in_order(self, state_ids: Iterable[str]) -> tuple[str, ...]:
        """Return the VM state ids among *state_ids* in model order, each once (others left out)."""
        position: dict[str, int] | None = self._memo.get("positions")
        if position is None:
            position = {}
            for index, state in enumerate(self.states):
                position.setdefault(state.id, index)
            self._memo["positions"] = position
        return tuple(sorted({s for s in state_ids if s in position}, key=position.__getitem__))

    def _index(self, key: str, items: tuple[_T, ...]) -> dict[str, _T]:
        """Return ``{id: item}`` of *items* (the first of a repeated id), made once."""
        index: dict[str, _T] | None = self._memo.get(key)
        if index is None:
            index = {}
            for item in items:
                index.setdefault(item.id, item)
            self._memo[key] = index
        return index

    # -- queries -------------------------------------------------------------
    def accepted(self, variant: Variant) -> tuple[str, ...]:
        """Return the state ids *variant* accepts, with "any" expanded, in model order.

        "any" means every state but those marked terminal, and also not those marked
        initial when the variant needs a launched instance.
        """
        acc = variant.accepts
        if not acc.any:
            return acc.states
        # "any" is expanded once per exclusion: views ask again for every state and edge.
        cache: dict[tuple[tuple[str, ...], bool], tuple[str, ...]] = self._memo.setdefault("accepted", {})
        key = (acc.exclude, variant.must_have_launched)
        found = cache.get(key)
        if found is None:
            exclude = frozenset(acc.exclude)
            found = cache[key] = tuple(s for s in self.acceptable(launched=key[1]) if s not in exclude)
        return found

    def acceptable(self, *, launched: bool) -> tuple[str, ...]:
        """Return the state ids "any" stands for: not terminal, and not initial if *launched*."""
        key = "acceptable-launched" if launched else "acceptable"
        found: tuple[str, ...] | None = self._memo.get(key)
        if found is None:
            found = tuple(s.id for s in self.states if not s.terminal and not (launched and s.initial))
            self._memo[key] = found
        return found

    def transitions(self) -> tuple[Transition, ...]:
        """Return every (source, action, target) edge the model implies, in model order.

        Creating actions have source ``""``; "unchanged" gives a self-loop, and so does
        "previous" (per source state, marked ``back``).
        """
        found: tuple[Transition, ...] | None = self._memo.get("transitions")
        if found is None:
            found = self._memo["transitions"] = tuple(self._transitions())
        return found

    def _transitions(self) -> Iterator[Transition]:
        for action in self.actions:
            for variant in action.variants:
                sources = self.accepted(variant) or ("",)
                for src in sources:
                    for res in variant.results:
                        if res.source is not None and res.source != src:
                            continue
                        unchanged = res.to == UNCHANGED
                        back = res.to == PREVIOUS
                        yield Transition(
                            src,
                            src if unchanged or back else res.to,
                            action.id,
                            variant.id,
                            "unchanged" if unchanged else "result",
                            res.when,
                            res.trigger or action.trigger,
                            back,
                        )
                    if variant.error is not None:
                        back = variant.error == PREVIOUS
                        target = src if back else variant.error
                        yield Transition(src, target, action.id, variant.id, "error", None, action.trigger, back)

    def transitions_from(self, state_id: str) -> tuple[Transition, ...]:
        """Return the transitions that start in *state_id* (``""``: creating ones), in model order."""
        return self._transitions_by("source").get(state_id, ())

    def transitions_into(self, state_id: str) -> tuple[Transition, ...]:
        """Return the transitions that end in *state_id*, in model order."""
        return self._transitions_by("target").get(state_id, ())

    def transitions_of(self, action_id: str) -> tuple[Transition, ...]:
        """Return the transitions of action *action_id*, in model order."""
        return self._transitions_by("action").get(action_id, ())

    def _transitions_by(self, attribute: str) -> dict[str, tuple[Transition, ...]]:
        """Return the transitions by their *attribute* (``source``, ``target`` or ``action``), made once."""
        index: dict[str, tuple[Transition, ...]] | None = self._memo.get(f"transitions_by_{attribute}")
        if index is None:
            found: dict[str, list[Transition]] = {}
            for t in self.transitions():
                found.setdefault(getattr(t, attribute), []).append(t)
            index = self._memo[f"transitions_by_{attribute}"] = {k: tuple(v) for k, v in found.items()}
        return index

    def actions_from(self, state_id: str) -> tuple[tuple[Action, Variant], ...]:
        """Return the (action, variant) pairs available from *state_id*."""
        index: dict[str, tuple[tuple[Action, Variant], ...]] | None = self._memo.get("actions_from")
        if index is None:
            pairs: dict[str, list[tuple[Action, Variant]]] = {}
            for a in self.actions:
                for v in a.variants:
                    for s in self.accepted(v):
                        found = pairs.setdefault(s, [])
                        if not found or found[-1][1] is not v:  # a state listed twice counts once
                            found.append((a, v))
            index = self._memo["actions_from"] = {s: tuple(p) for s, p in pairs.items()}
        return index.get(state_id, ())

    def targets(self, action_id: str) -> tuple[str, ...]:
        """Return the state ids *action_id* can lead to, errors included, in first-seen order."""
        index: dict[str, tuple[str, ...]] | None = self._memo.get("targets")
        if index is None:
            seen: dict[str, dict[str, None]] = {}
            for t in self.transitions():
                if t.target:
                    seen.setdefault(t.action, {})[t.target] = None
            index = self._memo["targets"] = {a: tuple(targets) for a, targets in seen.items()}
        return index.get(action_id, ())

    def reachable(self) -> tuple[str, ...]:
        """Return the state ids reachable from creation (initial states and creating actions)."""
        edges: dict[str, list[str]] = {}
        for t in self.transitions():
            edges.setdefault(t.source, []).append(t.target)
        start = [s.id for s in self.states if s.initial] + edges.get("", [])
        seen: dict[str, None] = {}
        todo = list(start)
        while todo:  # depth first: only the set of states found matters
            sid = todo.pop()
            if sid in seen:
                continue
            seen[sid] = None
            todo.extend(edges.get(sid, []))
        return tuple(s.id for s in self.states if s.id in seen)

    def dead_ends(self) -> tuple[str, ...]:
        """Return ids of non-terminal states no action leaves."""
        left = {t.source for t in self.transitions() if t.target != t.source}
        return tuple(s.id for s in self.states if not s.terminal and s.id not in left)

    def matrix(self) -> tuple[tuple[Action, Variant, tuple[bool, ...]], ...]:
        """Return the precondition matrix: per (action, variant), one flag per state."""
        rows = []
        for action in self.actions:
            for variant in action.variants:
                accepted = set(self.accepted(variant))
                rows.append((action, variant, tuple(s.id in accepted for s in self.states)))
        return tuple(rows)
