"""The JSON Schema of model files, shipped as ``vmgraph/schema/model.schema.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

__all__ = ["SCHEMA_PATH", "model_schema", "schema_text"]

#: The published JSON Schema (draft 2020-12) of the model file format.
SCHEMA_PATH: Final = Path(__file__).parent.parent / "schema" / "model.schema.json"


def schema_text() -> str:
    """Return the schema file's text."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


def model_schema() -> dict[str, Any]:
    """Return the schema as data."""
    data: dict[str, Any] = json.loads(schema_text())
    return data
