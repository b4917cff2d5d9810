"""The model reference (docs/model-format.rst) and the JSON Schema agree key by key.

Each "Keys of ..." table of the page lists the keys of one object of the schema, with the
same required keys and the same defaults; each key's example is valid for that key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from vmgraph.load.schema import model_schema

PAGE = Path(__file__).parents[1] / "docs" / "model-format.rst"
#: A titled list-table: its title, then its body of rows.
TABLE = re.compile(r"^\.\. list-table:: Keys of (.+)\n(?:   :.*\n)*\n((?:   .*\n|\n)+?)(?=\S|\Z)", re.MULTILINE)
#: A default that is one literal YAML value.
LITERAL = re.compile(r"``([^`]+)``")
NONE = "—"


@dataclass(frozen=True, slots=True)
class Row:
    """One key of a reference table."""

    key: str
    type: str
    required: str
    default: str
    example: str


def tables() -> dict[str, list[Row]]:
    """Return the rows of each "Keys of ..." table, by what it is of, header row left out."""
    found = {}
    for title, body in TABLE.findall(PAGE.read_text(encoding="utf-8")):
        rows: list[list[str]] = []
        for line in body.splitlines():
            if line.startswith("   * - "):
                rows.append([line[7:]])
            elif line.startswith("     - "):
                rows[-1].append(line[7:])
            elif line.strip():
                rows[-1][-1] += " " + line.strip()
        assert rows[0] == ["key", "type", "required", "default", "example", "meaning"], title
        parsed = []
        for cells in rows[1:]:
            assert len(cells) == 6, (title, cells)
            key = LITERAL.fullmatch(cells[0])
            assert key, (title, cells[0])
            parsed.append(Row(key[1], *cells[1:5]))
        found[title] = parsed
    return found


def _object(node: dict[str, Any]) -> dict[str, Any]:
    """Return the mapping form of a schema node that may also be a bare id or a preset name."""
    if "properties" in node:
        return node
    alternatives = node.get("anyOf") or node["oneOf"]
    return next(alt for alt in alternatives if alt.get("type") == "object")


def objects() -> dict[str, dict[str, Any]]:
    """Return the schema object each table documents, by the table's title."""
    schema = model_schema()
    defs = schema["$defs"]
    api = defs["action"]["properties"]["api"]
    return {
        "the top level": schema,
        "defaults": defs["defaults"],
        "terms": schema["properties"]["terms"],
        "drawing": schema["properties"]["drawing"],
        "a state": _object(defs["vm_state"]),
        "an action": defs["action"],
        "a result": _object(defs["result"]),
        "api": api,
        "a verb": _object(api["properties"]["verbs"]["items"]),
        "a variant": defs["variant"],
        "a sequence": defs["sequence"],
        "a participant": defs["participant"],
        "a step": defs["step"],
        "code": schema["properties"]["code"],
        "code.decorator": defs["decorator"],
        "code.table": _object(defs["table"]),
    }


def test_every_object_of_the_schema_has_a_table() -> None:
    assert set(tables()) == set(objects())


def test_states_task_states_and_power_states_share_the_state_table() -> None:
    defs = model_schema()["$defs"]
    keys = {row.key for row in tables()["a state"]}
    assert set(_object(defs["state"])["properties"]) == keys - {"kind", "target", "error"}
    assert set(_object(defs["power_state"])["properties"]) == keys - {"kind", "target", "error"}
    assert _object(defs["power_state"])["properties"]["value"]["type"] == "integer"


@pytest.mark.parametrize("title", sorted(objects()))
def test_table_keys_are_the_schema_keys(title: str) -> None:
    rows = tables()[title]
    assert [row.key for row in rows] == list(objects()[title]["properties"]), "same keys, in the schema's order"


@pytest.mark.parametrize("title", sorted(objects()))
def test_required_keys_agree(title: str) -> None:
    node = objects()[title]
    required = {row.key for row in tables()[title] if row.required == "yes"}
    conditional = {row.key for row in tables()[title] if row.required.startswith("yes, unless")}
    assert all(row.required in {"yes", "no"} or row.required.startswith("yes, unless") for row in tables()[title])
    assert required == set(node.get("required", ())), title
    if title == "an action":  # accepts: required unless the variants each say what they accept
        assert conditional == {"accepts"}
        assert node["if"] == {"not": {"required": ["accepts"]}}
        assert node["then"]["required"] == ["variants"]
        assert node["then"]["properties"]["variants"]["items"]["required"] == ["accepts"]
    elif title == "a variant":  # accepts: required unless its action has it (the action's if/then)
        assert conditional == {"accepts"}
    else:
        assert conditional == set()


@pytest.mark.parametrize("title", sorted(objects()))
def test_defaults_agree(title: str) -> None:
    properties = objects()[title]["properties"]
    for row in tables()[title]:
        literal = LITERAL.fullmatch(row.default)
        schema = properties[row.key]
        if row.default == NONE:
            assert "default" not in schema, (title, row.key)
        elif literal and not literal[1].startswith("defaults."):
            assert "default" in schema, (title, row.key, "the schema has no default")
            assert schema["default"] == yaml.safe_load(literal[1]), (title, row.key)
        else:  # computed: the id, the action's, ``defaults.error``...: no single value to annotate
            assert "default" not in schema, (title, row.key)
            assert row.default.strip(), (title, row.key)


@pytest.mark.parametrize("title", sorted(objects()))
def test_examples_are_valid_for_their_key(title: str) -> None:
    schema = model_schema()
    properties = objects()[title]["properties"]
    for row in tables()[title]:
        example = LITERAL.fullmatch(row.example)
        assert example, (title, row.key, "one literal example")
        value = yaml.safe_load(example[1])
        validator = Draft202012Validator({"$defs": schema["$defs"], **properties[row.key]})
        assert [e.message for e in validator.iter_errors(value)] == [], (title, row.key, value)


def test_schema_defaults_are_valid_values() -> None:
    schema = model_schema()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "default" in node and "properties" not in node:
                validator = Draft202012Validator({"$defs": schema["$defs"], **node})
                assert list(validator.iter_errors(node["default"])) == [], node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
