"""La salle de formation en ligne de commande (en administrateur) :

    python -m cours_opendata.salle comptes LISTE [--adresse URL] [--sortie DOSSIER] [--creer]
    python -m cours_opendata.salle preparer            # avec Internet, une fois
    python -m cours_opendata.salle demarrer LISTE --formateur IDENTIFIANT [--port 8000]
    python -m cours_opendata.salle connectes | reinitialiser ID CHEMIN | distribuer FICHIER CHEMIN LISTE | collecter LISTE
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from .. import RACINE
from . import comptes, hub


def _comptes(arguments) -> int:
    lot = comptes.preparer(comptes.lire_liste(arguments.liste))
    if arguments.creer:
        comptes.creer_sur_le_systeme(lot)
    fiche = comptes.ecrire_la_fiche(lot, arguments.adresse, Path(arguments.sortie))
    print(f"{len(lot)} comptes préparés{' et créés sur cette machine' if arguments.creer else ''}. Fiche à "
          f"imprimer et à découper : {fiche} (lisible du seul formateur : elle contient les mots de passe).")
    return 0


def _demarrer(arguments) -> int:
    noms = comptes.lire_liste(arguments.liste)
    lot = comptes.preparer(noms)
    nouveaux = [c for c in lot if not comptes.existe_dans_la_salle(c.identifiant)]
    if nouveaux:  # les comptes déjà créés gardent leur mot de passe : une fiche seulement pour les nouveaux
        comptes.creer_sur_le_systeme(nouveaux)
    adresses = hub.adresses_du_reseau() or ["<adresse de ce poste>"]
    url = f"http://{adresses[0]}:{arguments.port}"
    if nouveaux:
        fiche = comptes.ecrire_la_fiche(nouveaux, url, Path(arguments.sortie))
        print(f"{len(nouveaux)} nouveau(x) compte(s) ; fiche à imprimer : {fiche}")
    salle = hub.Salle(participants=[c.identifiant for c in lot], formateur=arguments.formateur,
                      prefixe=Path(arguments.prefixe), port=arguments.port, inactivite=arguments.inactivite,
                      jeton_de_service=secrets.token_hex(24))
    proc = hub.demarrer(salle)
    hub.attendre(f"http://127.0.0.1:{arguments.port}/hub/api", 90)
    jeton = salle.etat / "jeton-formateur"  # pour « connectes » pendant la séance ; le formateur seul le lit
    jeton.touch(mode=0o600)
    jeton.write_text(f"http://127.0.0.1:{arguments.port} {salle.jeton_de_service}\n", encoding="utf-8")
    print("Salle ouverte. Adresse à donner aux participants : "
          + " ou ".join(f"http://{a}:{arguments.port}" for a in adresses)
          + f" (le livre : …/services/livre/). Formateur : {arguments.formateur}. Pour fermer : Ctrl+C.")
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait(60)


def _outils(arguments) -> int:
    from datetime import datetime

    from . import formateur

    if arguments.commande == "connectes":
        fichier = Path(arguments.prefixe) / "etat" / "jeton-formateur"
        if not fichier.is_file():
            raise hub.SalleImpossible("La salle n’est pas ouverte. Que faire : make salle LISTE=… FORMATEUR=…")
        base, jeton = fichier.read_text(encoding="utf-8").split()
        for p in formateur.connectes(base, jeton):
            print(f"{p['identifiant']:<28} {'prêt' if p['pret'] else 'en démarrage'}  dernière activité : "
                  f"{p['derniere_activite'] or '—'}")
        return 0
    if arguments.commande == "reinitialiser":
        garde = formateur.reinitialiser(arguments.identifiant, arguments.chemin, Path(arguments.prefixe) / "cours")
        print(f"{arguments.chemin} remis à neuf pour {arguments.identifiant}"
              + (f" ; sa version est gardée : {garde.name}" if garde else "."))
        return 0
    identifiants = [c.identifiant for c in comptes.preparer(comptes.lire_liste(arguments.liste))]
    if arguments.commande == "distribuer":
        formateur.distribuer(Path(arguments.fichier), arguments.chemin, identifiants)
        print(f"{arguments.chemin} déposé chez {len(identifiants)} participants (versions modifiées gardées à côté).")
        return 0
    archive = formateur.collecter(identifiants, Path(arguments.sortie) / f"travaux-{datetime.now():%Y%m%d-%H%M}.zip")
    print(f"Travaux de {len(identifiants)} participants : {archive}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m cours_opendata.salle",
                                      description="Le serveur de la salle de formation (JupyterHub, hors ligne).")
    sous = parseur.add_subparsers(dest="commande", required=True)
    c = sous.add_parser("comptes", help="identifiants et mots de passe générés, fiche à imprimer")
    c.add_argument("liste", help="fichier texte (un nom par ligne) ou CSV avec une colonne « nom »")
    c.add_argument("--adresse", default="http://<adresse du poste du formateur>:8000",
                   help="l’adresse que les participants taperont (imprimée sur chaque carte)")
    c.add_argument("--sortie", default=str(RACINE / "sorties" / "salle"), help="dossier de la fiche à imprimer")
    c.add_argument("--creer", action="store_true", help="créer aussi les comptes sur cette machine (root)")
    p = sous.add_parser("preparer", help="avec Internet : environnement commun, cours, livre, données, proxy")
    p.add_argument("--prefixe", default=str(hub.PREFIXE))
    d = sous.add_parser("demarrer", help="ouvre la salle (sans Internet)")
    d.add_argument("liste", help="la liste des participants")
    d.add_argument("--formateur", required=True, help="votre compte sur cette machine (le seul administrateur)")
    d.add_argument("--port", type=int, default=8000)
    d.add_argument("--inactivite", type=int, default=hub.INACTIVITE_PAR_DEFAUT,
                   help="secondes sans activité avant l’arrêt d’un serveur (le travail est gardé)")
    d.add_argument("--prefixe", default=str(hub.PREFIXE))
    d.add_argument("--sortie", default=str(RACINE / "sorties" / "salle"), help="dossier de la fiche à imprimer")
    q = sous.add_parser("connectes", help="qui est connecté (pendant que la salle est ouverte)")
    q.add_argument("--prefixe", default=str(hub.PREFIXE))
    r = sous.add_parser("reinitialiser", help="remettre à neuf un notebook d’un participant (sa version gardée)")
    r.add_argument("identifiant")
    r.add_argument("chemin", help="dans le cours, par exemple notebooks/partie-3-nettoyage.ipynb")
    r.add_argument("--prefixe", default=str(hub.PREFIXE))
    e = sous.add_parser("distribuer", help="envoyer un fichier à tous les participants de la liste")
    e.add_argument("fichier")
    e.add_argument("chemin", help="où le déposer dans le dossier du cours de chacun")
    e.add_argument("liste")
    m = sous.add_parser("collecter", help="ramasser les travaux de la liste en une archive ZIP")
    m.add_argument("liste")
    m.add_argument("--sortie", default=str(RACINE / "sorties" / "salle"))
    arguments = parseur.parse_args(argv)
    try:
        if arguments.commande == "comptes":
            return _comptes(arguments)
        if arguments.commande in ("connectes", "reinitialiser", "distribuer", "collecter"):
            return _outils(arguments)
        if arguments.commande == "preparer":
            print(f"Salle préparée dans {hub.preparer(Path(arguments.prefixe))}. Ensuite, sans Internet : "
                  "sudo make salle LISTE=participants.txt FORMATEUR=<votre compte>")
            return 0
        return _demarrer(arguments)
    except (comptes.ComptesInvalides, hub.SalleImpossible, FileNotFoundError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
