"""Mise en cache vérifiée d'une ressource : cache, paquet installé, miroir local, puis réseau."""

from __future__ import annotations

import errno
import functools
import os
import shutil
import socket
import sys
import tarfile
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pooch

from .. import RACINE
from .catalogue import noms, ressource, verifier_descripteur
from .erreurs import EmpreinteIncorrecte, ErreurDonnees, PortailCaptif, ReseauIndisponible

CACHE_PAR_DEFAUT = RACINE / "data" / "cache"

# Délais en secondes : un serveur qui accepte la connexion sans répondre ne bloque pas une minute par fichier.
DELAI_CONNEXION = 5.0
DELAI_LECTURE = 20.0  # sans aucun octet reçu ; un gros fichier qui arrive lentement n'est pas coupé
# make data : quelques téléchargements à la fois, sans saturer la connexion d'une salle de formation.
TELECHARGEMENTS_SIMULTANES = 4

PAGE_WEB = ("le réseau a renvoyé une page web au lieu des données (probablement une page de connexion au "
            "Wi-Fi ou un proxy filtrant)")
IMPREVU = "échec imprévu (le détail technique suit le message)"
CONSEIL_EMPREINTE = ("remplacez le fichier du miroir par la version officielle (adresse dans « path » de "
                     "data/datapackage.json), ou relancez `make data` avec une connexion.")
CONSEIL_PAGE_WEB = ("ouvrez un navigateur pour vous connecter au réseau (page de connexion du Wi-Fi) puis "
                    "relancez ; si un proxy bloque le site, utilisez le miroir local (COURS_DATA_MIRROR vers une "
                    "copie de shared/data) ou lancez `make data` sur une machine reliée à Internet et copiez "
                    "son dossier data/cache.")
HTTP = {
    400: "requête refusée", 401: "identification demandée", 403: "accès interdit",
    404: "fichier introuvable à cette adresse", 407: "le proxy demande une identification",
    410: "fichier retiré par l'éditeur", 429: "trop de requêtes, réessayez plus tard",
    500: "panne du serveur", 502: "passerelle en panne", 503: "service indisponible",
    504: "la passerelle n'a pas eu de réponse à temps",
}


def dossier_cache() -> Path:
    return Path(os.environ.get("COURS_DATA_CACHE", CACHE_PAR_DEFAUT))


def dossier_miroir() -> Path | None:
    valeur = os.environ.get("COURS_DATA_MIRROR", "").strip()
    return Path(valeur).expanduser().resolve() if valeur else None


def delais() -> tuple[float, float]:
    """(connexion, lecture) en secondes ; COURS_DATA_TIMEOUT=N fixe la lecture à N (réseau lent, tests)."""
    valeur = os.environ.get("COURS_DATA_TIMEOUT", "").strip()
    if not valeur:
        return DELAI_CONNEXION, DELAI_LECTURE
    try:
        lecture = float(valeur.replace(",", "."))
    except ValueError:
        lecture = 0.0
    if not 0 < lecture < float("inf"):
        raise ErreurDonnees(
            f"La variable COURS_DATA_TIMEOUT vaut « {valeur} », ce n'est pas un nombre de secondes.",
            "donnez un délai en secondes (par exemple COURS_DATA_TIMEOUT=60 sur un réseau lent), "
            "ou supprimez la variable.",
        )
    return min(DELAI_CONNEXION, lecture), lecture


class _PageWeb(Exception):
    """Du HTML reçu au lieu du fichier."""


class _MembreAbsent(Exception):
    """L'archive ne contient pas le membre annoncé par le catalogue."""


def _nom_fichier(desc: dict) -> str:
    base = desc.get("miroir") or desc.get("path", "")
    return Path(base.split("?")[0]).name.replace("%20", " ") or desc["name"]


def fichier_en_cache(desc: dict) -> Path:
    """Où le fichier de la ressource est (ou sera) gardé dans le cache."""
    return dossier_cache() / desc["name"] / _nom_fichier(desc)


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


def _est_une_page_web(fichier: Path) -> bool:
    with open(fichier, "rb") as f:
        debut = f.read(512).lstrip().removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return debut.startswith((b"<!doctype html", b"<html"))


def _telecharger(url: str, sortie: Path, progression: bool, delais_: tuple[float, float], html_permis=False):
    pooch.HTTPDownloader(progressbar=progression, timeout=delais_)(url, str(sortie), None)
    # Un portail Wi-Fi ou un proxy répond « 200 OK » avec sa propre page : sans ce test, « fichier corrompu ».
    if not html_permis and _est_une_page_web(sortie):
        raise _PageWeb(url)


def _extraire_de_l_archive(url: str, membre: str, sortie: Path, progression: bool, delais_):
    """Récupère l'archive PyPI (roue ou sdist) et n'en garde qu'un membre."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / Path(url.split("?")[0]).name
        _telecharger(url, archive, progression, delais_)
        try:
            if archive.suffix in {".whl", ".zip"}:
                with zipfile.ZipFile(archive) as zf:
                    contenu = zf.read(membre)
            else:
                with tarfile.open(archive) as tf:
                    extrait = tf.extractfile(membre)
                    if extrait is None:
                        raise KeyError(membre)
                    contenu = extrait.read()
        except KeyError:
            raise _MembreAbsent(membre) from None
    sortie.write_bytes(contenu)


def _origines(desc: dict, progression: bool, delais_):
    """(libellé, fonction qui écrit le fichier à un chemin donné), dans l'ordre : paquet, miroir, réseau."""
    installe = _fichier_du_paquet_installe(desc)
    if installe is not None:
        paquet = desc["paquet"]
        yield f"paquet installé {paquet['nom']} {paquet['version']}", functools.partial(shutil.copyfile, installe)
    miroir = dossier_miroir()
    if miroir is not None and desc.get("miroir"):
        # Absent du miroir : essayé quand même, pour que le message dise où l'on a cherché.
        fichier = miroir / desc["miroir"]
        yield f"miroir {fichier}", functools.partial(shutil.copyfile, fichier)
    if desc.get("paquet"):
        yield f"archive {desc['path']}", functools.partial(
            _extraire_de_l_archive, desc["path"], desc["paquet"]["membre"],
            progression=progression, delais_=delais_)
    else:
        html_permis = str(desc.get("format", "")).lower() in {"html", "htm"}
        yield f"réseau {desc['path']}", functools.partial(
            _telecharger, desc["path"], progression=progression, delais_=delais_, html_permis=html_permis)


def _chaine(exc: BaseException) -> list[BaseException]:
    """L'exception et celles qu'elle enveloppe (requests → urllib3 → socket)."""
    vues: list[BaseException] = []
    a_voir = [exc]
    while a_voir:
        e = a_voir.pop(0)
        if not isinstance(e, BaseException) or any(e is v for v in vues):
            continue
        vues.append(e)
        a_voir += [getattr(e, "reason", None), e.__cause__, e.__context__, *getattr(e, "args", ())]
    return vues


def decrire_echec(exc: BaseException, delais_: tuple[float, float] | None = None) -> str:
    """Ce qui a échoué, en français : jamais le nom anglais d'une classe d'exception."""
    import requests
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
    )

    connexion, lecture = delais_ or (DELAI_CONNEXION, DELAI_LECTURE)
    chaine = _chaine(exc)

    def parmi(*types) -> BaseException | None:
        return next((e for e in chaine if isinstance(e, types)), None)

    def code_systeme(*codes) -> bool:
        return any(isinstance(e, OSError) and e.errno in codes for e in chaine)

    if parmi(_PageWeb):
        return PAGE_WEB
    if membre := parmi(_MembreAbsent):
        return f"l'archive ne contient pas « {membre.args[0]} »"
    if http := parmi(requests.exceptions.HTTPError):
        code = http.response.status_code if http.response is not None else None
        return f"réponse HTTP {code} ({HTTP.get(code, 'refus du serveur')})" if code else "refus du serveur"
    # Avant les délais : pour urllib3, « connexion refusée » et « hôte introuvable » sont des sous-classes
    # de ConnectTimeoutError.
    if parmi(NameResolutionError, socket.gaierror):
        return "hôte introuvable (adresse inconnue, ou pas d'accès au réseau)"
    if parmi(ConnectionRefusedError):
        return "connexion refusée (aucun service à cette adresse)"
    if code_systeme(errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "réseau inaccessible (pas de connexion)"
    delai_de_connexion = any(isinstance(e, ConnectTimeoutError) and not isinstance(e, NewConnectionError)
                             for e in chaine)
    if delai_de_connexion or parmi(requests.exceptions.ConnectTimeout) or code_systeme(errno.ETIMEDOUT):
        return f"délai de connexion dépassé (pas de réponse en {connexion:g} s)"
    if parmi(requests.exceptions.ReadTimeout, ReadTimeoutError, TimeoutError):
        return f"délai de réponse dépassé (le serveur n'a rien envoyé pendant {lecture:g} s)"
    if parmi(requests.exceptions.SSLError):
        return "connexion sécurisée impossible (certificat refusé ; un proxy filtrant peut en être la cause)"
    if parmi(requests.exceptions.ProxyError):
        return "proxy injoignable (vérifiez les variables HTTP_PROXY et HTTPS_PROXY)"
    if parmi(ConnectionResetError, ConnectionAbortedError, BrokenPipeError, ProtocolError,
             requests.exceptions.ChunkedEncodingError):
        return "connexion coupée pendant le transfert"
    if parmi(requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema):
        return "adresse invalide dans le catalogue"
    if parmi(requests.exceptions.ConnectionError):
        return "connexion impossible"
    if parmi(zipfile.BadZipFile, tarfile.TarError):
        return "archive illisible (ni roue ni archive tar valide)"
    if parmi(FileNotFoundError):
        return "fichier absent"
    if parmi(PermissionError):
        return "accès refusé (droits du fichier ou du dossier)"
    if code_systeme(errno.ENOSPC):
        return "disque plein"
    if parmi(IsADirectoryError):
        return "c'est un dossier, pas un fichier"
    if parmi(OSError):
        return "erreur de lecture ou d'écriture"
    return IMPREVU


def _erreur(desc: dict, echecs: list[tuple[str, str, str]]) -> ErreurDonnees:
    """L'erreur finale : chaque origine essayée avec ce qui a échoué, puis le conseil selon les pannes."""
    nom = desc["name"]
    genres = {genre for _, genre, _ in echecs}
    detail = " ; ".join(f"{origine} : {description}" for origine, _, description in echecs)
    if "empreinte" in genres:
        conseil = CONSEIL_EMPREINTE
        if "page-web" in genres:
            conseil = conseil.removesuffix(".") + f" ; pour le réseau, {CONSEIL_PAGE_WEB}"
        return EmpreinteIncorrecte(
            f"Aucune origine n'a fourni le bon fichier de la ressource « {nom} » (empreinte attendue "
            f"{desc['hash'][:19]}…) : {detail}. Les fichiers faux ont été écartés, rien n'a été gardé dans "
            "le cache.", conseil)
    if "page-web" in genres:
        return PortailCaptif(
            f"Impossible d'obtenir la ressource « {nom} » : {detail}. Rien n'a été gardé dans le cache.",
            CONSEIL_PAGE_WEB)
    miroir = dossier_miroir()
    ailleurs = (f"complétez le miroir {miroir} (variable COURS_DATA_MIRROR)" if miroir else
                "définissez COURS_DATA_MIRROR vers un dossier qui contient les fichiers (par exemple une copie "
                "de shared/data sur une clé USB)")
    return ReseauIndisponible(f"Impossible d'obtenir la ressource « {nom} » : {detail}.",
                              f"connectez-vous à Internet et lancez `make data`, ou {ailleurs}.")


def recuperer(nom: str, progression: bool = False) -> tuple[Path, str]:
    """Met la ressource dans le cache (vérifiée) et renvoie (chemin, origine)."""
    return recuperer_ressource(ressource(nom), progression)


def recuperer_ressource(desc: dict, progression: bool = False) -> tuple[Path, str]:
    """Comme ``recuperer``, pour un descripteur déjà trouvé dans le catalogue."""
    verifier_descripteur(desc)
    attendu = desc["hash"].split(":", 1)[1]
    dossier = dossier_cache() / desc["name"]
    try:
        dossier.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErreurDonnees(
            f"Le dossier de cache {dossier} ne peut pas être créé ({decrire_echec(exc)}).",
            "choisissez avec la variable COURS_DATA_CACHE un dossier où vous pouvez écrire.",
        ) from None
    fichier = fichier_en_cache(desc)
    if fichier.is_file():
        if pooch.file_hash(str(fichier)) == attendu:
            return fichier, "cache"
        fichier.unlink(missing_ok=True)  # abîmé : il ne doit pas rester si aucune origine ne le remplace
    delais_ = delais()  # seulement s'il faut télécharger : le cache reste lisible même si la variable est fausse
    echecs: list[tuple[str, str, str]] = []  # (origine, genre de panne, description)
    imprevu = None
    for origine, obtenir in _origines(desc, progression, delais_):
        partiel = None
        try:
            # Écrit à côté puis renommé : le cache ne contient jamais un fichier partiel ou faux.
            descripteur_fichier, nom_partiel = tempfile.mkstemp(dir=dossier, prefix=".", suffix=".partiel")
            os.close(descripteur_fichier)
            partiel = Path(nom_partiel)
            obtenir(partiel)
            if pooch.file_hash(str(partiel)) == attendu:
                os.replace(partiel, fichier)
                return fichier, origine
            echecs.append((origine, "empreinte", "fichier différent de la version épinglée (empreinte sha256 "
                                                 "incorrecte)"))
        except Exception as exc:  # toute panne d'une origine : on essaie la suivante
            description = decrire_echec(exc, delais_)
            echecs.append((origine, "page-web" if description == PAGE_WEB else "acces", description))
            if description == IMPREVU:
                imprevu = exc
        finally:
            if partiel is not None:
                partiel.unlink(missing_ok=True)
    raise _erreur(desc, echecs) from imprevu


def chemin(nom: str) -> Path:
    """Chemin du fichier de la ressource dans le cache, après vérification de son empreinte."""
    return recuperer(nom)[0]


def _ressources(n: int) -> str:
    return f"{n} ressource{'s' if n > 1 else ''}"


def telecharger_tout(selection: list[str] | None = None, sortie=None) -> int:
    """Met les ressources en cache, quelques-unes à la fois, et fait le bilan ; renvoie le nombre d'échecs.

    Les lignes suivent l'ordre du catalogue ; chaque échec dit ce qui a échoué pour sa ressource et les
    conseils communs (connexion, miroir) ne sont écrits qu'une fois, à la fin.
    """
    sortie = sortie or sys.stdout
    liste = list(selection or noms())
    # Plusieurs barres de progression à la fois se mélangeraient : seulement pour une ressource seule.
    progression = len(liste) == 1 and sys.stderr.isatty()
    echecs: list[str] = []
    conseils: list[str] = []
    debut = time.perf_counter()
    print(f"Téléchargement de {_ressources(len(liste))} vers {dossier_cache()}", file=sortie, flush=True)

    def une(nom: str):
        t0 = time.perf_counter()
        fichier, origine = recuperer(nom, progression=progression)
        return fichier, origine, time.perf_counter() - t0

    pool = ThreadPoolExecutor(max_workers=TELECHARGEMENTS_SIMULTANES, thread_name_prefix="make-data")
    try:
        futurs = [pool.submit(une, nom) for nom in liste]
        for i, (nom, futur) in enumerate(zip(liste, futurs, strict=True), 1):
            rang = f"[{i:>2}/{len(liste)}]"
            try:
                fichier, origine, duree = futur.result()
            except ErreurDonnees as exc:
                echecs.append(nom)
                if exc.conseil and exc.conseil not in conseils:
                    conseils.append(exc.conseil)
                print(f"{rang} ✗ {nom} : {exc.constat}", file=sortie, flush=True)
                continue
            print(f"{rang} ✓ {nom:<32} {fichier.stat().st_size / 1024:>8.0f} Ko  depuis {origine} "
                  f"({duree:.2f} s)", file=sortie, flush=True)
    finally:
        # Ctrl-C : ne pas attendre les téléchargements encore en file.
        pool.shutdown(wait=False, cancel_futures=True)
    duree = time.perf_counter() - debut
    pretes = len(liste) - len(echecs)
    print(f"Bilan : {_ressources(pretes)} prête{'s' if pretes > 1 else ''}, {len(echecs)} en échec, "
          f"{duree:.1f} s.",
          file=sortie)
    if echecs:
        print("En échec : " + ", ".join(echecs), file=sortie)
    if len(conseils) == 1:
        print(f"Que faire : {conseils[0]}", file=sortie)
    elif conseils:
        print("Que faire :" + "".join(f"\n  – {c}" for c in conseils), file=sortie)
    return len(echecs)
