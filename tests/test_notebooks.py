"""Les notebooks et les pages exécutables tournent vraiment (nbval, sans réseau : données du miroir)."""

from __future__ import annotations

import os
import subprocess
import sys

import jupytext
import pytest

from .conftest import RACINE


def pages_executables() -> list:
    pages = []
    for page in sorted((RACINE / "book").rglob("*.md")):
        entete = page.read_text(encoding="utf-8")[:600]
        if "kernelspec:" in entete:
            pages.append(page)
    return pages


def test_nbval_sur_les_notebooks_et_les_pages_executables(tmp_path):
    """``pytest --nbval-lax`` sur notebooks/ et sur les pages .md exécutables, converties à côté de leur source."""
    convertis = []
    try:
        for page in pages_executables():
            cible = page.with_suffix(".nbval.ipynb")  # à côté de la source : les chemins relatifs tiennent
            jupytext.write(jupytext.read(page), cible)
            convertis.append(cible)
        cibles = sorted((RACINE / "notebooks").glob("*.ipynb")) + convertis
        if not cibles:
            pytest.skip("aucun notebook")
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
             "--rootdir", str(tmp_path), *map(str, cibles)],
            cwd=RACINE, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"},
        )
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
        assert " passed" in proc.stdout
    finally:
        for cible in convertis:
            cible.unlink(missing_ok=True)
