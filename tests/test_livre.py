"""Le livre : construction stricte, table des matières, autonomie du site, pannes de configuration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from cours_opendata import construction
from cours_opendata.banc import ENTETE_NOTEBOOK as ENTETE
from cours_opendata.banc import construire as construire_dans
from cours_opendata.banc import est_une_redirection, livre_minimal, pages_html

from .conftest import RACINE


def test_construction_stricte_sans_avertissement(livre):
    assert (livre / "index.html").is_file()
    assert (livre / "book" / "annexes" / "catalogue.html").is_file()


def test_chaque_entree_de_la_table_existe():
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    manquantes = [e for e in construction.fichiers_de_la_table(toc) if construction.source_de(e) is None]
    assert manquantes == []


def test_chaque_page_est_dans_la_table():
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    dans_la_table = {construction.source_de(e).relative_to(RACINE) for e in construction.fichiers_de_la_table(toc)}
    pages = {p.relative_to(RACINE) for p in [*(RACINE / "book").rglob("*.md"), *(RACINE / "book").rglob("*.ipynb"),
                                             *(RACINE / "notebooks").rglob("*.ipynb")]
             if ".ipynb_checkpoints" not in p.parts and not p.name.endswith(".nbval.ipynb")}
    # Hors du livre par choix : les dossiers de exclude_patterns (les quiz en direct pour JupyterLab).
    exclus = [m for m in yaml.safe_load((RACINE / "_config.yml").read_text(encoding="utf-8"))["exclude_patterns"]
              if "*" not in m]
    pages = {p for p in pages if not any(str(p).startswith(m.rstrip("/") + "/") for m in exclus)}
    assert sorted(map(str, pages - dans_la_table)) == []


def test_la_table_suit_le_cours():
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["root"] == "book/index"
    legendes = [p["caption"] for p in toc["parts"]]
    assert legendes[-1] == "Annexes"
    parties = [c for c in legendes if c.startswith("Partie ")]
    assert parties == sorted(parties), "les parties doivent être dans l'ordre des objectifs"


def test_notebooks_enregistres_sans_sorties():
    import nbformat

    for fichier in (RACINE / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(fichier, as_version=4)
        for cellule in nb.cells:
            if cellule.cell_type == "code":
                assert cellule.outputs == [] and cellule.execution_count is None, f"{fichier.name} a des sorties"
        assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{fichier.name} : noyau python3 attendu"


# Éléments qui chargent une ressource (par opposition aux simples liens <a>).
_CHARGEANTS = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href")]
_EXTERNE = re.compile(r"^(https?:)?//", re.I)


def references_externes(page: Path) -> list[str]:
    soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    trouvees = []
    for balise, attribut in _CHARGEANTS:
        for element in soupe.find_all(balise):
            valeur = element.get(attribut) or element.get("xlink:href") or ""
            if balise == "link" and not set(element.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload",
                                                                        "prefetch", "manifest"}:
                continue
            if _EXTERNE.match(valeur):
                trouvees.append(f"<{balise} {attribut}={valeur}>")
    for style in soupe.find_all("style"):
        trouvees += [f"url({u})" for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", style.text)]
        trouvees += [f"@import {u}" for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", style.text)]
    return trouvees


def test_aucune_page_ne_charge_de_ressource_d_un_autre_hote(livre):
    fautes = {}
    for page in pages_html(livre):
        externes = references_externes(page)
        if externes:
            fautes[str(page.relative_to(livre))] = externes
    for css in (livre / "_static").rglob("*.css"):
        texte = css.read_text(encoding="utf-8", errors="replace")
        externes = re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^)'\"\s]+)", texte)
        if externes:
            fautes[str(css.relative_to(livre))] = externes
    assert fautes == {}


def test_le_detecteur_d_hote_externe_fonctionne(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><script src="https://cdn.example.org/x.js"></script>'
                    '<link rel="stylesheet" href="//fonts.example.org/f.css"></head>'
                    '<body><a href="https://example.org">lien</a><img src="_images/a.png" alt="a"></body></html>')
    assert references_externes(page) == ["<script src=https://cdn.example.org/x.js>",
                                         "<link href=//fonts.example.org/f.css>"]


def test_pages_en_francais(livre):
    for page in pages_html(livre):
        texte = page.read_text(encoding="utf-8")
        if est_une_redirection(page):  # index.html racine : simple redirection
            continue
        assert '<html lang="fr"' in texte[:2000], page


# ---------------------------------------------------------------- pannes : le livre échoue en nommant le fichier

@pytest.mark.construction
def test_un_notebook_qui_leve_fait_echouer_la_construction(tmp_path):
    racine = livre_minimal(tmp_path, ENTETE + "# Essai\n\n```{code-cell} ipython3\nraise ValueError('panne')\n```\n")
    (racine / "_build" / "html").mkdir(parents=True)
    (racine / "_build" / "html" / "index.html").write_text("ancien livre")
    proc = construire_dans(racine)
    sortie = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "ÉCHEC" in sortie and "book/index.md" in sortie and "panne" in sortie
    assert not (racine / "_build" / "html").exists(), "un livre à moitié construit est resté"


@pytest.mark.construction
def test_un_livre_minimal_se_construit(tmp_path):
    racine = livre_minimal(tmp_path, ENTETE + "# Essai\n\n```{code-cell} ipython3\n1 + 1\n```\n")
    proc = construire_dans(racine)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    assert "2" in (racine / "_build" / "html" / "book" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fichier, contenu, attendu", [
    ("_config.yml", "title: [non fermé\n", "_config.yml n'est pas un YAML valide, ligne"),
    ("_toc.yml", "format: jb-book\nroot: book/index\nchapters:\n  - file: book/absente\n", "book/absente"),
    ("_toc.yml", "format: jb-book\nchapters: []\n", "« root »"),
])
def test_configuration_cassee_nomme_le_fichier(tmp_path, fichier, contenu, attendu):
    racine = livre_minimal(tmp_path, "# Essai\n")
    (racine / fichier).write_text(contenu, encoding="utf-8")
    (racine / "_build" / "html").mkdir(parents=True)
    proc = construire_dans(racine)
    assert proc.returncode != 0
    assert attendu in proc.stderr, proc.stderr
    assert not (racine / "_build" / "html").exists()


def test_tout_est_reconstruit_quand_le_paquet_change(tmp_path):
    racine = tmp_path / "depot"
    for dossier in ("cours_opendata/static", "data", "book/partie-1", "_build/.jupyter_cache", "_build/.doctrees",
                    "_build/html"):
        (racine / dossier).mkdir(parents=True)
    (racine / "cours_opendata" / "module.py").write_text("A = 1\n")
    (racine / "cours_opendata" / "static" / "quiz.js").write_text("// 1\n")
    (racine / "data" / "datapackage.json").write_text("{}")
    (racine / "book" / "partie-1" / "quiz.yml").write_text("partie: x\n")
    construction.vider_cache_si_perime(racine)
    (racine / "_build" / ".jupyter_cache").mkdir(exist_ok=True)
    assert construction.vider_cache_si_perime(racine) is False  # rien n'a changé
    # Une banque de quiz n'est pas une entrée des notebooks : Sphinx suit la dépendance page par page.
    (racine / "book" / "partie-1" / "quiz.yml").write_text("partie: y\n")
    assert construction.vider_cache_si_perime(racine) is False
    for fichier in ("cours_opendata/module.py", "cours_opendata/static/quiz.js", "data/datapackage.json"):
        (racine / "_build" / ".jupyter_cache").mkdir(exist_ok=True)
        (racine / fichier).write_text((racine / fichier).read_text() + "\n# changé\n")
        (racine / "_build" / "html").mkdir(exist_ok=True)
        assert construction.vider_cache_si_perime(racine) is True, fichier
        assert not (racine / "_build" / ".jupyter_cache").exists()
        assert not (racine / "_build" / "html").exists(), "le HTML périmé doit être reconstruit"


@pytest.mark.construction
def test_modifier_une_banque_ne_reecrit_que_ses_pages(tmp_path, banque_valide):
    """La directive {quiz} déclare la banque comme dépendance : seule la page qui l'affiche est réécrite,
    et aucun notebook n'est réexécuté."""
    banque_b = (banque_valide.replace("partie: partie-test", "partie: partie-b").replace("id: t-", "id: b-")
                .replace("objectif: t-", "objectif: b-"))
    racine = livre_minimal(tmp_path, ENTETE + "# Essai\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n", {
        "book/a.md": "# Page A\n\n```{quiz} partie-test s1\n```\n",
        "book/b.md": "# Page B\n\n```{quiz} partie-b s1\n```\n",
        "book/bilan.md": "# Bilan\n\n```{progression}\n```\n",
    })
    for partie, texte in (("partie-test", banque_valide), ("partie-b", banque_b)):
        (racine / "book" / partie).mkdir()
        (racine / "book" / partie / "quiz.yml").write_text(texte, encoding="utf-8")
    premiere = construire_dans(racine)
    assert premiere.returncode == 0, (premiere.stdout + premiere.stderr)[-4000:]
    html = racine / "_build" / "html" / "book"
    assert "42" in (html / "index.html").read_text(encoding="utf-8")
    fichier = racine / "book" / "partie-test" / "quiz.yml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("Quelle licence impose", "Quelle licence exige"),
                       encoding="utf-8")
    seconde = construire_dans(racine)
    sortie = seconde.stdout + seconde.stderr
    assert seconde.returncode == 0, sortie[-4000:]
    ecrites = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", sortie))
    # book/index : Sphinx réécrit aussi la page dont la table des matières contient la page relue.
    assert ecrites - {"book/index"} == {"book/a", "book/bilan"}, sortie[-3000:]
    assert "Quelle licence exige" in (html / "a.html").read_text(encoding="utf-8")
    assert "Executing" not in sortie and "executing" not in sortie.replace("execution", "")


def test_une_directive_quiz_qui_nomme_une_section_absente_fait_echouer(tmp_path, banque_valide):
    racine = livre_minimal(tmp_path, "# Essai\n\n```{quiz} partie-test licences\n```\n")
    (racine / "book" / "partie-test").mkdir()
    (racine / "book" / "partie-test" / "quiz.yml").write_text(banque_valide, encoding="utf-8")
    proc = construire_dans(racine)
    assert proc.returncode != 0
    assert "Aucune question de section « licences »" in proc.stdout + proc.stderr
    assert "Sections existantes : s1, s2" in proc.stdout + proc.stderr


def test_pages_durees_objectifs_tests_et_ateliers_dans_le_livre(livre):
    """Ce que les données produisent dans le livre construit : temps sous chaque titre, objectifs tirés des banques,
    formulaires complets, déroulés des ateliers."""
    from cours_opendata import quiz

    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    for entree in construction.fichiers_de_la_table(toc):
        page = BeautifulSoup((livre / f"{entree}.html").read_text(encoding="utf-8"), "html.parser")
        duree = page.select_one("p.duree-page")
        assert duree is not None and duree.get_text().startswith("Temps estimé"), entree
    for banque in quiz.toutes_les_banques(RACINE / "book"):
        page = BeautifulSoup((livre / "book" / banque.partie / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert [li["id"] for li in page.select(".objectifs li")] == [o.id for o in banque.objectifs]
        assert page.select_one(".duree-partie table") is not None
    for cle, evaluation in quiz.charger_evaluations(RACINE / "book").items():
        page = BeautifulSoup((livre / "book" / "evaluation" / f"{cle}.html").read_text(encoding="utf-8"), "html.parser")
        ids = [d["data-quiz-id"] for d in page.select("section.evaluation .quiz-question")]
        assert ids == [q.id for _, q in evaluation.questions], cle
        assert page.select("section.evaluation .quiz-solution[hidden]"), cle  # aucune réponse visible avant la fin
    guide = BeautifulSoup((livre / "book" / "guide-formateur.html").read_text(encoding="utf-8"), "html.parser")
    assert len([t for t in guide.select("table") if "Horaire" in t.get_text()]) == 2


@pytest.mark.construction
def test_un_test_qui_cite_une_question_absente_fait_echouer(tmp_path, banque_valide):
    racine = livre_minimal(tmp_path, "# Essai\n\n```{evaluation} pre-test\n```\n")
    (racine / "book" / "partie-test").mkdir()
    (racine / "book" / "partie-test" / "quiz.yml").write_text(banque_valide, encoding="utf-8")
    (racine / "book" / "evaluation").mkdir()
    (racine / "book" / "evaluation" / "evaluations.yml").write_text(
        "pre-test: [t-unique]\npost-test: [t-inconnue]\nfinale-decideurs: [t-vf]\nfinale-operationnels: [t-multiple]\n"
        "seuils: {finale-decideurs: 70, finale-operationnels: 70}\n", encoding="utf-8")
    proc = construire_dans(racine)
    sortie = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "evaluations.yml" in sortie and "« t-inconnue » : id inconnu" in sortie, sortie[-3000:]


def test_aucun_avertissement_affiche_dans_les_pages(livre):
    """Un avertissement d'une bibliothèque (stderr d'une cellule) ne doit pas s'afficher aux lecteurs."""
    for page in pages_html(livre):
        html = page.read_text(encoding="utf-8")
        assert 'class="output stderr' not in html, f"{page.relative_to(livre)} : sortie d'erreur affichée"


@pytest.mark.construction
def test_une_seule_adresse_de_feuille_meme_apres_une_construction_partielle(tmp_path):
    """Toutes les pages citent la feuille commune à la même adresse, qui porte l'empreinte de son contenu :
    sinon le navigateur la retélécharge (140 Ko) à chaque page réécrite lors d'une construction partielle."""
    import hashlib

    racine = livre_minimal(tmp_path, "# Accueil\n\nTexte.\n", {"book/a.md": "# Page A\n\nTexte.\n",
                                                               "book/b.md": "# Page B\n\nTexte.\n"})
    for essai in range(2):
        proc = construire_dans(racine)
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
        html = racine / "_build" / "html"
        feuille = (html / "_static" / "cours-site.css").read_bytes()
        attendu = f"cours-site.css?v={hashlib.sha256(feuille).hexdigest()[:10]}"
        for page in pages_html(html):
            if not est_une_redirection(page):
                liens = re.findall(r'cours-site\.css[^"]*', page.read_text(encoding="utf-8"))
                assert liens == [attendu], (essai, page.name, liens)
        (racine / "book" / "a.md").write_text("# Page A\n\nTexte modifié, avec un <kbd>élément</kbd> neuf.\n",
                                              encoding="utf-8")
