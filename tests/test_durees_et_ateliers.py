"""Durées calculées, ateliers du guide et parcours : une seule source, vérifiée contre les pages."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from cours_opendata import ateliers, construction, durees
from cours_opendata.sphinx_ext import badges_de_la_page, pages_du_parcours

from .conftest import RACINE


def test_compter_mots_ne_compte_que_le_texte_lu():
    texte = """---
kernelspec: {name: python3}
---
# Un titre de trois

Le {term}`format ouvert <Format ouvert>` et le [portail](https://data.gov.ma) : 12,5 %.

```{code-cell} ipython3
import pandas as pd
beaucoup = "de mots dans le code qui ne se lisent pas"
```

```{note}
Deux mots.
```
"""
    # « Un titre de trois » (4) + « Le format ouvert et le portail 12,5 » (7) + « Deux mots » (2)
    assert durees.compter_mots(texte) == 13


def test_duree_arrondie_au_dessus_et_en_clair():
    assert durees.Duree(mots=201).minutes == 2
    assert durees.Duree(mots=200, questions=3, cellules=2, exercices=1).minutes == 1 + 3 + 2 + 10
    assert durees.Duree(mots=0, calcul_s=61).minutes == 2
    assert durees.en_clair(45) == "45\u00a0min" and durees.en_clair(60) == "1\u00a0h" and durees.en_clair(65) == "1\u00a0h\u00a005"


def test_duree_d_un_notebook_et_d_un_test():
    nb = durees.duree_de_la_source(RACINE / "notebooks" / "partie-3-nettoyage.ipynb", RACINE / "book")
    assert nb.cellules > 20 and nb.mots > 1000
    pre = durees.duree_de_la_source(RACINE / "book" / "evaluation" / "pre-test.md", RACINE / "book")
    assert pre.questions == 15


def test_les_ateliers_du_livre_tiennent_dans_leurs_creneaux():
    charges = ateliers.charger_ateliers(RACINE)
    assert set(charges) == {"decideurs", "operationnels"}
    for cle, atelier in charges.items():
        calcules = ateliers.calculer(atelier, RACINE, cle)
        assert all(c.contenu <= c.creneau.duree for c in calcules)
        assert {c.creneau.partie for c in calcules} >= {1, 2, 3, 4, 5}, cle
    assert ateliers.fin(ateliers.calculer(charges["decideurs"], RACINE)) <= 13 * 60  # une demi-journée


@pytest.fixture
def copie(tmp_path):
    """Une copie du livre (sources seulement) pour y casser book/ateliers.yml."""
    for nom in ("book", "notebooks"):
        shutil.copytree(RACINE / nom, tmp_path / nom, ignore=shutil.ignore_patterns("_build"))
    for nom in ("_config.yml", "_toc.yml"):
        shutil.copy(RACINE / nom, tmp_path / nom)
    return tmp_path


def _remplacer(copie, ancien, nouveau):
    fichier = copie / "book" / "ateliers.yml"
    texte = fichier.read_text(encoding="utf-8")
    assert ancien in texte
    fichier.write_text(texte.replace(ancien, nouveau, 1), encoding="utf-8")


@pytest.mark.parametrize("ancien, nouveau, attendu", [
    ("      duree: 30\n      pages: [book/partie-1/definitions]", "      duree: 10\n      pages: [book/partie-1/definitions]",
     ["Partie 1", "10 min prévues pour 29 min de contenu", "Que faire"]),
    ("pages: [book/partie-1/definitions]", "pages: [book/partie-1/formats]", ["book/partie-1/formats", "n'est pas du parcours décideurs"]),
    ("pages: [book/partie-2/impact]\n      demonstrations: [notebooks/partie-2-covid-2020]",
     "pages: [book/partie-2/impact, notebooks/partie-2-covid-2020]", ["notebook", "demonstrations"]),
    ("pages: [book/partie-1/definitions]", "pages: [book/partie-1/definition]", ["book/partie-1/definition", "introuvable"]),
])
def test_atelier_incoherent_message_francais(copie, ancien, nouveau, attendu):
    _remplacer(copie, ancien, nouveau)
    atelier = ateliers.charger_ateliers(copie)["decideurs"]
    with pytest.raises(ateliers.AtelierInvalide) as exc:
        ateliers.calculer(atelier, copie, "decideurs")
    message = str(exc.value)
    assert "ateliers.yml" in message
    for morceau in attendu:
        assert morceau in message, message


def test_atelier_mal_forme(copie):
    _remplacer(copie, "      duree: 20\n", "      duree: vingt\n")
    with pytest.raises(ateliers.AtelierInvalide, match="duree"):
        ateliers.charger_ateliers(copie)


# ------------------------------------------------------------------ parcours

def _code_visible(source) -> bool:
    """Une page .md qui montre du code au lecteur (cellule ni retirée ni repliée)."""
    texte = source.read_text(encoding="utf-8")
    for bloc in re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", texte, re.S | re.M):
        if not re.search(r"^:tags: \[.*(remove-input|remove-cell|hide-input).*\]", bloc, re.M):
            return True
    return False


def test_le_parcours_decideurs_ne_demande_pas_de_code():
    for _, documents in pages_du_parcours(RACINE, "décideurs"):
        for doc in documents:
            source = construction.source_de(doc, RACINE)
            assert source.suffix == ".md", f"{doc} : un notebook dans le parcours décideurs"
            assert not _code_visible(source), f"{doc} : du code visible dans une page du parcours décideurs"


def test_les_tableaux_des_parties_reprennent_les_badges_des_pages():
    """Le badge d'une ligne du plan d'une partie vient de la page citée ({parcours-de}), jamais recopié."""
    for n in range(1, 6):
        index = (RACINE / "book" / f"partie-{n}" / "index.md").read_text(encoding="utf-8")
        plan = index[index.index("## Plan de la partie"):]
        lignes = [ligne for ligne in plan.splitlines() if ligne.startswith("|") and "{doc}" in ligne]
        assert lignes, n
        for ligne in lignes:
            assert "{parcours}" not in ligne and "{parcours-de}" in ligne, ligne


def test_chaque_page_des_parties_declare_son_parcours():
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    for entree in construction.fichiers_de_la_table(toc):
        assert badges_de_la_page(construction.source_de(entree, RACINE)), entree


def test_les_textes_annoncent_le_nombre_de_questions_des_tests():
    from cours_opendata import quiz

    evaluations = quiz.charger_evaluations(RACINE / "book")
    index = (RACINE / "book" / "evaluation" / "index.md").read_text(encoding="utf-8")
    for cle, evaluation in evaluations.items():
        ligne = next(ligne for ligne in index.splitlines() if ligne.startswith(f"| {{doc}}`{cle}`"))
        assert f"| {len(evaluation.questions)}" in ligne, ligne
    nombres = {20: "vingt questions", 30: "trente questions"}
    for cle in ("finale-decideurs", "finale-operationnels"):
        page = (RACINE / "book" / "evaluation" / f"{cle}.md").read_text(encoding="utf-8")
        assert nombres[len(evaluations[cle].questions)] in page, cle
