"""Correction des réponses (vue ipywidgets) et lecture des nombres écrits à la française.

``quiz.js`` applique les mêmes règles dans le livre statique ; un test compare les deux.
"""

from __future__ import annotations

import re

from ..locales import traduire
from .banque import CHOIX, Question

# Espaces de séparation des milliers : ordinaire, insécable, fine insécable (et tabulation).
_ESPACES = re.compile(r"[\s\u00a0\u202f]+")
_NOMBRE = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)$")


class ReponseInvalide(ValueError):
    """Réponse qu'on ne peut pas corriger : le message dit pourquoi et quoi saisir."""


def lire_nombre(texte) -> float:
    """« 84,1 », « 84,1 % », « 1 740 », « 1 740,5 » ou « 84.1 » → float ; ReponseInvalide sinon."""
    if isinstance(texte, int | float) and not isinstance(texte, bool):
        return float(texte)
    brut = _ESPACES.sub("", str(texte)).removesuffix("%")
    if not _NOMBRE.match(brut):
        raise ReponseInvalide(f"«\u00a0{texte}\u00a0» n’est pas un nombre\u00a0: saisissez par exemple 12, 74,4 ou 1\u202f740.")
    return float(brut.replace(",", "."))


def _indice(question: Question, valeur) -> int:
    try:
        i = int(valeur)
    except (TypeError, ValueError):
        raise ReponseInvalide(f"question « {question.id} » : « {valeur} » n'est pas un numéro d'option.") from None
    if isinstance(valeur, bool) or not 0 <= i < len(question.options) or i != valeur and str(i) != str(valeur):
        raise ReponseInvalide(f"question « {question.id} » : l'option {valeur!r} n'existe pas (options de 0 à "
                              f"{len(question.options) - 1}).")
    return i


def verifier(question: Question, reponse) -> tuple[bool, list[str]]:
    """Corrige une réponse ; renvoie (juste, retours à afficher).

    ``reponse`` : indice d'option (choix unique), ensemble d'indices (choix multiple), booléen
    (vrai-faux) ou nombre, éventuellement écrit à la française (numérique).
    """
    if question.type == "choix-unique":
        option = question.options[_indice(question, reponse)]
        return option.correcte, [option.retour]
    if question.type == "choix-multiple":
        if isinstance(reponse, str | int):
            raise ReponseInvalide(f"question « {question.id} » : plusieurs réponses possibles, donnez un "
                                  "ensemble d'options (par exemple {0, 2}).")
        choisis = sorted({_indice(question, i) for i in reponse})
        attendus = [i for i, o in enumerate(question.options) if o.correcte]
        return choisis == attendus, [question.options[i].retour for i in choisis]
    if question.type == "vrai-faux":
        if not isinstance(reponse, bool):
            raise ReponseInvalide(f"question « {question.id} » : répondez True (vrai) ou False (faux).")
        return reponse == question.reponse, [question.retour_vrai if reponse else question.retour_faux]
    juste = abs(lire_nombre(reponse) - float(question.reponse)) <= question.tolerance + 1e-9
    return juste, [question.retour_correct if juste else question.retour_incorrect]


def nombre_fr(x: float) -> str:
    """12 → « 12 », 84.1 → « 84,1 », 1740 → « 1 740 » (espace fine insécable)."""
    entier, _, decimales = f"{x:.12g}".partition(".")
    if len(entier.lstrip("-")) > 4:  # les nombres de quatre chiffres s'écrivent sans séparateur
        entier = f"{int(entier):,}".replace(",", "\u202f")
    return entier + ("," + decimales if decimales else "")


def bonne_reponse_texte(question: Question, langue: str | None = None) -> str:
    if question.type in CHOIX:
        return ("\u202f; " if (langue or "fr") == "fr" else "؛ ").join(o.texte for o in question.options if o.correcte)
    if question.type == "vrai-faux":
        return traduire("Vrai", langue) if question.reponse else traduire("Faux", langue)
    tolerance = (" " + traduire("(à {tolerance} près)", langue).format(tolerance=nombre_fr(question.tolerance))
                 if question.tolerance else "")
    return f"{nombre_fr(question.reponse)}{' ' + question.unite if question.unite else ''}{tolerance}"
