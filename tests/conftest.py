"""Fixtures partagées : le livre construit, un serveur local, Chromium piloté par Playwright, la banque d'essai.

Les outils eux-mêmes (serveur, Chromium, construction, livre d'essai) sont dans ``cours_opendata.banc``,
que ``make bench`` utilise aussi.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cours_opendata import banc
from cours_opendata.noyaux import chiffrer_les_noyaux

RACINE = Path(__file__).resolve().parent.parent
HTML = RACINE / "_build" / "html"
BANQUE_ESSAI = Path(__file__).parent / "banque_essai.yml"

chiffrer_les_noyaux()  # nbval lance ses noyaux dans ce processus


@pytest.fixture(scope="session")
def banque_valide() -> str:
    """Le texte d'une banque d'essai valide : une question de chaque type."""
    return BANQUE_ESSAI.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def livre() -> Path:
    """Le livre construit en mode strict (une fois par session de tests)."""
    proc = banc.construire(RACINE)
    assert proc.returncode == 0, "La construction stricte a échoué :\n" + (proc.stdout + proc.stderr)[-8000:]
    assert (HTML / "index.html").is_file()
    return HTML


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
