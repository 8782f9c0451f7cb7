"""Streams and file systems: bounded standard input, no waiting on a FIFO, many files, odd names."""

from __future__ import annotations

import io
import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import target_rules as tr
from target_rules.cli import main
from target_rules.language.source import Limits, read_document
from tests.security.budget import fuzz

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "tests" / "fixtures" / "validate" / "rules"
GOOD = "year: 107\nmeasures:\n  45:\n    metrics:\n      wiretap_cases_received: 929\n"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@fuzz()
@given(size=st.integers(0, 3000), bound=st.integers(1, 2000))
def test_standard_input_is_read_up_to_the_bound_and_an_error_past_it(
    monkeypatch_factory, size, bound
) -> None:
    data = (b"# " + b"x" * size + b"\n" + GOOD.encode())[: max(size, 0) + len(GOOD) + 3]
    with monkeypatch_factory() as mp:
        mp.setattr(sys, "stdin", _Stdin(data))
        doc = read_document("-", Limits(max_bytes=bound))
    if len(data) > bound:
        (p,) = doc.problems
        assert p.code == "too_large" and doc.data is None  # never a silent truncation
    else:
        assert doc.data == {"year": 107, "measures": {45: {"metrics": {"wiretap_cases_received": 929}}}}


@pytest.fixture
def monkeypatch_factory():
    return pytest.MonkeyPatch.context


def test_validate_reads_a_pipe_given_as_dash(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(GOOD.encode()))
    assert main(["validate", "-", "--rules", str(RULES), "--year", "107", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["files"] == ["-"] and any(p["code"] == "missing" for p in out["problems"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path) -> None:
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)  # nobody writes: opening it for reading would block forever
    result = tr.validate(fifo, tr.load_rules(RULES), year=107)
    (p,) = result.problems
    assert p.code == "io" and "not a regular file" in p.message


def test_a_directory_of_many_files_reads_every_file(tmp_path) -> None:
    # 2,000 here (seconds); bench/many_files.py times 2,500 and 10,000 files and prints the ratio.
    for i in range(2000):
        (tmp_path / f"s{i:05d}.yaml").write_text(GOOD.replace("929", str(i)), encoding="utf-8")
    result = tr.validate(tmp_path, tr.load_rules(RULES), year=107)
    assert len(result.files) == 2000
    # issue 10: files reporting one measure are combined, not refused as "already reported"; these
    # 2,000 do not say which agency sent them, so each is a conflict (no silent double counting)
    assert {p.file for p in result.problems if p.code == "conflict"} == set(result.files)


NAMES = st.lists(st.integers(1, 255).filter(lambda b: b not in (0x2F, 0x2E)), min_size=1, max_size=12).map(
    bytes
)


@fuzz(scale=0.5)
@given(name=NAMES)
def test_file_names_with_control_or_non_utf8_bytes_give_well_formed_json_and_junit(
    tmp_path_factory, name
) -> None:
    d = tmp_path_factory.mktemp("names")
    path = os.path.join(os.fsencode(d), name + b".yaml")
    try:
        with open(path, "wb") as fh:
            fh.write(b"year: 107\nmeasures: {45: {metrics: {nope: 1}}}\n")
    except OSError:
        return  # the file system refused the name
    target = os.fsdecode(path)
    for fmt in ("json", "junit", "github", "text"):
        out = io.StringIO()
        err = io.StringIO()
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            status = main(["validate", target, "--rules", str(RULES), "--year", "107", "--format", fmt])
        finally:
            sys.stdout, sys.stderr = old
        assert status == 1
        text = out.getvalue()
        text.encode("utf-8")  # no lone surrogates: writable to any UTF-8 stream
        if fmt == "json":
            assert json.loads(text)["files"]
        elif fmt == "junit":
            ET.fromstring(text.encode("utf-8"))
        else:
            assert "\x1b" not in text and all(ch in "\n\t" or ord(ch) >= 32 for ch in text)


def test_an_out_of_range_year_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["validate", str(tmp_path), "--rules", str(RULES), "--year", "99999"]) == 2
    assert (
        capsys.readouterr().err.strip() == "target-rules: error: year 99999 is outside the ROC years 1..8088"
    )
    sub = tmp_path / "s.yaml"
    sub.write_text("year: 99999\nmeasures: {}\n", encoding="utf-8")
    problems = tr.validate(sub, tr.load_rules(RULES)).problems
    assert any(p.path == ("year",) and p.line == 1 for p in problems), [str(p) for p in problems]


def test_evaluate_columns_refuses_a_fifo_instead_of_waiting_on_it(tmp_path) -> None:
    """A CSV path that is a FIFO would block the columnar reader forever; it is refused at once."""
    import threading

    import target_rules as tr

    fifo = tmp_path / "subs.csv"
    os.mkfifo(fifo)
    rules = tr.load_rules(Path(__file__).resolve().parents[2] / "rules" / "m04.yaml")
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            tr.evaluate_columns(rules, str(fifo), 107)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # a writer that closes at once unblocks the reader, so the run can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("evaluate_columns is still waiting on the FIFO after 10 s")
    assert outcome and isinstance(outcome[0], ValueError)
    assert "not a regular file" in str(outcome[0])
