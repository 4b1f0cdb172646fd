"""Chargeur du catalogue de données du cours (``data/datapackage.json``).

Chaque ressource est décrite une seule fois dans le catalogue : URL amont épinglée (commit ou version
de paquet), empreinte sha256, format, encodage et schéma de table. Le chargeur :

1. cherche le fichier dans le cache local (``data/cache/`` ou ``$COURS_DATA_CACHE``) ;
2. sinon le copie depuis un miroir local (``$COURS_DATA_MIRROR``, organisé comme ``shared/data``),
   depuis le paquet Python installé qui le livre, ou le télécharge depuis son URL épinglée ;
3. vérifie toujours son empreinte (pooch) : un fichier faux n'entre jamais dans le cache ;
4. le lit (pandas) selon le dialecte et le schéma du catalogue.

Toutes les erreurs sont en français, nomment la ressource et disent quoi faire.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import time
import zipfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pooch

from . import RACINE

# pooch annonce chaque « téléchargement », même une copie depuis le miroir : le bilan de make data suffit.
pooch.get_logger().setLevel("WARNING")

CATALOGUE_PAR_DEFAUT = RACINE / "data" / "datapackage.json"
CACHE_PAR_DEFAUT = RACINE / "data" / "cache"

# Formats lus en DataFrame ; les autres sont rendus comme chemin vers le fichier vérifié.
FORMATS_TABULAIRES = {"csv", "tsv"}
FORMATS_BINAIRES = {"xlsx", "parquet", "zip"}

# Clés propres au cours, ignorées par Frictionless lors de la validation.
CLES_DU_COURS = {
    "miroir", "paquet", "editeur", "licence_note", "couverture_temporelle",
    "couverture_spatiale", "parties", "lignes", "colonnes",
}


class ErreurDonnees(Exception):
    """Erreur du catalogue ou du chargeur : le message dit ce qui ne va pas et quoi faire."""


class RessourceInconnue(ErreurDonnees, KeyError):
    def __str__(self) -> str:  # KeyError entoure sinon le message de guillemets
        return self.args[0]


class CatalogueInvalide(ErreurDonnees):
    pass


class ReseauIndisponible(ErreurDonnees):
    pass


class EmpreinteIncorrecte(ErreurDonnees):
    pass


class LectureImpossible(ErreurDonnees):
    pass


# --------------------------------------------------------------------------- catalogue

def fichier_catalogue() -> Path:
    return Path(os.environ.get("COURS_DATA_CATALOGUE", CATALOGUE_PAR_DEFAUT))


def dossier_cache() -> Path:
    return Path(os.environ.get("COURS_DATA_CACHE", CACHE_PAR_DEFAUT))


def dossier_miroir() -> Path | None:
    valeur = os.environ.get("COURS_DATA_MIRROR", "").strip()
    return Path(valeur).expanduser().resolve() if valeur else None


@lru_cache(maxsize=4)
def _lire_catalogue(chemin: str, _mtime: float) -> dict:
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


def catalogue_brut() -> dict:
    """Le descripteur complet du Data Package."""
    chemin = fichier_catalogue()
    mtime = chemin.stat().st_mtime if chemin.exists() else 0.0
    return _lire_catalogue(str(chemin), mtime)


def noms() -> list[str]:
    """Les noms de toutes les ressources, dans l'ordre du catalogue."""
    return [r["name"] for r in catalogue_brut()["resources"]]


def ressource(nom: str) -> dict:
    """Le descripteur d'une ressource ; erreur claire (avec les noms proches) si elle n'existe pas."""
    for r in catalogue_brut()["resources"]:
        if r.get("name") == nom:
            return r
    proches = difflib.get_close_matches(str(nom), noms(), n=3, cutoff=0.4)
    suggestion = (" Vouliez-vous dire : " + ", ".join(f"« {p} »" for p in proches) + " ?") if proches else ""
    raise RessourceInconnue(
        f"La ressource « {nom} » n'existe pas dans le catalogue {fichier_catalogue().name}.{suggestion} "
        "Que faire : vérifiez l'orthographe, ou affichez la liste avec cours_opendata.donnees.noms()."
    )


def catalogue():
    """Résumé du catalogue en DataFrame : nom, titre, éditeur, licence, format, années, lignes."""
    import pandas as pd

    lignes = []
    for r in catalogue_brut()["resources"]:
        couverture = r.get("couverture_temporelle") or {}
        lignes.append({
            "nom": r["name"],
            "titre": r.get("title", ""),
            "editeur": r.get("editeur", ""),
            "licence": ", ".join(l.get("name", "") for l in r.get("licenses", [])),
            "format": r.get("format", ""),
            "debut": couverture.get("debut", ""),
            "fin": couverture.get("fin", ""),
            "lignes": r.get("lignes"),
            "parties": r.get("parties", []),
        })
    return pd.DataFrame(lignes)


# --------------------------------------------------------------------------- téléchargement

def _nom_fichier(desc: dict) -> str:
    base = desc.get("miroir") or desc.get("path", "")
    return Path(base.split("?")[0]).name.replace("%20", " ") or desc["name"]


def _fichier_du_paquet_installe(desc: dict) -> Path | None:
    """Le fichier livré par le paquet PyPI installé, s'il l'est à la version épinglée."""
    paquet = desc.get("paquet")
    if not paquet:
        return None
    try:
        if metadata.version(paquet["nom"]) != paquet["version"]:
            return None
        distribution = metadata.distribution(paquet["nom"])
    except metadata.PackageNotFoundError:
        return None
    candidat = Path(distribution.locate_file(paquet["membre"]))
    return candidat if candidat.is_file() else None


def _copier_depuis(source: Path):
    """Téléchargeur pooch qui copie un fichier local (miroir ou paquet installé)."""

    def telechargeur(url, fichier_sortie, _pooch):
        shutil.copyfile(source, fichier_sortie)

    return telechargeur


def _extraire_de_l_archive(membre: str, progression: bool):
    """Téléchargeur pooch : récupère l'archive PyPI (wheel ou sdist) et en extrait un seul membre."""

    def telechargeur(url, fichier_sortie, pooch_):
        with tempfile.TemporaryDirectory() as tmp:
            archive = Path(tmp) / Path(url).name
            pooch.HTTPDownloader(progressbar=progression, timeout=60)(url, str(archive), pooch_)
            if archive.suffix in {".whl", ".zip"}:
                with zipfile.ZipFile(archive) as zf:
                    contenu = zf.read(membre)
            else:
                with tarfile.open(archive) as tf:
                    extrait = tf.extractfile(membre)
                    if extrait is None:
                        raise FileNotFoundError(membre)
                    contenu = extrait.read()
        Path(fichier_sortie).write_bytes(contenu)

    return telechargeur


def _origines(desc: dict, progression: bool):
    """Les endroits où chercher le fichier, dans l'ordre : paquet installé, miroir, réseau."""
    installe = _fichier_du_paquet_installe(desc)
    if installe is not None:
        yield f"paquet installé {desc['paquet']['nom']} {desc['paquet']['version']}", _copier_depuis(installe)
    miroir = dossier_miroir()
    if miroir is not None and desc.get("miroir"):
        fichier = miroir / desc["miroir"]
        if fichier.is_file():
            yield f"miroir {fichier}", _copier_depuis(fichier)
    if desc.get("paquet"):
        yield f"archive {desc['path']}", _extraire_de_l_archive(desc["paquet"]["membre"], progression)
    else:
        yield f"réseau {desc['path']}", pooch.HTTPDownloader(progressbar=progression, timeout=60)


def _verifier_catalogue(desc: dict) -> None:
    nom = desc.get("name", "?")
    empreinte = desc.get("hash", "")
    if not empreinte.startswith("sha256:") or len(empreinte) != len("sha256:") + 64:
        raise CatalogueInvalide(
            f"La ressource « {nom} » n'a pas d'empreinte sha256 valide dans le catalogue "
            f"(clé « hash » : {empreinte!r}). Que faire : ajoutez \"hash\": \"sha256:<64 caractères>\"."
        )
    if not desc.get("path"):
        raise CatalogueInvalide(f"La ressource « {nom} » n'a pas d'URL amont (clé « path »).")


def recuperer(nom: str, progression: bool = False) -> tuple[Path, str]:
    """Met la ressource dans le cache (vérifiée) et renvoie (chemin, origine)."""
    desc = ressource(nom)
    _verifier_catalogue(desc)
    dossier = dossier_cache() / nom
    dossier.mkdir(parents=True, exist_ok=True)
    fichier = dossier / _nom_fichier(desc)
    if fichier.is_file() and pooch.file_hash(str(fichier)) == desc["hash"].split(":", 1)[1]:
        return fichier, "cache"
    echecs = []
    for origine, telechargeur in _origines(desc, progression):
        try:
            chemin = pooch.retrieve(
                desc["path"], known_hash=desc["hash"], fname=fichier.name, path=dossier,
                downloader=telechargeur, progressbar=False,
            )
            return Path(chemin), origine
        except ValueError as exc:
            if "hash" not in str(exc).lower():
                raise
            fichier.unlink(missing_ok=True)
            raise EmpreinteIncorrecte(
                f"Le fichier de la ressource « {nom} » obtenu depuis {origine} ne correspond pas à son "
                f"empreinte attendue ({desc['hash'][:19]}…) : il est corrompu ou ce n'est pas la version "
                "épinglée. Il a été écarté, rien n'a été gardé dans le cache. Que faire : remplacez le "
                "fichier du miroir par la version officielle (voir « path » dans data/datapackage.json), "
                "ou relancez `make data` avec une connexion."
            ) from None
        except Exception as exc:  # réseau coupé, fichier absent, archive illisible…
            echecs.append(f"{origine} : {type(exc).__name__}")
    miroir = dossier_miroir()
    conseil = (
        f"Le miroir {miroir} ne contient pas « {desc.get('miroir')} »." if miroir
        else "Aucun miroir local n'est défini (variable COURS_DATA_MIRROR)."
    )
    raise ReseauIndisponible(
        f"Impossible d'obtenir la ressource « {nom} » : {'; '.join(echecs)}. {conseil} Que faire : "
        "connectez-vous à Internet et lancez `make data`, ou définissez COURS_DATA_MIRROR vers un dossier "
        "qui contient les fichiers (par exemple une copie de shared/data sur une clé USB)."
    )


def chemin(nom: str) -> Path:
    """Chemin du fichier de la ressource dans le cache, après vérification de son empreinte."""
    return recuperer(nom)[0]


# --------------------------------------------------------------------------- lecture

def _encodage_pandas(encodage: str) -> str:
    encodage = (encodage or "utf-8").lower()
    return "utf-8-sig" if encodage in {"utf-8", "utf8"} else encodage


def _ligne_de_l_octet(fichier: Path, position: int) -> int:
    with open(fichier, "rb") as f:
        return f.read(position).count(b"\n") + 1


def charger(nom: str):
    """Charge une ressource : DataFrame pour un CSV, chemin du fichier vérifié pour les autres formats."""
    import pandas as pd

    fichier = chemin(nom)
    desc = ressource(nom)
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
    table.attrs["source"] = source_courte(nom)
    return table


def source_courte(nom: str) -> str:
    """Mention de source à mettre sous un graphique : éditeur, licence."""
    desc = ressource(nom)
    licences = ", ".join(l.get("name", "") for l in desc.get("licenses", []) if l.get("name"))
    editeur = desc.get("editeur", "")
    return f"{editeur} — licence : {licences}" if licences else editeur


# --------------------------------------------------------------------------- validation

def descripteur_frictionless(nom: str, fichier: Path) -> dict:
    """Le descripteur standard (sans les clés du cours) pointant vers le fichier local."""
    desc = {k: v for k, v in ressource(nom).items() if k not in CLES_DU_COURS}
    desc["path"] = fichier.name
    return desc


def valider(nom: str) -> list[str]:
    """Valide le fichier de la ressource contre son schéma avec Frictionless ; liste d'erreurs en français."""
    import frictionless

    fichier = chemin(nom)
    desc = ressource(nom)
    if desc.get("format") not in FORMATS_TABULAIRES or "schema" not in desc:
        return []
    res = frictionless.Resource(descripteur_frictionless(nom, fichier), basepath=str(fichier.parent))
    rapport = res.validate()
    erreurs = []
    for tache in rapport.tasks:
        for err in tache.errors:
            ligne = getattr(err, "row_number", None)
            ou = f"ligne {ligne}" if ligne else "fichier"
            erreurs.append(f"« {nom} », {ou} : {err.type} — {err.message}")
    return erreurs


CLES_OBLIGATOIRES = ("name", "title", "description", "path", "miroir", "hash", "bytes", "format", "mediatype",
                     "encoding", "editeur", "sources", "licenses", "couverture_temporelle",
                     "couverture_spatiale", "parties")


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
            _verifier_catalogue(r)
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


# --------------------------------------------------------------------------- ligne de commande

def telecharger_tout(selection: list[str] | None = None, sortie=sys.stdout) -> int:
    """Met toutes les ressources en cache, avec progression et bilan ; renvoie le nombre d'échecs."""
    liste = selection or noms()
    echecs = []
    debut = time.perf_counter()
    print(f"Téléchargement de {len(liste)} ressources vers {dossier_cache()}", file=sortie)
    for i, nom in enumerate(liste, 1):
        t0 = time.perf_counter()
        try:
            fichier, origine = recuperer(nom, progression=sys.stdout.isatty())
            taille = fichier.stat().st_size / 1024
            print(f"[{i:>2}/{len(liste)}] ✓ {nom:<32} {taille:>8.0f} Ko  depuis {origine} "
                  f"({time.perf_counter() - t0:.2f} s)", file=sortie)
        except ErreurDonnees as exc:
            echecs.append(nom)
            print(f"[{i:>2}/{len(liste)}] ✗ {nom} : {exc}", file=sortie)
    duree = time.perf_counter() - debut
    print(f"Bilan : {len(liste) - len(echecs)} ressources prêtes, {len(echecs)} en échec, {duree:.1f} s.",
          file=sortie)
    if echecs:
        print("En échec : " + ", ".join(echecs), file=sortie)
    return len(echecs)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="cours-donnees", description="Catalogue de données du cours.")
    sous = parser.add_subparsers(dest="commande", required=True)
    p_tel = sous.add_parser("telecharger", help="met les ressources en cache (toutes par défaut)")
    p_tel.add_argument("noms", nargs="*")
    p_val = sous.add_parser("valider", help="valide les ressources tabulaires avec Frictionless")
    p_val.add_argument("noms", nargs="*")
    sous.add_parser("liste", help="affiche le catalogue")
    args = parser.parse_args(argv)
    try:
        if args.commande == "telecharger":
            return 1 if telecharger_tout(args.noms) else 0
        if args.commande == "valider":
            total = 0
            for nom in args.noms or noms():
                erreurs = valider(nom)
                total += len(erreurs)
                print(f"{'✓' if not erreurs else '✗'} {nom}" + "".join(f"\n    {e}" for e in erreurs[:10]))
            return 1 if total else 0
        if args.commande == "liste":
            import pandas as pd

            with pd.option_context("display.max_rows", None, "display.width", 200):
                print(catalogue()[["nom", "format", "debut", "fin", "lignes", "licence"]])
            return 0
    except ErreurDonnees as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
