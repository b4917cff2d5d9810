"""Tests for the JSON Schema of model files (vmgraph/schema/model.schema.json)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from vmgraph.cli import main
from vmgraph.load import loader, reader, sections
from vmgraph.load.loader import MODELS_DIR
from vmgraph.load.schema import SCHEMA_PATH, model_schema, schema_text

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
VALID_FILES = sorted(MODELS_DIR.glob("*.yaml")) + sorted(DATA.glob("*.yaml"))

#: Invalid files whose problem is one of shape, so the schema sees it too: (file, path, message part).
SCHEMA_REJECTS = [
    ("action_list.yaml", ["actions", 1], "is not of type 'object'"),
    ("bad_task_state.yaml", ["actions", 1, "task_state"], "'all' is not valid under any of the given schemas"),
    ("bad_trigger.yaml", ["actions", 1, "trigger"], "'periodic' is not one of ['api', 'system']"),
    ("boolean_as_string.yaml", ["states", 0, "initial"], "'true' is not of type 'boolean'"),
    ("empty.yaml", [], "None is not of type 'object'"),
    ("text_amplification_nested.yaml", [], "Additional properties are not allowed"),
    ("huge_hex_version.yaml", ["vmgraph"], "1 was expected"),
    ("omap_actions.yaml", ["actions", 0], "is not of type 'object'"),
    ("set_states.yaml", ["states"], "is not of type 'array'"),
    ("pairs_tag_on_results.yaml", ["actions", 0, "results"], "is not valid under any of the given schemas"),
    ("unknown_key_long_line.yaml", ["actions", 0], "Additional properties are not allowed"),
    ("id_hyphen.yaml", ["actions", 1, "id"], "'power-off' does not match"),
    ("id_reserved_any.yaml", ["actions", 1, "id"], "'any' should not be valid"),
    ("id_reserved_node.yaml", ["states", 1], "'node' should not be valid"),
    ("id_upper_case.yaml", ["states", 1, "id"], "'Running' does not match"),
    ("id_yaml_boolean.yaml", ["power_states", 0, "id"], "False is not of type 'string'"),
    ("label_list.yaml", ["states", 0, "label"], "['STOPPED', 'SHUTOFF'] is not of type"),
    ("missing_accepts.yaml", ["actions", 1], "'variants' is a required property"),
    ("missing_actions.yaml", [], "'actions' is a required property"),
    ("missing_model_id.yaml", [], "'id' is a required property"),
    ("missing_state_id.yaml", ["states", 1], "'id' is a required property"),
    ("missing_states.yaml", [], "'states' is a required property"),
    ("missing_step_call.yaml", ["sequences", 0, "steps", 1], "'call' is a required property"),
    ("missing_version.yaml", [], "'vmgraph' is a required property"),
    ("multiline_label.yaml", ["states", 0, "label"], "should not be valid under {'pattern': '[\\\\n\\\\r"),
    ("line_separator_label.yaml", ["states", 1, "label"], "should not be valid under {'pattern': '[\\\\n\\\\r"),
    ("vertical_tab_call.yaml", ["sequences", 0, "steps", 0, "call"], "should not be valid under {'pattern':"),
    ("actions_scalar.yaml", ["actions"], "'start' is not of type 'array'"),
    ("defaults_list.yaml", ["defaults"], "['error'] is not of type 'object'"),
    ("description_list.yaml", ["states", 1, "description"], "['first', 'second'] is not of type"),
    ("must_have_launched_text.yaml", ["actions", 0, "must_have_launched"], "'sometimes' is not of type 'boolean'"),
    ("participants_mapping.yaml", ["sequences", 0, "participants"], "is not of type 'array'"),
    ("result_when_list.yaml", ["actions", 0, "results", 0, "when"], "['fast', 'slow'] is not of type"),
    ("sequences_mapping.yaml", ["sequences"], "is not of type 'array'"),
    ("state_id_list.yaml", ["states", 2, "id"], "['paused', 'suspended'] is not of type 'string'"),
    ("step_call_mapping.yaml", ["sequences", 0, "steps", 0, "call"], "{'name': 'go'} is not of type"),
    ("step_list.yaml", ["sequences", 0, "steps", 0], "is not of type 'object'"),
    ("task_states_scalar.yaml", ["task_states"], "'busy' is not of type 'array'"),
    ("title_mapping.yaml", ["title"], "{'en': 'Broken'} is not of type"),
    ("variant_scalar.yaml", ["actions", 1, "variants", 0], "'soft' is not of type 'object'"),
    ("variants_mapping.yaml", ["actions", 1, "variants"], "is not of type 'array'"),
    ("power_value_text.yaml", ["power_states", 1, "value"], "'shutdown' is not of type 'integer'"),
    ("results_bare_state.yaml", ["actions", 0, "results"], "'running' is not valid under any of the given schemas"),
    ("states_mapping.yaml", ["states"], "is not of type 'array'"),
    ("top_level_list.yaml", [], "is not of type 'object'"),
    ("unknown_key.yaml", ["actions", 1], "Additional properties are not allowed ('acepts' was unexpected)"),
    ("unsupported_version.yaml", ["vmgraph"], "1 was expected"),
    ("variant_missing_accepts.yaml", ["actions", 1, "variants", 1], "'accepts' is a required property"),
]

#: Invalid files whose problem is a reference or a duplicate: only `vmgraph check` sees it.
SCHEMA_ACCEPTS = [
    "duplicate_action.yaml",
    "duplicate_sequence.yaml",
    "duplicate_task_state.yaml",
    "duplicate_key.yaml",  # PyYAML keeps the last value
    "duplicate_participant.yaml",
    "duplicate_state.yaml",
    "duplicate_variant.yaml",
    "from_not_accepted.yaml",
    "unknown_participant.yaml",
    "unknown_power_state_in_step.yaml",
    "unknown_state_in_accepts.yaml",
    "unknown_state_in_error.yaml",
    "unknown_state_in_from.yaml",
    "unknown_state_in_results.yaml",
    "unknown_state_in_step.yaml",
    "unknown_state_in_variant.yaml",
    "unknown_task_state_in_step.yaml",
    "unknown_caller.yaml",
    "unknown_state_in_any_except.yaml",
    "unknown_state_in_defaults.yaml",
    "unknown_state_in_variant_error.yaml",
    "unknown_state_in_variant_results.yaml",
    "unknown_task_state_in_action.yaml",
    "unchanged_on_create.yaml",
    # the second hardening round: sizes, numbers and repetitions the schema does not bound
    "text_amplification.yaml",
    "huge_sexagesimal_power_value.yaml",
    "power_value_over_64_bits.yaml",
    "duplicate_result.yaml",
    "duplicate_result_from.yaml",
    "any_except_every_state.yaml",
    "alias_duplicate_state.yaml",
    "line_separator_before_problem.yaml",
]

#: Invalid text the schema does not check (control characters, over-long labels): only `vmgraph check` sees it.
SCHEMA_MISSES_TEXT = [
    "escaped_control_character.yaml",
    "escaped_nul.yaml",
    "escaped_surrogate.yaml",
    "label_too_long.yaml",
]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = model_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def all_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """Yield each error and, recursively, the errors of the alternatives under it (anyOf)."""
    for error in errors:
        yield error
        yield from all_errors(iter(error.context or ()))


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = model_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", VALID_FILES, ids=[p.name for p in VALID_FILES])
def test_valid_models_follow_the_schema(validator: Draft202012Validator, path: Path) -> None:
    assert [e.message for e in validator.iter_errors(read_yaml(path))] == []


@pytest.mark.parametrize(("name", "path", "message"), SCHEMA_REJECTS, ids=[r[0] for r in SCHEMA_REJECTS])
def test_schema_rejects_invalid_shapes(
    validator: Draft202012Validator, name: str, path: list[str | int], message: str
) -> None:
    errors = list(all_errors(validator.iter_errors(read_yaml(BAD / name))))
    assert errors, f"{name} passes the schema"
    found = [e.message for e in errors if list(e.absolute_path) == path]
    assert any(message in m for m in found), found or [(list(e.absolute_path), e.message) for e in errors]


@pytest.mark.parametrize("name", [*SCHEMA_ACCEPTS, *SCHEMA_MISSES_TEXT])
def test_reference_problems_pass_the_schema_but_not_the_loader(validator: Draft202012Validator, name: str) -> None:
    assert list(validator.iter_errors(read_yaml(BAD / name))) == []


def test_every_invalid_file_is_classified() -> None:
    unreadable = {"alias_bomb.yaml", "deeply_nested.yaml", "recursive_alias.yaml", "merge_key.yaml"}
    unparsable = {"yaml_syntax.yaml", "whitespace.yaml", "python_tag.yaml", "unknown_tag.yaml", "directory.yaml"}
    unparsable |= {"bad_indentation.yaml", "tab_indentation.yaml", "unclosed_quote.yaml", "two_documents.yaml"}
    unparsable |= {"undefined_alias.yaml", "control_character.yaml", "latin1.yaml", "nul_bytes.yaml"}
    unparsable |= {"utf16_no_bom.yaml", "utf16le_bom.yaml", "utf16be_bom.yaml", "utf32le_bom.yaml", "utf32be_bom.yaml"}
    unparsable |= {"huge_decimal_key.yaml", "python_tag_on_mapping.yaml", "local_tag_on_list.yaml"}
    classified = (
        {r[0] for r in SCHEMA_REJECTS} | set(SCHEMA_ACCEPTS) | set(SCHEMA_MISSES_TEXT) | unreadable | unparsable
    )
    assert classified == {p.name for p in BAD.glob("*.yaml")}


def _properties(schema: dict[str, Any], name: str) -> set[str]:
    node = schema["$defs"][name]
    if "properties" not in node:  # a state may be a bare id or a mapping
        (node,) = (alt for alt in node["anyOf"] if alt.get("type") == "object")
    return set(node["properties"])


def test_schema_has_exactly_the_keys_the_loader_reads() -> None:
    schema = model_schema()
    assert set(schema["properties"]) == set(loader._TOP_KEYS)
    assert _properties(schema, "state") == set(loader._STATE_KEYS)
    assert _properties(schema, "vm_state") == set(loader._VM_STATE_KEYS)
    assert _properties(schema, "power_state") == set(loader._STATE_KEYS)
    assert set(schema["$defs"]["defaults"]["properties"]) == {"error", "task_state", "must_have_launched"}
    assert set(schema["properties"]["code"]["properties"]) == {"decorator", "table"}
    assert _properties(schema, "decorator") == set(loader._DECORATOR_KEYS)
    assert _properties(schema, "action") == set(sections._ACTION_KEYS)
    assert _properties(schema, "variant") == set(sections._VARIANT_KEYS)
    result = next(alt for alt in schema["$defs"]["result"]["anyOf"] if alt.get("type") == "object")
    assert set(result["properties"]) == set(sections._RESULT_KEYS)
    assert _properties(schema, "sequence") == set(sections._SEQUENCE_KEYS)
    assert _properties(schema, "participant") == set(sections._PARTICIPANT_KEYS)
    assert _properties(schema, "step") == set(sections._STEP_KEYS)


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_every_key_is_closed_and_described_for_editors() -> None:
    schema = model_schema()
    objects = [o for o in _objects(schema) if "properties" in o and o is not schema["$defs"]]
    assert len(objects) >= 12
    for obj in objects:
        if obj.get("$comment", "").startswith("Without accepts"):
            continue  # the if/then of action refines keys declared above
        assert obj.get("additionalProperties") is False, sorted(obj["properties"])
        for key, prop in obj["properties"].items():
            target = prop
            if "description" not in prop and "$ref" in prop:
                target = schema["$defs"][prop["$ref"].rsplit("/", 1)[1]]
            assert target.get("description"), key


def test_ids_follow_the_loader(validator: Draft202012Validator) -> None:
    id_schema = model_schema()["$defs"]["id"]
    assert set(id_schema["not"]["enum"]) == set(reader.RESERVED)
    pattern = re.compile(id_schema["pattern"])
    for candidate in ("a", "shelved_offloaded", "x1", "a" * 64, "a" * 65, "A", "1a", "a-b", "_a", "a b", "é"):
        assert bool(pattern.search(candidate)) == bool(reader.IDENT.match(candidate)), candidate


def test_schema_command_prints_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text() == SCHEMA_PATH.read_text(encoding="utf-8")
    assert json.loads(out)["title"] == "vmgraph model"
