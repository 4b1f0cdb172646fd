"""Contrôles : complétude du catalogue et conformité des fichiers à leur schéma (Frictionless)."""

from __future__ import annotations

from pathlib import Path

from .catalogue import (
    CONSEIL_NOM,
    FORMATS_BINAIRES,
    FORMATS_TABULAIRES,
    catalogue_brut,
    designation,
    ressource,
    verifier_descripteur,
)
from .erreurs import CatalogueInvalide
from .telechargement import recuperer_ressource

# Clés propres au cours, ignorées par Frictionless lors de la validation.
CLES_DU_COURS = {
    "miroir", "paquet", "editeur", "licence_note", "couverture_temporelle",
    "couverture_spatiale", "parties", "lignes", "colonnes",
}

CLES_OBLIGATOIRES = ("name", "title", "description", "path", "miroir", "hash", "bytes", "format", "mediatype",
                     "encoding", "editeur", "sources", "licenses", "couverture_temporelle",
                     "couverture_spatiale", "parties")

# Les messages de Frictionless sont en anglais : les erreurs courantes, en français.
ERREURS_FRICTIONLESS = {
    "type-error": "la valeur « {cell} » de la colonne « {field_name} » n'a pas le type du schéma",
    "constraint-error": "la valeur « {cell} » de la colonne « {field_name} » ne respecte pas une contrainte du schéma",
    "missing-cell": "il manque la cellule de la colonne « {field_name} »",
    "extra-cell": "cellule en trop (« {cell} »)",
    "blank-row": "ligne vide",
    "duplicate-row": "ligne en double",
    "primary-key": "clé primaire vide ou en double",
    "unique-error": "la valeur « {cell} » de la colonne « {field_name} » est en double",
    "missing-label": "en-tête : il manque la colonne « {field_name} »",
    "extra-label": "en-tête : colonne « {label} » en trop",
    "incorrect-label": "en-tête : « {label} » au lieu de « {field_name} »",
    "duplicate-label": "en-tête : colonne « {label} » en double",
    "blank-label": "en-tête : colonne sans nom",
    "encoding-error": "encodage illisible",
    "hash-count": "empreinte différente de celle du catalogue",
    "byte-count": "taille différente de celle du catalogue",
}


def descripteur_frictionless(nom: str | dict, fichier: Path) -> dict:
    """Le descripteur standard (sans les clés du cours) pointant vers le fichier local."""
    source = ressource(nom) if isinstance(nom, str) else nom
    desc = {k: v for k, v in source.items() if k not in CLES_DU_COURS}
    desc["path"] = fichier.name
    return desc


def _en_francais(err) -> str:
    modele = ERREURS_FRICTIONLESS.get(err.type)
    if modele is None:  # rare : le message d'origine, présenté comme tel
        return f"erreur « {err.type} » de Frictionless, en anglais : {err.note or err.title}"
    return modele.format(**{cle: getattr(err, cle, "?") for cle in ("cell", "field_name", "label")})


def valider(nom: str) -> list[str]:
    """Valide le fichier de la ressource contre son schéma avec Frictionless ; liste d'erreurs en français."""
    import frictionless

    desc = ressource(nom)
    fichier, _origine = recuperer_ressource(desc)
    if desc.get("format") not in FORMATS_TABULAIRES or "schema" not in desc:
        return []
    res = frictionless.Resource(descripteur_frictionless(desc, fichier), basepath=str(fichier.parent))
    rapport = res.validate()
    erreurs = []
    for tache in rapport.tasks:
        for err in tache.errors:
            ligne = getattr(err, "row_number", None)
            ou = f"ligne {ligne}" if ligne else "fichier"
            erreurs.append(f"« {nom} », {ou} : {_en_francais(err)} ({err.type})")
    return erreurs


def problemes_du_catalogue() -> list[str]:
    """Ce qui manque à chaque ressource du catalogue (nom, empreinte, licence, provenance…), en français."""
    problemes = []
    vus = set()
    for position, r in enumerate(catalogue_brut()["resources"], 1):
        if not isinstance(r, dict):
            qui = designation(position, r)
            problemes.append(f"{qui[0].upper()}{qui[1:]} : ce n'est pas un objet JSON {{…}}")
            continue
        nom = r.get("name")
        if not isinstance(nom, str) or not nom.strip():
            qui = designation(position, r)
            problemes.append(f"{qui[0].upper()}{qui[1:]} : clé « name » manquante ou vide — {CONSEIL_NOM}")
            nom = f"n° {position}"
        elif nom in vus:
            problemes.append(f"« {nom} » : nom en double")
        vus.add(nom)
        for cle in CLES_OBLIGATOIRES:
            if cle == "name" or (cle == "encoding" and r.get("format") in FORMATS_BINAIRES):
                continue
            if r.get(cle) in (None, "", [], {}):
                problemes.append(f"« {nom} » : clé « {cle} » manquante ou vide")
        try:
            verifier_descripteur(r)
        except CatalogueInvalide as exc:
            problemes.append(str(exc))
        for licence in r.get("licenses") or []:
            if not isinstance(licence, dict) or not licence.get("name"):
                problemes.append(f"« {nom} » : une licence sans « name »")
        if r.get("format") in FORMATS_TABULAIRES and not (r.get("schema") or {}).get("fields"):
            problemes.append(f"« {nom} » : ressource tabulaire sans schéma de table")
        if str(r.get("path", "")).startswith("https://raw.githubusercontent.com/"):
            commit = r["path"].split("/")[5] if r["path"].count("/") > 5 else ""
            if len(commit) != 40:
                problemes.append(f"« {nom} » : l'URL GitHub n'est pas épinglée sur un commit ({r['path']})")
    return problemes
