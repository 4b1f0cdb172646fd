"""Les notebooks et les pages exécutables tournent vraiment (nbval, sans réseau : données du miroir)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import jupytext

from .conftest import RACINE


def pages_executables() -> list:
    pages = []
    for page in sorted((RACINE / "book").rglob("*.md")):
        entete = page.read_text(encoding="utf-8")[:600]
        if "kernelspec:" in entete:
            pages.append(page)
    return pages


def test_nbval_sur_les_notebooks_et_les_pages_executables(tmp_path):
    """``pytest --nbval-lax`` sur notebooks/ et sur les pages .md exécutables, converties à côté de leur source,
    dans une copie du livre (les autres tests, qui lisent book/, ne voient jamais ces fichiers)."""
    copie = tmp_path / "depot"
    for dossier in ("book", "notebooks"):
        shutil.copytree(RACINE / dossier, copie / dossier, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for nom in ("_config.yml", "jupytext.toml"):  # _config.yml : les banques de quiz sont lues dans la copie
        shutil.copy(RACINE / nom, copie / nom)
    convertis = []
    for page in pages_executables():
        cible = (copie / page.relative_to(RACINE)).with_suffix(".nbval.ipynb")  # les chemins relatifs tiennent
        jupytext.write(jupytext.read(page), cible)
        convertis.append(cible)
    cibles = sorted((copie / "notebooks").rglob("*.ipynb")) + convertis  # quiz en direct compris
    assert len(convertis) >= 5 and len(cibles) > len(convertis)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), *map(str, cibles)],
        cwd=copie, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout


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
