"""Comparer et nommer sans accents : une règle pour les noms de colonnes, de régions, de comptes et d’identifiants."""

from __future__ import annotations

import re
import unicodedata


def sans_accents(texte) -> str:
    """« Béni Mellal-Khénifra » → « beni mellal-khenifra » (minuscules, lettres latines de base)."""
    return unicodedata.normalize("NFKD", str(texte)).encode("ascii", "ignore").decode().lower()


def en_identifiant(texte, separateur: str = "-") -> str:
    """« Bénéficiaires 2014 » → « beneficiaires-2014 » ; chaîne vide si rien ne reste."""
    return re.sub(r"[^a-z0-9]+", separateur, sans_accents(texte)).strip(separateur)
