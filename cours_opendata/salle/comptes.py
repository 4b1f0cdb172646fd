"""Les comptes des participants d’une salle : identifiants tirés des noms, mots de passe générés (aucun mot de
passe par défaut ni partagé), fiche imprimable à découper, comptes du système pour isoler chacun.
"""

from __future__ import annotations

import csv
import io
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import gabarits
from ..texte import en_identifiant

#: Sans 0, O, 1, l ni i : un mot de passe recopié depuis une fiche papier ne prête pas à confusion.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LONGUEUR_DU_MOT_DE_PASSE = 12
GROUPE = "cours-salle"  # le groupe système des comptes créés par le cours (et eux seuls sont supprimés)


class ComptesInvalides(ValueError):
    """La liste des participants ne peut pas être utilisée ; le message dit quoi corriger."""


@dataclass(frozen=True)
class Compte:
    nom: str
    identifiant: str
    mot_de_passe: str


def identifiant_de(nom: str, pris: set[str]) -> str:
    base = en_identifiant(nom)[:24].strip("-") or "participant"
    if not base[0].isalpha():
        base = "p-" + base
    identifiant, n = base, 2
    while identifiant in pris:
        identifiant, n = f"{base}-{n}", n + 1
    return identifiant


def mot_de_passe() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR_DU_MOT_DE_PASSE))


def lire_liste(chemin: Path | str) -> list[str]:
    """Les noms d’un fichier texte (un par ligne) ou CSV (colonne « nom ») ; lignes vides et « # » ignorées."""
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ComptesInvalides(f"La liste {chemin} n’existe pas. Que faire : écrivez un nom de participant par "
                               "ligne dans un fichier texte, puis donnez son chemin.")
    texte = chemin.read_bytes().decode("utf-8-sig", errors="replace")
    lignes = [li.strip() for li in texte.splitlines() if li.strip() and not li.lstrip().startswith("#")]
    separateur = ";" if lignes and ";" in lignes[0] else ","
    entete = [c.strip().lower() for c in lignes[0].split(separateur)] if lignes else []
    # Un tableau : « nom;organisme » (le point-virgule n’est pas dans un nom), ou « nom,organisme » ; mais
    # « Alaoui, Amina » reste un nom.
    if len(entete) > 1 and (separateur == ";" or {"nom", "name"} & set(entete)):
        lecteur = csv.DictReader(io.StringIO("\n".join(lignes)), delimiter=separateur)
        colonne = next((c for c in lecteur.fieldnames or [] if c.strip().lower() in ("nom", "name")), None)
        if colonne is None:
            raise ComptesInvalides(f"{chemin.name} : tableau sans colonne « nom ». Que faire : ajoutez une colonne "
                                   "« nom », ou écrivez un nom par ligne.")
        lignes = [r[colonne].strip() for r in lecteur if (r.get(colonne) or "").strip()]
    if not lignes:
        raise ComptesInvalides(f"{chemin.name} ne contient aucun nom. Que faire : écrivez un nom de participant par "
                               "ligne.")
    doublons = sorted({n for n in lignes if lignes.count(n) > 1})
    if doublons:
        raise ComptesInvalides(f"{chemin.name} : noms en double ({', '.join(doublons)}). Que faire : distinguez-les "
                               "(ajoutez l’organisme ou une initiale).")
    return lignes


def preparer(noms: list[str], pris: set[str] = frozenset()) -> list[Compte]:
    deja = set(pris)
    comptes = []
    for nom in noms:
        identifiant = identifiant_de(nom, deja)
        deja.add(identifiant)
        comptes.append(Compte(nom, identifiant, mot_de_passe()))
    return comptes


def fiche_html(comptes: list[Compte], adresse: str) -> str:
    """La fiche à imprimer et à découper : une carte par participant, avec l’adresse, l’identifiant, le mot
    de passe."""
    return gabarits.rendre("salle-comptes.html", comptes=comptes, adresse=adresse)


# --- Comptes du système (Linux) : chaque participant a le sien, son dossier n’est lisible que par lui ----------

def _executer(commande: list[str], entree: str | None = None) -> None:
    proc = subprocess.run(commande, input=entree, capture_output=True, text=True)
    if proc.returncode:
        raise ComptesInvalides(f"La commande {' '.join(commande[:2])} a échoué : {proc.stderr.strip()}. Que faire : "
                               "lancez le serveur de la salle en administrateur (sudo).")


def existe_dans_la_salle(identifiant: str) -> bool:
    import grp
    import pwd

    try:
        return pwd.getpwnam(identifiant).pw_gid == grp.getgrnam(GROUPE).gr_gid
    except KeyError:
        return False


def creer_sur_le_systeme(comptes: list[Compte]) -> None:
    import grp
    import os
    import pwd

    if os.geteuid() != 0:
        raise ComptesInvalides("Créer les comptes des participants demande les droits d’administrateur. Que faire : "
                               "relancez avec sudo.")
    try:
        grp.getgrnam(GROUPE)
    except KeyError:
        _executer(["groupadd", "--system", GROUPE])
    for c in comptes:
        try:
            existant = pwd.getpwnam(c.identifiant)
        except KeyError:
            _executer(["useradd", "--create-home", "--gid", GROUPE, "--shell", "/usr/sbin/nologin",
                       "--comment", c.nom, c.identifiant])
        else:
            if existant.pw_gid != grp.getgrnam(GROUPE).gr_gid:
                raise ComptesInvalides(f"Le compte « {c.identifiant} » existe déjà sur cette machine et n’est pas un "
                                       "compte de la salle. Que faire : changez le nom dans la liste.")
        _executer(["chpasswd"], f"{c.identifiant}:{c.mot_de_passe}\n")
        Path(pwd.getpwnam(c.identifiant).pw_dir).chmod(0o700)  # personne d’autre ne lit ce dossier


def supprimer_du_systeme(identifiants: list[str]) -> None:
    """Supprime les comptes de la salle (jamais un compte hors du groupe de la salle), dossiers compris."""
    import grp
    import pwd

    gid = grp.getgrnam(GROUPE).gr_gid
    for identifiant in identifiants:
        try:
            compte = pwd.getpwnam(identifiant)
        except KeyError:
            continue
        if compte.pw_gid == gid:
            subprocess.run(["pkill", "-KILL", "-u", identifiant], capture_output=True)
            _executer(["userdel", "--remove", identifiant])
    if not any(c.pw_gid == gid for c in pwd.getpwall()):
        _executer(["groupdel", GROUPE])  # plus aucun compte de la salle : on ne laisse rien derrière


def ecrire_la_fiche(comptes_: list[Compte], adresse: str, dossier: Path) -> Path:
    """La fiche imprimable, lisible du seul formateur (elle contient les mots de passe)."""
    dossier.mkdir(parents=True, exist_ok=True)
    fichier = dossier / "comptes-a-imprimer.html"
    fichier.touch(mode=0o600)
    fichier.chmod(0o600)
    fichier.write_text(fiche_html(comptes_, adresse), encoding="utf-8")
    return fichier
