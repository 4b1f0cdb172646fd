"""Le modèle de tableur de l’inventaire : les colonnes du cours, des listes déroulantes, et des formules
qui notent et classent exactement comme ``priorisation.classer`` (partie 5).

Score = ROUND(poids × valeur + (1 − poids) × facilité ; 2). Quadrant : seuil inclus dans « fort ».
Rang : quadrant, puis score décroissant, puis valeur décroissante, puis titre (ordre alphabétique),
puis ordre des lignes — le tri stable de ``classer``. Le poids et le seuil sont sur la feuille
« Paramètres » ; la feuille « Priorités » affiche la liste classée.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter

from .. import priorisation as p
from ..metadonnees import FREQUENCES
from .classeur import Classeur, Feuille, Formule, Validation

LIGNES_PREVUES = 200  # lignes vides prêtes à remplir (formules comprises)
POIDS_PAR_DEFAUT, SEUIL_PAR_DEFAUT = 0.5, 3
PARAMETRES = "'Paramètres'"
CELLULE_POIDS, CELLULE_SEUIL = f"{PARAMETRES}!$B$2", f"{PARAMETRES}!$B$3"

COLONNES = list(p.COLONNES_INVENTAIRE)
CALCULEES = ("score", "quadrant", "rang")
TOUTES = COLONNES + list(CALCULEES)
LETTRE = {nom: get_column_letter(i) for i, nom in enumerate(TOUTES, start=1)}

#: Les listes de la feuille « Listes » : (titre de la colonne, valeurs, colonne de l’inventaire).
LISTES = (
    ("Formats", p.FORMATS, "format_actuel"),
    ("Fréquences", FREQUENCES, "frequence"),
    ("Données personnelles", p.DONNEES_PERSONNELLES, "donnees_personnelles"),
    ("Communicable", p.COMMUNICABLE, "communicable"),
    ("Licences", p.LICENCES_INVENTAIRE, "licence"),
    ("Services (à adapter)", p.SERVICES_PROPOSES, "service"),
)
PLACE_DANS_LES_LISTES = 40  # chaque liste peut grandir jusqu’à 40 valeurs sans toucher aux validations


def _plage(feuille: str, colonne: str, premiere: int, derniere: int) -> str:
    lettre = LETTRE[colonne]
    return f"'{feuille}'!${lettre}${premiere}:${lettre}${derniere}"


def formules_de_la_ligne(i: int, premiere: int, derniere: int) -> dict[str, str]:
    """Les trois formules de la ligne ``i`` d’une feuille d’inventaire dont les données vont de
    ``premiere`` à ``derniere``."""
    v, f, t = (f"{LETTRE[c]}{i}" for c in ("valeur", "facilite", "titre"))
    s, q = f"{LETTRE['score']}{i}", f"{LETTRE['quadrant']}{i}"

    def col(nom: str) -> str:
        return f"${LETTRE[nom]}${premiere}:${LETTRE[nom]}${derniere}"

    quadrants = [p.QUADRANTS[k] for k in ("publier", "preparer", "opportunite", "attendre")]
    meme_q, meme_s, meme_v = f"({col('quadrant')}={q})", f"({col('score')}={s})", f"({col('valeur')}={v})"
    avant = "+".join([
        f"({col('quadrant')}<{q})",
        f"{meme_q}*({col('score')}>{s})",
        f"{meme_q}*{meme_s}*({col('valeur')}>{v})",
        f"{meme_q}*{meme_s}*{meme_v}*({col('titre')}<{t})",
        f"{meme_q}*{meme_s}*{meme_v}*({col('titre')}={t})*(ROW({col('titre')})<ROW({t}))",
    ])
    return {
        "score": f'=IF(OR({v}="",{f}=""),"",ROUND({CELLULE_POIDS}*{v}+(1-{CELLULE_POIDS})*{f},2))',
        "quadrant": (f'=IF({s}="","",IF(AND({v}>={CELLULE_SEUIL},{f}>={CELLULE_SEUIL}),"{quadrants[0]}",'
                     f'IF({v}>={CELLULE_SEUIL},"{quadrants[1]}",IF({f}>={CELLULE_SEUIL},"{quadrants[2]}",'
                     f'"{quadrants[3]}"))))'),
        # (score<>"") écarte les lignes vides : pour Excel, un texte vide est plus grand que tout nombre.
        "rang": f'=IF({s}="","",1+SUMPRODUCT(({col("score")}<>"")*({avant})))',
    }


def resultats_attendus(table: pd.DataFrame) -> list[dict]:
    """Score, quadrant et rang de chaque ligne de ``table``, dans l’ordre des lignes, par ``classer``."""
    table = table.reset_index(drop=True).assign(_ligne=lambda t: range(len(t)))
    classement = p.classer(table, poids_valeur=POIDS_PAR_DEFAUT, seuil=SEUIL_PAR_DEFAUT)
    par_ligne = classement.set_index("_ligne")
    return [{"score": float(par_ligne.loc[i, "score"]), "quadrant": par_ligne.loc[i, "quadrant"],
             "rang": int(par_ligne.loc[i, "rang"])} for i in range(len(table))]


def _feuille_inventaire(nom: str, table: pd.DataFrame | None, lignes: int) -> Feuille:
    premiere, derniere = 2, lignes + 1
    attendus = resultats_attendus(table) if table is not None and len(table) else []
    contenu = [list(TOUTES)]
    for n in range(lignes):
        i = n + 2
        donnees = [table.iloc[n][c] for c in COLONNES] if table is not None and n < len(table) else [None] * len(COLONNES)
        donnees = [x.item() if hasattr(x, "item") else (x or None) for x in donnees]
        formules = formules_de_la_ligne(i, premiere, derniere)
        valeurs = attendus[n] if n < len(attendus) else {c: "" for c in CALCULEES}
        contenu.append(donnees + [Formule(formules[c], valeurs[c]) for c in CALCULEES])
    validations = [Validation(f"{LETTRE[colonne]}{premiere}:{LETTRE[colonne]}{derniere}",
                              f"Choisissez dans la liste « {titre} » (feuille « Listes », que vous pouvez compléter).",
                              source=f"'Listes'!${get_column_letter(k)}$2:${get_column_letter(k)}${PLACE_DANS_LES_LISTES + 1}")
                   for k, (titre, _, colonne) in enumerate(LISTES, start=1)]
    validations += [Validation(f"{LETTRE[c]}{premiere}:{LETTRE[c]}{derniere}",
                               f"La note « {libelle} » est un nombre de {p.NOTE_MIN} à {p.NOTE_MAX}.",
                               minimum=p.NOTE_MIN, maximum=p.NOTE_MAX)
                    for c, libelle in (("valeur", "valeur"), ("facilite", "facilité"))]
    largeurs = {LETTRE[c]: 14 for c in TOUTES} | {LETTRE["titre"]: 34, LETTRE["description"]: 44,
                                                  LETTRE["service"]: 26, LETTRE["licence"]: 28,
                                                  LETTRE["demande_connue"]: 28, LETTRE["quadrant"]: 24,
                                                  LETTRE["score"]: 8, LETTRE["rang"]: 7, LETTRE["valeur"]: 8,
                                                  LETTRE["facilite"]: 9}
    notes = {f"{LETTRE[c]}1": aide for c, aide in p.COLONNES_INVENTAIRE.items()}
    notes |= {f"{LETTRE['score']}1": "Calculé : poids × valeur + (1 − poids) × facilité (feuille « Paramètres »).",
              f"{LETTRE['quadrant']}1": "Calculé : les deux notes comparées au seuil (feuille « Paramètres »).",
              f"{LETTRE['rang']}1": "Calculé : 1 = à publier d’abord."}
    return Feuille(nom, contenu, largeurs, validations, notes,
                   grisees=tuple(LETTRE[c] for c in CALCULEES))


def _feuille_priorites(lignes: int) -> Feuille:
    inv = lambda c: _plage("Inventaire", c, 2, lignes + 1)  # noqa: E731
    colonnes = ("identifiant", "titre", "service", "valeur", "facilite", "score", "quadrant")
    contenu = [["rang", *colonnes]]
    for k in range(1, lignes + 1):
        i = k + 1
        ligne = [Formule(f'=IF({k}>COUNT({inv("rang")}),"",{k})')]
        ligne += [Formule(f'=IF($A{i}="","",INDEX({inv(c)},MATCH($A{i},{inv("rang")},0)))') for c in colonnes]
        contenu.append(ligne)
    return Feuille("Priorités", contenu, {"A": 7, "B": 14, "C": 40, "D": 28, "E": 8, "F": 9, "G": 8, "H": 24},
                   grisees=tuple("ABCDEFGH"))


def _feuille_parametres() -> Feuille:
    contenu = [["Paramètre", "Valeur", "Ce qu’il change"],
               ["Poids de la valeur (de 0 à 1)", POIDS_PAR_DEFAUT,
                "Score = poids × valeur + (1 − poids) × facilité. 0,5 donne autant d’importance aux deux notes ; "
                "0,7 favorise les jeux les plus demandés."],
               ["Seuil d’une note « forte » (de 1 à 5)", SEUIL_PAR_DEFAUT,
                "Une note égale ou supérieure au seuil est « forte » : elle décide du quadrant."]]
    validations = [Validation("B2", "Le poids est un nombre de 0 à 1 (par exemple 0,5).", minimum=0, maximum=1),
                   Validation("B3", f"Le seuil est un nombre de {p.NOTE_MIN} à {p.NOTE_MAX}.",
                              minimum=p.NOTE_MIN, maximum=p.NOTE_MAX)]
    return Feuille("Paramètres", contenu, {"A": 36, "B": 10, "C": 70}, validations)


def _feuille_listes() -> Feuille:
    hauteur = max(len(valeurs) for _, valeurs, _ in LISTES)
    contenu = [[titre for titre, _, _ in LISTES]]
    for i in range(hauteur):
        contenu.append([valeurs[i] if i < len(valeurs) else None for _, valeurs, _ in LISTES])
    return Feuille("Listes", contenu, {get_column_letter(k): 30 for k in range(1, len(LISTES) + 1)})


def _mode_d_emploi() -> Feuille:
    texte = [
        ["Inventaire des données et priorités de publication"],
        ["Ce classeur accompagne la partie 5 du cours « L’open data pour l’administration marocaine ». "
         "Il calcule les mêmes scores et le même classement que le notebook de la partie 5."],
        ["1. Feuille « Inventaire » : une ligne par jeu de données que l’organisme détient, publiable ou non. "
         "Les colonnes à liste proposent leurs valeurs ; le commentaire de chaque en-tête dit ce qu’il faut écrire."],
        ["2. Notez chaque jeu de 1 à 5 : « valeur » (intérêt pour les réutilisateurs et pour l’organisme) et "
         "« facilite » (facilité de publication : format, qualité, droits, anonymisation)."],
        ["3. Les colonnes grises (score, quadrant, rang) se calculent seules : ne les remplissez pas."],
        ["4. Feuille « Priorités » : la liste classée, à présenter à la direction pour validation."],
        ["5. Feuille « Paramètres » : le poids de la valeur et le seuil ; feuille « Listes » : remplacez les "
         "services proposés par ceux de votre organisme."],
        ["6. Feuille « Exemple » : l’inventaire fictif du cours (une direction inventée), déjà noté, pour voir "
         "le résultat avant de remplir le vôtre."],
        ["Quadrants : « 1. Publier en premier » (les deux notes fortes), « 2. Préparer (projet) » (valeur forte, "
         "facilité faible), « 3. Publier au fil de l’eau » (facile, d’intérêt moindre), « 4. Plus tard »."],
        ["À notes égales, les jeux sont rangés par ordre alphabétique du titre, puis dans l’ordre des lignes."],
        ["Données personnelles : un jeu marqué « Oui » ou « Partiel » ne se publie qu’après anonymisation ou "
         "agrégation (loi 09-08) ; un jeu non communicable (exceptions de la loi 31-13) reste dans "
         "l’inventaire, sans être publié."],
    ]
    return Feuille("Mode d’emploi", texte, {"A": 110}, lignes_entete=1)


def classeur_inventaire(lignes: int = LIGNES_PREVUES) -> Classeur:
    exemple = p.exemple_inventaire()
    return Classeur("Inventaire des données et priorités de publication", [
        _mode_d_emploi(),
        _feuille_inventaire("Inventaire", None, lignes),
        _feuille_priorites(lignes),
        _feuille_parametres(),
        _feuille_listes(),
        _feuille_inventaire("Exemple", exemple, len(exemple)),
    ])
