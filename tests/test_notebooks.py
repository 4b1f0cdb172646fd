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
        cibles = sorted((RACINE / "notebooks").rglob("*.ipynb")) + convertis  # quiz en direct compris
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


def test_chaque_question_des_notebooks_a_sa_reponse_travaillee():
    """« Questions pour vous » : une réponse travaillée, repliée (<details>), après chaque question numérotée."""
    import json
    import re

    for notebook in sorted((RACINE / "notebooks").glob("*.ipynb")):
        cellules = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texte = next(("".join(c["source"]) for c in cellules
                      if c["cell_type"] == "markdown" and "Questions pour vous" in "".join(c["source"])), None)
        assert texte, f"{notebook.name} : pas de section « Questions pour vous »"
        questions = re.findall(r"^\d+\. ", texte, re.M)
        reponses = re.findall(r'<details class="reponse-travaillee">\s*<summary>Réponse travaillée</summary>', texte)
        assert questions and len(reponses) == len(questions), f"{notebook.name} : {len(questions)} questions, {len(reponses)} réponses"
        for bloc in re.findall(r"<details.*?</details>", texte, re.S):
            assert len(bloc) > 200, f"{notebook.name} : réponse trop courte"
            assert not re.search(r"\{(term|doc|cite)\}`", bloc), f"{notebook.name} : rôle MyST dans une réponse (brut dans JupyterLab)"
