"""Les outils du formateur pendant la séance : qui est connecté, remettre à neuf le notebook d’un participant,
envoyer un notebook mis à jour à tous, ramasser les travaux en une archive. Rien n’est jamais écrasé sans
copie : la version du participant est gardée à côté (``….sauvegarde-AAAAMMJJ-HHMMSS``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

from ..fichiers_surs import ecrire_sans_reste
from .hub import DOSSIER_DU_COURS


def dossier_du_cours(identifiant: str) -> Path:
    try:
        return Path(pwd.getpwnam(identifiant).pw_dir) / DOSSIER_DU_COURS
    except KeyError:
        raise FileNotFoundError(f"Le compte «\u202f{identifiant}\u202f» n’existe pas sur cette machine. Que faire : "
                                "vérifiez l’identifiant sur la fiche des comptes.") from None


def connectes(base: str, jeton: str) -> list[dict]:
    """Les participants dont le serveur tourne, avec leur dernière activité."""
    import requests

    reponse = requests.get(f"{base}/hub/api/users", headers={"Authorization": f"token {jeton}"},
                           params={"state": "active"}, timeout=30)
    reponse.raise_for_status()
    return [{"identifiant": u["name"], "derniere_activite": u.get("last_activity"),
             "pret": bool(u.get("servers", {}).get("", {}).get("ready"))} for u in reponse.json()]


def _deposer(source: Path, identifiant: str, relatif: str) -> Path | None:
    """Copie ``source`` chez le participant ; sa version, si elle diffère, est gardée à côté. Renvoie la sauvegarde."""
    cible = dossier_du_cours(identifiant) / relatif
    compte = pwd.getpwnam(identifiant)
    sauvegarde = None
    if cible.exists() and cible.read_bytes() != source.read_bytes():
        sauvegarde = cible.with_name(f"{cible.name}.sauvegarde-{datetime.now():%Y%m%d-%H%M%S}")
        cible.rename(sauvegarde)
    cible.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, cible)
    for chemin in (cible, cible.parent):
        os.chown(chemin, compte.pw_uid, compte.pw_gid)
    return sauvegarde


def reinitialiser(identifiant: str, relatif: str, cours: Path) -> Path | None:
    """Le notebook ``relatif`` du participant remis comme dans le cours (sa version gardée à côté)."""
    source = cours / relatif
    if not source.is_file():
        raise FileNotFoundError(f"{relatif} n’est pas dans le cours ({cours}). Que faire : donnez un chemin comme "
                                "notebooks/partie-3-nettoyage.ipynb.")
    return _deposer(source, identifiant, relatif)


def distribuer(fichier: Path, relatif: str, identifiants: list[str]) -> dict[str, Path | None]:
    """Envoie ``fichier`` à chaque participant sous ``relatif`` ; renvoie, par participant, sa sauvegarde éventuelle."""
    return {i: _deposer(Path(fichier), i, relatif) for i in identifiants}


def collecter(identifiants: list[str], cible: Path) -> Path:
    """Les dossiers du cours de chaque participant en une archive ZIP (un dossier par participant)."""
    cible.parent.mkdir(parents=True, exist_ok=True)

    def ecrire(temporaire: Path) -> None:
        with zipfile.ZipFile(temporaire, "w", zipfile.ZIP_DEFLATED) as archive:
            for identifiant in identifiants:
                racine = dossier_du_cours(identifiant)
                for chemin in sorted(racine.rglob("*")):
                    if chemin.is_file() and ".ipynb_checkpoints" not in chemin.parts:
                        archive.write(chemin, Path(identifiant) / chemin.relative_to(racine))

    ecrire_sans_reste(cible, ecrire)
    cible.chmod(0o600)  # les travaux des participants : le formateur seul
    return cible
