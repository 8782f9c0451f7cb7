"""Optional dependencies: which pip extra provides a missing module, read from the package's metadata.

The core install (pydantic, simpleeval, pyyaml) evaluates, validates, lints and tests. Spreadsheets,
numpy columns, SQL and Spark need extras (``pip install 'target-rules[xlsx]'``). When a module is
missing, the command line prints one line naming the extra to install and exits 2; the extra is looked
up in the installed distribution's ``Requires-Dist`` lines, so a new extra needs no change here.
"""

from __future__ import annotations

import re
from importlib import metadata

from target_rules.messages import Message, say

__all__ = ["DISTRIBUTION", "extra_providing", "missing_message"]

DISTRIBUTION = "target-rules"
# Extras that bundle others' dependencies for development: named only when nothing smaller provides it.
_BUNDLES = ("test", "dev", "all", "browser")
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def extra_providing(module: str, requirements: list[str] | None = None) -> str | None:
    """The extra whose requirements include the distribution of top-level ``module``, or None.

    ``requirements`` defaults to the installed target-rules distribution's Requires-Dist lines.
    """
    if requirements is None:
        try:
            requirements = metadata.requires(DISTRIBUTION) or []
        except metadata.PackageNotFoundError:
            return None
    wanted = _normal(module.split(".")[0])
    found: list[str] = []
    for req in requirements:
        name, extra = _NAME.match(req), _EXTRA.search(req)
        if name and extra and _normal(name.group(1)) == wanted:
            found.append(extra.group(1))
    small = [e for e in found if e not in _BUNDLES]
    return small[0] if small else (found[0] if found else None)


def missing_message(module: str, purpose: str | None = None) -> Message:
    """``needs openpyxl, which is not installed: pip install 'target-rules[xlsx]'`` (one line)."""
    top = module.split(".")[0]
    extra = extra_providing(top)
    install = f"pip install '{DISTRIBUTION}[{extra}]'" if extra else f"pip install {top}"
    if purpose:
        return say("ui.extra.missing", purpose=purpose, module=top, install=install)
    return say("ui.extra.missing_plain", module=top, install=install)
