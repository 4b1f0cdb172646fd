"""Lire l’inventaire d’un organisme (le modèle de tableur du cours, ou un CSV) pour la matrice de la partie 5.

Les noms de colonnes sont reconnus sans tenir compte des majuscules, des accents ni des espaces
(« Facilité », « facilite », « FACILITÉ » ou « Format actuel ») ; une erreur est une phrase en français qui
dit quoi corriger, jamais une trace d’exécution.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd

from .priorisation import COLONNES_INVENTAIRE, NOTE_MAX, NOTE_MIN, exemple_inventaire
from .texte import en_identifiant

OBLIGATOIRES = ("identifiant", "titre", "valeur", "facilite")
CALCULEES = ("score", "quadrant", "rang")  # colonnes du tableur, recalculées par le cours


class InventaireInvalide(ValueError):
    """L’inventaire ne peut pas être lu ; le message dit quoi corriger."""


def cle(nom) -> str:
    return en_identifiant(nom, "_")


def normaliser_colonnes(table: pd.DataFrame) -> pd.DataFrame:
    """Les colonnes reconnues renommées comme dans le gabarit du cours ; les autres gardées telles quelles."""
    connues = {cle(c): c for c in COLONNES_INVENTAIRE}
    return table.rename(columns={c: connues.get(cle(c), c) for c in table.columns})


def _liste(colonnes) -> str:
    return ", ".join(f"«\u202f{c}\u202f»" for c in colonnes)


def verifier(table: pd.DataFrame, origine: str = "l’inventaire") -> pd.DataFrame:
    table = normaliser_colonnes(table)
    manquantes = [c for c in OBLIGATOIRES if c not in table.columns]
    if manquantes:
        raise InventaireInvalide(
            f"Dans {origine}, il manque la ou les colonnes {_liste(manquantes)}. Colonnes attendues : "
            f"{_liste(COLONNES_INVENTAIRE)} (majuscules et accents sans importance). Colonnes trouvées : "
            f"{_liste(table.columns)}.")
    table = table.drop(columns=[c for c in CALCULEES if c in table.columns])
    table = table[table[list(OBLIGATOIRES)].notna().any(axis=1)].reset_index(drop=True)  # lignes vides du modèle
    if table.empty:
        raise InventaireInvalide(f"{origine[0].upper()}{origine[1:]} ne contient aucun jeu de données : remplissez "
                                 "au moins une ligne (identifiant, titre et les deux notes).")
    for colonne, nom in (("valeur", "valeur"), ("facilite", "facilité")):
        for n, brute in enumerate(table[colonne], start=2):
            try:
                note = float(str(brute).replace(",", "."))
            except ValueError:
                note = None
            if note is None or pd.isna(note) or not NOTE_MIN <= note <= NOTE_MAX:
                affiche = "case vide" if pd.isna(brute) or str(brute).strip() == "" else f"«\u202f{brute}\u202f»"
                raise InventaireInvalide(f"Ligne {n} de {origine} (jeu {table['identifiant'][n - 2]!s}) : la note "
                                         f"«\u202f{nom}\u202f» doit être un nombre de {NOTE_MIN} à {NOTE_MAX} "
                                         f"(reçu : {affiche}).")
            table.loc[n - 2, colonne] = note
    for colonne in COLONNES_INVENTAIRE:
        if colonne not in table.columns:
            table[colonne] = ""
    return table.astype({"valeur": "float64", "facilite": "float64"}).fillna("")


def lire_inventaire(chemin: Path | str) -> pd.DataFrame:
    """L’inventaire d’un fichier .xlsx, .ods (feuille « Inventaire » du modèle, sinon la première) ou .csv."""
    chemin = Path(chemin)
    if not chemin.is_file():
        raise InventaireInvalide(f"Le fichier {chemin} n’existe pas. Que faire : enregistrez votre inventaire "
                                 "sous ce nom, ou corrigez le chemin.")
    suffixe = chemin.suffix.lower()
    try:
        if suffixe in (".xlsx", ".xlsm", ".ods"):
            moteur = "odf" if suffixe == ".ods" else "openpyxl"
            feuilles = pd.ExcelFile(chemin, engine=moteur).sheet_names
            table = pd.read_excel(chemin, sheet_name="Inventaire" if "Inventaire" in feuilles else feuilles[0],
                                  engine=moteur, dtype=object)
        elif suffixe in (".csv", ".txt"):
            brut = chemin.read_bytes()
            try:
                texte = brut.decode("utf-8-sig")
            except UnicodeDecodeError:
                texte = brut.decode("cp1252")
            table = pd.read_csv(io.StringIO(texte), sep=None, engine="python", dtype=object)
        else:
            raise InventaireInvalide(f"{chemin.name} : format {suffixe or 'sans extension'} non pris en charge. "
                                     "Que faire : enregistrez l’inventaire en .xlsx, .ods ou .csv.")
    except InventaireInvalide:
        raise
    except Exception as exc:  # fichier abîmé, protégé, ou qui n’est pas un tableau
        raise InventaireInvalide(f"{chemin.name} ne se lit pas comme un tableau ({type(exc).__name__}). Que faire : "
                                 "rouvrez-le dans le tableur et réenregistrez-le, sans mot de passe.") from None
    table = verifier(table, f"«\u202f{chemin.name}\u202f»")
    table.attrs["source"] = f"Inventaire de votre organisme ({chemin.name})"
    return table


def inventaire_du_service(chemin: Path | str):
    """Votre inventaire s’il existe et se lit, sinon l’exemple du cours ; dit en une phrase lequel est utilisé."""
    from IPython.display import HTML, display

    chemin = Path(chemin)
    if not chemin.is_file():
        display(HTML(f"<p>Pas encore de fichier <code>{html.escape(str(chemin))}</code> : on continue avec "
                     "l’inventaire fictif du cours.</p>"))
        return exemple_inventaire()
    try:
        table = lire_inventaire(chemin)
    except InventaireInvalide as exc:
        display(HTML(f"<p role=\"alert\"><strong>Votre inventaire n’a pas pu être lu.</strong> "
                     f"{html.escape(str(exc))} En attendant, on continue avec l’inventaire fictif du cours.</p>"))
        return exemple_inventaire()
    display(HTML(f"<p>Votre inventaire : {len(table)} jeux de données lus dans "
                 f"<code>{html.escape(chemin.name)}</code>.</p>"))
    return table
