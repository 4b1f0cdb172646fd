"""Lighthouse sur quelques pages du livre construit (``make bench``) : des chiffres, pas de verdict.

Profil mobile de Lighthouse, 4G lente simulée (réglages par défaut), Chromium de Debian, site servi
sur 127.0.0.1. Lighthouse vient de ``outils/lighthouse`` (``make install-lighthouse``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import RACINE, banc

PAGES = ["book/index.html", "book/partie-1/licences.html", "notebooks/partie-2-inclusion-numerique.html"]
BINAIRE = Path(os.environ.get("LIGHTHOUSE", RACINE / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"))
DELAI = 180  # secondes par page : Lighthouse en met une vingtaine sur la machine de 2 cœurs
CATEGORIES = {"performance": "performance", "accessibility": "accessibilité",
              "best-practices": "bonnes pratiques", "seo": "SEO"}
# Les freins affichés. Le serveur local ne compresse pas (un hébergeur web, si) : la ligne « compression »
# dit ce que cela coûte ici, et donc de combien poids, LCP et performance sont plus lourds qu'en ligne.
FREINS = {"render-blocking-resources": "ressources qui bloquent le rendu",
          "unused-css-rules": "CSS inutilisée", "unused-javascript": "JavaScript inutilisé",
          "uses-text-compression": "compression gzip (si le serveur ne compresse pas)"}


class ErreurLighthouse(Exception):
    pass


@dataclass
class Audit:
    page: str
    scores: dict[str, int]  # catégorie Lighthouse → note sur 100
    lcp_s: float
    poids_octets: int
    requetes: int
    freins: dict[str, str] = field(default_factory=dict)  # libellé → économie estimée et fichiers en cause
    a_corriger: list[str] = field(default_factory=list)  # audits échoués des catégories visées à 100


def _nom(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[-1]


def _frein(audit: dict) -> str:
    """« −80 Ko (350 ms) estimés, 1 fichier : a.css 80 Ko » ; le blocage du rendu, lui, se compte en ms."""
    details = audit["details"]
    octets = "overallSavingsBytes" in details
    cle = "wastedBytes" if octets else "wastedMs"

    def montant(x: float) -> str:
        return f"{x / 1024:.0f} Ko" if octets else f"{x:.0f} ms"

    items = sorted(details["items"], key=lambda i: i.get(cle, 0), reverse=True)
    total = f"{montant(details['overallSavingsBytes'])} ({details['overallSavingsMs']:.0f} ms)" if octets \
        else montant(details["overallSavingsMs"])
    fichiers = ", ".join(f"{_nom(i['url'])} {montant(i[cle])}" for i in items[:3])
    return f"−{total} estimés, {len(items)} fichier(s) : {fichiers}{', …' if len(items) > 3 else ''}"


def lire_rapport(rapport: dict, page: str) -> Audit:
    """Les chiffres utiles d'un rapport JSON de Lighthouse."""
    audits = rapport["audits"]
    echoues = [f"{a['title']} ({CATEGORIES[c]})" for c in ("accessibility", "best-practices", "seo")
               for ref in rapport["categories"][c]["auditRefs"] if ref["weight"]
               for a in [audits[ref["id"]]] if a["score"] is not None and a["score"] < 1]
    # Comme le reste du banc : une data: URI (icône dans une CSS) n'est pas une requête réseau.
    requetes = [r for r in audits["network-requests"]["details"]["items"] if not r["url"].startswith("data:")]
    return Audit(
        page=page,
        scores={c: round(rapport["categories"][c]["score"] * 100) for c in CATEGORIES},
        lcp_s=audits["largest-contentful-paint"]["numericValue"] / 1000,
        poids_octets=int(audits["total-byte-weight"]["numericValue"]),
        requetes=len(requetes),
        freins={libelle: _frein(audits[cle]) for cle, libelle in FREINS.items()
                if audits.get(cle, {}).get("details", {}).get("items")},
        a_corriger=echoues,
    )


def auditer(url: str, page: str) -> Audit:
    """Lance Lighthouse sur ``url`` (au plus DELAI secondes) ; ErreurLighthouse en cas d'échec."""
    if not BINAIRE.exists():
        raise ErreurLighthouse(f"Lighthouse absent ({BINAIRE}) : lancez make install-lighthouse")
    drapeaux = " ".join("--headless=new" if a == "--headless" else a for a in banc.ARGS_CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        sortie = Path(tmp) / "rapport.json"
        commande = [str(BINAIRE), url, "--output=json", f"--output-path={sortie}", f"--chrome-flags={drapeaux}",
                    f"--only-categories={','.join(CATEGORIES)}", "--locale=fr", "--quiet"]
        try:
            proc = subprocess.Popen(commande, env={**os.environ, "CHROME_PATH": banc.CHROMIUM}, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as exc:  # node absent, par exemple
            raise ErreurLighthouse(f"Lighthouse ne démarre pas : {exc}") from None
        try:
            journal, _ = proc.communicate(timeout=DELAI)
        except subprocess.TimeoutExpired:
            _interrompre(proc)
            raise ErreurLighthouse(f"Lighthouse n'a pas fini en {DELAI} s") from None
        if proc.returncode or not sortie.exists():
            derniere = (journal.strip().splitlines() or ["sans message"])[-1]
            raise ErreurLighthouse(f"Lighthouse a échoué (code {proc.returncode}) : {derniere}")
        try:
            rapport = json.loads(sortie.read_text(encoding="utf-8"))
            if rapport.get("runtimeError"):
                raise ErreurLighthouse(f"la page n'a pas pu être chargée : {rapport['runtimeError']['message']}")
            return lire_rapport(rapport, page)
        except (ValueError, KeyError, TypeError) as exc:  # audit en erreur : note ou valeur manquante
            raise ErreurLighthouse(f"rapport de Lighthouse illisible ({type(exc).__name__} : {exc})") from None


def _interrompre(proc: subprocess.Popen) -> None:
    # Chromium est lancé détaché par Lighthouse : SIGINT lui laisse le temps de le fermer, puis on tue
    # le groupe de processus de Lighthouse s'il traîne.
    proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def afficher(html: Path, ligne: Callable[[str, str], None], pages: list[str] = PAGES,
             compression: bool = False) -> None:
    """Sert ``html`` sur 127.0.0.1 (textes en gzip si ``compression``) et affiche, page par page, les chiffres
    de Lighthouse et l'objectif."""
    url, serveur = banc.servir(html, compression=compression)
    try:
        for page in pages:
            print(f" {page}")
            try:
                audit = auditer(f"{url}/{page}", page)
            except ErreurLighthouse as exc:
                ligne("mesure sautée", str(exc))
                continue
            for cle, libelle in CATEGORIES.items():
                objectif = 95 if cle == "performance" else 100
                note = audit.scores[cle]
                ligne(f"{libelle} (objectif {'≥ ' if objectif < 100 else ''}{objectif})",
                      f"{note:3d}{'' if note >= objectif else '  ← en dessous'}")
            lcp = f"{audit.lcp_s:.2f}".replace(".", ",")
            ligne("Largest Contentful Paint (objectif ≤ 2,5 s)",
                  f"{lcp} s{'' if audit.lcp_s <= 2.5 else '  ← au-dessus'}")
            ligne("poids transféré · requêtes", f"{audit.poids_octets / 1024:.0f} Ko · {audit.requetes} requêtes")
            for libelle, frein in audit.freins.items():
                ligne(libelle, frein)
            for titre in audit.a_corriger:
                ligne("à corriger", titre)
    finally:
        banc.arreter(serveur)
