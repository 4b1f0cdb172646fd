"""Les régions du Maroc avant et après la réforme de 2015 (décret n° 2-15-40 du 20 février 2015).

Seize régions (découpage de 1997) sont devenues douze. Une ancienne région passe entière dans une
nouvelle — on la convertit — ou se partage entre plusieurs : alors le nom seul ne suffit pas, il faut la
province, et l’outil le signale au lieu de deviner. Les codes ISO 3166-2 « MA-01 » à « MA-12 » ont été
réattribués (page « Freins techniques » de la partie 3) : un code seul n’indique pas la liste à laquelle il
appartient, sauf MA-13 à MA-16, qui n’existent que dans l’ancienne.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..texte import sans_accents

#: Les douze régions de 2015, dans l’ordre de leur code ISO 3166-2 actuel (MA-01 à MA-12).
REGIONS_2015 = ("Tanger-Tétouan-Al Hoceïma", "L’Oriental", "Fès-Meknès", "Rabat-Salé-Kénitra",
                "Béni Mellal-Khénifra", "Casablanca-Settat", "Marrakech-Safi", "Drâa-Tafilalet", "Souss-Massa",
                "Guelmim-Oued Noun", "Laâyoune-Sakia El Hamra", "Dakhla-Oued Ed-Dahab")

#: Les seize régions de 1997 (codes MA-01 à MA-16 de l’ancienne liste) : les régions actuelles où se
#: trouvent leurs provinces, et les variantes d’écriture rencontrées dans les fichiers.
REGIONS_1997 = {
    "Tanger-Tétouan": (("Tanger-Tétouan-Al Hoceïma",), ()),
    "Gharb-Chrarda-Béni Hssen": (("Rabat-Salé-Kénitra",), ("Gharb-Chrarda-Beni Hssen",)),
    "Taza-Al Hoceïma-Taounate": (("Fès-Meknès", "Tanger-Tétouan-Al Hoceïma", "L’Oriental"),
                                 ("Taza-Al Hoceima-Taounate",)),
    "L’Oriental (1997)": (("L’Oriental",), ()),
    "Fès-Boulemane": (("Fès-Meknès",), ()),
    "Meknès-Tafilalet": (("Fès-Meknès", "Drâa-Tafilalet", "Béni Mellal-Khénifra"), ()),
    "Rabat-Salé-Zemmour-Zaër": (("Rabat-Salé-Kénitra",), ("Rabat-Salé-Zemmour-Zaer",)),
    "Grand Casablanca": (("Casablanca-Settat",), ()),
    "Chaouia-Ouardigha": (("Casablanca-Settat", "Béni Mellal-Khénifra"), ()),
    "Doukkala-Abda": (("Casablanca-Settat", "Marrakech-Safi"), ("Doukhala-Abda",)),
    "Marrakech-Tensift-Al Haouz": (("Marrakech-Safi",), ()),
    "Tadla-Azilal": (("Béni Mellal-Khénifra",), ()),
    "Souss-Massa-Drâa": (("Souss-Massa", "Drâa-Tafilalet"), ("Sous-Massa-Draa",)),
    "Guelmim-Es Semara": (("Guelmim-Oued Noun", "Laâyoune-Sakia El Hamra"), ("Guelmim-Es Smara",)),
    "Laâyoune-Boujdour-Sakia El Hamra": (("Laâyoune-Sakia El Hamra",), ()),
    "Oued Ed-Dahab-Lagouira": (("Dakhla-Oued Ed-Dahab",), ("Oued ed Dahab-Lagouira",)),
}
CODES_1997 = list(REGIONS_1997)  # MA-01 … MA-16 dans l’ancienne liste ISO

# Les écritures courantes des régions actuelles (sans accents, avec ou sans « région de »).
_VARIANTES_2015 = {"Tanger-Tétouan-Al Hoceïma": ("Tanger-Tetouan-Al Hoceima", "Tanger Tetouan Al Hoceima"),
                   "L’Oriental": ("Oriental", "L'Oriental", "Région de l'Oriental"),
                   "Dakhla-Oued Ed-Dahab": ("Dakhla-Oued Eddahab", "Eddakhla-Oued Eddahab"),
                   "Laâyoune-Sakia El Hamra": ("Laayoune-Saguia El Hamra", "Laâyoune-Saguia al Hamra"),
                   "Guelmim-Oued Noun": ("Guelmim-Oued Noun",), "Béni Mellal-Khénifra": ("Beni Mellal-Khenifra",)}


def cle(nom: str) -> str:
    """Forme de comparaison : sans accents, casse, apostrophes, tirets ni « région de »."""
    texte = sans_accents(nom)
    texte = re.sub(r"^(region|reg\.?)\s+(de\s+|d'|du\s+)?", "", texte.strip())
    texte = re.sub(r"^(l'|l\s|la\s)", "", texte)
    return re.sub(r"[^a-z0-9]", "", texte).replace("saguia", "sakia")


def _index() -> dict[str, tuple[str, str]]:
    """clé → (découpage, nom officiel) ; « 2015 » l’emporte pour L’Oriental, qui garde son nom."""
    index = {}
    for ancien, (_, variantes) in REGIONS_1997.items():
        for nom in (ancien.replace(" (1997)", ""), *variantes):
            index[cle(nom)] = ("1997", ancien)
    for nouveau in REGIONS_2015:
        for nom in (nouveau, *_VARIANTES_2015.get(nouveau, ())):
            index[cle(nom)] = ("2015", nouveau)
    return index


_INDEX = _index()


@dataclass(frozen=True)
class Region:
    valeur: str  # telle qu’écrite dans le fichier
    decoupage: str  # « 2015 », « 1997 » ou « inconnu »
    actuelle: str  # nom de la région actuelle, vide si la conversion n’est pas sûre
    possibles: tuple[str, ...] = ()  # quand l’ancienne région s’est partagée


def reconnaitre(valeur: str) -> Region | None:
    """La région que désigne ``valeur`` (nom ou code ISO), ou None si ce n’est pas une région."""
    texte = str(valeur).strip()
    code = re.fullmatch(r"MA-?(\d{2})", texte.upper())
    if code:
        n = int(code.group(1))
        if 13 <= n <= 16:
            ancienne = CODES_1997[n - 1]
            actuelles = REGIONS_1997[ancienne][0]
            return Region(texte, "1997", actuelles[0] if len(actuelles) == 1 else "", actuelles)
        if 1 <= n <= 12:
            return Region(texte, "inconnu", "", (REGIONS_2015[n - 1], CODES_1997[n - 1].replace(" (1997)", "")))
        return None
    trouve = _INDEX.get(cle(texte))
    if not trouve:
        return None
    decoupage, nom = trouve
    if decoupage == "2015":
        return Region(texte, "2015", nom)
    actuelles = REGIONS_1997[nom][0]
    return Region(texte, "1997", actuelles[0] if len(actuelles) == 1 else "", actuelles)
