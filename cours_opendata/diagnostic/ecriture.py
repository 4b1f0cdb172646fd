"""Ce que le diagnostic écrit : le rapport, le résumé machine, le fichier nettoyé, son Data Package et la fiche
de métadonnées pré-remplie. Chaque fichier est écrit à côté puis renommé : jamais de fichier à moitié écrit.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd

from .. import gabarits
from ..fichiers_surs import ecrire_sans_reste
from ..metadonnees import A_COMPLETER, CHAMPS
from ..texte import en_identifiant
from .analyse import GRAVITES, Colonne, en_dates, en_nombres
from .lecture import NOMS_DES_SEPARATEURS

LIGNES_VALIDEES_AU_PLUS = 50_000  # au-delà, frictionless vérifie un échantillon (le temps reste borné)
TYPES_FRICTIONLESS = {"entier": "integer", "decimal": "number", "date": "date", "texte": "string", "vide": "string"}


def resume(d) -> dict:
    return {
        "fichier": d.lecture.chemin.name,
        "format": d.lecture.format,
        "feuille": d.lecture.feuille,
        "encodage": d.lecture.encodage,
        "separateur": d.lecture.separateur,
        "ligne_entete": d.lecture.ligne_entete,
        "lignes": d.lignes,
        "colonnes": list(d.lecture.table.columns),
        "doublons": d.analyse.doublons,
        "colonnes_personnelles": d.colonnes_personnelles,
        "colonnes_retirees": d.colonnes_retirees,
        "manquants": {c.nom: c.manquants for c in d.analyse.colonnes},
        "types": {c.nom: c.type for c in d.analyse.colonnes},
        "lignes_de_titre": d.lecture.lignes_de_titre,
        "notes": d.lecture.notes,
        "constats": [{"gravite": c.gravite, "colonne": c.colonne, "titre": c.titre, "detail": c.detail,
                      "que_faire": c.que_faire} for c in d.constats],
    }


def _colonne_nettoyee(serie: pd.Series, c: Colonne) -> tuple[pd.Series, str]:
    """La colonne en conventions standard, et son type Table Schema."""
    vide = (serie == "") | serie.isin(c.codes_manquants)
    if c.type in ("entier", "decimal"):
        nombres = en_nombres(serie.where(~vide, ""), c)
        entiers = c.type == "entier"
        texte = (nombres.astype("Int64") if entiers else nombres).astype(str).replace(["<NA>", "nan"], "")
        return texte, TYPES_FRICTIONLESS[c.type]
    if c.type == "date":
        dates = en_dates(serie, c)
        iso = dates.dt.strftime("%Y-%m-%d")
        if bool((dates.isna() & ~vide).any()):  # une date impossible (31/02) : on garde le texte, en chaîne
            return serie.where(~vide, ""), "string"
        return iso.where(~vide, ""), "date"
    return serie.where(~vide, ""), "string"


def table_nettoyee(d) -> tuple[pd.DataFrame, list[dict]]:
    table = d.lecture.table[~d.lecture.table.duplicated(keep="first")]
    colonnes, champs = {}, []
    for c in d.analyse.colonnes:
        if c.nom in d.colonnes_retirees:
            continue
        texte, type_ = _colonne_nettoyee(table[c.nom], c)
        colonnes[c.nom] = texte
        champs.append({"name": c.nom, "type": type_})
        if any(r.decoupage == "1997" for r in c.regions.values()):
            actuelles = {v: r.actuelle for v, r in c.regions.items() if r.decoupage != "inconnu"}
            colonnes[f"{c.nom}_2015"] = table[c.nom].map(actuelles).fillna("")
            champs.append({"name": f"{c.nom}_2015", "type": "string",
                           "description": "Région du découpage de 2015 (vide quand l’ancienne région s’est "
                                          "partagée entre plusieurs régions actuelles)"})
    return pd.DataFrame(colonnes), champs


def _identifiant(nom: str) -> str:
    return en_identifiant(nom) or "jeu-de-donnees"


def metadonnees(d, champs: list[dict]) -> dict:
    """La fiche de métadonnées : pré-remplie quand le fichier le dit, « à compléter » sinon."""
    lecture = d.lecture
    valeurs, origines = {}, {}

    def remplir(cle: str, valeur, origine: str) -> None:
        if valeur:
            valeurs[cle], origines[cle] = valeur, origine

    remplir("titre", lecture.lignes_de_titre[0] if lecture.lignes_de_titre else "", "ligne de titre du fichier")
    remplir("identifiant", _identifiant(Path(lecture.chemin).stem), "nom du fichier")
    sources = [n for n in lecture.notes if re.match(r"(?i)\s*sources?\b", n)]
    remplir("source", re.sub(r"(?i)^\s*sources?\s*[:\u202f\u00a0 ]*", "", sources[0]) if sources else "",
            "ligne « Source » sous les données")
    remplir("format", "CSV", "fichier nettoyé")
    remplir("encodage", "UTF-8", "fichier nettoyé")
    if any(c.regions for c in d.analyse.colonnes):
        remplir("couverture_geographique", "Régions (découpage de 2015)", "colonne des régions")
    annees = []
    for c in d.analyse.colonnes:
        if c.nom in d.colonnes_retirees:  # une date de naissance ne dit rien de la période couverte
            continue
        if c.type == "date":
            dates = en_dates(d.lecture.table[c.nom], c).dropna()
            annees += [dates.min().year, dates.max().year] if len(dates) else []
        elif c.type == "entier" and re.search(r"(?i)ann[eé]e|year|exercice", c.nom):
            nombres = en_nombres(d.lecture.table[c.nom], c).dropna()
            annees += [int(x) for x in (nombres.min(), nombres.max()) if 1900 <= x <= 2100]
    if annees:
        debut, fin = min(annees), max(annees)
        remplir("couverture_temporelle", str(debut) if debut == fin else f"{debut}-{fin}", "dates du fichier")
    textes = " ".join(list(d.lecture.table.columns) + [x for c in d.analyse.colonnes for x in c.exemples])
    langues = [n for n, motif in (("français", r"[A-Za-zÀ-ÿ]{3}"), ("arabe", r"[\u0600-\u06ff]")) if re.search(motif, textes)]
    remplir("langue", ", ".join(langues), "estimé d’après les intitulés et les valeurs : à vérifier")
    description = (f"{A_COMPLETER} (le fichier compte {d.lignes - d.analyse.doublons} lignes et les colonnes : "
                   + ", ".join(ch["name"] for ch in champs) + ")")
    fiche = {c.cle: valeurs.get(c.cle, A_COMPLETER) for c in CHAMPS}
    fiche["description"] = description
    fiche["_a_completer"] = [c.cle for c in CHAMPS if c.cle not in valeurs]
    fiche["_origine_des_valeurs"] = origines
    fiche["_libelles"] = {c.cle: c.libelle for c in CHAMPS}
    return fiche


def _valider(chemin_paquet: Path, lignes: int) -> tuple[bool, str]:
    from frictionless import Package

    limite = LIGNES_VALIDEES_AU_PLUS if lignes > LIGNES_VALIDEES_AU_PLUS else None
    rapport = Package(str(chemin_paquet)).validate(limit_rows=limite) if limite else Package(
        str(chemin_paquet)).validate()
    erreurs = [e.message for tache in rapport.tasks for e in tache.errors][:5]
    portee = f"sur les {limite} premières lignes" if limite else "sur toutes les lignes"
    return rapport.valid, portee + ("" if rapport.valid else " : " + " ; ".join(erreurs))


def dossier_libre(dossier: Path) -> Path:
    """``dossier`` s’il est neuf ou vide ; sinon ``dossier-2``, ``dossier-3``… : un diagnostic précédent (et une fiche
    de métadonnées peut-être complétée à la main) n’est jamais écrasé."""
    if not dossier.exists() or (dossier.is_dir() and not any(dossier.iterdir())):
        return dossier
    n = 2
    while Path(f"{dossier}-{n}").exists():
        n += 1
    return Path(f"{dossier}-{n}")


def ecrire(d, dossier: Path) -> Path:
    dossier = dossier_libre(Path(dossier))
    dossier.mkdir(parents=True, exist_ok=True)
    table, champs = table_nettoyee(d)
    ecrire_sans_reste(dossier / "nettoye.csv", lambda p: table.to_csv(p, index=False, encoding="utf-8", lineterminator="\n"))
    paquet = {
        "name": _identifiant(Path(d.lecture.chemin).stem),
        "title": d.lecture.lignes_de_titre[0] if d.lecture.lignes_de_titre else Path(d.lecture.chemin).stem,
        "description": f"Version nettoyée de {d.lecture.chemin.name}, produite par le diagnostic du cours "
                       f"« L’open data pour l’administration marocaine » le {date.today().isoformat()}.",
        "resources": [{
            "name": "nettoye", "path": "nettoye.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "profile": "tabular-data-resource",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": champs, "missingValues": [""]},
        }],
    }
    ecrire_sans_reste(dossier / "datapackage.json", lambda p: p.write_text(
        json.dumps(paquet, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"))
    d.validation = _valider(dossier / "datapackage.json", len(table))
    d.lignes_nettoyees = len(table)
    ecrire_sans_reste(dossier / "metadonnees.json", lambda p: p.write_text(
        json.dumps(metadonnees(d, champs), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"))
    ecrire_sans_reste(dossier / "diagnostic.json", lambda p: p.write_text(
        json.dumps(resume(d) | {"validation_frictionless": {"valide": d.validation[0], "portee": d.validation[1]}},
                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8"))
    d.dossier = dossier
    ecrire_sans_reste(dossier / "rapport.html", lambda p: p.write_text(rapport_html(d, complet=True), encoding="utf-8"))
    return dossier


def rapport_html(d, complet: bool = False) -> str:
    par_gravite = [(g, libelle, [c for c in d.constats if c.gravite == g]) for g, libelle in GRAVITES.items()]
    lecture = d.lecture
    return gabarits.rendre(
        "diagnostic.html", complet=complet, d=d, lecture=lecture, par_gravite=par_gravite,
        separateur=NOMS_DES_SEPARATEURS.get(lecture.separateur or "", ""),
        encodage={"cp1252": "Windows-1252 (Latin-1)", "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (avec BOM)"}.get(
            lecture.encodage or "", lecture.encodage or ""),
        raisons={c.nom: c.personnelle for c in d.analyse.colonnes if c.personnelle},
        validation=d.validation, lignes_nettoyees=d.lignes_nettoyees,
        date=date.today().strftime("%d/%m/%Y"))
