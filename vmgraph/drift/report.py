"""Drift reports as text (an aligned table) and as JSON (``{"findings", "not_modelled"}``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from vmgraph.drift.findings import DriftReport, Finding

__all__ = ["SCHEMA_PATH", "report_json", "report_text", "report_to_dict", "schema"]

#: The JSON Schema of :func:`report_json`'s output (documented in docs/ci.rst).
SCHEMA_PATH: Final = Path(__file__).with_name("drift-output.schema.json")

_HEADERS: Final = ("location", "kind", "action", "message")


def report_to_dict(report: DriftReport) -> dict[str, Any]:
    """Return *report* as JSON-ready data, as :data:`SCHEMA_PATH` describes it."""
    return {
        "findings": [_finding(f) for f in report.findings],
        "not_modelled": [{"function": n.function, "file": n.file, "line": n.line} for n in report.not_modelled],
    }


def report_json(report: DriftReport) -> str:
    """Return *report* as indented JSON text ending in a newline (keys in a fixed order)."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


def report_text(report: DriftReport, *, strict: bool = False) -> str:
    """Return *report* as a table (location, kind, action, message) and a summary line."""
    blocks: list[list[str]] = []
    if report.findings:
        blocks.append(_table([(f.where, f.kind, f.subject, f.message) for f in report.findings]))
    if report.not_modelled:
        note = "failing because of --strict" if strict else "they fail the check only with --strict"
        width = max(len(f"{n.file}:{n.line}") for n in report.not_modelled)
        items = [f"  {f'{n.file}:{n.line}':<{width}}  {n.function}" for n in report.not_modelled]
        blocks.append([f"decorated functions no action maps to ({note}):", *items])
    pairs = sum(len(f.states) for f in report.findings if f.kind.startswith("state-"))
    summary = _count(len(report.findings), "finding")
    if pairs:
        summary += f" ({_count(pairs, '(action, state) pair')})"
    summary += f", {_count(len(report.not_modelled), 'decorated function')} not modelled"
    verdict = "drift" if report.failed(strict=strict) else "model and code agree"
    blocks.append([f"{verdict}: {summary}"])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def schema() -> dict[str, Any]:
    """Return the JSON Schema of the ``--json`` output."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def _finding(finding: Finding) -> dict[str, Any]:
    def plain(value: object) -> object:
        return list(value) if isinstance(value, tuple) else value

    return {
        "kind": finding.kind,
        "action": finding.action,
        "variant": finding.variant,
        "states": list(finding.states),
        "file": finding.file,
        "line": finding.line,
        "message": finding.message,
        "code": plain(finding.code),
        "model": plain(finding.model),
        "transition": plain(finding.transition),
    }


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [_HEADERS, *rows]) for i in range(3)]
    return [
        "  ".join(f"{cell:<{w}}" for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in [_HEADERS, *rows]
    ]
