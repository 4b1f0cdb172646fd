"""Écrire un fichier sans jamais laisser une version à moitié écrite sous son nom final."""

from __future__ import annotations

from pathlib import Path


def ecrire_sans_reste(chemin: Path, ecrire) -> None:
    """Appelle ``ecrire(chemin_temporaire)`` à côté de ``chemin``, puis renomme ; en cas d’erreur, l’ancien
    fichier reste intact et le temporaire est effacé."""
    chemin = Path(chemin)
    temporaire = chemin.with_name(chemin.name + ".partiel")
    try:
        ecrire(temporaire)
        temporaire.replace(chemin)
    finally:
        temporaire.unlink(missing_ok=True)
