"""Fixtures partagées : le livre construit, un serveur local, Chromium piloté par Playwright, la banque d'essai.

Les outils eux-mêmes (serveur, Chromium, construction, livre d'essai) sont dans ``cours_opendata.banc``,
que ``make bench`` utilise aussi.

``make test`` répartit les tests entre plusieurs processus (pytest-xdist) : les tests d'un même fichier
restent ensemble (ils partagent ses fixtures : salle, JupyterLab, petit livre), sauf ceux de
``TESTS_REPARTIS`` ; ce qui touche au dépôt (livre construit, copie ZIP) n'est fait qu'une fois pour tous
les processus (:func:`une_seule_fois`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from filelock import FileLock

from cours_opendata import banc
from cours_opendata.noyaux import chiffrer_les_noyaux

RACINE = Path(__file__).resolve().parent.parent
HTML = RACINE / "_build" / "html"
BANQUE_ESSAI = Path(__file__).parent / "banque_essai.yml"

# Libellés d'interface anglais connus (thèmes sphinx-book-theme / pydata-sphinx-theme, Jupyter Book,
# myst-nb) : un texte ou un attribut qui vaut exactement l'un d'eux est une traduction manquante.
ANGLAIS_EXACTS = {
    "Repository", "Source repository", "Source repositories", "Open issue", "Open an issue",
    "open issue", "Suggest edit", "suggest edit", "Edit this page", "Show source",
    "Launch", "Launch interactive content", "Launch Thebe", "Live Code", "Binder logo",
    "Download this page", "Download notebook file", "Download source file", "Print to PDF",
    "Fullscreen mode", "Toggle primary sidebar", "Toggle secondary sidebar", "Toggle navigation",
    "Main", "Contents", "Search", "Search this book...", "Search the docs ...", "Search...",
    "Skip to main content", "Back to top", "On this page", "Section Navigation", "Site navigation",
    "next page", "previous page", "Last updated on", "By", "Theme by the", "Color mode",
    "Light", "Dark", "System Settings", "Click to show", "Click to hide",
}
# Libellés anglais construits par concaténation (« Launch on Binder ») ou avec une variable.
ANGLAIS_DEBUTS = ("Launch on ", "Launch via ", "Show code cell", "Hide code cell", "Last updated on ")
ATTRIBUTS = {"aria-label", "title", "alt", "placeholder", "data-bs-title"}

chiffrer_les_noyaux()  # nbval lance ses noyaux dans ce processus


#: Tests dont chaque paramètre part seul vers un processus (les autres restent groupés par fichier).
TESTS_REPARTIS = ("tests/test_site.py::test_chaque_page_dans_chromium[",)
#: Fichiers qui partagent une fixture de session coûteuse (le petit livre des quiz) : sur le même processus.
MEMES_PROCESSUS = {"tests/test_evaluation_navigateur.py": "tests/test_quiz_navigateur.py"}
#: Les plus longs, lancés d'abord : sinon l'un d'eux finit seul, en fin de suite, pendant que les autres attendent.
LES_PLUS_LONGS = ("tests/test_salle_hub.py", "tests/test_site.py::test_chaque_page_dans_chromium",
                  "tests/test_jupyterlab_navigateur.py", "tests/test_modeles.py", "tests/test_quiz_navigateur.py")


@pytest.hookimpl(tryfirst=True)  # avant le choix par défaut de pytest-xdist
def pytest_xdist_make_scheduler(config, log):
    """Répartition par fichier (ses fixtures de module ne se montent qu'une fois), les plus longs d'abord.

    ``--dist loadgroup`` ne marche pas ici : pytest-xdist 3.8 renomme les tests par ``item._nodeid``, que pytest 9
    ne lit plus."""
    from xdist.scheduler import LoadScopeScheduling

    class ParFichierLesPlusLongsDAbord(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(TESTS_REPARTIS):
                return nodeid
            fichier = nodeid.split("::", 1)[0]
            return MEMES_PROCESSUS.get(fichier, fichier)

        def _assign_work_unit(self, node) -> None:
            for prefixe in LES_PLUS_LONGS:
                unite = next((u for u in self.workqueue if u.startswith(prefixe)), None)
                if unite is not None:
                    self.workqueue.move_to_end(unite, last=False)
                    break
            super()._assign_work_unit(node)

    return ParFichierLesPlusLongsDAbord(config, log)


def une_seule_fois(nom: str, tmp_path_factory, faire) -> dict:
    """``faire()`` (qui renvoie un dict JSON) n'est exécuté qu'une fois par lancement de pytest, même réparti
    entre plusieurs processus : le premier le fait sous un verrou, les autres attendent et relisent son résultat
    (un échec compris, sans tout refaire)."""
    commun = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        commun = commun.parent  # …/pytest-N/popen-gw0 : le parent est commun aux processus de ce lancement
    resultat = commun / f"{nom}.json"
    with FileLock(str(resultat) + ".verrou"):
        if not resultat.is_file():
            resultat.write_text(json.dumps(faire()), encoding="utf-8")
        return json.loads(resultat.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def banque_valide() -> str:
    """Le texte d'une banque d'essai valide : une question de chaque type."""
    return BANQUE_ESSAI.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def livre(tmp_path_factory) -> Path:
    """Le livre construit en mode strict (une fois par lancement de la suite)."""
    def construire():
        proc = banc.construire(RACINE)
        return {"code": proc.returncode, "sortie": (proc.stdout + proc.stderr)[-8000:]}

    construction = une_seule_fois("livre", tmp_path_factory, construire)
    assert construction["code"] == 0, "La construction stricte a échoué :\n" + construction["sortie"]
    assert (HTML / "index.html").is_file()
    return HTML


@pytest.fixture(scope="session")
def copie_hors_ligne(livre, tmp_path_factory) -> Path:
    """La copie hors ligne du site (``make zip``), décompressée : à ouvrir depuis le disque."""
    import subprocess
    import sys
    import zipfile

    def archiver():
        proc = subprocess.run([sys.executable, "-m", "cours_opendata.archive"], cwd=RACINE, capture_output=True, text=True)
        return {"code": proc.returncode, "sortie": proc.stdout + proc.stderr}

    archivage = une_seule_fois("copie-hors-ligne", tmp_path_factory, archiver)
    assert archivage["code"] == 0, archivage["sortie"]
    archive = RACINE / "_build" / "cours-opendata-maroc.zip"
    assert archive.is_file()
    cible = tmp_path_factory.mktemp("hors-ligne")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(cible)
    return cible / "cours-opendata-maroc"


@pytest.fixture(scope="session")
def servir():
    """Fabrique de serveurs HTTP locaux (127.0.0.1) ; renvoie l'URL de base."""
    serveurs = []

    def servir_dossier(dossier: Path) -> str:
        url, serveur = banc.servir(dossier)
        serveurs.append(serveur)
        return url

    yield servir_dossier
    for s in serveurs:
        banc.arreter(s)


@pytest.fixture(scope="session")
def navigateur():
    from playwright import sync_api as playwright  # absent : échec, pas de saut silencieux

    if not Path(banc.CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({banc.CHROMIUM}) : lancez `make test`, qui l'installe.")
    with playwright.sync_playwright() as p:
        nav = banc.lancer_chromium(p)
        yield nav
        nav.close()


@pytest.fixture
def contexte(navigateur):
    ctx = navigateur.new_context(locale="fr-FR")
    yield ctx
    ctx.close()


EVALUATIONS_ESSAI = """\
pre-test: [t-unique]
post-test: [t-num]
finale-decideurs: [t-unique, t-vf, t-num]
finale-operationnels: [t-unique, t-multiple, t-num]
seuils: {finale-decideurs: 60, finale-operationnels: 60}
"""


@pytest.fixture(scope="session")
def site_quiz(tmp_path_factory, servir, banque_valide):
    """Un petit livre d'essai : la banque d'essai (avec du HTML piégé), ses tests, la page de bilan."""
    piege = banque_valide.replace('enonce: "Quelle licence impose', 'enonce: "<img src=x onerror=alert(1)> Quelle licence impose')
    pages = {"book/progression.md": "# Ma progression\n\n```{progression}\n```\n"}
    for forme in ("pre-test", "post-test", "finale-decideurs", "finale-operationnels"):
        pages[f"book/evaluation/{forme}.md"] = f"# Test {forme}\n\n```{{evaluation}} {forme}\n```\n"
    racine = banc.livre_minimal(tmp_path_factory.mktemp("livre-quiz"), "# Quiz d'essai\n\n```{quiz} partie-test\n```\n", pages)
    (racine / "book" / "partie-test").mkdir()
    (racine / "book" / "partie-test" / "quiz.yml").write_text(piege, encoding="utf-8")
    (racine / "book" / "evaluation" / "evaluations.yml").write_text(EVALUATIONS_ESSAI, encoding="utf-8")
    proc = banc.construire(racine)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return servir(racine / "_build" / "html") + "/book/"


@pytest.fixture(scope="session")
def site_kit(tmp_path_factory, servir):
    """Un petit livre d'essai avec le calculateur du coût d'ouverture et la fiche de décision."""
    racine = banc.livre_minimal(tmp_path_factory.mktemp("livre-kit"), "# Calculateur\n\n```{calculateur-couts}\n```\n",
                                {"book/fiche.md": "# Fiche\n\n```{fiche-de-decision}\n```\n"})
    proc = banc.construire(racine)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return servir(racine / "_build" / "html") + "/book/"


#: Script d'initialisation qui rend localStorage inaccessible (navigation privée, poste verrouillé).
REFUSER_LE_STOCKAGE = """
    Object.defineProperty(window, 'localStorage', { configurable: true,
        get() { throw new DOMException('refusé', 'SecurityError'); } });
"""


def ouvrir(contexte, url):
    """Une page ouverte sur ``url`` ; la liste renvoyée reçoit ses erreurs JavaScript et ses dialogues (acceptés).
    ``window.print`` est remplacé par un compteur (``window.__impressions``)."""
    page = contexte.new_page()
    erreurs = []
    page.on("pageerror", lambda e: erreurs.append(f"{e} @ {e.stack}"))
    page.on("dialog", lambda d: (erreurs.append("dialogue : " + d.message), d.accept()))
    page.add_init_script("window.__impressions = 0; window.print = function () { window.__impressions++; };")
    page.goto(url)
    page.wait_for_load_state("load")
    return page, erreurs
