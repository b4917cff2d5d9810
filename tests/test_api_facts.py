"""API facts on actions: verb aliases, the lowest API version, lowest versions per source state."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from vmgraph.cli import main
from vmgraph.diff import diff_models
from vmgraph.errors import ModelError
from vmgraph.load.loader import load_model
from vmgraph.load.schema import model_schema
from vmgraph.model import Api
from vmgraph.views.tables import action_columns, action_rows

MODEL = """\
vmgraph: 1
id: node
defaults: {error: null, must_have_launched: false}
states:
  - {id: available, initial: true}
  - {id: active}
  - {id: failed}
actions:
  - id: deploy
    accepts: [available, failed]
    results: [active]
    api:
      verbs: [active, {verb: deploy, min_version: "1.73"}]
      min_version: "1.1"
      min_version_from: {failed: "1.10"}
  - id: delete
    accepts: [active]
    results: [available]
    error: failed
"""


def write(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_api_block_is_read(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, MODEL))
    assert model.action("deploy").api == Api((("active", None), ("deploy", "1.73")), "1.1", (("failed", "1.10"),))
    assert model.action("delete").api is None


def test_the_actions_table_has_an_api_column_only_when_used(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, MODEL))
    assert action_columns(model)[-1].header == "API"
    row = next(r for r in action_rows(model) if r.id == "deploy")
    assert row.api == "verbs active, deploy (1.73); since 1.1; from failed since 1.10"
    assert "API" not in [c.header for c in action_columns(load_model("nova"))]


def test_show_json_has_the_api_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(write(tmp_path, MODEL)), "--json"]) == 0
    actions = {a["id"]: a for a in json.loads(capsys.readouterr().out)["actions"]}
    assert actions["deploy"]["api"] == {
        "verbs": [{"verb": "active", "min_version": None}, {"verb": "deploy", "min_version": "1.73"}],
        "min_version": "1.1",
        "min_version_from": {"failed": "1.10"},
    }
    assert "api" not in actions["delete"]


def test_diff_compares_the_api_block(tmp_path: Path) -> None:
    old = load_model(write(tmp_path, MODEL, "old.yaml"))
    new = load_model(write(tmp_path, MODEL.replace('min_version: "1.1"', 'min_version: "1.4"'), "new.yaml"))
    changes = [c for c in diff_models(old, new).changes if c.field == "api"]
    assert [(c.action, c.old, c.new) for c in changes] == [
        (
            "deploy",
            "verbs active, deploy (1.73); since 1.1; from failed since 1.10",
            "verbs active, deploy (1.73); since 1.4; from failed since 1.10",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'min_version: "1.1"',
            "min_version: 1.1",
            "'min_version' of action 'deploy' must be an API version such as '1.73'",
        ),
        ('min_version: "1.1"', 'min_version: "v1"', "got 'v1'"),
        ("{failed: ", "{faild: ", "unknown state 'faild'"),
        ("[active, {verb", "[deploy, {verb", "lists the verb 'deploy' twice"),
        ("      min_version_from", "      since_from", "since_from"),
    ],
)
def test_a_bad_api_block_is_reported(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        load_model(write(tmp_path, MODEL.replace(old, new)))


def test_the_schema_describes_the_api_block() -> None:
    jsonschema.validate(yaml.safe_load(MODEL), model_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(MODEL.replace('"1.73"', "1.73")), model_schema())
