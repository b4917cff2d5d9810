"""Class 9 of the second hardening round, its last item: labels equal after folding.

Two states of one kind whose labels are equal, or equal after Unicode NFKC normalisation and
case folding, are warned of at load; ``--highlight`` and the roles name the ambiguity
instead of picking one. A VM state and a power state may share a label (Nova's PAUSED).
"""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pytest

from vmgraph.errors import ModelWarning, RenderError
from vmgraph.load.loader import load_model
from vmgraph.views.emphasis import Highlight, resolve_highlight


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LABELS = """\
vmgraph: 1
id: same
states:
  - {id: paused, label: PAUSED, initial: true}
  - {id: suspended, label: Paused}
  - {id: halted, label: "\uff30\uff21\uff35\uff33\uff25\uff24"}
power_states:
  - {id: power_paused, label: PAUSED, value: 3}
actions:
  - {id: pause, accepts: [paused], results: [suspended]}
  - {id: halt, accepts: [suspended], results: [halted]}
  - {id: resume, accepts: [halted], results: [paused]}
"""


@pytest.mark.hardening(9)
def test_equal_labels_of_one_kind_are_warned_of_but_a_power_state_may_share_one(tmp_path: Path) -> None:
    path = write(tmp_path, LABELS)
    with pytest.warns(ModelWarning) as caught:
        load_model(path)
    same = [str(w.message) for w in caught if "the same as" in str(w.message)]
    assert same == [
        (
            f"{path}:5: state 'suspended' has the label 'Paused', the same as state 'paused' ('PAUSED', ignoring case "
            "and Unicode forms): roles and --highlight name them by id only"
        ),
        (
            f"{path}:6: state 'halted' has the label '\uff30\uff21\uff35\uff33\uff25\uff24', the same as state 'paused' "
            "('PAUSED', ignoring case and Unicode forms): roles and --highlight name them by id only"
        ),
    ]


@pytest.mark.hardening(9)
@pytest.mark.parametrize(
    ("name", "found"),
    [("PAUSED", "paused"), ("Paused", "suspended"), ("pAuSeD", None), ("\uff50\uff41\uff55\uff53\uff45\uff44", None)],
    ids=["exact-label", "other-exact-label", "folded", "nfkc"],
)
def test_highlight_names_the_ambiguity(name: str, found: str | None, tmp_path: Path) -> None:
    """An exact label names one state; a label equal to several only after folding is ambiguous."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelWarning)
        model = load_model(write(tmp_path, LABELS))
    if found is not None:
        assert resolve_highlight(model, Highlight(states=(name,))).states == (found,)
        return
    with pytest.raises(RenderError) as info:
        resolve_highlight(model, Highlight(states=(name,)))
    assert str(info.value) == (
        f"state {name!r} is ambiguous: it is the label of 'paused', 'suspended', 'halted'; name one by its id"
    )


@pytest.mark.hardening(9)
def test_a_role_naming_an_ambiguous_label_warns_and_names_the_states(make_app: type, tmp_path: Path) -> None:
    write(tmp_path, LABELS, "same.yaml")
    conf = (
        'extensions = ["vmgraph.sphinxext"]\nvmgraph_models = {"same": "same.yaml"}\nvmgraph_default_model = "same"\n'
    )
    write(tmp_path, conf, "conf.py")
    page = textwrap.dedent("""\
        Page
        ====

        .. vmgraph-states:: same

        See :vmgraph:state:`pAuSeD` and :vmgraph:state:`suspended` and :vmgraph:power:`PAUSED`.
        """)
    write(tmp_path, page, "index.rst")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build(force_all=True)
    warned = app.warning.getvalue()
    assert (
        "state 'pAuSeD' of model 'same' is ambiguous: it is the label of 'halted', 'paused', 'suspended'; "
        "write the id (the link goes to 'halted')"
    ) in warned
    assert warned.count("is ambiguous") == 1, warned
    assert "Traceback" not in warned
