"""Ligne de commande : ``python -m cours_opendata.donnees telecharger|valider|liste``."""

from __future__ import annotations

import argparse
import sys

from .catalogue import catalogue, noms
from .erreurs import ErreurDonnees
from .telechargement import telecharger_tout
from .verification import valider


def main(argv: list[str] | None = None) -> int:
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
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
