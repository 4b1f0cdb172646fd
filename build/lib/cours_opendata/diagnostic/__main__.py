"""``python -m cours_opendata.diagnostic CHEMIN [--sortie DOSSIER] [--garder COLONNE] [--feuille NOM]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import FichierRefuse, diagnostiquer
from .lecture import LIMITE_MO


class _Arguments(argparse.ArgumentParser):
    def error(self, message: str):  # message d’argparse, en français
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {message}. Que faire : python -m cours_opendata.diagnostic --help\n")


def main(argv: list[str] | None = None) -> int:
    parseur = _Arguments(
        prog="python -m cours_opendata.diagnostic", add_help=False,
        description="Diagnostique un fichier de données (CSV, Excel .xlsx, LibreOffice .ods) avant publication : "
                    f"encodage, en-tête, valeurs manquantes, doublons, données personnelles, régions. Au plus {LIMITE_MO} Mo. "
                    "Le fichier d’origine n’est jamais modifié.")
    parseur.add_argument("chemin", help="le fichier à diagnostiquer")
    parseur.add_argument("--sortie", help="dossier des résultats (par défaut : diagnostic-<nom du fichier>/ ici)")
    parseur.add_argument("--garder", action="append", default=[], metavar="COLONNE",
                         help="garder une colonne signalée comme personnelle après l’avoir vérifiée (répétable)")
    parseur.add_argument("--feuille", help="la feuille à lire dans un classeur (par défaut : la première qui contient un tableau)")
    parseur.add_argument("-h", "--help", action="help", help="afficher cette aide")
    try:
        arguments = parseur.parse_args(argv)
    except SystemExit as fin:  # --help, ou arguments refusés (message déjà affiché)
        return int(fin.code or 0)
    chemin = Path(arguments.chemin)
    sortie = Path(arguments.sortie) if arguments.sortie else Path.cwd() / f"diagnostic-{chemin.stem}"
    try:
        d = diagnostiquer(chemin, sortie, garder=arguments.garder, feuille=arguments.feuille)
    except FichierRefuse as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Erreur : impossible d’écrire les résultats dans {sortie} ({exc.strerror}). Que faire : choisissez un "
              "autre dossier avec --sortie.", file=sys.stderr)
        return 1
    graves = sum(c.gravite == "grave" for c in d.constats)
    print(f"{d.lignes} lignes, {len(d.lecture.table.columns)} colonnes ; {len(d.constats)} constat(s), dont {graves} à "
          "traiter avant toute publication.")
    for c in d.constats[:8]:
        print(f"  - {c.titre}")
    print(f"Rapport : {d.dossier / 'rapport.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
