"""Les erreurs du chargeur : chacune dit ce qui ne va pas (constat) et quoi faire (conseil)."""

from __future__ import annotations


class ErreurDonnees(Exception):
    """Erreur du catalogue ou du chargeur : le message dit ce qui ne va pas et quoi faire."""

    def __init__(self, constat: str, conseil: str = "") -> None:
        # Gardés à part : `make data` écrit le constat par ressource et chaque conseil une seule fois.
        self.constat, self.conseil = constat, conseil
        super().__init__(f"{constat} Que faire : {conseil}" if conseil else constat)


class RessourceInconnue(ErreurDonnees, KeyError):
    def __str__(self) -> str:  # KeyError entoure sinon le message de guillemets
        return self.args[0]


class CatalogueInvalide(ErreurDonnees):
    pass


class ReseauIndisponible(ErreurDonnees):
    pass


class PortailCaptif(ReseauIndisponible):
    """Le réseau a renvoyé une page web (connexion au Wi-Fi, proxy filtrant) au lieu du fichier."""


class EmpreinteIncorrecte(ErreurDonnees):
    pass


class LectureImpossible(ErreurDonnees):
    pass
