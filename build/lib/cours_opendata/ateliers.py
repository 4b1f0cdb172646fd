"""Les ateliers animés (``book/ateliers.yml``) : lecture, horaires, vérifications.

Un créneau qui programme une page hors du parcours de l'atelier, ou qui dure moins que ses pages
(``durees``) et son activité, lève ``AtelierInvalide`` : la construction s'arrête sur un message qui
nomme le créneau et dit quoi corriger.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import construction, durees, parcours
from .fichiers_yaml import lire_yaml
from .quiz import dossier_livre


class AtelierInvalide(Exception):
    """``ateliers.yml`` mal formé ou incohérent avec les pages du livre."""


class Creneau(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sequence: str = Field(min_length=1)
    duree: int = Field(gt=0)
    partie: int | None = Field(default=None, ge=1, le=5)
    pages: list[str] = []
    demonstrations: list[str] = []
    activite: str = ""
    activite_minutes: int = Field(default=0, ge=0)


class Atelier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titre: str
    parcours: Literal[tuple(parcours.CIBLES)]  # type: ignore[valid-type]
    debut: str = Field(pattern=r"^\d{1,2}:\d{2}$")
    creneaux: list[Creneau] = Field(min_length=1)

    @field_validator("debut")
    @classmethod
    def _heure(cls, v: str) -> str:
        h, m = map(int, v.split(":"))
        if h > 23 or m > 59:
            raise ValueError("heure invalide")
        return v


@dataclass
class CreneauCalcule:
    creneau: Creneau
    debut: int  # minutes depuis minuit
    contenu: int  # minutes : pages + activité

    @property
    def horaire(self) -> str:
        h, m = divmod(self.debut, 60)
        return f"{h}\u00a0h\u00a0{m:02d}"


def fichier_ateliers(racine: Path | None = None) -> Path:
    return dossier_livre(racine) / "ateliers.yml"


def charger_ateliers(racine: Path | None = None) -> dict[str, Atelier]:
    fichier = fichier_ateliers(racine)
    donnees = lire_yaml(fichier, AtelierInvalide, "Fichier des ateliers", si_absent="restaurez book/ateliers.yml.",
                        attendu="une clé par atelier est attendue.")
    ateliers = {}
    for cle, valeur in donnees.items():
        try:
            ateliers[cle] = Atelier.model_validate(valeur)
        except ValidationError as exc:
            lignes = [f"  - atelier « {cle} », {'.'.join(map(str, e['loc']))} : {e['msg']}" for e in exc.errors()]
            raise AtelierInvalide(f"Ateliers invalides : {fichier}\n" + "\n".join(lignes)) from None
    return ateliers


def _badges(entree: str, racine: Path) -> set[str] | None:
    from .sphinx_ext import badges_de_la_page

    source = construction.source_de(entree, racine)
    return None if source is None else badges_de_la_page(source)


def minutes_de_la_page(entree: str, racine: Path) -> int:
    source = construction.source_de(entree, racine)
    return durees.duree_de_la_source(source, dossier_livre(racine)).minutes


def calculer(atelier: Atelier, racine: Path, cle: str = "") -> list[CreneauCalcule]:
    """Les créneaux avec leur horaire et leur contenu ; vérifie parcours et durées."""
    h, m = map(int, atelier.debut.split(":"))
    debut, resultat, erreurs = h * 60 + m, [], []
    fichier = fichier_ateliers(racine)
    for creneau in atelier.creneaux:
        contenu = creneau.activite_minutes
        for entree in creneau.pages + creneau.demonstrations:
            badges = _badges(entree, racine)
            if badges is None:
                erreurs.append(f"  - « {creneau.sequence} » : page « {entree} » introuvable (chemin sans extension, "
                               "depuis la racine du dépôt)")
                continue
            if entree in creneau.demonstrations:
                continue
            if entree.startswith("notebooks/") and atelier.parcours == "décideurs":
                erreurs.append(f"  - « {creneau.sequence} » : le notebook « {entree} » est à exécuter ; dans l'atelier des "
                               "décideurs, placez-le sous « demonstrations » (le formateur le montre)")
            elif not (entree.endswith("/index") or {atelier.parcours, "tous"} & badges):
                libelle = parcours.PARCOURS[atelier.parcours].libelle.lower()
                erreurs.append(f"  - « {creneau.sequence} » : la page « {entree} » n'est pas du {libelle} "
                               f"(badges : {', '.join(sorted(badges)) or 'aucun'})")
            contenu += minutes_de_la_page(entree, racine)
        if contenu > creneau.duree:
            erreurs.append(f"  - « {creneau.sequence} » : {creneau.duree} min prévues pour {contenu} min de contenu "
                           f"(pages à {durees.MOTS_PAR_MINUTE} mots par minute, quiz et notebooks compris, plus "
                           f"{creneau.activite_minutes} min d'activité)")
        resultat.append(CreneauCalcule(creneau, debut, contenu))
        debut += creneau.duree
    if erreurs:
        raise AtelierInvalide(f"Ateliers invalides : {fichier}, atelier « {cle or atelier.titre} »\n" + "\n".join(erreurs)
                              + "\nQue faire : allongez le créneau, retirez une page (elle reste dans le parcours, en "
                              "autoformation) ou changez le badge de la page.")
    return resultat


def fin(calcules: list[CreneauCalcule]) -> int:
    dernier = calcules[-1]
    return dernier.debut + dernier.creneau.duree


def hors_atelier(atelier: Atelier, racine: Path) -> list[str]:
    """Les pages du parcours (sections et notebooks des parties) qu'aucun créneau ne programme."""
    from .sphinx_ext import pages_du_parcours

    programmees = {p for c in atelier.creneaux for p in c.pages}
    return [doc for _, docs in pages_du_parcours(racine, atelier.parcours) for doc in docs
            if doc not in programmees and not doc.endswith("/index")]


__all__ = ["Atelier", "AtelierInvalide", "Creneau", "CreneauCalcule", "calculer", "charger_ateliers",
           "fichier_ateliers", "fin", "hors_atelier", "minutes_de_la_page"]
