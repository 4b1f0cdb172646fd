"""Lecture d'une ressource vérifiée : DataFrame pandas selon le dialecte et le schéma du catalogue."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .catalogue import FORMATS_TABULAIRES, ressource
from .erreurs import LectureImpossible
from .telechargement import recuperer_ressource

CONSEIL_DIALECTE = ("vérifiez le séparateur, les lignes d'en-tête et de pied de page (clé « dialect ») "
                    "dans le catalogue.")


def _encodage_pandas(encodage: str) -> str:
    encodage = (encodage or "utf-8").lower()
    return "utf-8-sig" if encodage in {"utf-8", "utf8"} else encodage


def premier_octet_illisible(fichier: Path, encodage: str) -> tuple[int, int] | None:
    """(position, valeur) du premier octet illisible dans tout le fichier, ou None.

    L'erreur de pandas ne suffit pas : il décode par blocs de 256 Kio et sa position compte depuis le
    début du bloc ; on relit donc le fichier avec un décodeur strict.
    """
    if codecs.lookup(encodage).name == "utf-8-sig":
        encodage = "utf-8"  # le BOM est sauté à la main, les positions restent celles du fichier
    decodeur = codecs.getincrementaldecoder(encodage)(errors="strict")
    with open(fichier, "rb") as f:
        position = 3 if f.read(3) == codecs.BOM_UTF8 and encodage == "utf-8" else 0
        f.seek(position)
        while True:
            bloc = f.read(1 << 20)
            en_attente = len(decodeur.getstate()[0])  # fin d'un caractère coupée entre deux blocs
            try:
                decodeur.decode(bloc, final=not bloc)
            except UnicodeDecodeError as exc:
                return position - en_attente + exc.start, exc.object[exc.start]
            if not bloc:
                return None
            position += len(bloc)


def _ligne_de_l_octet(fichier: Path, position: int) -> int:
    with open(fichier, "rb") as f:
        return f.read(position).count(b"\n") + 1


def _erreur_d_encodage(nom: str, desc: dict, fichier: Path, encodage: str, exc: UnicodeDecodeError):
    trouve = premier_octet_illisible(fichier, encodage)
    position, octet = trouve if trouve else (exc.start, exc.object[exc.start])
    return LectureImpossible(
        f"La ressource « {nom} » n'est pas lisible dans l'encodage annoncé ({desc.get('encoding')}) : "
        f"octet 0x{octet:02X} invalide à la ligne {_ligne_de_l_octet(fichier, position)}.",
        "corrigez « encoding » dans le catalogue (essayez latin-1 ou cp1252) ou convertissez le fichier en UTF-8.",
    )


def _erreur_d_analyse(nom: str, message: str) -> LectureImpossible:
    colonnes = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    ligne = re.search(r"line (\d+)", message)
    if colonnes:
        ou = f" à la ligne {colonnes[2]} ({colonnes[3]} champs au lieu de {colonnes[1]})"
    elif ligne:
        ou = f" à la ligne {ligne[1]}"
    else:
        ou = ""
    return LectureImpossible(f"La ressource « {nom} » n'a pas pu être lue comme un tableau{ou}.", CONSEIL_DIALECTE)


def _type_incorrect(nom: str, colonne: str, type_: str, valeurs, fautives) -> LectureImpossible:
    positions = fautives.to_numpy().nonzero()[0]
    premiere = positions[0]
    return LectureImpossible(
        f"La ressource « {nom} » : la colonne « {colonne} » ne correspond pas au type « {type_} » de son "
        f"schéma ({len(positions)} valeur(s) illisible(s), la première « {valeurs.iloc[premiere]} » à la ligne "
        f"de données n° {premiere + 1}).",
        "corrigez le schéma, ou déclarez ces valeurs comme manquantes (clé « missingValues » du schéma).",
    )


def _convertir(table, champs: list[dict], nom: str) -> None:
    """Applique les types du schéma ; une valeur illisible est nommée, avec sa ligne."""
    import pandas as pd

    for champ in champs:
        colonne, type_ = champ["name"], champ.get("type")
        if colonne not in table.columns:
            raise LectureImpossible(
                f"La ressource « {nom} » n'a pas la colonne « {colonne} » annoncée par son schéma "
                f"(colonnes lues : {', '.join(map(str, table.columns))}).",
                "mettez le schéma à jour.",
            )
        valeurs = table[colonne]
        if type_ in {"integer", "year", "number"}:
            converties = pd.to_numeric(valeurs, errors="coerce")
            fautives = valeurs.notna() & converties.isna()
            if type_ != "number":
                fautives |= converties.notna() & (converties % 1 != 0)
        elif type_ in {"date", "datetime"}:
            format_ = champ.get("format", "default")
            converties = pd.to_datetime(valeurs, format=None if format_ in {"default", "any"} else format_,
                                        errors="coerce")
            fautives = valeurs.notna() & converties.isna()
        else:
            continue
        if fautives.any():
            raise _type_incorrect(nom, colonne, type_, valeurs, fautives)
        table[colonne] = converties if type_ in {"number", "date", "datetime"} else converties.astype("Int64")


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
    encodage = _encodage_pandas(desc.get("encoding"))
    try:
        table = pd.read_csv(
            fichier,
            sep=dialecte.get("delimiter", ","),
            encoding=encodage,
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
    except LookupError:
        raise LectureImpossible(
            f"La ressource « {nom} » annonce un encodage inconnu ({desc.get('encoding')}).",
            "corrigez « encoding » dans le catalogue (utf-8, latin-1 ou cp1252).",
        ) from None
    except UnicodeDecodeError as exc:
        raise _erreur_d_encodage(nom, desc, fichier, encodage, exc) from None
    except pd.errors.EmptyDataError:
        raise LectureImpossible(f"La ressource « {nom} » ne contient aucune colonne à lire.",
                                CONSEIL_DIALECTE) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise _erreur_d_analyse(nom, str(exc)) from exc
    _convertir(table, champs, nom)
    table.attrs["ressource"] = nom
    table.attrs["source"] = source_de(desc)
    return table


def source_de(desc: dict) -> str:
    """Mention de source d'un descripteur déjà trouvé : éditeur, licence."""
    licences = ", ".join(lic.get("name", "") for lic in desc.get("licenses", []) if lic.get("name"))
    editeur = desc.get("editeur", "")
    return f"{editeur} — licence : {licences}" if licences else editeur


def source_courte(nom: str) -> str:
    """Mention de source à mettre sous un graphique : éditeur, licence."""
    return source_de(ressource(nom))
