"""Un notebook de quiz par partie, pour répondre en direct dans JupyterLab (``notebooks/quiz/partie-N.ipynb``).

Dans le livre, les quiz des pages sont du HTML statique (directive ``{quiz}``) ; une page ouverte comme
notebook dans JupyterLab ne les anime pas. Ces notebooks appellent ``quiz()`` section par section : les
mêmes questions, en widgets corrigés par Python. Ils sont produits par ce module depuis les banques
(``python -m cours_opendata.quiz.carnets``) ; un test vérifie qu’ils sont à jour. Le livre ne les
publie pas (``exclude_patterns``) : ils n’ont de sens qu’avec un noyau.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from .. import RACINE
from .banque import charger_banque, dossier_livre, fichier_banque

DOSSIER = RACINE / "notebooks" / "quiz"
ESPACE = "\u202f"


def _titre_de_section(partie: str, section: str, livre: Path) -> str:
    page = livre / partie / f"{section}.md"
    if page.is_file():
        for ligne in page.read_text(encoding="utf-8").splitlines():
            if ligne.startswith("# "):
                return ligne[2:].strip()
    return section


def carnet(partie: str, livre: Path | None = None) -> nbformat.NotebookNode:
    livre = Path(livre or dossier_livre())
    banque = charger_banque(fichier_banque(partie, livre))
    sections = list(dict.fromkeys(q.section for q in banque.questions))
    numero = re.sub(r"\D", "", partie)
    cellules = [nbformat.v4.new_markdown_cell(
        f"# Quiz de la partie {numero}, en direct\n\n{{parcours}}`tous`\n\n"
        f"{banque.titre}{ESPACE}: les {len(banque.questions)} questions de la partie, les mêmes que dans le livre, "
        f"à répondre ici. Chaque réponse est corrigée aussitôt, avec l’explication. Rien n’est enregistré ni "
        f"envoyé.\n\nPour commencer{ESPACE}: menu «{ESPACE}Exécution{ESPACE}», «{ESPACE}Exécuter toutes les "
        f"cellules{ESPACE}». Au clavier{ESPACE}: Tab pour passer d’une réponse à l’autre, Espace pour cocher, "
        f"Entrée sur «{ESPACE}Valider ma réponse{ESPACE}».\n\n> **Après un redémarrage du noyau**, les questions "
        f"restent à l’écran mais ne répondent plus{ESPACE}: relancez tout."),
        nbformat.v4.new_code_cell("from cours_opendata.quiz import quiz")]
    for section in sections:
        cellules.append(nbformat.v4.new_markdown_cell(f"## {_titre_de_section(partie, section, livre)}"))
        cellules.append(nbformat.v4.new_code_cell(f'quiz("{partie}", "{section}")'))
    nb = nbformat.v4.new_notebook(cells=cellules, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}})
    for n, c in enumerate(nb.cells):
        c["id"] = f"{partie}-{n:02d}"  # identifiants stables : régénérer ne change rien
    return nb


def parties(livre: Path | None = None) -> list[str]:
    livre = Path(livre or dossier_livre())
    return sorted(p.parent.name for p in livre.glob("partie-*/quiz.yml"))


def texte(partie: str, livre: Path | None = None) -> str:
    return nbformat.writes(carnet(partie, livre)) + "\n"


def ecrire_tout(dossier: Path = DOSSIER, livre: Path | None = None) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for partie in parties(livre):
        chemin = dossier / f"{partie}.ipynb"
        chemin.write_text(texte(partie, livre), encoding="utf-8")
        ecrits.append(chemin)
    return ecrits


if __name__ == "__main__":
    for chemin in ecrire_tout():
        print(chemin)
    sys.exit(0)
