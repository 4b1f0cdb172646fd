"""Construction stricte du livre : ``python -m cours_opendata.construction`` (appelé par ``make book``).

1. vérifie ``_config.yml`` et ``_toc.yml`` (YAML lisible, fichiers de la table présents) ;
2. repart de zéro (cache d'exécution, environnement Sphinx, HTML) si le paquet partagé ou le catalogue
   de données a changé : le cache de Jupyter Book ne suit que le code des notebooks, Sphinx ne relit que
   les pages modifiées, et une sortie périmée ne doit jamais être publiée. Les banques de quiz n'en font
   pas partie : la directive ``{quiz}`` les déclare comme dépendances des pages qui les affichent, et
   Sphinx ne réécrit que ces pages ;
3. lance ``jupyter-book build . -W -n --keep-going`` ;
4. construit chaque traduction à côté (``_build/html/ar``, :mod:`.traduction`), aussi en mode strict,
   avec les sorties de notebooks du livre français, dès que celui-ci a lu ses pages ;
5. en cas d'échec, supprime ``_build/html`` : rien de à moitié construit ne ressemble à un bon livre.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import RACINE, traduction


class ErreurConstruction(Exception):
    pass


def _lire_yaml(fichier: Path) -> dict:
    try:
        contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErreurConstruction(f"Fichier manquant : {fichier.name}. Que faire : restaurez-le "
                                 f"(git checkout {fichier.name}).") from None
    except yaml.YAMLError as exc:
        pos = getattr(exc, "problem_mark", None)
        ou = f", ligne {pos.line + 1}, colonne {pos.column + 1}" if pos else ""
        raise ErreurConstruction(f"{fichier.name} n'est pas un YAML valide{ou} : "
                                 f"{getattr(exc, 'problem', exc)}. Que faire : corrigez l'indentation "
                                 "ou les guillemets à cet endroit.") from None
    if not isinstance(contenu, dict):
        raise ErreurConstruction(f"{fichier.name} doit contenir un dictionnaire YAML (clé: valeur).")
    return contenu


def fichiers_de_la_table(toc: dict) -> list[str]:
    """Toutes les entrées ``file`` de ``_toc.yml`` (racine comprise), sans extension."""
    trouves = [toc["root"]] if "root" in toc else []

    def parcourir(noeud):
        if isinstance(noeud, dict):
            if "file" in noeud:
                trouves.append(noeud["file"])
            for valeur in noeud.values():
                parcourir(valeur)
        elif isinstance(noeud, list):
            for element in noeud:
                parcourir(element)

    parcourir({k: v for k, v in toc.items() if k != "root"})
    return trouves


def source_de(entree: str, racine: Path = RACINE) -> Path | None:
    for suffixe in (".md", ".ipynb"):
        candidat = racine / f"{entree}{suffixe}"
        if candidat.is_file():
            return candidat
    return None


def verifier_configuration(racine: Path = RACINE) -> None:
    config = _lire_yaml(racine / "_config.yml")
    if (config.get("sphinx", {}).get("config", {}) or {}).get("language") != "fr":
        raise ErreurConstruction("_config.yml : « language: fr » doit figurer sous « sphinx: config: ».")
    toc = _lire_yaml(racine / "_toc.yml")
    if "root" not in toc:
        raise ErreurConstruction("_toc.yml : la clé « root » (page d'accueil) manque.")
    manquants = [e for e in fichiers_de_la_table(toc) if source_de(e, racine) is None]
    if manquants:
        raise ErreurConstruction("_toc.yml cite des pages qui n'existent pas : " + ", ".join(manquants)
                                 + ". Que faire : créez ces fichiers (.md ou .ipynb) ou retirez-les de la table.")


def empreinte_des_entrees(racine: Path = RACINE) -> str:
    """Empreinte de ce dont dépendent les sorties des notebooks sans que le cache le sache."""
    h = hashlib.sha256()
    fichiers = sorted([*(racine / "cours_opendata").rglob("*"), racine / "data" / "datapackage.json"])
    for f in fichiers:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(racine)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def vider_cache_si_perime(racine: Path = RACINE) -> bool:
    build = racine / "_build"
    fichier = build / ".empreinte-entrees"
    actuelle = empreinte_des_entrees(racine)
    ancienne = fichier.read_text().strip() if fichier.exists() else None
    vide = False
    if ancienne != actuelle:
        # Sphinx ne relit que les pages modifiées et ne recopie les fichiers statiques que s'il
        # réécrit une page : on repart donc de zéro (cache d'exécution, environnement, HTML).
        anciens = [build / n for n in (".jupyter_cache", ".doctrees", "html", *(f".doctrees-{code}" for code in
                   traduction.TRADUCTIONS)) if (build / n).exists()]
        if (build / ".jupyter_cache").exists():
            print("Le paquet partagé ou le catalogue de données a changé : "
                  "reconstruction complète, les notebooks seront réexécutés.")
            vide = True
        for dossier in anciens:
            shutil.rmtree(dossier)
    build.mkdir(exist_ok=True)
    fichier.write_text(actuelle + "\n")
    return vide


_AVERTISSEMENT = re.compile(r"^(?P<fichier>/?[^\s:]+?\.(?:md|ipynb|yml|py))(?::\d+)?: (WARNING|ERROR|CRITICAL)", re.M)


# Sphinx écrit les pages une fois tous les documents lus : les notebooks sont alors exécutés et en cache.
_ECRITURE_COMMENCEE = re.compile(r"^(pickling environment|no targets are out of date)")  # fin de la lecture


def _sans_couleurs(texte: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", texte)


def _construire_les_deux_langues(racine: Path, commande: list[str]) -> tuple[int, str]:
    """Le livre français, puis chaque traduction (un processus par langue : docutils et Sphinx gardent des
    registres globaux). Une traduction démarre dès que le livre français a fini de lire ses pages : les
    sorties des notebooks sont en cache, et elle se lit sur le second cœur pendant que le français s'écrit.
    Renvoie (code, journal) ; le journal de chaque traduction suit celui du français."""
    langues = traduction.traductions_du_livre(racine)
    francais = subprocess.Popen(commande, cwd=racine, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    traductions: dict[str, tuple[subprocess.Popen, object]] = {}

    def lancer_les_traductions() -> None:
        for langue in langues:
            journal = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (fermé après le processus)
            traductions[langue] = (subprocess.Popen([sys.executable, "-m", "cours_opendata.traduction", "construire",
                                                     langue], cwd=racine, stdout=journal, stderr=subprocess.STDOUT,
                                                    text=True), journal)

    lignes = []
    for ligne in francais.stdout:
        lignes.append(ligne)
        if not traductions and _ECRITURE_COMMENCEE.match(_sans_couleurs(ligne)):
            lancer_les_traductions()
    code = francais.wait()
    sortie = _sans_couleurs("".join(lignes))
    print(sortie[-200_000:])  # sans les avertissements des noyaux, la sortie reste courte
    if code == 0 and not traductions:
        lancer_les_traductions()
    for langue, (processus, journal) in traductions.items():
        if code != 0:
            processus.kill()
        retour = processus.wait()
        journal.seek(0)
        texte = _sans_couleurs(journal.read())
        journal.close()
        if code == 0:
            print(f"{traduction.MARQUE_DE_SORTIE}{langue}\n{texte[-200_000:]}")
            sortie, code = texte, retour
    return code, sortie


def construire(racine: Path = RACINE, options: list[str] | None = None) -> int:
    debut = time.perf_counter()
    try:
        verifier_configuration(racine)
    except ErreurConstruction as exc:
        print(f"Construction impossible : {exc}", file=sys.stderr)
        shutil.rmtree(racine / "_build" / "html", ignore_errors=True)
        return 2
    vider_cache_si_perime(racine)
    commande = ["jupyter-book", "build", str(racine), "-W", "-n", "--keep-going", *(options or [])]
    executable = Path(sys.executable).parent / "jupyter-book"
    if executable.exists():
        commande[0] = str(executable)
    code, sortie = _construire_les_deux_langues(racine, commande)
    if code != 0:
        fichiers = sorted({m.group("fichier") for m in _AVERTISSEMENT.finditer(sortie)})
        shutil.rmtree(racine / "_build" / "html", ignore_errors=True)
        print("\nÉCHEC de la construction du livre (mode strict : tout avertissement est une erreur).",
              file=sys.stderr)
        if fichiers:
            print("Fichiers en cause : " + ", ".join(fichiers), file=sys.stderr)
        print("Le dossier _build/html a été supprimé pour qu'aucun livre incomplet ne soit publié. "
              "Que faire : corrigez les avertissements ci-dessus, puis relancez `make book`.", file=sys.stderr)
        return code or 1
    print(f"Livre construit en {time.perf_counter() - debut:.1f} s : ouvrez _build/html/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(construire(options=sys.argv[1:]))
