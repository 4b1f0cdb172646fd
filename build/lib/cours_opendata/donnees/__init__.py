"""Chargeur du catalogue de données du cours (``data/datapackage.json``).

Chaque ressource est décrite une seule fois dans le catalogue : URL amont épinglée (commit ou version
de paquet), empreinte sha256, format, encodage et schéma de table. Le chargeur :

1. cherche le fichier dans le cache local (``data/cache/`` ou ``$COURS_DATA_CACHE``) ;
2. sinon le copie depuis le paquet Python installé qui le livre, depuis un miroir local
   (``$COURS_DATA_MIRROR``, organisé comme ``shared/data``), ou le télécharge depuis son URL épinglée ;
3. vérifie toujours son empreinte : un fichier faux n'entre jamais dans le cache ;
4. le lit (pandas) selon le dialecte et le schéma du catalogue.

Un module par fonction : ``catalogue`` (lire le catalogue), ``telechargement`` (cache, miroir, réseau),
``lecture`` (pandas), ``verification`` (complétude, Frictionless), ``erreurs``, ``__main__`` (commande).
Le nom ``catalogue`` désigne, une fois le paquet importé, la fonction ``catalogue()`` (le module
s'atteint par ``importlib.import_module("cours_opendata.donnees.catalogue")``).
Toutes les erreurs sont en français, nomment la ressource et disent quoi faire.
"""

from __future__ import annotations

from .catalogue import (
    CATALOGUE_PAR_DEFAUT,
    FORMATS_BINAIRES,
    FORMATS_TABULAIRES,
    catalogue,
    catalogue_brut,
    fichier_catalogue,
    noms,
    ressource,
    resume_du_catalogue,
)
from .erreurs import (
    CatalogueInvalide,
    EmpreinteIncorrecte,
    ErreurDonnees,
    LectureImpossible,
    PortailCaptif,
    ReseauIndisponible,
    RessourceInconnue,
)
from .lecture import charger, source_courte
from .telechargement import (
    CACHE_PAR_DEFAUT,
    chemin,
    delais,
    dossier_cache,
    dossier_miroir,
    recuperer,
    telecharger_tout,
)
from .verification import CLES_DU_COURS, CLES_OBLIGATOIRES, descripteur_frictionless, problemes_du_catalogue, valider


def main(argv: list[str] | None = None) -> int:
    """La ligne de commande (voir ``__main__``)."""
    # Import tardif : `python -m cours_opendata.donnees` exécute __main__ sans l'importer deux fois.
    from .__main__ import main as principal

    return principal(argv)


__all__ = [
    "CACHE_PAR_DEFAUT", "CATALOGUE_PAR_DEFAUT", "CLES_DU_COURS", "CLES_OBLIGATOIRES", "FORMATS_BINAIRES",
    "FORMATS_TABULAIRES", "CatalogueInvalide", "EmpreinteIncorrecte", "ErreurDonnees", "LectureImpossible",
    "PortailCaptif", "ReseauIndisponible", "RessourceInconnue", "catalogue", "catalogue_brut", "resume_du_catalogue", "charger", "chemin",
    "delais", "descripteur_frictionless", "dossier_cache", "dossier_miroir", "fichier_catalogue", "main", "noms",
    "problemes_du_catalogue", "recuperer", "ressource", "source_courte", "telecharger_tout", "valider",
]
