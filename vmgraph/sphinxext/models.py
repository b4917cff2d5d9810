"""Which model a directive means, loading it through a cache, and the graph style from conf.py."""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from vmgraph.emit.style import DEFAULT_STYLE, Palette, Style
from vmgraph.errors import ModelError, Problem
from vmgraph.hints import suggest
from vmgraph.load.loader import MODELS_DIR, bundled_models, load_model

if TYPE_CHECKING:
    from sphinx.config import Config

    from vmgraph.model import Model

__all__ = [
    "DEFAULT_MODEL",
    "RANKDIRS",
    "ModelSource",
    "clear_cache",
    "default_model",
    "display_path",
    "load",
    "model_names",
    "resolve",
    "style_from_config",
]

#: The model a directive draws when neither its argument nor ``vmgraph_default_model`` names one.
DEFAULT_MODEL: Final = "nova"
#: Graphviz directions a diagram may take.
RANKDIRS: Final = ("TB", "LR", "BT", "RL")


@dataclass(frozen=True, slots=True)
class ModelSource:
    """A model as a document names it, and the file it is read from."""

    name: str
    path: Path
    max_bytes: int | None = None


def model_names(config: Config) -> tuple[str, ...]:
    """Return every model name a document may use: the configured ones, then the bundled ones."""
    configured: dict[str, Any] = config.vmgraph_models
    return tuple(dict.fromkeys((*configured, *bundled_models())))


def default_model(config: Config) -> str:
    """Return ``vmgraph_default_model``, or ``nova``."""
    return str(config.vmgraph_default_model or DEFAULT_MODEL)


def resolve(config: Config, name: str | None) -> ModelSource:
    """Return the file of model *name* (``None``: the default model).

    Configured paths were made absolute (relative to the conf dir) when the config was read.

    Raises:
        ModelError: *name* is neither configured nor bundled.
    """
    name = name or default_model(config)
    configured: dict[str, str] = config.vmgraph_models
    limit: int | None = config.vmgraph_max_bytes
    if name in configured:
        return ModelSource(name, Path(configured[name]), limit)
    if name in bundled_models():
        return ModelSource(name, MODELS_DIR / f"{name}.yaml", limit)
    known = model_names(config)
    msg = f"unknown model {name!r} ({suggest(name, known)}; add it to vmgraph_models in conf.py)"
    raise ModelError(Problem(msg))


_lock = threading.Lock()
_cache: dict[tuple[Path, int | None], tuple[tuple[int, int], Model, tuple[str, ...]]] = {}


def load(source: ModelSource) -> tuple[Model, tuple[str, ...]]:
    """Return the model and the oddities its loader warned about, cached by file and mtime.

    Raises:
        ModelError: the file cannot be read or is invalid.
    """
    try:
        stat = source.path.stat()
    except OSError:
        stamp = None
    else:
        stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        hit = _cache.get((source.path, source.max_bytes))
    if hit is not None and stamp is not None and hit[0] == stamp:
        return hit[1], hit[2]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_model(source.path, max_bytes=source.max_bytes)
    oddities = tuple(str(w.message) for w in caught)
    if stamp is not None:
        with _lock:
            _cache[(source.path, source.max_bytes)] = (stamp, model, oddities)
    return model, oddities


def clear_cache() -> None:
    """Forget every loaded model (tests use it)."""
    with _lock:
        _cache.clear()


def display_path(path: Path | str | None, base: Path) -> str:
    """Return *path* relative to *base* when it lies inside it (shorter messages)."""
    if path is None:
        return ""
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def problems(err: ModelError, base: Path) -> list[str]:
    """Return each problem of *err* as ``file:line: message``, the file relative to *base*."""
    return [str(Problem(p.message, display_path(p.path, base) or None, p.line)) for p in err.problems]


_PALETTE_FIELDS: Final = tuple(f.name for f in fields(Palette))


def style_from_config(config: Config, *, rankdir: str | None = None, legend: bool | None = None) -> Style:
    """Return the graph style of ``vmgraph_rankdir``, ``vmgraph_fontname``, ... (checked earlier)."""
    palette: dict[str, str] = config.vmgraph_palette.get("light", {})  # checked: {"light": ..., "dark": ...}
    return Style(
        rankdir=rankdir or str(config.vmgraph_rankdir),
        fontname=str(config.vmgraph_fontname),
        fontsize=float(config.vmgraph_fontsize),
        edge_fontsize=float(config.vmgraph_edge_fontsize),
        legend=bool(config.vmgraph_legend) if legend is None else legend,
        palette=Palette(**{k: str(v) for k, v in palette.items() if k in _PALETTE_FIELDS}),
    )


#: Defaults of the style settings, from :data:`vmgraph.emit.style.DEFAULT_STYLE`.
STYLE_DEFAULTS: Final = {
    "vmgraph_rankdir": DEFAULT_STYLE.rankdir,
    "vmgraph_fontname": DEFAULT_STYLE.fontname,
    "vmgraph_fontsize": DEFAULT_STYLE.fontsize,
    "vmgraph_edge_fontsize": DEFAULT_STYLE.edge_fontsize,
    "vmgraph_legend": DEFAULT_STYLE.legend,
}
