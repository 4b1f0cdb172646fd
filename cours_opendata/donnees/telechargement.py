"""Mise en cache vérifiée d'une ressource : cache, paquet installé, miroir local, puis réseau."""

from __future__ import annotations

import os
import shutil
import sys
import tarfile
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

import pooch

from .. import RACINE
from .catalogue import noms, ressource, verifier_descripteur
from .erreurs import EmpreinteIncorrecte, ErreurDonnees, ReseauIndisponible

# pooch annonce chaque « téléchargement », même une copie depuis le miroir : le bilan de make data suffit.
pooch.get_logger().setLevel("WARNING")

CACHE_PAR_DEFAUT = RACINE / "data" / "cache"


def dossier_cache() -> Path:
    return Path(os.environ.get("COURS_DATA_CACHE", CACHE_PAR_DEFAUT))


def dossier_miroir() -> Path | None:
    valeur = os.environ.get("COURS_DATA_MIRROR", "").strip()
    return Path(valeur).expanduser().resolve() if valeur else None


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


def recuperer(nom: str, progression: bool = False) -> tuple[Path, str]:
    """Met la ressource dans le cache (vérifiée) et renvoie (chemin, origine)."""
    return recuperer_ressource(ressource(nom), progression)


def recuperer_ressource(desc: dict, progression: bool = False) -> tuple[Path, str]:
    """Comme ``recuperer``, pour un descripteur déjà trouvé dans le catalogue."""
    verifier_descripteur(desc)
    nom = desc["name"]
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


def telecharger_tout(selection: list[str] | None = None, sortie=None) -> int:
    """Met toutes les ressources en cache, avec progression et bilan ; renvoie le nombre d'échecs."""
    sortie = sortie or sys.stdout
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
