"""Les modèles bureautiques du cours : inventaire, fiche de métadonnées, fiche de décision, note de mandat.

Chacun est produit par le paquet, depuis une seule source (jamais un fichier binaire retouché à la main),
en format Microsoft Office (.xlsx, .docx) et OpenDocument (.ods, .odt), dans le dossier ``modeles/`` du
site construit (``make book``), donc aussi dans la copie hors ligne (``make zip``).

    python -m cours_opendata.modeles [DOSSIER]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import RACINE
from .classeur import ecrire_ods, ecrire_xlsx
from .document import ecrire_docx, ecrire_odt
from .fiches import (
    FICHE_DE_DECISION,
    NOTE_DE_MANDAT,
    ErreurModele,
    classeur_metadonnees,
    document_fiche_de_decision,
    document_note_de_mandat,
)
from .inventaire import classeur_inventaire

DOSSIER_MODELES = "modeles"  # dans le site construit : _build/html/modeles/


@dataclass(frozen=True)
class Modele:
    nom: str  # sans extension
    titre: str
    usage: str
    formats: tuple[str, str]
    sources: tuple[Path, ...]  # fichiers du dépôt dont il dépend (en plus du code du paquet)


MODELES = (
    Modele("inventaire-des-donnees", "Inventaire des données et priorités",
           "dresser l’inventaire avec des listes déroulantes ; score, quadrant et rang calculés comme dans la "
           "partie 5 ; liste classée à valider en direction", ("xlsx", "ods"), ()),
    Modele("fiche-de-metadonnees", "Fiche de métadonnées d’un jeu de données",
           "décrire un jeu avant publication : les champs de data.gov.ma, de DCAT et du catalogue du cours, "
           "et le dictionnaire des colonnes", ("xlsx", "ods"), ()),
    Modele("fiche-de-decision", "Fiche de décision",
           "la décision d’ouverture sur une page, à remplir en comité de direction et à signer",
           ("docx", "odt"), (FICHE_DE_DECISION,)),
    Modele("note-de-mandat", "Note de mandat du responsable open data",
           "la note que signe le secrétaire général ou le directeur : principe, missions, moyens, calendrier",
           ("docx", "odt"), (NOTE_DE_MANDAT,)),
)

_ECRIVAINS = {"xlsx": ecrire_xlsx, "ods": ecrire_ods, "docx": ecrire_docx, "odt": ecrire_odt}


def _contenu(nom: str, racine: Path):
    return {"inventaire-des-donnees": classeur_inventaire, "fiche-de-metadonnees": classeur_metadonnees,
            "fiche-de-decision": lambda: document_fiche_de_decision(racine),
            "note-de-mandat": lambda: document_note_de_mandat(racine)}[nom]()


def disponibles(racine: Path = RACINE) -> tuple[Modele, ...]:
    """Les modèles dont les sources sont dans ce livre (un livre d’essai n’a pas toutes les pages du cours)."""
    return tuple(m for m in MODELES if all((Path(racine) / s).is_file() for s in m.sources))


def produire(dossier: Path, racine: Path = RACINE, modeles: tuple[Modele, ...] = MODELES) -> list[Path]:
    """Écrit chaque modèle dans ses deux formats dans ``dossier`` ; renvoie les chemins écrits."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for modele in modeles:
        contenu = _contenu(modele.nom, racine)
        for extension in modele.formats:
            chemin = dossier / f"{modele.nom}.{extension}"
            _ECRIVAINS[extension](contenu, chemin)
            ecrits.append(chemin)
    return ecrits


__all__ = ["DOSSIER_MODELES", "MODELES", "ErreurModele", "Modele", "disponibles", "produire"]
