"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself on a rules repository's commits.

A newcomer's path from the README: a rules repository lists this project's hooks in its
.pre-commit-config.yaml, runs `pre-commit install`, commits a good rule file (accepted) and then a
bad one (rejected, with a clickable `path:line:col: CODE message`). The hook repository is a
throw-away git copy of this checkout, so the test sees the working tree (committed or not) and needs
no network for the repository itself; pre-commit installs it with pip (`language: python`), from
pip's cache or the package index. One environment install takes ~30 s, so every hook runs in it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ("target-rules-lint", "target-rules-test", "target-rules-validate")
# What pip needs to install the project: its metadata, README (the long description) and sources.
PROJECT_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **(env or os.environ),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_hooks_file_names_the_three_hooks_that_run_the_cli():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == list(HOOKS)
    for h in hooks:
        assert h["entry"] == f"target-rules {h['id'].removeprefix('target-rules-')}"
        assert h["language"] == "python"  # pre-commit installs this project into the hook's env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding this checkout's project files, as a hook repository."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, repo / name)
    assert git(repo, "init", "-q").returncode == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "hooks").returncode == 0
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


def test_a_bad_rule_file_is_rejected_at_commit_time(tmp_path, hook_repo):
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    repo_path, rev = hook_repo
    rules_repo = tmp_path / "rules-repo"
    (rules_repo / "rules").mkdir(parents=True)
    shutil.copy2(ROOT / "rules" / "m45.yaml", rules_repo / "rules" / "m45.yaml")
    (rules_repo / "submissions").mkdir()
    shutil.copy2(ROOT / "data" / "107" / "m45.yaml", rules_repo / "submissions" / "m45-107.yaml")
    (rules_repo / "target-rules.toml").write_text('rules = ["rules"]\nyear = 107\n', encoding="utf-8")
    config = {
        "repos": [
            {
                "repo": str(repo_path),
                "rev": rev,
                "hooks": [
                    {"id": "target-rules-lint"},
                    {"id": "target-rules-test"},
                    {"id": "target-rules-validate"},
                ],
            }
        ]
    }
    (rules_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert git(rules_repo, "init", "-q").returncode == 0
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    r = subprocess.run([pre_commit, "install"], cwd=rules_repo, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr

    def commit(message: str) -> tuple[int, str]:
        git(rules_repo, "add", "-A")
        r = git(rules_repo, "commit", "-q", "-m", message, env=env)
        return r.returncode, r.stdout + r.stderr  # git shows the hooks' output on stderr

    status, out = commit("measure 45, as in the 107 report")
    assert status == 0, out
    for hook in ("lint", "test", "validate"):
        assert f"target-rules {hook}" in out
    assert "Failed" not in out and "Skipped" not in out

    # A misspelled kind: the rule file no longer loads.
    bad_text = (
        (ROOT / "rules" / "m45.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: threshold", "kind: treshold", 1)
    )
    (rules_repo / "rules" / "m45.yaml").write_text(bad_text, encoding="utf-8")
    line = next(i for i, text in enumerate(bad_text.splitlines(), 1) if "kind: treshold" in text)
    status, out = commit("a typo")
    assert status != 0, out
    assert "target-rules lint" in out and "Failed" in out
    # path:line:col: CODE message, on one line, with the suggestion
    assert re.search(rf"^rules/m45\.yaml:{line}:15: [a-z_0-9A-Z-]+ .*'treshold'.*'threshold'", out, re.M), out
    assert "Traceback" not in out
    assert git(rules_repo, "log", "--oneline").stdout.count("\n") == 1  # the bad commit did not happen
