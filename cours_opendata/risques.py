"""Le registre des risques du kit des décideurs (``book/decider/risques.yml``) : schéma, lecture, rendu.

Un registre mal formé lève ``RegistreInvalide`` avec un message qui nomme le fichier, le risque et le
champ ; la construction s'arrête sur ce message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .fichiers_yaml import lire_yaml
from .locales import _, traduire
from .quiz import dossier_livre

NIVEAUX = ("faible", "moyenne", "forte")
COTES = {"ouvrir": _("Risques d'ouvrir"), "ne-pas-ouvrir": _("Risques de ne pas ouvrir")}
# Les niveaux tels que le tableau les affiche (la clé du registre reste le mot français).
LIBELLES_DES_NIVEAUX = {"faible": _("faible"), "moyenne": _("moyenne"), "forte": _("forte")}
ENTETES = [_("Risque"), _("Probabilité"), _("Gravité"), _("Ce que fait l'organisme"), _("Référence"), _("Qui en répond")]


class RegistreInvalide(Exception):
    """Registre des risques mal formé."""


class RisqueTraduit(BaseModel):
    """Les textes d'un risque dans une autre langue (clé « ar: ») ; mêmes champs que le français."""
    model_config = ConfigDict(extra="forbid")
    risque: str = Field(min_length=1)
    description: str = Field(min_length=1)
    attenuation: str = Field(min_length=1)
    reference: str | None = None
    responsable: str = Field(min_length=1)


class Risque(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    cote: Literal[tuple(COTES)]  # type: ignore[valid-type]
    risque: str = Field(min_length=1)
    description: str = Field(min_length=1)
    probabilite: Literal[NIVEAUX]  # type: ignore[valid-type]
    gravite: Literal[NIVEAUX]  # type: ignore[valid-type]
    attenuation: str = Field(min_length=1)
    reference: str | None = None
    responsable: str = Field(min_length=1)
    source: str | None = None
    ar: RisqueTraduit | None = None

    def en(self, langue: str | None) -> Risque:
        traduction = getattr(self, langue, None) if langue and langue != "fr" else None
        return self.model_copy(update=traduction.model_dump(exclude_none=True)) if traduction else self


class Registre(BaseModel):
    model_config = ConfigDict(extra="forbid")
    risques: list[Risque] = Field(min_length=1)


def fichier_registre(dossier: Path | None = None) -> Path:
    return Path(dossier or dossier_livre()) / "decider" / "risques.yml"


def charger_registre(fichier: Path | None = None) -> Registre:
    fichier = Path(fichier or fichier_registre())
    donnees = lire_yaml(fichier, RegistreInvalide, "Registre des risques", si_absent="restaurez book/decider/risques.yml.",
                        attendu="la clé « risques » et la liste des risques sont attendues.")
    try:
        registre = Registre.model_validate(donnees)
    except ValidationError as exc:
        lignes = []
        for e in exc.errors():
            loc = list(e["loc"])
            nom = "(registre)"
            if len(loc) >= 2 and loc[0] == "risques" and isinstance(loc[1], int):
                try:
                    nom = donnees["risques"][loc[1]].get("id") or f"n° {loc[1] + 1}"
                except (AttributeError, IndexError, KeyError, TypeError):
                    nom = f"n° {loc[1] + 1}"
                loc = loc[2:]
            lignes.append(f"  - risque « {nom} », champ « {'.'.join(map(str, loc)) or '?'} » : {e['msg']}")
        raise RegistreInvalide(f"Registre des risques invalide : {fichier}\n" + "\n".join(lignes)
                               + f"\nValeurs attendues : cote {' | '.join(COTES)} ; probabilité et gravité "
                               f"{' | '.join(NIVEAUX)}.") from None
    ids = [r.id for r in registre.risques]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise RegistreInvalide(f"Registre des risques invalide : {fichier} : id en double : {', '.join(doubles)}.")
    return registre


def _cellule(texte: str) -> str:
    # Seuls les blancs ASCII sont des séparateurs : les espaces insécables (U+202F, U+00A0) restent.
    return " ".join(re.split(r"[ \t\r\n]+", str(texte).strip())).replace("|", "\\|")


def registre_myst(registre: Registre, langue: str | None = None) -> list[str]:
    """Le registre en MyST : un tableau par côté, les risques les plus graves d'abord ; les sources en
    ``{cite}`` (liées à la bibliographie du livre). Textes dans ``langue`` s'ils y sont traduits."""
    ordre = {n: i for i, n in enumerate(reversed(NIVEAUX))}
    lignes = []
    for cote, titre in COTES.items():
        risques = sorted((r for r in registre.risques if r.cote == cote),
                         key=lambda r: (ordre[r.gravite], ordre[r.probabilite]))
        lignes += [f"**{traduire(titre, langue)}** ({len(risques)})", "",
                   "| " + " | ".join(traduire(e, langue) for e in ENTETES) + " |", "|---|---|---|---|---|---|"]
        for r in (r.en(langue) for r in risques):
            sources = " ".join(f"{{cite}}`{c.strip()}`" for c in (r.source or "").split(",") if c.strip())
            reference = " ".join(x for x in (_cellule(r.reference or ""), sources) if x) or "—"
            niveaux = [traduire(LIBELLES_DES_NIVEAUX[n], langue) for n in (r.probabilite, r.gravite)]
            lignes.append(f"| **{_cellule(r.risque)}** — {_cellule(r.description)} | {niveaux[0]} | {niveaux[1]} | "
                          f"{_cellule(r.attenuation)} | {reference} | {_cellule(r.responsable)} |")
        lignes.append("")
    return lignes


__all__ = ["COTES", "NIVEAUX", "Registre", "RegistreInvalide", "Risque", "charger_registre", "fichier_registre",
           "registre_myst"]
