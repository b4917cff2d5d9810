"""Writing diagrams: images named by content, inline SVG with links, LaTeX PDF, words for text.

Images are named ``vmgraph-<digest>.<format>``, the digest being a hash of the DOT alone: a
diagram shown on five pages is laid out once, and a rebuild that changes nothing runs no
`dot`. Every missing image is laid out at once when reading is done (:mod:`.layout`); the
writers here only insert the results (one image missing all the same is laid out on its own
by :func:`vmgraph.dotrun.backend.run_dot`, with ``vmgraph_dot_timeout``).
HTML inlines the SVG (:mod:`.svg`) so that it follows the theme's light or dark colours
(:mod:`vmgraph.emit.theme`), each state and action links to the table row describing it, and a
wide diagram shrinks to the text column (down to ``vmgraph_html_min_scale``) with a button
to show it at full size. A failed layout is a warning with the page's location, and the
page is read again on the next build so that the warning is not lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import posixpath
import re
import struct
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Final

from docutils import nodes

from vmgraph.dotrun import backend
from vmgraph.dotrun.command import INSTALL_HINT
from vmgraph.errors import VmgraphError
from vmgraph.limits import MAX_OUTPUT
from vmgraph.output.files import read_existing, write_atomic
from vmgraph.sphinxext import layout
from vmgraph.sphinxext.domain import VmgraphDomain
from vmgraph.sphinxext.interactive import focus_markup, marked
from vmgraph.sphinxext.layout import PREFIX, digest, image_name
from vmgraph.sphinxext.messages import Subtype, warn
from vmgraph.sphinxext.nodes import description_nodes, vmgraph_diagram
from vmgraph.sphinxext.theme import light_palette
from vmgraph.views.graph import action_node, state_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.manpage import ManualPageTranslator
    from sphinx.writers.texinfo import TexinfoTranslator
    from sphinx.writers.text import TextTranslator

__all__ = [
    "NO_DOT_MESSAGE",
    "clean_stale_images",
    "digest",
    "failed_docs",
    "html_visit",
    "latex_visit",
    "man_visit",
    "texinfo_visit",
    "text_visit",
]

_FAILED_DIR: Final = "vmgraph-failed"
#: The names of the images this module writes, and only those.
_IMAGE_NAME: Final = re.compile(r"vmgraph-([0-9a-f]{32})\.(?:svg|png|pdf)\Z")
#: How a PDF diagram is sized in LaTeX: the text width, unless that makes it too tall.
LATEX_SIZE: Final = r"width=\linewidth,height=0.85\textheight,keepaspectratio"


def _image(builder: Builder, node: vmgraph_diagram, fmt: str, *, read: bool = True) -> tuple[str, bytes]:
    """Return (URI from the page, contents) of the diagram's image as *fmt*.

    The image was normally laid out when reading ended, or by an earlier build; else it
    is laid out now. Its file is read only if *read* (else the contents are ``b""``).

    Raises:
        VmgraphError: `dot` is missing, failed or ran too long; or the file cannot be written.
    """
    key = str(node["vmgraph_digest"])
    failed = layout.failure(builder, key, fmt)
    if failed is not None:
        raise failed
    name = image_name(key, fmt)
    uri = posixpath.join(builder.imgpath, name)
    path = Path(builder.outdir, builder.imagedir, name)
    if not read and path.is_file():
        return uri, b""
    if (existing := read_existing(path, MAX_OUTPUT)) is not None:  # a regular file, within bounds
        return uri, existing
    job = backend.DotJob(node.get("vmgraph_view", "diagram"), node["code"], fmt)
    data = backend.run_dot(
        job, timeout=float(builder.config.vmgraph_dot_timeout), dot=layout.dot_binary(builder.config)
    )
    write_atomic(path, data, durable=False)
    return uri, data


#: The builders that said, in this process, that `dot` is missing (said once per build, not per diagram).
_NO_DOT: weakref.WeakSet[Builder] = weakref.WeakSet()
NO_DOT_MESSAGE: Final = (
    "diagram not rendered: Graphviz `dot` was not found on PATH, so every diagram is shown as text; install Graphviz "
    "(Read the Docs: build.apt_packages: [graphviz]; Debian/Ubuntu: apt-get install graphviz), "
    "or set vmgraph_format = 'mermaid' to draw with sphinxcontrib-mermaid"
)


def _failed(builder: Builder, node: vmgraph_diagram, err: VmgraphError) -> None:
    """Warn at the diagram (once per build when `dot` is missing) and mark the page to be read again."""
    docname = str(node["options"]["docname"])
    if str(err) != INSTALL_HINT:
        warn(f"diagram not rendered: {err}", subtype=Subtype.DOT, location=node)
    elif builder not in _NO_DOT:
        _NO_DOT.add(builder)
        warn(NO_DOT_MESSAGE, subtype=Subtype.DOT, location=node)  # at the first diagram of the build
    marker = Path(builder.doctreedir, _FAILED_DIR, hashlib.sha256(docname.encode()).hexdigest()[:32])
    with contextlib.suppress(VmgraphError):  # the warning above is what matters
        write_atomic(marker, docname.encode("utf-8"), durable=False)


def failed_docs(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Return the pages whose diagrams failed in the last build, to read and write them again."""
    _NO_DOT.discard(app.builder)  # a new build: say it again if `dot` is still missing
    folder = Path(app.doctreedir, _FAILED_DIR)
    docs = []
    for marker in sorted(folder.glob("*")) if folder.is_dir() else []:
        docs.append(marker.read_text(encoding="utf-8"))
        marker.unlink()
    return sorted(d for d in set(docs) if d in env.found_docs and d not in changed | added)


def _links(translator: HTML5Translator, model: str) -> dict[str, str]:
    """Return DOT node name -> URI of the table row describing it, for *model*."""
    domain = translator.builder.env.get_domain(VmgraphDomain.name)
    assert isinstance(domain, VmgraphDomain)
    here = translator.builder.current_docname
    uris = {}
    for (m, kind, item_id), entries in domain.objects.items():
        if m == model and kind in {"state", "action"}:
            entry = min(entries)
            # singlehtml gives a page's URI as "index.html#document-tables": the row's anchor replaces that one
            uri = translator.builder.get_relative_uri(here, entry.docname).split("#", 1)[0]
            uris[state_node(item_id) if kind == "state" else action_node(item_id, None)] = f"{uri}#{entry.anchor}"
    return uris


def _description_html(node: vmgraph_diagram, text_id: str) -> str:
    lines: list[str] = node.get("vmgraph_items", [])
    items = "".join(f"<li>{html.escape(item)}</li>" for item in lines)
    return (
        f'<details class="vmgraph-text" id="{text_id}"><summary>The diagram as text</summary>'
        f"<p>{html.escape(node['alt'])}</p><ul>{items}</ul></details>\n"
    )


def _png_width(data: bytes) -> int | None:
    """Return the width in pixels of PNG *data* (from its header), or ``None``."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width: int = struct.unpack(">I", data[16:20])[0]
    return width


#: Offered where a diagram is shrunk to the column; ``vmgraph.js`` shows it and toggles the size.
_ZOOM_BUTTON: Final = (
    '<button type="button" class="vmgraph-zoom" hidden="hidden" data-full="Show at full size" '
    'data-fit="Fit to the column">Show at full size</button> '
)


def _css_length(value: str) -> str:
    """Return a docutils length (``300``, ``12em``, ``50%``) as CSS (a bare number is pixels)."""
    return f"{value}px" if re.fullmatch(r"[0-9.]+", value) else value


def _size_style(node: vmgraph_diagram) -> str:
    """Return the CSS of ``:width:`` and ``:height:`` for the image (nothing when neither is given)."""
    parts = []
    if "vmgraph_width" in node:
        parts += [f"width: {_css_length(str(node['vmgraph_width']))}", "min-width: 0", "max-width: none"]
    if "vmgraph_height" in node:
        parts += [f"height: {_css_length(str(node['vmgraph_height']))}", "min-width: 0"]
        parts += [] if "vmgraph_width" in node else ["width: auto"]
    return "; ".join(dict.fromkeys(parts))


def html_visit(self: HTML5Translator, node: vmgraph_diagram) -> None:
    """Write the diagram as inline SVG (or an ``<img>`` of a PNG), plus its description."""
    fmt = str(self.builder.config.vmgraph_html_format)
    alt = str(node["alt"])
    classes = " ".join(["vmgraph-diagram", "graphviz", *node.get("classes", [])])
    align = f" align-{node['align']}" if "align" in node else ""
    ids = " ".join(node.get("ids", []))
    id_attr = f' id="{html.escape(ids)}"' if ids else ""
    if "vmgraph_min_scale" in node:  # vmgraph.css reads it from the nearest ancestor
        id_attr += f' style="--vmgraph-min-scale: {float(node["vmgraph_min_scale"]):g}"'
    self.body.append(f'<div class="{html.escape(classes)}{align}"{id_attr}>\n')
    scale = int(node.get("vmgraph_scale", 100)) / 100
    target = node.get("vmgraph_target")
    prefix = f"vmgraph{node.get('vmgraph_serial', 0)}-"
    text_id = f"{prefix}text" if self.builder.config.vmgraph_html_description else None
    try:
        uri, data = _image(self.builder, node, "svg" if fmt == "svg" else "png")
    except VmgraphError as err:
        _failed(self.builder, node, err)
        self.body.append(f'<p class="vmgraph-failed">{html.escape(alt)}</p>\n')
    else:
        if fmt == "svg":
            from vmgraph.sphinxext.svg import inline_svg  # noqa: PLC0415 (only inline SVG needs it)

            links = {} if target else _links(self, node.get("vmgraph_model", ""))  # a link holds no links
            light = light_palette(self.builder.config)
            svg = inline_svg(
                marked(data, node),
                prefix=prefix,
                alt=alt,
                links=links,
                light=light,
                described_by=text_id,
                scale=scale,
                style=_size_style(node),
            )
            if svg.unthemed:
                warn(
                    f"colours outside the palette stay in dark mode: {', '.join(svg.unthemed)}",
                    subtype=Subtype.RENDER,
                    location=node,
                )
            image = svg.markup
        else:
            width = _png_width(data)
            declarations = [f"--vmgraph-width: {width * scale:.0f}px"] if width else []
            style = "; ".join([*declarations, extra] if (extra := _size_style(node)) else declarations)
            size = f' style="{html.escape(style)}"' if style else ""
            image = f'<img src="{html.escape(uri)}" alt="{html.escape(alt)}" class="vmgraph-img"{size} />'
        if target:
            image = f'<a class="vmgraph-target-link" href="{html.escape(str(target))}">{image}</a>'
        self.body.append(f'<div class="vmgraph-scroll">{image}</div>\n')
        self.body.append(focus_markup(node) if fmt == "svg" else "")
        self.body.append(
            f'<p class="vmgraph-open">{_ZOOM_BUTTON}<a href="{html.escape(uri)}">Open at full size</a></p>\n'
        )
    if text_id:
        self.body.append(_description_html(node, text_id))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _latex_size(self: LaTeXTranslator, node: vmgraph_diagram) -> str:
    """Return the size options of ``\\sphinxincludegraphics``: :data:`LATEX_SIZE` unless the directive gives one.

    ``\\sphinxincludegraphics`` shrinks an image wider than the line to the line.
    """
    scale = int(node.get("vmgraph_scale", 100))
    lengths = {
        o: self.latex_image_length(str(node[f"vmgraph_{o}"]), scale)
        for o in ("width", "height")
        if f"vmgraph_{o}" in node
    }
    sizes = [f"{option}={length}" for option, length in lengths.items() if length]
    if sizes:
        return ",".join(sizes + (["keepaspectratio"] if len(sizes) == 2 else []))
    return f"scale={scale / 100:g}" if scale != 100 else LATEX_SIZE


def latex_visit(self: LaTeXTranslator, node: vmgraph_diagram) -> None:
    """Include the diagram as a PDF, as wide as the text (and never taller than a page)."""
    try:
        uri, _ = _image(self.builder, node, "pdf", read=False)
    except VmgraphError as err:
        _failed(self.builder, node, err)
        self.body.append("\n\\sphinxstyleemphasis{" + self.encode(str(node["alt"])) + "}\n")
        raise nodes.SkipNode from None
    pre, post = {
        "left": ("{", r"\hspace*{\fill}}"),
        "right": (r"{\hspace*{\fill}", "}"),
        "center": (r"{\hfill", r"\hspace*{\fill}}"),
    }.get(node.get("align", ""), ("", ""))
    inline = self.is_inline(node)
    label = self.hypertarget_to(node) if node.get("ids") else ""  # `:name:` without a caption
    image = f"\\sphinxincludegraphics[{_latex_size(self, node)}]{{{uri}}}"
    if "vmgraph_target" in node:
        image = f"\\href{{{self.encode_uri(str(node['vmgraph_target']))}}}{{{image}}}"
    self.body.append(("" if inline else f"\n{pre}") + f"{label}{image}")
    self.body.append("" if inline else f"{post}\n")
    raise nodes.SkipNode


def texinfo_visit(self: TexinfoTranslator, node: vmgraph_diagram) -> None:
    """Include the diagram as a PNG."""
    try:
        uri, _ = _image(self.builder, node, "png", read=False)
    except VmgraphError as err:
        _failed(self.builder, node, err)
        raise nodes.SkipNode from None
    self.body.append(f"@image{{{uri[:-4]},,,[{self.escape_arg(str(node['alt']))}],png}}\n")
    raise nodes.SkipNode


def text_visit(self: TextTranslator, node: vmgraph_diagram) -> None:
    """Describe the diagram in words (normally done before, by :class:`DescribeDiagrams`)."""
    description_nodes(node).walkabout(self)
    raise nodes.SkipNode


def man_visit(self: ManualPageTranslator, node: vmgraph_diagram) -> None:
    """Describe the diagram in words (normally done before, by :class:`DescribeDiagrams`)."""
    description_nodes(node).walkabout(self)
    raise nodes.SkipNode


def clean_stale_images(app: Sphinx, exception: Exception | None) -> None:
    """Delete vmgraph images that no page shows any more (only after a successful build)."""
    if exception is not None or app.builder.format not in {"html", "latex"}:
        return
    domain = app.env.get_domain(VmgraphDomain.name)
    assert isinstance(domain, VmgraphDomain)
    used = {diagram.digest for shown in domain.diagrams.values() for diagram in shown}
    folder = Path(app.builder.outdir, app.builder.imagedir)
    for path in sorted(folder.glob(f"{PREFIX}*")) if folder.is_dir() else []:
        match = _IMAGE_NAME.match(path.name)
        if match and match[1] not in used:
            path.unlink(missing_ok=True)
