"""The pipeline version follows what extraction results depend on, and nothing else: an edit to
the CLI, the Datasette plugin or the evaluation must not send a stored corpus back to the parser.

Each version is computed by a fresh interpreter importing a copy of the package, so the edits
are read from disk exactly as a later `quotesource ingest` would read them.
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import quotesource

PACKAGE = Path(quotesource.__file__).parent
VERSION = """\
import sys, types
from quotesource import pipeline
assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__
print(pipeline.pipeline_version(types.SimpleNamespace(manifest={"parser": "fake"})))
"""


@pytest.fixture
def package_copy(tmp_path) -> Path:
    # the model weights are not read (the manifest is passed in): no need to copy them
    shutil.copytree(PACKAGE, tmp_path / "quotesource",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pt"))
    return tmp_path / "quotesource"


def version_of(package: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    done = subprocess.run([sys.executable, "-c", VERSION, str(package.parent)], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def append(path: Path, text: str) -> None:
    assert path.is_file(), path
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_edits_outside_extraction_leave_the_version_unchanged(package_copy):
    before = version_of(package_copy)
    append(package_copy / "cli.py", "# a help-text edit\n")
    append(package_copy / "publish" / "article_page.py", "# a page tweak\n")
    append(package_copy / "publish" / "templates" / "quotesource_article.html", "<!-- -->\n")
    append(package_copy / "evaluation" / "evaluate.py", "# a scoring fix\n")
    append(package_copy / "progress.py", "# a progress-bar tweak\n")
    assert version_of(package_copy) == before


def test_edits_to_extraction_change_the_version(package_copy):
    versions = [version_of(package_copy)]
    for edited in (Path("attribution") / "speakers.py", Path("ingest") / "__init__.py",
                   Path("lexicons") / "reporting_verbs.tsv"):
        append(package_copy / edited, "\n# an edit\n")
        versions.append(version_of(package_copy))
    assert len(set(versions)) == len(versions)        # each edit gave a new version


def imported_modules(module: Path, root: Path) -> set[Path]:
    """The package's files that importing `module` loads, through relative imports (those
    inside functions too): every file extraction runs."""
    seen: set[Path] = set()
    todo = [module]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level):
                continue
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            target = base.joinpath(*(node.module or "").split(".")) if node.module else base
            names = [target / alias.name for alias in node.names]
            for candidate in [target, *names]:
                for file in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                    if file.is_file() and file != root / "__init__.py":
                        todo.append(file)
    return seen


def test_every_module_extraction_imports_is_hashed():
    from quotesource.pipeline import PACKAGE_ROOT, extraction_files

    hashed = set(extraction_files())
    reached = imported_modules(PACKAGE_ROOT / "pipeline.py", PACKAGE_ROOT)
    assert {p.relative_to(PACKAGE_ROOT).as_posix() for p in reached - hashed} == set()
    assert PACKAGE_ROOT / "cli.py" not in hashed
    assert not any("publish" in p.parts or "evaluation" in p.parts for p in hashed)
