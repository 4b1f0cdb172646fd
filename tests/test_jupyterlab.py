"""JupyterLab laisse les fichiers du cours tels qu'ils sont, et se lance en français (cours_opendata.lab).

L'aller-retour passe par le vrai gestionnaire de contenus de Jupytext, celui du serveur de JupyterLab, avec
ce que JupyterLab ajoute à l'ouverture (noyau, ``language_info``) et après exécution (sorties).
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from jupytext import TextFileContentsManager

from cours_opendata import lab
from cours_opendata.quiz import questions_de

RACINE = Path(__file__).resolve().parent.parent
FICHIERS = sorted([*(p.relative_to(RACINE) for p in (RACINE / "book").rglob("*.md") if ".ipynb_checkpoints" not in p.parts),
                   *(p.relative_to(RACINE) for p in (RACINE / "notebooks").rglob("*.ipynb")
                      if ".ipynb_checkpoints" not in p.parts)])


@pytest.fixture(scope="module")
def copie(tmp_path_factory) -> Path:
    """Une copie du livre et des notebooks (le test enregistre par-dessus : jamais dans le dépôt)."""
    cible = tmp_path_factory.mktemp("depot")
    for dossier in ("book", "notebooks"):
        shutil.copytree(RACINE / dossier, cible / dossier)
    shutil.copy(RACINE / "jupytext.toml", cible / "jupytext.toml")
    return cible


def _ouvrir_executer_enregistrer(racine: Path, relatif: str, crochet=lab.avant_enregistrement) -> tuple[str, str]:
    gestionnaire = TextFileContentsManager(root_dir=str(racine))
    gestionnaire.pre_save_hook = crochet
    avant = (racine / relatif).read_text(encoding="utf-8")
    carnet = gestionnaire.get(relatif, content=True, type="notebook")["content"]
    # Ce que JupyterLab écrit dans le modèle à l'ouverture (ordre de ses clés compris), puis après « Tout exécuter ».
    carnet.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    carnet.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    for cellule in carnet.cells:
        if cellule.cell_type == "code":
            cellule.outputs = [nbformat.v4.new_output("stream", name="stdout", text="résultat\n")]
            cellule.execution_count = 7
    gestionnaire.save({"type": "notebook", "format": "json", "content": carnet}, relatif)
    return avant, (racine / relatif).read_text(encoding="utf-8")


@pytest.mark.parametrize("relatif", [str(f) for f in FICHIERS])
def test_ouvrir_executer_et_enregistrer_ne_change_rien(copie, relatif):
    avant, apres = _ouvrir_executer_enregistrer(copie, relatif)
    assert apres == avant, "".join(list(difflib.unified_diff(avant.splitlines(True), apres.splitlines(True)))[:40])


def test_sans_le_crochet_une_page_et_un_notebook_seraient_reecrits(tmp_path):
    for dossier in ("book", "notebooks"):
        shutil.copytree(RACINE / dossier, tmp_path / dossier)
    shutil.copy(RACINE / "jupytext.toml", tmp_path / "jupytext.toml")
    for relatif in ("book/partie-1/definitions.md", "book/partie-1/metadonnees.md",
                    "notebooks/partie-3-nettoyage.ipynb"):
        avant, apres = _ouvrir_executer_enregistrer(tmp_path, relatif, crochet=None)
        assert apres != avant, relatif  # le test attrape bien la réécriture


def test_une_page_avec_des_exercices_s_ouvre_en_myst(copie):
    """« ::: » ferait prendre la page pour du Markdown Pandoc, que JupyterLab ne sait pas ouvrir ici."""
    carnet = TextFileContentsManager(root_dir=str(copie)).get("book/partie-1/synthese.md", type="notebook")
    assert carnet["content"].cells and "{exercise}" in carnet["content"].cells[0].source + "".join(
        c.source for c in carnet["content"].cells)


@pytest.mark.parametrize("carnet", sorted((RACINE / "notebooks").rglob("*.ipynb")), ids=lambda p: p.name)
def test_les_notebooks_du_depot_sont_sans_sorties(carnet):
    contenu = nbformat.read(carnet, as_version=4)
    for n, cellule in enumerate(contenu.cells):
        if cellule.cell_type == "code":
            assert not cellule.outputs and cellule.execution_count is None, f"cellule {n}"
    assert not set(contenu.metadata) & set(lab.METADONNEES_DU_POSTE)
    assert carnet.stat().st_size < 100_000


def test_garder_l_en_tete():
    page = "# Titre\n\nTexte.\n"
    ajoute = "---\njupytext:\n  text_representation:\n    format_version: 0.13\n---\n\n" + page
    assert lab.garder_l_en_tete(ajoute, page) == page
    code = "---\nkernelspec:\n  display_name: Python 3\n  name: python3\n---\n\n# Titre\n"
    reordonne = "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n# Titre modifié\n"
    assert lab.garder_l_en_tete(reordonne, code) == code.replace("# Titre", "# Titre modifié")
    assert lab.garder_l_en_tete(ajoute, None) == ajoute  # fichier neuf : rien à garder


def test_reglages_en_francais_fusionnes_avec_ceux_du_poste(tmp_path):
    dossier = lab.dossier_des_reglages(tmp_path)
    dossier.mkdir(parents=True)
    (dossier / "overrides.json").write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"}}))
    reglages = json.loads(lab.ecrire_reglages(tmp_path).read_text())
    assert reglages["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert reglages["@jupyterlab/apputils-extension:themes"] == {"theme": "x"}
    serveur = json.loads(lab.ecrire_configuration_du_serveur(tmp_path).read_text())
    assert serveur["ContentsManager"]["pre_save_hook"] == "cours_opendata.lab.avant_enregistrement"


def test_lancement_en_administrateur(monkeypatch):
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.commande(8888)
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000)
    options = lab.commande(8890, navigateur=False)
    assert "--allow-root" not in options and "--ServerApp.port=8890" in options and "--no-browser" in options
    assert "--ServerApp.ip=127.0.0.1" in options


def test_les_notebooks_de_quiz_sont_a_jour():
    """Ils sont produits depuis les banques : python -m cours_opendata.quiz.carnets après un changement."""
    from cours_opendata.quiz import carnets

    attendus = {f"{p}.ipynb" for p in carnets.parties()}
    assert {p.name for p in carnets.DOSSIER.glob("*.ipynb")} == attendus and len(attendus) == 5
    for partie in carnets.parties():
        sur_le_disque = (carnets.DOSSIER / f"{partie}.ipynb").read_text(encoding="utf-8")
        assert sur_le_disque == carnets.texte(partie), f"{partie} : relancez python -m cours_opendata.quiz.carnets"
        sources = "".join(c.source for c in nbformat.reads(sur_le_disque, as_version=4).cells)
        assert all(f'quiz("{partie}", "{s}")' in sources for s in {q.section for q in questions_de(partie)})


def test_la_vue_widget_d_un_quiz():
    import ipywidgets as w

    from cours_opendata.quiz import quiz
    from cours_opendata.quiz.widgets import CLASSE, VERDICTS

    vue = quiz("partie-1", "licences").widget()
    assert CLASSE in vue._dom_classes and "<style>" in vue.children[0].value and ".badge-parcours" in vue.children[0].value
    question = vue.children[1]
    assert "quiz-question" in question._dom_classes and "badge-parcours" in question.children[0].value
    libelles = [c.description for c in question.children[1].children] if isinstance(
        question.children[1], w.VBox) else [o[0] for o in question.children[1].options]
    assert all(len(x) > 0 for x in libelles) and max(map(len, libelles)) > 40  # texte entier, pas tronqué
    question.children[2].click()  # valider sans réponse
    assert "avant de valider" in question.children[3].value
    assert not any(ord(c) > 0x2700 for v in VERDICTS.values() for c in v)  # pas d'émoticône
