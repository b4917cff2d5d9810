"""Tests for stale-output checks: image stamps, ``check --outputs`` and ``render`` skipping."""

from __future__ import annotations

import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from vmgraph.cli import main
from vmgraph.dotrun.backend import DotJob, run_dot
from vmgraph.load.loader import load_model
from vmgraph.output.stale import check_outputs, expected_outputs
from vmgraph.output.stamp import STAMP_KEY, dot_digest, image_is_current, read_stamp, stamp_image

BENCH = Path(__file__).parent.parent / "bench"
DOT = "digraph g { a -> b }"
ALL_FORMATS = ["dot", "svg", "png", "pdf", "rst"]


def listing(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def render(outdir: Path, *formats: str, model: str = "nova") -> int:
    return main(["render", model, "--format", *formats, "-o", str(outdir)])


# -- stamps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_stamp_round_trip(dot_binary: str, fmt: str) -> None:
    image = run_dot(DotJob("g", DOT, fmt), dot=dot_binary)
    assert read_stamp(image, fmt) is None
    stamped = stamp_image(image, fmt, DOT)
    assert read_stamp(stamped, fmt) == dot_digest(DOT)
    assert len(stamped) > len(image)


def test_stamped_svg_is_still_xml(dot_binary: str) -> None:
    stamped = stamp_image(run_dot(DotJob("g", DOT, "svg"), dot=dot_binary), "svg", DOT)
    assert stamped.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- vmgraph-dot-sha256: ')
    assert ET.fromstring(stamped).tag == "{http://www.w3.org/2000/svg}svg"


def test_stamped_png_has_valid_chunks(dot_binary: str) -> None:
    data = stamp_image(run_dot(DotJob("g", DOT, "png"), dot=dot_binary), "png", DOT)
    pos, kinds = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0] == zlib.crc32(kind + body)
        kinds.append(kind)
        pos += 12 + length
    assert kinds[:2] == [b"IHDR", b"tEXt"]
    assert kinds[-1] == b"IEND"


def test_stamped_pdf_keeps_its_cross_reference_offset(dot_binary: str) -> None:
    data = stamp_image(run_dot(DotJob("g", DOT, "pdf"), dot=dot_binary), "pdf", DOT)
    offset = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[offset : offset + 4] == b"xref"
    assert data.rstrip().endswith(b"%%EOF")
    assert f"%{STAMP_KEY}: {dot_digest(DOT)}\n%%EOF".encode() in data


def test_stamp_refuses_what_is_not_an_image() -> None:
    with pytest.raises(ValueError, match="not a PNG image"):
        stamp_image(b"GIF89a", "png", DOT)
    with pytest.raises(ValueError, match="cannot stamp format 'dot'"):
        stamp_image(b"digraph {}", "dot", DOT)


def test_image_is_current(tmp_path: Path) -> None:
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    (tmp_path / "a.svg").write_bytes(stamp_image(svg, "svg", DOT))
    assert image_is_current(tmp_path / "a.svg", "svg", DOT)
    assert not image_is_current(tmp_path / "a.svg", "svg", DOT + " ")
    assert not image_is_current(tmp_path / "missing.svg", "svg", DOT)


# -- check --outputs ---------------------------------------------------------------------------


def test_fresh_outputs_pass(dot_binary: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    del dot_binary
    assert render(tmp_path, *ALL_FORMATS) == 0
    capsys.readouterr()
    assert main(["check", "nova", "--outputs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"{tmp_path}: 13 rendered files current\n")  # 3 views x 4 formats + page.rst


def test_one_byte_changed_in_dot_is_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render(tmp_path, "dot") == 0
    path = tmp_path / "transitions.dot"
    data = bytearray(path.read_bytes())
    data[40] ^= 0x01
    path.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["check", "nova", "--outputs", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: stale: differs from what the model renders now (first difference at line 2)\n" in err
    assert err.count(": stale: ") == 1
    assert err.endswith("vmgraph: 1 rendered file stale or missing\n")


def test_image_made_from_other_dot_is_stale(dot_binary: str, tmp_path: Path) -> None:
    del dot_binary
    assert render(tmp_path, "svg") == 0
    model = load_model("nova")
    other = run_dot(DotJob("x", DOT, "svg"))
    (tmp_path / "preconditions.svg").write_bytes(stamp_image(other, "svg", DOT))
    (problem,) = check_outputs(model, tmp_path)
    assert (problem.path.name, problem.status) == ("preconditions.svg", "stale")
    assert "rendered from other DOT" in problem.reason


def test_image_with_same_dot_but_other_bytes_is_fresh(dot_binary: str, tmp_path: Path) -> None:
    """Another Graphviz build lays out differently: only the DOT hash counts."""
    del dot_binary
    assert render(tmp_path, "svg", "png") == 0
    svg = tmp_path / "transitions.svg"
    svg.write_bytes(svg.read_bytes().replace(b"<!-- Generated by graphviz version", b"<!-- Generated by graphviz 99"))
    svg.write_bytes(svg.read_bytes().replace(b"<svg ", b'<svg data-build="other" ', 1))
    png = tmp_path / "transitions.png"
    png.write_bytes(png.read_bytes() + b"trailing bytes of another build")
    assert check_outputs(load_model("nova"), tmp_path) == []


def test_unstamped_image_is_stale(dot_binary: str, tmp_path: Path) -> None:
    del dot_binary
    assert render(tmp_path, "svg") == 0
    source = next(e.dot for e in expected_outputs(load_model("nova"), ("svg",)) if e.name == "preconditions.svg")
    assert source is not None
    (tmp_path / "preconditions.svg").write_bytes(run_dot(DotJob("p", source, "svg")))
    (problem,) = check_outputs(load_model("nova"), tmp_path)
    assert "has no vmgraph DOT hash" in problem.reason


def test_missing_view_in_present_format_and_orphans(tmp_path: Path) -> None:
    assert render(tmp_path, "dot") == 0
    (tmp_path / "create-sequence.dot").unlink()
    (tmp_path / "sequence-migrate.dot").write_text("digraph {}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not ours\n", encoding="utf-8")
    problems = [(p.path.name, p.status) for p in check_outputs(load_model("nova"), tmp_path)]
    assert problems == [("create-sequence.dot", "missing"), ("sequence-migrate.dot", "stale")]


def test_formats_not_present_are_not_required(tmp_path: Path) -> None:
    assert render(tmp_path, "dot", "--view", "preconditions") == 0
    problems = [(p.path.name, p.status) for p in check_outputs(load_model("nova"), tmp_path)]
    assert problems == [("transitions.dot", "missing"), ("create-sequence.dot", "missing")]  # no svg asked for


def test_reference_page_is_compared_byte_for_byte(tmp_path: Path) -> None:
    assert render(tmp_path, "rst") == 0
    assert check_outputs(load_model("nova"), tmp_path) == []
    page = tmp_path / "page.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert [(p.path.name, p.status) for p in check_outputs(load_model("nova"), tmp_path)] == [("page.rst", "stale")]


def test_mermaid_files_are_compared_byte_for_byte(tmp_path: Path) -> None:
    assert render(tmp_path, "mermaid") == 0
    assert check_outputs(load_model("nova"), tmp_path) == []
    (tmp_path / "transitions.mmd").write_text("stateDiagram-v2\n", encoding="utf-8")
    (tmp_path / "create-sequence.mmd").unlink()
    (tmp_path / "sequence-migrate.mmd").write_text("sequenceDiagram\n", encoding="utf-8")
    problems = [(p.path.name, p.status) for p in check_outputs(load_model("nova"), tmp_path)]
    assert problems == [
        ("transitions.mmd", "stale"),
        ("create-sequence.mmd", "missing"),
        ("sequence-migrate.mmd", "stale"),
    ]


# -- the focused views: one plan for render and check --------------------------------------------


@pytest.fixture
def large_model(tmp_path: Path) -> Path:
    """An 80-state model (bench/generate.py): `render` writes the overview and the focused views."""
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    path = tmp_path / "large.yaml"
    path.write_text(generate.generate_model(states=80, actions=60, seed=3), encoding="utf-8")
    return path


def test_fresh_render_of_a_large_model_is_current(
    large_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert render(out, "dot", "mermaid", model=str(large_model)) == 0
    assert (out / "overview.dot").is_file()
    assert not (out / "preconditions.dot").exists()
    capsys.readouterr()
    assert main(["check", str(large_model), "--outputs", str(out)]) == 0
    captured = capsys.readouterr()
    assert "missing" not in captured.err
    assert captured.out.endswith(f"{out}: {len(listing(out))} rendered files current\n")


def test_focused_files_of_a_large_model_are_checked(
    large_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert render(out, "dot", model=str(large_model)) == 0
    (out / "states" / "active.dot").write_text("digraph {}\n", encoding="utf-8")
    (out / "actions" / "delete.dot").unlink()
    (out / "states" / "gone.dot").write_text("digraph {}\n", encoding="utf-8")
    problems = [(p.path.relative_to(out).as_posix(), p.status) for p in check_outputs(load_model(large_model), out)]
    assert problems == [
        ("states/active.dot", "stale"),
        ("actions/delete.dot", "missing"),
        ("states/gone.dot", "stale"),  # no such state: an orphan
    ]
    capsys.readouterr()
    assert main(["check", str(large_model), "--outputs", str(out)]) == 1
    assert capsys.readouterr().err.endswith("vmgraph: 3 rendered files stale or missing\n")


@pytest.mark.usefixtures("dot_binary")
def test_focused_files_of_a_small_model_are_checked_when_present(tmp_path: Path) -> None:
    assert main(["render", "nova", "--view", "all", "focused", "--format", "dot", "svg", "-o", str(tmp_path)]) == 0
    assert check_outputs(load_model("nova"), tmp_path) == []
    (tmp_path / "states" / "active.svg").write_bytes(stamp_image(b"<svg/>\n", "svg", "digraph other {}"))
    (tmp_path / "actions" / "nope.dot").write_text("digraph {}\n", encoding="utf-8")
    problems = [
        (p.path.relative_to(tmp_path).as_posix(), p.status) for p in check_outputs(load_model("nova"), tmp_path)
    ]
    assert problems == [("states/active.svg", "stale"), ("actions/nope.dot", "stale")]


def test_check_outputs_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "nova", "nova-2014", "--outputs", str(tmp_path)]) == 2
    assert "--outputs takes exactly one MODEL" in capsys.readouterr().err
    assert main(["check", "nova", "--outputs", str(tmp_path / "nope")]) == 2
    assert "is not a directory" in capsys.readouterr().err
    assert main(["check", "nova", "--outputs", str(tmp_path)]) == 1
    assert "no files `vmgraph render` writes for model 'nova'" in capsys.readouterr().err


# -- render only rewrites what changed ----------------------------------------------------------


def test_render_leaves_current_files_alone(
    dot_binary: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    del dot_binary
    assert render(tmp_path, *ALL_FORMATS) == 0
    capsys.readouterr()
    times = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}

    def no_dot(*args: object, **kwargs: object) -> None:
        raise AssertionError("`dot` must not run for images that are current")

    monkeypatch.setattr("vmgraph.output.render.run_dot_jobs", no_dot)
    assert render(tmp_path, *ALL_FORMATS) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "vmgraph: 13 files already current, left as they were\n"
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == times


def test_render_rewrites_only_what_changed(dot_binary: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    del dot_binary
    assert render(tmp_path, "dot", "svg") == 0
    (tmp_path / "transitions.dot").write_text("stale\n", encoding="utf-8")
    svg = tmp_path / "preconditions.svg"
    svg.write_bytes(stamp_image(svg.read_bytes().split(b"-->\n", 1)[1], "svg", "other dot"))
    capsys.readouterr()
    assert render(tmp_path, "dot", "svg") == 0
    assert capsys.readouterr().out == f"{tmp_path / 'preconditions.svg'}\n{tmp_path / 'transitions.dot'}\n"
    assert check_outputs(load_model("nova"), tmp_path) == []


def test_render_force_rewrites_everything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render(tmp_path, "dot") == 0
    capsys.readouterr()
    assert main(["render", "nova", "--format", "dot", "-o", str(tmp_path), "--force"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_sphinx_image_names_use_the_stamp_digest() -> None:
    from vmgraph.sphinxext.layout import digest, image_name

    assert digest(DOT) == dot_digest(DOT)[:32]
    assert image_name(digest(DOT), "svg") == f"vmgraph-{dot_digest(DOT)[:32]}.svg"
