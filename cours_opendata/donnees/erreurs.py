"""Les erreurs du chargeur : chacune dit ce qui ne va pas et quoi faire."""

from __future__ import annotations


class ErreurDonnees(Exception):
    """Erreur du catalogue ou du chargeur : le message dit ce qui ne va pas et quoi faire."""


class RessourceInconnue(ErreurDonnees, KeyError):
    def __str__(self) -> str:  # KeyError entoure sinon le message de guillemets
        return self.args[0]


class CatalogueInvalide(ErreurDonnees):
    pass


class ReseauIndisponible(ErreurDonnees):
    pass


class EmpreinteIncorrecte(ErreurDonnees):
    pass


class LectureImpossible(ErreurDonnees):
    pass
