"""The shape promised in docs: the library never imports interfaces, heavy models load behind one door."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsparallax"
INTERFACES = {"cli", "web", "spark"}
HEAVY = {"torch", "sentence_transformers", "spacy", "onnxruntime", "transformers", "trafilatura", "httpx", "rich"}


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:  # module level only: imports inside functions are the lazy door
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


LIBRARY = sorted(p for p in PACKAGE.glob("*.py") if p.stem not in INTERFACES and p.stem != "__main__")


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_architecture_library_never_imports_interfaces_or_heavy_models(path: Path) -> None:
    imports = _top_level_imports(path)
    assert not {i for i in imports if i.split(".")[-1] in INTERFACES and i.startswith("newsparallax")}
    assert not {i for i in imports if i.split(".")[0] in HEAVY}, f"{path.name} imports a heavy module at load time"


def test_architecture_help_loads_no_heavy_module() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from newsparallax import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    cli.main(['--help'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(HEAVY | {'numpy', 'pysbd'})!r})\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
