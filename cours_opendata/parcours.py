"""Le vocabulaire des parcours du cours, en un seul endroit.

Chaque parcours a une clé (celle des banques de quiz et du rôle ``{parcours}``), un libellé (badge
sous le titre d'une section, ligne du bilan), un libellé court (badge d'une question) et un nom de
classe CSS sans accent. Le moteur de quiz, l'extension Sphinx et ``quiz.js`` (qui le reçoit en
données JSON dans la page de progression) lisent tous cette table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .locales import _


@dataclass(frozen=True)
class Parcours:
    cle: str
    libelle: str
    court: str
    classe: str


PARCOURS: dict[str, Parcours] = {
    p.cle: p
    for p in (
        Parcours("décideurs", _("Parcours décideurs"), _("Décideurs"), "decideurs"),
        Parcours("opérationnels", _("Parcours opérationnels"), _("Opérationnels"), "operationnels"),
        Parcours("tous", _("Tous publics"), _("Tous publics"), "tous"),
    )
}
#: Les parcours ciblés : une question « tous » compte dans chacun d'eux.
CIBLES = ("décideurs", "opérationnels")
_ALIAS = {p.classe: p.cle for p in PARCOURS.values()}  # graphie sans accent acceptée dans les pages


def trouver(texte: str) -> Parcours | None:
    """Le parcours nommé par ``texte`` (« décideurs », « Decideurs »…), ou None."""
    cle = texte.strip().lower()
    return PARCOURS.get(_ALIAS.get(cle, cle))


def traduit(cle: str, langue: str | None) -> Parcours:
    """Le parcours ``cle`` avec ses libellés dans ``langue``."""
    from .locales import traduire

    p = PARCOURS[cle]
    return Parcours(p.cle, traduire(p.libelle, langue), traduire(p.court, langue), p.classe)


def pour_le_navigateur(langue: str | None = None) -> list[dict]:
    """Les parcours ciblés, tels que ``quiz.js`` les affiche dans le bilan."""
    return [{"cle": c, "libelle": traduit(c, langue).libelle} for c in CIBLES]
