"""La fiche de métadonnées (tableur), la fiche de décision et la note de mandat (documents).

Une seule source pour chacune : les champs de ``metadonnees.CHAMPS`` ; ``book/decider/fiche-de-decision.yml``
(que lit aussi la page web de la fiche) ; ``book/supports/note-de-mandat.yml``.
"""

from __future__ import annotations

from pathlib import Path

from .. import RACINE
from ..fichiers_yaml import lire_yaml
from ..metadonnees import CHAMPS, CHAMPS_DES_COLONNES, LICENCES
from .classeur import Classeur, Feuille, Validation
from .document import Case, Cases, Document, Liste, Paragraphe, Titre

FICHE_DE_DECISION = Path("book") / "decider" / "fiche-de-decision.yml"
NOTE_DE_MANDAT = Path("book") / "supports" / "note-de-mandat.yml"
COLONNES_PREVUES = 40
TYPES_DE_COLONNE = ("texte", "nombre entier", "nombre décimal", "date (AAAA-MM-JJ)", "année", "oui/non")


class ErreurModele(ValueError):
    """Un fichier source des modèles est absent ou mal formé (message en français)."""


def _lire(racine: Path, relatif: Path, attendu: str) -> dict:
    return lire_yaml(racine / relatif, ErreurModele, f"Source du modèle {relatif.name}",
                     si_absent="restaurez le fichier depuis le dépôt (git checkout).", attendu=attendu)


_TEXTES_TRADUISIBLES = {"titre", "intro", "groupe", "libelle", "aide"}


def _en_langue(element: dict, langue: str | None) -> dict:
    """Un élément de la fiche avec ses textes dans ``langue`` (clé « ar: » : titre, intro, groupe, libelle, aide)."""
    traduction = element.get(langue) if langue and langue != "fr" else None
    inconnus = sorted(set(traduction or {}) - _TEXTES_TRADUISIBLES)
    if inconnus or (traduction is not None and not isinstance(traduction, dict)):
        lu = ", ".join(inconnus) if inconnus else repr(traduction)
        quoi = element.get("champ") or element.get("groupe") or "la fiche"
        raise ErreurModele(f"{FICHE_DE_DECISION} : la traduction « {langue}: » de « {quoi} » ne peut contenir que "
                           f"{', '.join(sorted(_TEXTES_TRADUISIBLES))} (lu : {lu}). Que faire : corrigez le nom du champ.")
    resultat = {**element, **(traduction or {})}
    if "champs" in element:
        resultat["champs"] = [_en_langue(c, langue) for c in element["champs"]]
    if "elements" in element:
        resultat["elements"] = [_en_langue(e, langue) for e in element["elements"]]
    return resultat


def fiche_de_decision(racine: Path = RACINE, langue: str | None = None) -> dict:
    """Le contenu de ``fiche-de-decision.yml``, vérifié : chaque champ a une clé unique et un libellé."""
    donnees = _lire(racine, FICHE_DE_DECISION, "un dictionnaire avec « titre », « intro », « elements ».")
    donnees = _en_langue(donnees, langue)  # textes dans la langue du livre s'ils y sont traduits
    vus = set()
    for element in donnees.get("elements") or []:
        for champ in element.get("champs", [element]) if "groupe" in element else [element]:
            cle, libelle = champ.get("champ"), champ.get("libelle")
            if not cle or not libelle:
                raise ErreurModele(f"{FICHE_DE_DECISION} : chaque champ a « champ » et « libelle » ({champ!r}).")
            if cle in vus:
                raise ErreurModele(f"{FICHE_DE_DECISION} : le champ « {cle} » apparaît deux fois.")
            if champ.get("type", "texte") not in ("texte", "long", "licence"):
                raise ErreurModele(f"{FICHE_DE_DECISION} : type inconnu pour « {cle} » : {champ['type']!r} "
                                   "(texte, long ou licence).")
            vus.add(cle)
    if not vus:
        raise ErreurModele(f"{FICHE_DE_DECISION} : aucun champ dans « elements ».")
    return donnees


def _case(champ: dict) -> Case:
    aide = champ.get("aide", "")
    if champ.get("type") == "licence":
        aide = (aide + " " if aide else "") + "Au choix\u202f: " + "\u202f; ".join(LICENCES) + "."
    return Case(champ["libelle"], aide, 3 if champ.get("type") == "long" else 1)


def document_fiche_de_decision(racine: Path = RACINE) -> Document:
    donnees = fiche_de_decision(racine)
    blocs: list = [Paragraphe(donnees["intro"])]
    isoles: list[Case] = []
    for element in donnees["elements"]:
        if "groupe" in element:
            if isoles:
                blocs.append(Cases(tuple(isoles)))
                isoles = []
            blocs += [Titre(element["groupe"], 2), Cases(tuple(_case(c) for c in element["champs"]))]
        else:
            isoles.append(_case(element))
    if isoles:
        blocs.append(Cases(tuple(isoles)))
    blocs += [Titre("Décision", 2), Cases(tuple(Case(s) for s in donnees["signature"]))]
    return Document(donnees["titre"], tuple(blocs))


def document_note_de_mandat(racine: Path = RACINE) -> Document:
    donnees = _lire(racine, NOTE_DE_MANDAT, "un dictionnaire avec « titre », « en_tete », « sections ».")
    blocs: list = [Cases(tuple(Case(c) for c in donnees["en_tete"]))]
    for section in donnees["sections"]:
        blocs.append(Titre(section["titre"], 1))
        blocs += [Paragraphe(t) for t in section.get("paragraphes", [])]
        if section.get("liste"):
            blocs.append(Liste(tuple(section["liste"]), numerotee=section["titre"].startswith("Missions")))
        if section.get("champs"):
            blocs.append(Cases(tuple(Case(c, lignes=2) for c in section["champs"])))
    blocs += [Titre("Signature", 1), Cases(tuple(Case(c) for c in donnees["signature"]))]
    return Document(donnees["titre"], tuple(blocs))


def classeur_metadonnees() -> Classeur:
    fiche = [["Champ", "Obligatoire", "Votre réponse", "Aide", "data.gov.ma (CKAN)", "DCAT", "Catalogue du cours"]]
    validations = []
    for i, c in enumerate(CHAMPS, start=2):
        fiche.append([c.libelle, "oui" if c.obligatoire else "non", None, c.aide, c.ckan, c.dcat, c.datapackage])
        if c.liste:
            validations.append(Validation(f"C{i}", f"Choisissez dans la liste (« {c.libelle} »).", valeurs=c.liste))
    colonnes = [[libelle for _, libelle, _ in CHAMPS_DES_COLONNES]]
    colonnes += [[None] * len(CHAMPS_DES_COLONNES) for _ in range(COLONNES_PREVUES)]
    type_col = "ABCDEF"[[cle for cle, _, _ in CHAMPS_DES_COLONNES].index("type")]
    validations_colonnes = [Validation(f"{type_col}2:{type_col}{COLONNES_PREVUES + 1}",
                                       "Choisissez un type dans la liste.", valeurs=TYPES_DE_COLONNE)]
    notes = {f"{'ABCDEF'[k]}1": f"Table Schema (Frictionless) : « {cle} »"
             for k, (_, _, cle) in enumerate(CHAMPS_DES_COLONNES)}
    mode = [["Fiche de métadonnées d’un jeu de données"],
            ["Une fiche par jeu de données, à remplir avant de le publier sur data.gov.ma."],
            ["Feuille « Fiche » : une réponse par champ, dans la colonne « Votre réponse ». Les champs obligatoires "
             "sont ceux sans lesquels un réutilisateur ne peut ni trouver, ni comprendre, ni réutiliser le jeu."],
            ["Feuille « Colonnes » : une ligne par colonne du fichier publié, avec son type, son unité et le code "
             "des valeurs manquantes. C’est le dictionnaire des données (le schéma de Frictionless)."],
            ["Les trois dernières colonnes de la fiche disent où chaque champ se range : dans la fiche CKAN de "
             "data.gov.ma, dans DCAT (le vocabulaire des catalogues) et dans le catalogue du cours "
             "(data/datapackage.json). « extras » : CKAN n’a pas de champ standard, on en ajoute un à la fiche."],
            ["Des métadonnées complètes disent aussi ce qu’on ne sait pas : écrivez-le plutôt que de laisser vide."]]
    return Classeur("Fiche de métadonnées d’un jeu de données", [
        Feuille("Mode d’emploi", mode, {"A": 110}),
        Feuille("Fiche", fiche, {"A": 30, "B": 11, "C": 48, "D": 60, "E": 22, "F": 24, "G": 22}, validations,
                grisees=("A", "B", "D", "E", "F", "G")),
        Feuille("Colonnes", colonnes, {"A": 22, "B": 30, "C": 20, "D": 20, "E": 50, "F": 30},
                validations_colonnes, notes),
    ])
