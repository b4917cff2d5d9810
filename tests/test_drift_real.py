"""``vmgraph drift`` on the released sources of Nova 34.0.0 and Ironic 39.0.0.

``scripts/fetch-sources`` downloads and unpacks them into ``.sources/`` (git-ignored);
without them these tests are skipped, or fail when ``VMGRAPH_REQUIRE_SOURCES`` is set
(``scripts/test`` sets it, so CI never skips them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_drift import NOVA_2014_OMISSIONS

from vmgraph.drift import check_drift
from vmgraph.errors import ModelWarning
from vmgraph.load.loader import load_model, model_path

ROOT = Path(__file__).parent.parent
SOURCES = ROOT / ".sources"
NOVA = SOURCES / "nova-34.0.0" / "nova"
IRONIC = SOURCES / "ironic-39.0.0" / "ironic"
IRONIC_MODEL = model_path("ironic")  # the bundled model


@pytest.fixture
def release() -> None:
    """Skip (or, with VMGRAPH_REQUIRE_SOURCES, fail) when the released sources are not there."""
    if NOVA.is_dir() and IRONIC.is_dir():
        return
    why = f"the released Nova and Ironic sources are not in {SOURCES} (run scripts/fetch-sources)"
    if os.environ.get("VMGRAPH_REQUIRE_SOURCES"):  # set by scripts/test, so CI never skips
        pytest.fail(why)
    pytest.skip(why)


@pytest.mark.usefixtures("release")
def test_nova_has_no_drift_on_the_release() -> None:
    report = check_drift(load_model("nova"), [NOVA], model_file=model_path("nova"))
    assert report.findings == ()


@pytest.mark.usefixtures("release")
def test_nova_strict_passes_on_the_release() -> None:
    """All 39 guarded calls of the release map to an action, and none disagrees."""
    report = check_drift(load_model("nova"), [NOVA], model_file=model_path("nova"))
    assert report.not_modelled == ()
    assert not report.failed(strict=True)


@pytest.mark.usefixtures("release")
def test_nova_2014_shows_exactly_its_18_omissions_on_the_release() -> None:
    report = check_drift(load_model("nova-2014"), [NOVA], model_file=model_path("nova-2014"))
    assert {f.kind for f in report.findings} == {"state-missing-in-model"}
    assert {f.action: f.states for f in report.findings} == NOVA_2014_OMISSIONS
    assert {f.file for f in report.findings} == {str(NOVA / "compute" / "api.py")}


@pytest.mark.usefixtures("release")
def test_the_bundled_ironic_model_matches_the_release() -> None:
    machine = IRONIC / "common"  # the tree's tests build toy machines of their own
    report = check_drift(load_model(str(IRONIC_MODEL)), [machine], model_file=IRONIC_MODEL)
    assert report.findings == ()


@pytest.mark.usefixtures("release")
def test_ironic_without_two_transitions_reports_exactly_those_on_the_release(tmp_path: Path) -> None:
    text = IRONIC_MODEL.read_text(encoding="utf-8")
    for line in ("      - {from: error, to: deploying}\n", "      - {from: verifying, to: enroll}\n"):
        text = text.replace(line, "", 1)
    less = tmp_path / "less.yaml"
    less.write_text(text, encoding="utf-8")
    with pytest.warns(ModelWarning, match="none of its results applies from it"):  # check sees the holes too
        model = load_model(str(less))
    report = check_drift(model, [IRONIC / "common"], model_file=less)
    assert [(f.kind, f.transition) for f in report.findings] == [
        ("transition-missing-in-model", ("error", "rebuild", "deploying")),
        ("transition-missing-in-model", ("verifying", "fail", "enroll")),
    ]
