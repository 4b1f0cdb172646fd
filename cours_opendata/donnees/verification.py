"""Contrôles : complétude du catalogue et conformité des fichiers à leur schéma (Frictionless)."""

from __future__ import annotations

from pathlib import Path

from .catalogue import FORMATS_BINAIRES, FORMATS_TABULAIRES, catalogue_brut, ressource, verifier_descripteur
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


def descripteur_frictionless(nom: str | dict, fichier: Path) -> dict:
    """Le descripteur standard (sans les clés du cours) pointant vers le fichier local."""
    source = ressource(nom) if isinstance(nom, str) else nom
    desc = {k: v for k, v in source.items() if k not in CLES_DU_COURS}
    desc["path"] = fichier.name
    return desc


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
            erreurs.append(f"« {nom} », {ou} : {err.type} — {err.message}")
    return erreurs


def problemes_du_catalogue() -> list[str]:
    """Ce qui manque à chaque ressource du catalogue (empreinte, licence, provenance…), en français."""
    problemes = []
    vus = set()
    for r in catalogue_brut()["resources"]:
        nom = r.get("name", "(sans nom)")
        if nom in vus:
            problemes.append(f"« {nom} » : nom en double")
        vus.add(nom)
        for cle in CLES_OBLIGATOIRES:
            if cle == "encoding" and r.get("format") in FORMATS_BINAIRES:
                continue
            if r.get(cle) in (None, "", [], {}):
                problemes.append(f"« {nom} » : clé « {cle} » manquante ou vide")
        try:
            verifier_descripteur(r)
        except CatalogueInvalide as exc:
            problemes.append(str(exc))
        for licence in r.get("licenses", []):
            if not licence.get("name"):
                problemes.append(f"« {nom} » : une licence sans « name »")
        if r.get("format") in FORMATS_TABULAIRES and not r.get("schema", {}).get("fields"):
            problemes.append(f"« {nom} » : ressource tabulaire sans schéma de table")
        if str(r.get("path", "")).startswith("https://raw.githubusercontent.com/"):
            commit = r["path"].split("/")[5] if r["path"].count("/") > 5 else ""
            if len(commit) != 40:
                problemes.append(f"« {nom} » : l'URL GitHub n'est pas épinglée sur un commit ({r['path']})")
    return problemes
