"""The targets of issue 12 ("Readable where people read it"), the recorded "before" numbers and the check.

``bench/readability.py`` measures; this module says what each measure must reach. A target
is a limit on the crossings (at most) or the smallest text at 700 px (at least) of one view
of one model: a fixed number from the issue, or a multiple of the "before" number recorded in
``bench/readability-before.json`` (dated; measured before the layouts of issue 12 change).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "BEFORE",
    "SHUFFLE_SEEDS",
    "TARGETS",
    "WHOLE",
    "Result",
    "Target",
    "Verdict",
    "check",
    "load_before",
    "record",
]

BEFORE: Final = Path(__file__).resolve().parent / "readability-before.json"
#: The whole-model views.
WHOLE: Final = ("preconditions", "transitions")
#: The seeds of the shuffled orders of nova (``nova~1`` ... ``nova~5``).
SHUFFLE_SEEDS: Final = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Result:
    """The measures of one view of one model (``views`` > 1: a group of focused views)."""

    model: str
    view: str
    crossings: int
    width_in: float
    height_in: float
    text_px: float
    views: int = 1


@dataclass(frozen=True, slots=True)
class Target:
    """A limit on a metric (``crossings``: at most; ``text``: at least) of one view of one model.

    The limit is ``bound``, or ``of_before`` times the recorded "before" value.
    """

    model: str
    view: str
    metric: str
    bound: float | None = None
    of_before: float | None = None

    def limit(self, before: dict[tuple[str, str], Result]) -> float | None:
        """Return the limit, or None when it is relative and no "before" number is recorded."""
        if self.bound is not None:
            limit = self.bound
        else:
            old = before.get((self.model, self.view))
            if old is None or self.of_before is None:
                return None
            limit = self.of_before * _value(old, self.metric)
        return float(math.floor(limit)) if self.metric == "crossings" else limit  # crossings are whole


@dataclass(frozen=True, slots=True)
class Verdict:
    """A target checked: the value measured, the limit, PASS, FAIL or SKIP (with why)."""

    target: Target
    measured: float | None
    limit: float | None
    verdict: str


def _value(result: Result, metric: str) -> float:
    return float(result.crossings) if metric == "crossings" else result.text_px


def _targets() -> tuple[Target, ...]:
    """The targets of issue 12; Ironic's are the bundled model's ("ironic-complete", the test fixture, keeps its before numbers)."""
    fixed = [
        Target("nova", "preconditions", "crossings", 35),
        Target("nova", "transitions", "crossings", 35),
        Target("nova-2014", "preconditions", "crossings", 59),
        Target("ironic", "preconditions", "crossings", 130),
        Target("ironic", "transitions", "crossings", 22),
        Target("cinder", "transitions", "crossings", of_before=0.1),
        *(Target(m, v, "text", 7) for m in ("nova", "nova-2014") for v in WHOLE),
        *(Target("ironic", v, "text", 6) for v in WHOLE),
        # no lucky orders: shuffled nova stays within 1.5 times nova's targets
        *(Target(f"nova~{s}", v, "crossings", 1.5 * 35) for s in SHUFFLE_SEEDS for v in WHOLE),
    ]
    models = ("nova", "nova-2014", "ironic", "cinder", "ironic-complete", "gen-1", "gen-2", "gen-3")
    # what reads well today stays at least as good; the generated models keep today's limits
    kept = [
        Target(m, v, metric, of_before=1.0)
        for m in models
        for v in ("create-sequence", "overview", "focused", *(WHOLE if m.startswith("gen-") else ()))
        for metric in ("crossings", "text")
    ]
    return (*fixed, *kept)


#: Every target checked; a model or view not measured (or without a "before" number) is SKIP.
TARGETS: Final = _targets()


def load_before(path: Path = BEFORE) -> tuple[str, list[Result]]:
    """Return the date and the rows of the recorded "before" numbers (none when the file is missing)."""
    if not path.exists():
        return "", []
    data = json.loads(path.read_text(encoding="utf-8"))
    return str(data["date"]), [Result(**row) for row in data["rows"]]


def record(rows: Sequence[Result], path: Path, date: str, graphviz: str) -> list[Result]:
    """Add the rows of models and views *path* does not have yet; recorded rows never change."""
    _, old = load_before(path)
    known = {(r.model, r.view) for r in old}
    new = [r for r in rows if (r.model, r.view) not in known]
    data = {
        "date": date if not old else json.loads(path.read_text(encoding="utf-8"))["date"],
        "graphviz": graphviz,
        "rows": [asdict(r) for r in (*old, *new)],
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return new


def check(rows: Sequence[Result], before: Sequence[Result], targets: Sequence[Target] = TARGETS) -> list[Verdict]:
    """Return the verdict of every target on *rows*, against the recorded *before* rows."""
    measured = {(r.model, r.view): r for r in rows}
    old = {(r.model, r.view): r for r in before}
    verdicts = []
    for t in targets:
        limit, row = t.limit(old), measured.get((t.model, t.view))
        if row is None:
            drawn = any(r.model == t.model for r in rows)
            verdicts.append(Verdict(t, None, limit, "SKIP (no such view)" if drawn else "SKIP (not measured)"))
        elif limit is None:
            verdicts.append(Verdict(t, _value(row, t.metric), None, "SKIP (no before number)"))
        else:
            value = _value(row, t.metric)
            ok = value <= limit if t.metric == "crossings" else value >= limit
            verdicts.append(Verdict(t, value, limit, "PASS" if ok else "FAIL"))
    return verdicts
