"""Lire un fichier YAML du livre (banque, tests, ateliers, registre) avec un message français qui dit quoi faire.

Une seule règle pour les trois pannes qu'un rédacteur rencontre : fichier absent, YAML mal formé (avec la
ligne et la colonne), contenu qui n'est pas un dictionnaire. L'exception est celle du module appelant.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# L'analyseur en C de libyaml quand il est là (dix fois plus rapide : les banques de quiz bilingues pèsent
# plusieurs centaines de Ko et la construction les lit souvent), sinon celui en Python : même résultat.
CHARGEUR = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lire_yaml(fichier: Path | str, erreur: type[Exception], quoi: str, *, si_absent: str, attendu: str) -> dict:
    """Le contenu de ``fichier`` ; lève ``erreur`` (« {quoi} introuvable… », « {quoi} invalide… »)."""
    fichier = Path(fichier)
    try:
        donnees = yaml.load(fichier.read_text(encoding="utf-8"), Loader=CHARGEUR)  # noqa: S506 (chargeur sûr)
    except FileNotFoundError:
        raise erreur(f"{quoi} introuvable : {fichier}. Que faire : {si_absent}") from None
    except yaml.YAMLError as exc:
        pos = getattr(exc, "problem_mark", None)
        ou = f" (ligne {pos.line + 1}, colonne {pos.column + 1})" if pos else ""
        raise erreur(f"{quoi} invalide : {fichier}{ou} : YAML mal formé. Que faire : vérifiez l'indentation, "
                     "les guillemets et les crochets à cet endroit.") from None
    if not isinstance(donnees, dict):
        raise erreur(f"{quoi} invalide : {fichier} : {attendu}")
    return donnees


__all__ = ["lire_yaml"]
