"""provenance.vc stays free of Django, so it runs offline and outside the shop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_importing_every_module_loads_neither_django_nor_strawberry() -> None:
    modules = sorted(p.stem for p in (ROOT / "provenance" / "vc").glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('provenance.vc.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'strawberry')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env={"PATH": ""}
    )
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 10
