"""La fiche de métadonnées d’un jeu de données : ses champs, une fois pour tout le paquet.

Chaque champ dit où il se range dans le catalogue du cours (``data/datapackage.json``, un Data Package
Frictionless), dans DCAT (le vocabulaire des catalogues, page « Métadonnées » de la partie 1) et dans
CKAN, le logiciel du catalogue de data.gov.ma (« extras » : pas de champ standard, un champ libre
ajouté à la fiche ; « — » : pas de clé dans le catalogue du cours). La fiche de métadonnées à télécharger (``modeles``) et l’outil de
diagnostic d’un fichier s’en servent tous deux ; les listes de valeurs (licences, fréquences) sont
aussi celles de l’inventaire et de la fiche de décision.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Les licences ouvertes que compare la page « Les licences ouvertes » (fiche de décision, inventaire).
LICENCES = ("ODbL 1.0 (celle qu’affichent les fiches de data.gov.ma)", "CC BY 4.0",
            "Licence Ouverte 2.0 (Etalab)", "Autre licence ouverte (à préciser)")

#: Fréquences de mise à jour proposées (l’inventaire et la fiche de métadonnées).
FREQUENCES = ("en continu", "quotidienne", "hebdomadaire", "mensuelle", "trimestrielle", "semestrielle",
              "annuelle", "ponctuelle", "irrégulière")

#: Ce qu’on écrit dans un champ que l’outil ne peut pas remplir seul.
A_COMPLETER = "à compléter"


@dataclass(frozen=True)
class Champ:
    cle: str
    libelle: str
    aide: str
    obligatoire: bool
    datapackage: str
    dcat: str
    ckan: str
    liste: tuple[str, ...] = ()


CHAMPS = (
    Champ("titre", "Titre", "Clair hors de l’organisme : quoi, où, quand (ex. « Établissements scolaires par "
          "province, 2024-2025 »).", True, "title", "dct:title", "title"),
    Champ("identifiant", "Identifiant", "Court, stable, en minuscules et tirets (ex. etablissements-scolaires).",
          True, "name", "dct:identifier", "name"),
    Champ("description", "Description", "Ce que contient le jeu, comment il est produit, ses limites connues.",
          True, "description", "dct:description", "notes"),
    Champ("editeur", "Éditeur (organisme producteur)", "L’organisme qui publie et répond du jeu.", True,
          "editeur", "dct:publisher", "owner_org"),
    Champ("contact", "Contact", "Une adresse de service qui ne change pas avec les personnes (ex. "
          "opendata@organisme.ma).", True, "—", "dcat:contactPoint", "maintainer_email"),
    Champ("licence", "Licence", "Une licence ouverte qui permet la réutilisation, y compris commerciale.", True,
          "licenses", "dct:license", "license_id", LICENCES),
    Champ("frequence", "Fréquence de mise à jour", "Le rythme annoncé, que l’organisme s’engage à tenir.", True,
          "—", "dct:accrualPeriodicity", "extras", FREQUENCES),
    Champ("themes", "Thèmes", "Un ou plusieurs thèmes du portail (ex. « Habitat et urbanisme »).", True,
          "—", "dcat:theme", "groups"),
    Champ("mots_cles", "Mots-clés", "Les mots qu’un réutilisateur taperait pour trouver le jeu, en français et "
          "en arabe.", False, "keywords", "dcat:keyword", "tags"),
    Champ("couverture_geographique", "Couverture géographique", "Le territoire couvert et le niveau de détail "
          "(national, régions de 2015, provinces, communes).", False, "couverture_spatiale", "dct:spatial",
          "extras"),
    Champ("couverture_temporelle", "Couverture temporelle", "La période couverte (ex. 2015-2024).", False,
          "couverture_temporelle", "dct:temporal", "extras"),
    Champ("date_publication", "Date de première publication", "Au format AAAA-MM-JJ.", False, "—",
          "dct:issued", "metadata_created"),
    Champ("date_modification", "Date de dernière mise à jour", "Au format AAAA-MM-JJ.", False, "—",
          "dct:modified", "metadata_modified"),
    Champ("source", "Source", "D’où viennent les données (système de gestion, enquête, registre).", False,
          "sources", "dct:source", "url"),
    Champ("langue", "Langues", "Langues des intitulés et des valeurs (français, arabe, amazighe).", False,
          "—", "dct:language", "extras"),
    Champ("format", "Format du fichier", "CSV de préférence, en UTF-8.", True, "format", "dct:format",
          "resources.format"),
    Champ("encodage", "Encodage des caractères", "UTF-8 de préférence ; sinon, l’écrire ici.", False,
          "encoding", "— (à écrire dans la description)", "resources.description"),
    Champ("adresse", "Adresse de téléchargement", "L’adresse du fichier ; elle ne doit pas changer à chaque "
          "mise à jour.", False, "path", "dcat:downloadURL", "resources.url"),
)

#: Les champs du dictionnaire des colonnes (Table Schema de Frictionless).
CHAMPS_DES_COLONNES = (
    ("nom", "Nom de la colonne dans le fichier", "name"),
    ("titre", "Intitulé lisible", "title"),
    ("type", "Type : texte, nombre entier, nombre décimal, date (AAAA-MM-JJ), oui/non", "type"),
    ("unite", "Unité (dirhams, milliers d’habitants, %…)", "description"),
    ("description", "Ce que mesure la colonne, et comment", "description"),
    ("manquants", "Code des valeurs manquantes et ce qu’il veut dire", "missingValues"),
)


def champ(cle: str) -> Champ:
    for c in CHAMPS:
        if c.cle == cle:
            return c
    raise KeyError(f"Champ de métadonnées inconnu : {cle!r}. Champs : {', '.join(c.cle for c in CHAMPS)}.")
