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

# Les messages du module json sont en anglais : traduits ici, les autres deviennent « JSON mal formé ».
MESSAGES_JSON = {
    "Expecting value": "valeur attendue (virgule en trop, ou valeur manquante ?)",
    "Expecting property name enclosed in double quotes":
        "nom de clé entre guillemets droits \" attendu (virgule en trop avant « } », ou apostrophes ?)",
    "Expecting ':' delimiter": "deux-points attendu après le nom de la clé",
    "Expecting ',' delimiter": "virgule attendue entre deux éléments",
    "Unterminated string starting at": "texte entre guillemets jamais refermé",
    "Invalid control character at": "caractère de contrôle (tabulation, retour à la ligne) dans un texte",
    "Invalid \\escape": "barre oblique inverse \\ isolée (écrire \\\\)",
    "Invalid \\uXXXX escape": "code \\uXXXX invalide",
    "Extra data": "texte en trop après la fin du JSON",
    "Illegal trailing comma before end of object": "virgule en trop avant « } »",
    "Illegal trailing comma before end of array": "virgule en trop avant « ] »",
}


def fichier_catalogue() -> Path:
    return Path(os.environ.get("COURS_DATA_CATALOGUE", CATALOGUE_PAR_DEFAUT))


def _version() -> tuple[str, int, int]:
    """Clé des caches : le catalogue est relu dès que le fichier change (date ou taille)."""
    chemin = fichier_catalogue()
    try:
        etat = chemin.stat()
    except OSError:
        return str(chemin), 0, 0
    return str(chemin), etat.st_mtime_ns, etat.st_size


@lru_cache(maxsize=4)
def _lire_catalogue(chemin: str, _mtime: int, _taille: int) -> dict:
    try:
        # utf-8-sig : la marque d'ordre des octets (BOM) qu'ajoutent des éditeurs Windows est acceptée.
        texte = Path(chemin).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueInvalide(
            f"Le catalogue de données {chemin} est introuvable.",
            "lancez les commandes depuis la racine du dépôt, ou restaurez data/datapackage.json "
            "(git checkout data/datapackage.json).",
        ) from None
    except UnicodeDecodeError as exc:
        ligne = exc.object[: exc.start].count(b"\n") + 1
        raise CatalogueInvalide(
            f"Le catalogue {chemin} n'est pas en UTF-8 (octet 0x{exc.object[exc.start]:02X} à la ligne {ligne}).",
            "réenregistrez le fichier en UTF-8 depuis votre éditeur.",
        ) from None
    try:
        descripteur = json.loads(texte)
    except json.JSONDecodeError as exc:
        raise CatalogueInvalide(
            f"Le catalogue {chemin} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno} : "
            f"{MESSAGES_JSON.get(exc.msg, 'JSON mal formé')}).",
            "corrigez le fichier à cet endroit (l'erreur est souvent juste avant, sur la ligne précédente).",
        ) from None
    ressources = descripteur.get("resources") if isinstance(descripteur, dict) else None
    if not isinstance(ressources, list) or not ressources:
        raise CatalogueInvalide(
            f"Le catalogue {chemin} ne contient aucune ressource (clé « resources »).",
            "restaurez data/datapackage.json (git checkout data/datapackage.json).",
        )
    return descripteur


def designation(position: int, r) -> str:
    """« la ressource n° 2 (« Titre », https://…) » : pour désigner une ressource qui n'a pas de nom."""
    details = []
    if isinstance(r, dict):
        if r.get("title"):
            details.append(f"« {r['title']} »")
        if r.get("path"):
            details.append(str(r["path"]))
    return f"la ressource n° {position}" + (f" ({', '.join(details)})" if details else "")


CONSEIL_NOM = ("donnez-lui un nom unique en minuscules, chiffres et tirets (par exemple \"name\": "
               "\"hcp-population-2024\") dans data/datapackage.json : c'est ce nom que l'on passe à charger().")


@lru_cache(maxsize=4)
def _noms(*version) -> tuple[str, ...]:
    """Les noms, dans l'ordre ; une ressource sans nom est une erreur claire, pas un KeyError."""
    resultat = []
    for position, r in enumerate(_lire_catalogue(*version)["resources"], 1):
        nom = r.get("name") if isinstance(r, dict) else None
        if not isinstance(nom, str) or not nom.strip():
            quoi = "n'a pas de nom (clé « name »)" if isinstance(r, dict) else "n'est pas un objet JSON {…}"
            raise CatalogueInvalide(
                f"Dans le catalogue {Path(version[0]).name}, {designation(position, r)} {quoi}.", CONSEIL_NOM
            )
        resultat.append(nom)
    return tuple(resultat)


@lru_cache(maxsize=4)
def _index(*version) -> dict[str, dict]:
    """Nom → descripteur, construit une fois par version du catalogue (en double : le premier)."""
    index: dict[str, dict] = {}
    for nom, r in zip(_noms(*version), _lire_catalogue(*version)["resources"], strict=True):
        index.setdefault(nom, r)
    return index


def catalogue_brut() -> dict:
    """Le descripteur complet du Data Package."""
    return _lire_catalogue(*_version())


def noms() -> list[str]:
    """Les noms de toutes les ressources, dans l'ordre du catalogue."""
    return list(_noms(*_version()))


def ressource(nom: str) -> dict:
    """Le descripteur d'une ressource ; erreur claire (avec les noms proches) si elle n'existe pas."""
    index = _index(*_version())
    if nom in index:
        return index[nom]
    proches = difflib.get_close_matches(str(nom), list(index), n=3, cutoff=0.4)
    suggestion = (" Vouliez-vous dire : " + ", ".join(f"« {p} »" for p in proches) + " ?") if proches else ""
    raise RessourceInconnue(
        f"La ressource « {nom} » n'existe pas dans le catalogue {fichier_catalogue().name}.{suggestion}",
        "vérifiez l'orthographe, ou affichez la liste avec cours_opendata.donnees.noms().",
    )


def verifier_descripteur(desc: dict) -> None:
    """Erreur si la ressource n'a pas de quoi être téléchargée et vérifiée (empreinte, URL)."""
    nom = desc.get("name", "?")
    empreinte = desc.get("hash", "")
    if not isinstance(empreinte, str) or not empreinte.startswith("sha256:") or len(empreinte) != 7 + 64:
        raise CatalogueInvalide(
            f"La ressource « {nom} » n'a pas d'empreinte sha256 valide dans le catalogue "
            f"(clé « hash » : {empreinte!r}).",
            "ajoutez \"hash\": \"sha256:<64 caractères>\", calculée sur le fichier officiel (sha256sum).",
        )
    if not desc.get("path"):
        raise CatalogueInvalide(
            f"La ressource « {nom} » n'a pas d'URL amont (clé « path »).",
            "indiquez l'adresse du fichier officiel, épinglée sur une version (commit ou numéro de version).",
        )


@lru_cache(maxsize=4)
def _resume(*version) -> tuple[dict, ...]:
    lignes = []
    for nom, r in zip(_noms(*version), _lire_catalogue(*version)["resources"], strict=True):
        couverture = r.get("couverture_temporelle") or {}
        licences = r.get("licenses", [])
        lignes.append({
            "nom": nom,
            "titre": r.get("title", ""),
            "description": r.get("description", ""),
            "editeur": r.get("editeur", ""),
            "licence": ", ".join(lic.get("name", "") for lic in licences),
            "licence_titre": ", ".join(lic.get("title") or lic.get("name", "") for lic in licences),
            "licence_note": r.get("licence_note"),
            "format": r.get("format", ""),
            "debut": couverture.get("debut", ""),
            "fin": couverture.get("fin", ""),
            "lignes": r.get("lignes"),
            "parties": r.get("parties", []),
            "url": r.get("path", ""),
        })
    return tuple(lignes)


def resume_du_catalogue() -> list[dict]:
    """Une ligne par ressource (nom, titre, description, éditeur, licences, années, lignes, parties,
    adresse) : la source unique du tableau ``catalogue()`` et de la page « Catalogue des données »."""
    return [dict(l) for l in _resume(*_version())]


def catalogue():
    """Résumé du catalogue en DataFrame : nom, titre, éditeur, licence, format, années, lignes."""
    # Le résumé est calculé une fois par version du catalogue ; le tableau est neuf à chaque appel.
    import pandas as pd

    colonnes = ["nom", "titre", "editeur", "licence", "format", "debut", "fin", "lignes", "parties"]
    return pd.DataFrame(resume_du_catalogue(), columns=colonnes)
