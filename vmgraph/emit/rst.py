"""Model -> reST through the Jinja2 templates in ``templates/``: escaped by default, no Sphinx.

Every value a template prints is reST-escaped unless it is :class:`Rst` (text that is
already valid reST: validated ids, DOT blocks, a caption the user wrote). Templates only lay
rows out; the columns and the wording of each cell come from :mod:`vmgraph.views.tables`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import jinja2

from vmgraph.emit.views import build_view
from vmgraph.errors import RenderError
from vmgraph.model import Model
from vmgraph.views import tables as t
from vmgraph.views.names import sequence_view_name
from vmgraph.views.select import Ids
from vmgraph.views.tables import StateKind
from vmgraph.views.wording import page_words

__all__ = [
    "TEMPLATES_DIR",
    "Rst",
    "actions_table",
    "environment",
    "heading",
    "matrix_table",
    "model_page",
    "option_value",
    "render_template",
    "rst_escape",
    "sequence_table",
    "states_table",
]


def _templates_dir() -> Path:
    """Return ``vmgraph/templates`` in an installed wheel, else the checkout's ``templates/``."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


#: The templates shipped with vmgraph; a user directory can override any of them.
TEMPLATES_DIR: Final = _templates_dir()

#: The same character class as ``sphinx.util.rst.escape``: ASCII punctuation but ``.``.
_SYMBOLS: Final = re.compile(r"([!-\-/:-@\[-`{-~])")
#: A dot that would start a comment or an explicit markup block (``.. raw::``).
_LEADING_DOT: Final = re.compile(r"\A\.")
#: ``1. x``, ``a. x``, ``iv. x``: the start of an enumerated list.
_ENUMERATOR: Final = re.compile(r"\A(\d+|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\.(?=\s|\Z)")
#: The bullets of a bullet list that are not ASCII punctuation (``-*+`` are escaped as such).
_BULLET: Final = re.compile("\\A([\u2022\u2023\u2043])")
#: Escaped text made of backslashes only: a line of one punctuation character repeated.
_ONLY_BACKSLASHES: Final = re.compile(r"\A\\+\Z")
#: Every character ``str.splitlines`` (and so docutils) takes as the end of a line.
_LINE_BREAK: Final = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WIDE: Final = frozenset({"W", "F", "A"})
_INDENT: Final = "   "
_ID: Final = re.compile(r"[a-z][a-z0-9_-]*\Z")


class Rst(str):
    """Text that is already valid reST; templates print it as it is (like ``graphviz.NoHtml``)."""

    __slots__ = ()


def rst_escape(text: str) -> Rst:
    r"""Return *text* with reST inline markup disabled, for one line of a reST document.

    >>> rst_escape("*soft_delete*")
    '\\*soft\\_delete\\*'
    >>> rst_escape(".. raw:: html")
    '\\.. raw\\:\\: html'
    >>> rst_escape("1. not a list")
    '1\\. not a list'
    >>> print(rst_escape("\N{BULLET} not a list"), rst_escape("\\"), rst_escape("a\tb"), sep=" | ")
    \• not a list | \ \\ | a b

    Raises:
        ValueError: *text* spans lines: a line break would let it start a new block.
    """
    if _LINE_BREAK.search(text):
        raise ValueError(f"multi-line text cannot be inlined into reST: {text!r}")
    # Tabs become spaces: docutils expands them to 8 columns, which would make an underline short.
    # Leading blanks would indent a block.
    escaped = _SYMBOLS.sub(r"\\\1", text.replace("\t", " ").strip())
    escaped = _LEADING_DOT.sub(r"\\.", escaped)
    escaped = _BULLET.sub(r"\\\1", escaped)
    escaped = _ENUMERATOR.sub(r"\1\\.", escaped)
    if _ONLY_BACKSLASHES.match(escaped):  # "\\\\" alone would be a transition or an underline
        escaped = "\\ " + escaped  # an escaped space: docutils drops it
    return Rst(escaped)


def option_value(text: str) -> Rst:
    """Return one line of text for a directive option docutils takes literally (``:alt:``).

    Raises:
        ValueError: *text* spans lines, which would end the option.
    """
    if _LINE_BREAK.search(text):
        raise ValueError(f"multi-line text cannot be a directive option: {text!r}")
    return Rst(text.strip())


def _width(text: str) -> int:
    """Return an upper bound of the columns *text* takes, as docutils counts them."""
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text)


def heading(text: str, char: str = "=") -> Rst:
    r"""Return *text* escaped as a section title, underlined with *char*.

    >>> print(heading("soft_delete *now*", "-"))
    soft\_delete \*now\*
    --------------------
    """
    title = text if isinstance(text, Rst) else rst_escape(str(text))
    if not title.strip():
        raise ValueError("a section title cannot be empty")
    return Rst(f"{title}\n{char * max(_width(title), 4)}")


def _finalize(value: Any) -> Rst:
    """Escape what a template prints unless it is :class:`Rst`; ``None`` prints nothing."""
    if value is None:
        return Rst("")
    return value if isinstance(value, Rst) else rst_escape(str(value))


def _indent(text: str) -> Rst:
    """Return the directive content *text* indented one level (blank lines stay blank)."""
    return Rst("\n".join(_INDENT + line if line.strip() else "" for line in text.splitlines()))


def _ident(text: str) -> Rst:
    """Return a validated model id as reST (it needs no escaping)."""
    if not _ID.match(text):
        raise RenderError(f"{text!r} is not a model id")
    return Rst(text)


@functools.lru_cache(maxsize=16)
def _environment(user_dir: str | None) -> jinja2.Environment:
    dirs = [TEMPLATES_DIR] if user_dir is None else [Path(user_dir), TEMPLATES_DIR]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,  # a typo in a template is an error, not ""
        finalize=_finalize,  # escape by default; Rst opts out
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["heading"] = heading
    env.filters["indent_block"] = _indent
    return env


def environment(templates_dir: Path | str | None = None) -> jinja2.Environment:
    """Return the Jinja2 environment; templates in *templates_dir* override the shipped ones.

    >>> "page.rst.j2" in environment().list_templates()
    True

    Raises:
        RenderError: *templates_dir* is not a directory.
    """
    if templates_dir is None:
        return _environment(None)
    path = Path(templates_dir)
    if not path.is_dir():
        raise RenderError(f"templates directory {str(path)!r} does not exist")
    return _environment(str(path.resolve()))


def template_file(name: str, templates_dir: Path | str | None = None) -> Path:
    """Return the file template *name* is read from (the user's override, if any)."""
    if templates_dir is not None and (Path(templates_dir) / name).is_file():
        return Path(templates_dir) / name
    return TEMPLATES_DIR / name


def render_template(name: str, *, templates_dir: Path | str | None = None, **context: Any) -> str:
    """Return template *name* rendered with *context*, every line's trailing blanks removed.

    Raises:
        RenderError: the template is missing or broken, or model text spans lines.
    """
    env = environment(templates_dir)
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise RenderError(f"{err.filename or name}:{err.lineno}: {err.message}") from None
    except jinja2.TemplateNotFound as err:
        raise RenderError(f"template {err.name!r} not found") from None
    except jinja2.TemplateError as err:
        raise RenderError(f"template {name!r}: {err.message}") from None
    except ValueError as err:
        raise RenderError(f"template {name!r}: {err}") from None
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def _states(model: Model, kind: StateKind, states: Ids, caption: str | None) -> dict[str, Any]:
    """Return the ``table`` of ``states.rst.j2``; *caption* is reST the caller wrote."""
    rows = t.state_rows(model, kind, states=states)
    return {"kind": kind, "columns": t.state_columns(model, kind), "rows": rows, "caption": _caption(caption)}


def _actions(model: Model, states: Ids, actions: Ids, caption: str | None) -> dict[str, Any]:
    rows = t.action_rows(model, states=states, actions=actions)
    return {"columns": t.action_columns(model), "rows": rows, "caption": _caption(caption)}


def _matrix(model: Model, states: Ids, actions: Ids, caption: str | None) -> dict[str, Any]:
    m = t.matrix(model, states=states, actions=actions)
    return {"states": m.states, "columns": m.columns, "rows": m.rows, "caption": _caption(caption)}


def _steps(model: Model, sequence_id: str, caption: str | None) -> dict[str, Any]:
    rows, seq = t.step_rows(model, sequence_id), model.sequence(sequence_id)
    return {"columns": t.step_columns(model), "rows": rows, "caption": _caption(caption), "sequence": seq}


def _caption(caption: str | None) -> Rst | None:
    return None if caption is None else option_value(caption)


def states_table(
    model: Model,
    kind: StateKind = "vm",
    *,
    states: Ids = None,
    caption: str | None = None,
    templates_dir: Path | str | None = None,
) -> str:
    """Return the table of the VM, task or power states (``states.rst.j2``).

    *caption* is reST the caller wrote (not model text).
    """
    table = _states(model, kind, states, caption)
    return render_template("states.rst.j2", templates_dir=templates_dir, model=model, table=table)


def actions_table(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    caption: str | None = None,
    templates_dir: Path | str | None = None,
) -> str:
    """Return the table of the actions, one row per variant (``actions.rst.j2``)."""
    table = _actions(model, states, actions, caption)
    return render_template("actions.rst.j2", templates_dir=templates_dir, model=model, table=table)


def matrix_table(
    model: Model,
    *,
    states: Ids = None,
    actions: Ids = None,
    caption: str | None = None,
    templates_dir: Path | str | None = None,
) -> str:
    """Return the precondition matrix, actions x VM states (``matrix.rst.j2``)."""
    table = _matrix(model, states, actions, caption)
    return render_template("matrix.rst.j2", templates_dir=templates_dir, model=model, table=table)


def sequence_table(
    model: Model,
    sequence_id: str = "create",
    *,
    caption: str | None = None,
    templates_dir: Path | str | None = None,
) -> str:
    """Return the steps of a sequence with the states after each (``sequence.rst.j2``)."""
    table = _steps(model, sequence_id, caption)
    return render_template("sequence.rst.j2", templates_dir=templates_dir, model=model, table=table)


@dataclass(frozen=True, slots=True)
class _Diagram:
    """A ``.. graphviz::`` block of the page: the DOT inlined, a safe alt text."""

    source: Rst
    alt: Rst


def _diagram(model: Model, view: str) -> _Diagram:
    # Sphinx's graphviz writes `alt` into HTML unescaped, so the page's alt text holds no
    # model text: only validated ids and our own words.
    words = {"preconditions": "preconditions", "transitions": "state transitions"}.get(view, f"{view} diagram")
    alt = f"Diagram of the {words} of model {model.id}; the tables on this page give the same facts as text"
    return _Diagram(_indent(build_view(model, view).source), option_value(alt))


def model_page(model: Model, *, templates_dir: Path | str | None = None) -> str:
    """Return a standalone reST page of *model* that needs only Sphinx built-ins.

    Title and introduction, the precondition and state-transition diagrams
    (``.. graphviz::`` with the DOT inlined), the precondition matrix, a table of the states
    of each dimension, the actions, and each sequence as a diagram and a table of steps.

    Raises:
        RenderError: a template is missing or broken.
    """
    kinds: tuple[StateKind, ...] = ("vm", "task", "power")
    tables: dict[str, Any] = {
        "matrix": _matrix(model, None, None, None),
        "actions": _actions(model, None, None, None),
        "states": {kind: _states(model, kind, None, None) for kind in kinds},
    }
    sequences = [
        {
            "sequence": seq,
            "diagram": _diagram(model, sequence_view_name(seq.id)),
            "table": _steps(model, seq.id, None),
        }
        for seq in model.sequences
    ]
    return render_template(
        "page.rst.j2",
        templates_dir=templates_dir,
        model=model,
        model_id=_ident(model.id),
        diagrams={view: _diagram(model, view) for view in ("preconditions", "transitions")},
        tables=tables,
        sequences=sequences,
        words=page_words(model),
    )
