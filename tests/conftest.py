"""Fixtures partagées : le livre construit, un serveur local, Chromium piloté par Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
HTML = RACINE / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS_CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def construire(racine: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cours_opendata.construction"], cwd=racine,
                          capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


@pytest.fixture(scope="session")
def livre() -> Path:
    """Le livre construit en mode strict (une fois par session de tests)."""
    proc = construire(RACINE)
    assert proc.returncode == 0, "La construction stricte a échoué :\n" + (proc.stdout + proc.stderr)[-8000:]
    assert (HTML / "index.html").is_file()
    return HTML


@pytest.fixture(scope="session")
def servir():
    """Fabrique de serveurs HTTP locaux (127.0.0.1) ; renvoie l'URL de base."""
    from cours_opendata.mesures import servir as demarrer

    serveurs = []

    def servir_dossier(dossier: Path) -> str:
        url, serveur = demarrer(dossier)
        serveurs.append(serveur)
        return url

    yield servir_dossier
    for s in serveurs:
        s.shutdown()


@pytest.fixture(scope="session")
def navigateur():
    from playwright import sync_api as playwright  # absent : échec, pas de saut silencieux

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez `make test`, qui l'installe.")
    with playwright.sync_playwright() as p:
        nav = p.chromium.launch(executable_path=CHROMIUM, args=ARGS_CHROMIUM)
        yield nav
        nav.close()


@pytest.fixture
def contexte(navigateur):
    ctx = navigateur.new_context(locale="fr-FR")
    yield ctx
    ctx.close()
