"""Les notebooks et les pages exécutables tournent vraiment : la construction stricte exécute ceux du livre, nbval
les autres (sans réseau : données du miroir)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from cours_opendata import construction

from .conftest import RACINE


def executables() -> list[Path]:
    """Les notebooks et les pages .md exécutables (avec un noyau) du dépôt."""
    pages = [p for p in sorted((RACINE / "book").rglob("*.md")) if "kernelspec:" in p.read_text(encoding="utf-8")[:600]]
    return [*sorted((RACINE / "notebooks").rglob("*.ipynb")), *pages]


def executes_par_le_livre() -> set[Path]:
    """Ceux que la construction stricte exécute : ceux de la table des matières (une erreur l'arrête)."""
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    return {construction.source_de(e, RACINE) for e in construction.fichiers_de_la_table(toc)}


def test_chaque_notebook_du_livre_execute_par_la_construction(livre):
    """Exécutés par la construction du livre (``make book``) : chaque page montre les sorties de ses cellules."""
    dans_le_livre = [f for f in executables() if f in executes_par_le_livre()]
    assert len(dans_le_livre) >= 15
    for source in dans_le_livre:
        page = livre / source.relative_to(RACINE).with_suffix(".html")
        sorties = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".cell_output")
        assert sorties, f"{page.relative_to(livre)} : aucune sortie de cellule, le notebook n'a pas été exécuté"


def test_nbval_sur_ce_que_le_livre_n_execute_pas(tmp_path):
    """``pytest --nbval-lax`` sur les notebooks hors de la table des matières (quiz en direct), dans une copie du
    livre : le reste est exécuté par la construction stricte, qu'une cellule en erreur fait échouer
    (``test_livre.py::test_un_notebook_qui_leve_fait_echouer_la_construction``)."""
    hors_du_livre = [f for f in executables() if f not in executes_par_le_livre()]
    assert hors_du_livre and all(f.parent.name == "quiz" for f in hors_du_livre), hors_du_livre
    copie = tmp_path / "depot"
    for dossier in ("book", "notebooks"):
        shutil.copytree(RACINE / dossier, copie / dossier, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for nom in ("_config.yml", "jupytext.toml"):  # _config.yml : les banques de quiz sont lues dans la copie
        shutil.copy(RACINE / nom, copie / nom)
    cibles = [copie / f.relative_to(RACINE) for f in hors_du_livre]
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
