"""``python -m cours_opendata.salle comptes LISTE [--adresse URL] [--sortie DOSSIER] [--creer]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import RACINE
from . import comptes


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m cours_opendata.salle",
                                      description="Prépare les comptes des participants d’une salle de formation.")
    sous = parseur.add_subparsers(dest="commande", required=True)
    c = sous.add_parser("comptes", help="identifiants et mots de passe générés, fiche à imprimer")
    c.add_argument("liste", help="fichier texte (un nom par ligne) ou CSV avec une colonne « nom »")
    c.add_argument("--adresse", default="http://<adresse du poste du formateur>:8000",
                   help="l’adresse que les participants taperont (imprimée sur chaque carte)")
    c.add_argument("--sortie", default=str(RACINE / "sorties" / "salle"), help="dossier de la fiche à imprimer")
    c.add_argument("--creer", action="store_true", help="créer aussi les comptes sur cette machine (root)")
    arguments = parseur.parse_args(argv)
    try:
        lot = comptes.preparer(comptes.lire_liste(arguments.liste))
        if arguments.creer:
            comptes.creer_sur_le_systeme(lot)
        fiche = comptes.ecrire_la_fiche(lot, arguments.adresse, Path(arguments.sortie))
    except comptes.ComptesInvalides as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"{len(lot)} comptes préparés{' et créés sur cette machine' if arguments.creer else ''}. Fiche à "
          f"imprimer et à découper : {fiche} (lisible du seul formateur : elle contient les mots de passe).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
