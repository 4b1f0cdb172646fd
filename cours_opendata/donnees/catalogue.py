"""Lecture du catalogue ``data/datapackage.json`` : descripteurs des ressources et résumé."""

from __future__ import annotations

import difflib
import json
import os
from functools import lru_cache
from pathlib import Path

from .. import RACINE
from .erreurs import CatalogueInvalide, RessourceInconnue

CATALOGUE_PAR_DEFAUT = RACINE / "data" / "datapackage.json"

# Formats lus en DataFrame ; les autres sont rendus comme chemin vers le fichier vérifié.
FORMATS_TABULAIRES = {"csv", "tsv"}
FORMATS_BINAIRES = {"xlsx", "parquet", "zip"}


def fichier_catalogue() -> Path:
    return Path(os.environ.get("COURS_DATA_CATALOGUE", CATALOGUE_PAR_DEFAUT))


def _version() -> tuple[str, int, int]:
    """Clé des caches : le catalogue relu dès que le fichier change (date ou taille)."""
    chemin = fichier_catalogue()
    try:
        etat = chemin.stat()
    except OSError:
        return str(chemin), 0, 0
    return str(chemin), etat.st_mtime_ns, etat.st_size


@lru_cache(maxsize=4)
def _lire_catalogue(chemin: str, _mtime: int, _taille: int) -> dict:
    try:
        texte = Path(chemin).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueInvalide(
            f"Le catalogue de données {chemin} est introuvable. "
            "Que faire : lancez les commandes depuis la racine du dépôt, ou restaurez "
            "data/datapackage.json (git checkout data/datapackage.json)."
        ) from None
    try:
        descripteur = json.loads(texte)
    except json.JSONDecodeError as exc:
        raise CatalogueInvalide(
            f"Le catalogue {chemin} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno} : "
            f"{exc.msg}). Que faire : corrigez le fichier à cet endroit."
        ) from None
    ressources = descripteur.get("resources")
    if not isinstance(ressources, list) or not ressources:
        raise CatalogueInvalide(f"Le catalogue {chemin} ne contient aucune ressource (clé « resources »).")
    return descripteur


@lru_cache(maxsize=4)
def _index(*version) -> dict[str, dict]:
    """Nom → descripteur, construit une fois par version du catalogue (la première l'emporte)."""
    index: dict[str, dict] = {}
    for r in _lire_catalogue(*version)["resources"]:
        index.setdefault(r["name"], r)
    return index


def catalogue_brut() -> dict:
    """Le descripteur complet du Data Package."""
    return _lire_catalogue(*_version())


def noms() -> list[str]:
    """Les noms de toutes les ressources, dans l'ordre du catalogue."""
    return [r["name"] for r in catalogue_brut()["resources"]]


def ressource(nom: str) -> dict:
    """Le descripteur d'une ressource ; erreur claire (avec les noms proches) si elle n'existe pas."""
    index = _index(*_version())
    if nom in index:
        return index[nom]
    proches = difflib.get_close_matches(str(nom), list(index), n=3, cutoff=0.4)
    suggestion = (" Vouliez-vous dire : " + ", ".join(f"« {p} »" for p in proches) + " ?") if proches else ""
    raise RessourceInconnue(
        f"La ressource « {nom} » n'existe pas dans le catalogue {fichier_catalogue().name}.{suggestion} "
        "Que faire : vérifiez l'orthographe, ou affichez la liste avec cours_opendata.donnees.noms()."
    )


def verifier_descripteur(desc: dict) -> None:
    """Erreur si la ressource n'a pas de quoi être téléchargée et vérifiée (empreinte, URL)."""
    nom = desc.get("name", "?")
    empreinte = desc.get("hash", "")
    if not empreinte.startswith("sha256:") or len(empreinte) != len("sha256:") + 64:
        raise CatalogueInvalide(
            f"La ressource « {nom} » n'a pas d'empreinte sha256 valide dans le catalogue "
            f"(clé « hash » : {empreinte!r}). Que faire : ajoutez \"hash\": \"sha256:<64 caractères>\"."
        )
    if not desc.get("path"):
        raise CatalogueInvalide(f"La ressource « {nom} » n'a pas d'URL amont (clé « path »).")


@lru_cache(maxsize=4)
def _resume(*version):
    import pandas as pd

    lignes = []
    for r in _lire_catalogue(*version)["resources"]:
        couverture = r.get("couverture_temporelle") or {}
        lignes.append({
            "nom": r["name"],
            "titre": r.get("title", ""),
            "editeur": r.get("editeur", ""),
            "licence": ", ".join(lic.get("name", "") for lic in r.get("licenses", [])),
            "format": r.get("format", ""),
            "debut": couverture.get("debut", ""),
            "fin": couverture.get("fin", ""),
            "lignes": r.get("lignes"),
            "parties": r.get("parties", []),
        })
    return pd.DataFrame(lignes)


def catalogue():
    """Résumé du catalogue en DataFrame : nom, titre, éditeur, licence, format, années, lignes."""
    # Calculé une fois par version du catalogue ; copie, pour que le lecteur puisse la modifier.
    return _resume(*_version()).copy()
