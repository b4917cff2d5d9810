"""``vmgraph drift``: compare a model with the decorators or transition table in Python source.

The source is parsed with :mod:`ast` and never imported or run. See
:func:`check_drift` for the entry point and :mod:`vmgraph.drift.compare` for the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vmgraph.drift.compare import compare
from vmgraph.drift.decorator import read_check
from vmgraph.drift.findings import KINDS, DriftReport, Finding, NotModelled
from vmgraph.drift.locate import code_lines
from vmgraph.drift.resolve import Resolver
from vmgraph.drift.source import SourceIndex, find_sources
from vmgraph.drift.tables import read_table
from vmgraph.drift.triples import compare_triples
from vmgraph.limits import MAX_BYTES
from vmgraph.load.code import TableSpec, table_spec
from vmgraph.model import Model

__all__ = ["KINDS", "DriftReport", "Finding", "NotModelled", "check_drift", "find_sources"]


def check_drift(
    model: Model, sources: Sequence[Path], *, model_file: Path | None = None, max_bytes: int = MAX_BYTES
) -> DriftReport:
    """Return how *model* and the code in *sources* (files and directories) disagree.

    Args:
        model: The model; its ``decorator`` says what to look for, unless the ``code.table``
            of its file names a transition-table preset (then its triples are compared).
        sources: Python files, or directories whose ``.py`` files are all read.
        model_file: The model's file, to place findings about the model (code not found).
        max_bytes: The largest source file read; larger ones are reported as unresolved.
    """
    index = SourceIndex(find_sources(list(sources)), max_bytes=max_bytes)
    resolver = Resolver(index)
    spec = table_spec(model_file) if model_file is not None else None
    if spec is not None:
        return _check_table(model, spec, index, resolver, model_file)
    checks = [read_check(fn, model.decorator, resolver) for fn in index.decorated(model.decorator.name)]
    findings = [
        Finding("unresolved", None, None, module.error[0], str(module.path), module.error[1])
        for module in index.broken
        if module.error is not None
    ]
    lines = code_lines(model_file) if model_file is not None else {}
    where = None if model_file is None else str(model_file)
    findings += compare(model, checks, index, model_file=where, code_lines=lines)
    mapped = {name for action in model.actions for variant in action.variants for name in variant.code}
    not_modelled = tuple(
        NotModelled(c.function.qualname, str(c.function.path), c.function.line)
        for c in checks
        if c.function.name not in mapped
    )
    return DriftReport(tuple(findings), not_modelled)


def _check_table(
    model: Model, spec: TableSpec, index: SourceIndex, resolver: Resolver, model_file: Path | None
) -> DriftReport:
    """Compare the model's triples with the transition table the model's ``code.table`` names."""
    code, problems = read_table(spec, index, resolver)
    findings = [Finding("unresolved", None, None, p.message, str(p.path), p.line) for p in problems]
    findings += [
        Finding("unresolved", None, None, module.error[0], str(module.path), module.error[1])
        for module in index.broken
        if module.error is not None
    ]
    lines = code_lines(model_file) if model_file is not None else {}
    where = None if model_file is None else str(model_file)
    findings += compare_triples(model, code, model_file=where, code_lines=lines)
    return DriftReport(tuple(findings))
