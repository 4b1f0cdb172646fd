"""Lecture d'une ressource vérifiée : DataFrame pandas selon le dialecte et le schéma du catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from .catalogue import FORMATS_TABULAIRES, ressource
from .erreurs import LectureImpossible
from .telechargement import recuperer_ressource


def _encodage_pandas(encodage: str) -> str:
    encodage = (encodage or "utf-8").lower()
    return "utf-8-sig" if encodage in {"utf-8", "utf8"} else encodage


def _ligne_de_l_octet(fichier: Path, position: int) -> int:
    with open(fichier, "rb") as f:
        return f.read(position).count(b"\n") + 1


def charger(nom: str):
    """Charge une ressource : DataFrame pour un CSV, chemin du fichier vérifié pour les autres formats."""
    import pandas as pd

    desc = ressource(nom)  # une seule recherche dans le catalogue, transmise ensuite
    fichier, _origine = recuperer_ressource(desc)
    if desc.get("format", "").lower() not in FORMATS_TABULAIRES:
        return fichier
    dialecte = desc.get("dialect", {})
    schema = desc.get("schema", {})
    champs = schema.get("fields", [])
    entetes = dialecte.get("headerRows", [1])
    lignes_ignorees = [n - 1 for n in dialecte.get("commentRows", [])]
    avec_entete = dialecte.get("header", True)
    texte = {c["name"] for c in champs if c.get("type") in {"string", "any"}}
    decimales = {c.get("decimalChar") for c in champs if c.get("decimalChar")}
    try:
        table = pd.read_csv(
            fichier,
            sep=dialecte.get("delimiter", ","),
            encoding=_encodage_pandas(desc.get("encoding")),
            # Sans ligne d'en-tête (ou en-tête ignorée), les noms viennent du schéma.
            header=entetes[0] - 1 if avec_entete else None,
            names=None if avec_entete else [c["name"] for c in champs],
            skiprows=lignes_ignorees or None,
            comment=dialecte.get("commentChar"),
            na_values=schema.get("missingValues", [""]),
            keep_default_na=False,  # « NA » est le code ISO de la Namibie, pas une valeur manquante
            dtype={c: "string" for c in texte},
            decimal=decimales.pop() if len(decimales) == 1 else ".",
            low_memory=False,
        )
    except UnicodeDecodeError as exc:
        ligne = _ligne_de_l_octet(fichier, exc.start)
        raise LectureImpossible(
            f"La ressource « {nom} » n'est pas lisible dans l'encodage annoncé ({desc.get('encoding')}) : "
            f"octet invalide à la ligne {ligne}. Que faire : corrigez « encoding » dans le catalogue "
            "(essayez latin-1 ou cp1252) ou convertissez le fichier en UTF-8."
        ) from None
    except (pd.errors.ParserError, ValueError) as exc:
        ligne = re.search(r"line (\d+)", str(exc))
        ou = f" à la ligne {ligne.group(1)}" if ligne else ""
        raise LectureImpossible(
            f"La ressource « {nom} » n'a pas pu être lue comme un tableau{ou} ({exc}). Que faire : vérifiez "
            "le séparateur, les lignes d'en-tête et de pied de page (« dialect ») dans le catalogue."
        ) from None
    for champ in champs:
        colonne, type_ = champ["name"], champ.get("type")
        if colonne not in table.columns:
            raise LectureImpossible(
                f"La ressource « {nom} » n'a pas la colonne « {colonne} » annoncée par son schéma "
                f"(colonnes lues : {', '.join(map(str, table.columns))}). Que faire : mettez le schéma à jour."
            )
        try:
            if type_ == "integer" or type_ == "year":
                table[colonne] = pd.to_numeric(table[colonne]).astype("Int64")
            elif type_ == "number":
                table[colonne] = pd.to_numeric(table[colonne])
            elif type_ in {"date", "datetime"}:
                format_ = champ.get("format", "default")
                table[colonne] = pd.to_datetime(
                    table[colonne], format=None if format_ in {"default", "any"} else format_
                )
        except (ValueError, TypeError) as exc:
            raise LectureImpossible(
                f"La ressource « {nom} » : la colonne « {colonne} » ne correspond pas au type « {type_} » "
                f"de son schéma ({exc}). Que faire : corrigez le schéma ou les valeurs manquantes déclarées."
            ) from None
    table.attrs["ressource"] = nom
    table.attrs["source"] = source_de(desc)
    return table


def source_de(desc: dict) -> str:
    """Mention de source d'un descripteur déjà trouvé : éditeur, licence."""
    licences = ", ".join(lic.get("name", "") for lic in desc.get("licenses", []) if lic.get("name"))
    editeur = desc.get("editeur", "")
    return f"{editeur} — licence : {licences}" if licences else editeur


def source_courte(nom: str) -> str:
    """Mention de source à mettre sous un graphique : éditeur, licence."""
    return source_de(ressource(nom))
