"""Writing output files: every file the tool writes goes through here, atomically and checked.

Data is written to a temporary file in the target's directory and renamed over the target, so a
killed process or a full disk never leaves a truncated file in place of a good one. Before
anything is computed or written, ``check_output`` refuses an output that is one of the command's
inputs (``-o`` equal to the submission, the report data or a rule file), a directory, or a path
whose directory is missing or not writable: an OutputError with a one-line message, which the CLI
prints and exits 2 on. Spreadsheet cells go through ``sheet_row`` (XLSX) and ``csv_row`` (CSV), so
text that a spreadsheet would run as a formula is written as text (OWASP CSV injection).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from target_rules.messages import os_words, say
from target_rules.safe_text import FORMULA_START, csv_cell, for_terminal, printable_name, xml_text

__all__ = [
    "OutputError",
    "check_output",
    "csv_row",
    "input_files",
    "sheet_row",
    "write_atomic",
    "write_output",
]


class OutputError(ValueError):
    """An output path that cannot or must not be written; ``str()`` is one line for the user, and
    ``args[0]`` the catalog Message, so the CLI prints it in the reader's language."""


def input_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files a command reads: each given file, and every file under each given directory."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        try:
            if p.is_dir():
                out.extend(f for f in p.rglob("*") if f.is_file())
            elif p.exists():
                out.append(p)
        except OSError:
            continue
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Refuse, with an OutputError, an output that would overwrite an input or cannot be written.

    ``inputs`` are the files and directories the command reads; an output inside an input
    directory is refused only when it is one of the files read there (a new report beside the
    data is fine). Returns the output path.
    """
    target = Path(path)
    shown = printable_name(str(target))
    resolved = target.resolve()
    for p in input_files(inputs):
        if _same(target, p) or p.resolve() == resolved:
            raise OutputError(say("ui.output.over_input", file=shown, input=printable_name(str(p))))
    if target.is_dir():
        raise OutputError(say("ui.output.directory", file=shown))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise OutputError(say("ui.output.no_directory", file=shown, folder=printable_name(str(parent))))
    if not parent.is_dir():
        raise OutputError(say("ui.output.not_directory", file=shown, folder=printable_name(str(parent))))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(say("ui.output.folder_denied", file=shown, folder=printable_name(str(parent))))
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(say("ui.output.file_denied", file=shown))
    return target


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary sibling and a rename; returns the path."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_output(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    encoding: str = "utf-8",
) -> Path:
    """``check_output`` then ``write_atomic``; an OSError (disk full, a race) is an OutputError."""
    target = check_output(path, inputs)
    try:
        return write_atomic(target, data, encoding=encoding)
    except OSError as exc:
        said = say("ui.output.cannot_write", file=printable_name(str(target)), reason=os_words(exc))
        raise OutputError(said) from None


def terminal(text: str) -> str:
    """Text for standard output or error: control characters shown as escapes, never obeyed."""
    return for_terminal(text)


def csv_row(values: Sequence[Any]) -> list[Any]:
    """A CSV row whose text cells a spreadsheet shows as text (see safe_text.csv_cell)."""
    return [csv_cell(xml_text(v)) if isinstance(v, str) else v for v in values]


def sheet_row(ws: Any, values: Sequence[Any]) -> None:
    """Append ``values`` to an openpyxl worksheet as data: text that looks like a formula is stored
    as a text cell (shown with Excel's quote prefix), characters a worksheet cannot hold become
    U+FFFD, and numbers too large for a spreadsheet are written as text."""
    cleaned = []
    for v in values:
        if isinstance(v, str):
            v = xml_text(v)[:32767]
        elif isinstance(v, int) and not isinstance(v, bool) and abs(v) > 10**15:
            v = str(v)
        elif isinstance(v, float) and not math.isfinite(v):
            v = str(v)
        cleaned.append(v)
    ws.append(cleaned)
    for cell in ws[ws.max_row]:
        v = cell.value
        if isinstance(v, str) and (cell.data_type == "f" or v.startswith(FORMULA_START)):
            cell.data_type = "s"
            cell.quotePrefix = True
