"""Un vrai JupyterLab (celui de make lab), piloté par Chromium : en français, MyST rendu, quiz en widgets
répondus à la souris, fichiers inchangés après enregistrement. Serveur sur 127.0.0.1 seulement, arrêté à la fin.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from cours_opendata import lab
from cours_opendata.quiz import questions_de

RACINE = Path(__file__).resolve().parent.parent
MYST_BRUT = ("{parcours}", "{term}", "{doc}", "```{", ":class:", "{cite}")


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab sur une copie du livre et des notebooks ; renvoie (url, jeton, copie)."""
    try:
        import jupyterlab_myst  # noqa: F401
    except ImportError:
        pytest.fail("JupyterLab du cours absent : lancez `make test`, qui installe requirements-lab.txt.")
    copie = tmp_path_factory.mktemp("lab")
    for dossier in ("book", "notebooks"):
        shutil.copytree(RACINE / dossier, copie / dossier, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(RACINE / "jupytext.toml", copie / "jupytext.toml")
    lab.ecrire_reglages()
    lab.ecrire_configuration_du_serveur()
    etat = tmp_path_factory.mktemp("etat")
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(etat / "reglages"),
           "JUPYTERLAB_WORKSPACES_DIR": str(etat / "espaces"), "JUPYTER_RUNTIME_DIR": str(etat / "execution"),
           "JUPYTER_CONFIG_DIR": str(etat / "config")}
    jeton, port = secrets.token_hex(16), lab.port_libre(8950)
    journal = (etat / "lab.log").open("w")
    proc = subprocess.Popen([*lab.commande(port, navigateur=False, racine=copie), f"--IdentityProvider.token={jeton}"],
                            stdout=journal, stderr=subprocess.STDOUT, env=env)
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                assert proc.poll() is None, (etat / "lab.log").read_text()[-3000:]
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", jeton, copie
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        journal.close()


def _ouvrir(navigateur, url: str):
    page = navigateur.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    erreurs = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto(url + "&reset")  # espace de travail vide : seul ce document est ouvert
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_timeout(1500)
    return page, erreurs


def _tout_executer(page):
    page.get_by_text("Exécution", exact=True).first.click()
    page.get_by_text("Exécuter toutes les cellules", exact=True).first.click()


def test_quiz_en_widgets_repondu_a_la_souris(jupyterlab, navigateur):
    url, jeton, copie = jupyterlab
    relatif = "notebooks/quiz/partie-1.ipynb"
    avant = (copie / relatif).read_bytes()
    page, erreurs = _ouvrir(navigateur, f"{url}/lab/tree/{relatif}?token={jeton}")
    try:
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert {"Fichier", "Édition", "Exécution", "Noyau"} <= set(menus), menus  # interface en français
        texte = page.locator(".jp-NotebookPanel:visible .jp-Notebook").inner_text()
        assert "Quiz de la partie 1, en direct" in texte and not [m for m in MYST_BRUT if m in texte]
        _tout_executer(page)
        question = page.locator(".cours-quiz .quiz-question").first
        question.wait_for(timeout=90_000)
        q = questions_de("partie-1", "definitions")[0]
        entrees = question.locator("input[type=checkbox], input[type=radio]")
        assert entrees.count() == len(q.options)
        # Le texte entier de chaque option est visible (ipywidgets le couperait à environ 300 px).
        coupes = question.evaluate("""b => [...b.querySelectorAll('label, .widget-label-basic')]
            .filter(l => l.scrollWidth > l.clientWidth + 2).map(l => l.textContent)""")
        assert not coupes, coupes
        for i, option in enumerate(q.options):
            if option.correcte:
                entrees.nth(i).check()
        question.get_by_role("button", name="Valider ma réponse").click()
        retour = question.locator(".quiz-retour")
        retour.wait_for(timeout=30_000)
        assert "Bonne réponse." in retour.inner_text()
        fond = retour.evaluate("e => getComputedStyle(e).backgroundColor")
        assert fond == "rgb(230, 244, 234)", fond  # le vert du livre : juste se dit aussi en couleur
        badge = question.locator(".badge-parcours").first
        assert badge.inner_text() in {"Décideurs", "Opérationnels", "Tous publics"}
        page.keyboard.press("Control+s")
        page.wait_for_timeout(2000)
        assert not erreurs, erreurs
    finally:
        page.close()
    assert (copie / relatif).read_bytes() == avant  # exécuté puis enregistré : le fichier n'a pas changé


def test_une_page_du_livre_ouverte_comme_notebook(jupyterlab, navigateur):
    url, jeton, copie = jupyterlab
    relatif = "book/partie-1/metadonnees.md"
    avant = (copie / relatif).read_bytes()
    # Comme un participant : double-clic dans l'explorateur de fichiers.
    page, erreurs = _ouvrir(navigateur, f"{url}/lab/tree/notebooks/quiz/partie-1.ipynb?token={jeton}")
    try:
        navigateur_de_fichiers = page.locator(".jp-DirListing-content")
        page.locator(".jp-BreadCrumbs-home").click()
        for nom in ("book", "partie-1", "metadonnees.md"):
            navigateur_de_fichiers.get_by_text(nom, exact=True).dblclick()
            page.wait_for_timeout(800)
        page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        texte = page.locator(".jp-NotebookPanel:visible .jp-Notebook").inner_text()
        assert "Métadonnées" in texte and "DCAT" in texte
        assert not [m for m in MYST_BRUT if m in texte], [m for m in MYST_BRUT if m in texte]
        page.keyboard.press("Control+s")
        page.wait_for_timeout(2000)
        assert not erreurs, erreurs
    finally:
        page.close()
    assert (copie / relatif).read_bytes() == avant
