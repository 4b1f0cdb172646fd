"""Le banc d'essai commun aux tests (``tests/``) et aux mesures (``make bench``).

Un serveur HTTP local (127.0.0.1, port libre), le chemin et les options de Chromium, la construction
d'un livre dans un sous-processus, un petit livre d'essai et la liste des pages HTML d'un site.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import yaml

from . import RACINE

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Sans les options « background-networking », Chromium tente de joindre des hôtes que le réseau refuse.
ARGS_CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        # Un navigateur qui ferme la connexion en cours de réponse n'est pas une erreur à afficher.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


class _Compresse(_Silencieux):
    """Comme un hébergeur de site statique (nginx, GitHub Pages, le serveur de la salle) : textes en gzip."""

    TEXTES = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml"}

    def do_GET(self):
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            chemin = chemin / "index.html"
        if (chemin.suffix not in self.TEXTES or not chemin.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        corps = gzip.compress(chemin.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(chemin)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(corps)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(corps)


class _Serveur(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            super().handle_error(request, client_address)


def servir(dossier: Path, compression: bool = False) -> tuple[str, socketserver.TCPServer]:
    """Sert ``dossier`` sur 127.0.0.1 (port libre) ; renvoie (URL de base, serveur à arrêter).
    ``compression`` : textes envoyés en gzip, comme le ferait un hébergeur réel."""
    gestionnaire = _Compresse if compression else _Silencieux
    serveur = _Serveur(("127.0.0.1", 0), functools.partial(gestionnaire, directory=str(dossier)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{serveur.server_address[1]}", serveur


def arreter(serveur: socketserver.TCPServer) -> None:
    serveur.shutdown()
    serveur.server_close()


def lancer_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS_CHROMIUM)


def construire(racine: Path, langues: str | None = None) -> subprocess.CompletedProcess:
    """``make book`` sur le livre de ``racine``, dans un sous-processus (sortie capturée) ; ``langues="fr"`` :
    le livre français seul."""
    code = ("import sys; from pathlib import Path; from cours_opendata import construction; "
            f"sys.exit(construction.construire(Path({str(racine)!r})))")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"COURS_LANGUES": langues} if langues is not None else {})}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=racine, env=env)


def pages_html(dossier: Path, langue: str = "fr") -> list[Path]:
    """Les pages d'un site construit dans ``langue`` (sans les fichiers statiques, les sources, ni les pages
    des autres langues)."""
    from .traduction import pages_de_la_langue

    return pages_de_la_langue(Path(dossier), langue)


def est_une_redirection(page: Path) -> bool:
    return page.read_text(encoding="utf-8").startswith('<meta http-equiv="Refresh"')


ENTETE_NOTEBOOK = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def livre_minimal(dossier: Path, page_index: str, pages: dict[str, str] | None = None) -> Path:
    """Un livre d'essai avec la configuration du cours : ``book/index.md`` et d'autres pages facultatives
    (``{"book/progression.md": "…"}``, ajoutées à la table des matières)."""
    racine = Path(dossier) / "livre"
    (racine / "book").mkdir(parents=True)
    config = yaml.safe_load((RACINE / "_config.yml").read_text(encoding="utf-8"))
    config["bibtex_bibfiles"] = ["book/references.bib"]
    (racine / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # Ce que _config.yml cite, et les champs de la fiche de décision (directive {fiche-de-decision}).
    for nom in ("book/references.bib", "book/_static/favicon.svg", "book/decider/fiche-de-decision.yml"):
        (racine / nom).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(RACINE / nom, racine / nom)
    (racine / "book" / "index.md").write_text(page_index, encoding="utf-8")
    toc = "format: jb-book\nroot: book/index\n"
    if pages:
        toc += "chapters:\n" + "".join(f"  - file: {Path(nom).with_suffix('')}\n" for nom in pages)
        for nom, texte in pages.items():
            (racine / nom).parent.mkdir(parents=True, exist_ok=True)
            (racine / nom).write_text(texte, encoding="utf-8")
    (racine / "_toc.yml").write_text(toc, encoding="utf-8")
    return racine


def csv_desordonne(chemin: Path, lignes: int) -> Path:
    """Un gros export « à la française » pour mesurer le diagnostic : Windows-1252, point-virgule, virgule
    décimale, dates jj/mm/aaaa, codes « - » et « N/A », anciennes régions. Aucune personne réelle."""
    import numpy as np
    import pandas as pd

    hasard = np.random.default_rng(1)
    regions = np.array(["Grand Casablanca", "Doukkala-Abda", "Casablanca-Settat", "Fès-Meknès", "Souss-Massa"])
    table = pd.DataFrame({
        "identifiant": np.arange(lignes).astype(str),
        "region": regions[hasard.integers(0, 5, lignes)],
        "commune": np.char.add("Commune ", hasard.integers(1, 1500, lignes).astype(str)),
        "date": (pd.Timestamp("2015-01-01") + pd.to_timedelta(hasard.integers(0, 3000, lignes), unit="D")
                 ).strftime("%d/%m/%Y"),
        "montant": pd.Series(np.round(hasard.gamma(2, 5000, lignes), 2)).map("{:.2f}".format).str.replace(".", ","),
        "effectif": hasard.integers(0, 500, lignes),
        "taux": pd.Series(np.round(hasard.random(lignes), 4)).astype(str).str.replace(".", ","),
        "categorie": np.array(["A", "B", "C", "-"])[hasard.integers(0, 4, lignes)],
        "observation": np.array(["", "conforme", "à revoir", "N/A"])[hasard.integers(0, 4, lignes)],
    })
    table.to_csv(chemin, sep=";", index=False, encoding="cp1252")
    return chemin
