"""Lire le fichier d’un agent tel qu’il est : encodage, séparateur, lignes de titre au-dessus de l’en-tête,
notes sous les données, tableur Excel ou LibreOffice. Le fichier n’est jamais modifié.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

LIMITE_MO = 200  # au-delà, le fichier est refusé : découpez-le, ou lancez l’outil sur un poste plus puissant
SEPARATEURS = (";", ",", "\t", "|")
NOMS_DES_SEPARATEURS = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}
TABLEURS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # conteneur Office 97-2003, ou classeur chiffré par mot de passe
_ECHANTILLON = 1 << 20


class FichierRefuse(ValueError):
    """Le fichier ne peut pas être diagnostiqué ; le message dit pourquoi et quoi faire."""


@dataclass
class Lecture:
    chemin: Path
    format: str  # csv, xlsx ou ods
    table: pd.DataFrame  # toutes les cellules en texte, noms de colonnes nettoyés
    ligne_entete: int  # numéro (à partir de 1) de la ligne d’en-tête dans le fichier
    encodage: str | None = None  # None pour un tableur
    encodage_detecte_par: str = ""
    separateur: str | None = None
    feuille: str | None = None
    lignes_de_titre: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lignes sous les données (source, notes)
    lignes_ignorees: int = 0  # lignes mal formées (plus de champs que l’en-tête)
    noms_d_origine: list[str] = field(default_factory=list)


def lire(chemin: Path | str, feuille: str | None = None) -> Lecture:
    chemin = Path(chemin)
    if not chemin.exists():
        raise FichierRefuse(f"Le fichier {chemin} n’existe pas. Que faire : vérifiez le chemin (glissez le fichier "
                            "dans la fenêtre du terminal pour l’écrire sans faute).")
    if chemin.is_dir():
        raise FichierRefuse(f"{chemin} est un dossier, pas un fichier. Que faire : donnez le chemin d’un fichier "
                            "CSV, Excel (.xlsx) ou LibreOffice (.ods).")
    taille = chemin.stat().st_size
    if taille == 0:
        raise FichierRefuse(f"Le fichier {chemin.name} est vide (0 octet). Que faire : réexportez-le depuis "
                            "l’application qui l’a produit.")
    if taille > LIMITE_MO * 1024 * 1024:
        raise FichierRefuse(f"Le fichier {chemin.name} pèse {taille / 1024 ** 2:.0f} Mo, au-delà de la limite de "
                            f"{LIMITE_MO} Mo. Que faire : découpez-le (par année ou par région) et diagnostiquez "
                            "chaque partie.")
    with chemin.open("rb") as f:
        debut = f.read(_ECHANTILLON)
    if debut.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in debut:
            raise FichierRefuse(f"Le classeur {chemin.name} est protégé par un mot de passe. Que faire : ouvrez-le, "
                                "retirez la protection (Fichier > Informations > Protéger le classeur), enregistrez "
                                "une copie et diagnostiquez la copie.")
        raise FichierRefuse(f"{chemin.name} est au format Excel 97-2003 (.xls) ou Word ancien. Que faire : ouvrez-le "
                            "et enregistrez-le en .xlsx ou en CSV UTF-8, puis diagnostiquez ce fichier.")
    if debut.startswith(b"PK"):
        return _lire_tableur(chemin, feuille)
    if chemin.suffix.lower() in TABLEURS:
        raise FichierRefuse(f"{chemin.name} porte l’extension {chemin.suffix} mais n’est pas un classeur lisible "
                            "(fichier abîmé ou renommé). Que faire : rouvrez-le dans le tableur et réenregistrez-le.")
    return _lire_texte(chemin, debut)


# --- Texte (CSV, TXT) ----------------------------------------------------------------------------------

def _encodage(chemin: Path, debut: bytes) -> tuple[str, str]:
    if debut.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", "marque d’ordre des octets (BOM) UTF-8"
    if debut.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "marque d’ordre des octets (BOM) UTF-16"
    if b"\x00" in debut[:8192]:
        raise FichierRefuse(f"{chemin.name} n’est pas un fichier texte (il contient des octets nuls : image, PDF, "
                            "base de données…). Que faire : exportez le tableau en CSV ou en .xlsx.")
    try:
        debut.decode("utf-8") if len(debut) < _ECHANTILLON else debut[:-4].decode("utf-8", errors="strict")
        return "utf-8", "décodage UTF-8 sans erreur"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    meilleur = from_bytes(debut).best()
    if meilleur is None:
        raise FichierRefuse(f"{chemin.name} n’est pas un fichier texte lisible (aucun encodage ne convient). "
                            "Que faire : exportez le tableau en CSV UTF-8 ou en .xlsx.")
    nom = meilleur.encoding
    # Les exports Windows en français sont en Windows-1252 ; charset-normalizer hésite souvent entre pages de code
    # latines (cp1250 lit « è » comme « č »). Un texte arabe (cp1256, ISO-8859-6) garde son encodage.
    arabes = ("cp1256", "iso8859_6", "cp864", "cp720", "mac_arabic")
    if nom not in arabes and not nom.startswith("utf"):
        try:
            debut.decode("cp1252")
            return "cp1252", "détection par charset-normalizer (page de code latine : Windows-1252)"
        except UnicodeDecodeError:
            pass
    return nom, "détection par charset-normalizer"


def _compter(lignes: list[str], separateur: str) -> list[int]:
    return [len(champs) if any(c.strip() for c in champs) else 0
            for champs in csv.reader(lignes, delimiter=separateur)]


def _structure(comptes: list[int]) -> tuple[int, int]:
    """(nombre de colonnes du tableau, indice de la ligne d’en-tête) d’après les nombres de champs."""
    utiles = [c for c in comptes if c > 1]
    if not utiles:
        return 1, 0
    largeur = Counter(utiles).most_common(1)[0][0]
    for i, c in enumerate(comptes):
        suivantes = [x for x in comptes[i + 1:i + 6] if x]
        if c == largeur and (not suivantes or sum(x == largeur for x in suivantes) >= len(suivantes) / 2):
            return largeur, i
    return largeur, 0


def _lire_texte(chemin: Path, debut: bytes) -> Lecture:
    encodage, par = _encodage(chemin, debut)
    try:
        texte = chemin.read_bytes().decode(encodage)
    except UnicodeDecodeError as exc:
        encodage, par = "cp1252", f"repli sur Windows-1252 (l’octet {exc.start} n’est pas de l’UTF-8)"
        texte = chemin.read_bytes().decode(encodage, errors="replace")
    texte = texte.lstrip("\ufeff")
    if not texte.strip():
        raise FichierRefuse(f"Le fichier {chemin.name} ne contient que des espaces ou des lignes vides. Que faire : "
                            "réexportez-le depuis l’application qui l’a produit.")
    lignes = texte.splitlines()
    tete, queue = lignes[:300], lignes[-60:] if len(lignes) > 300 else []
    meilleur = max(SEPARATEURS, key=lambda s: (sum(c == _structure(_compter(tete, s))[0] for c in _compter(tete, s))
                                                if _structure(_compter(tete, s))[0] > 1 else 0))
    comptes = _compter(tete, meilleur)
    largeur, entete = _structure(comptes)
    if largeur < 2:
        raise FichierRefuse(f"Aucun tableau reconnu dans {chemin.name} : chaque ligne n’a qu’une seule colonne avec "
                            "les séparateurs essayés (point-virgule, virgule, tabulation, barre verticale). Que faire : "
                            "vérifiez qu’il s’agit bien d’un tableau exporté, et non d’un texte.")
    titres = [" ".join(c.strip() for c in ligne if c.strip())
              for ligne in csv.reader(lignes[:entete], delimiter=meilleur)]
    # Notes sous les données : lignes finales avec au plus un champ rempli (source, avertissement, total écrit).
    fin = lignes[-60:] if queue else lignes[entete + 1:]
    notes = []
    for champs in reversed(list(csv.reader(fin, delimiter=meilleur))):
        remplis = [c.strip() for c in champs if c.strip()]
        if len(remplis) > 1 and len(remplis) > largeur / 3:
            break
        if remplis:
            notes.insert(0, " ".join(remplis))
    table = pd.read_csv(io.StringIO(texte), sep=meilleur, skiprows=entete, header=0, dtype=str,
                        keep_default_na=False, na_filter=False, skip_blank_lines=True, on_bad_lines="skip",
                        engine="c")
    table = table.fillna("")
    table = table[~(table.apply(lambda s: s.str.strip()) == "").all(axis=1)]  # lignes vides ou « ;;;; »
    lignes_de_donnees = sum(1 for ligne in lignes[entete + 1:] if ligne.strip(meilleur + " \t\"'"))
    if notes:
        table = table.iloc[:len(table) - len(notes)]
    ignorees = max(0, lignes_de_donnees - len(notes) - len(table))
    return _finir(Lecture(chemin, "csv", table, entete + 1, encodage, par, meilleur,
                          lignes_de_titre=[t for t in titres if t], notes=notes, lignes_ignorees=ignorees))


# --- Tableurs (.xlsx, .ods) ------------------------------------------------------------------------------

def _texte_de_cellule(valeur) -> str:
    if valeur is None or (isinstance(valeur, float) and pd.isna(valeur)):
        return ""
    if isinstance(valeur, pd.Timestamp) or hasattr(valeur, "isoformat"):
        iso = valeur.isoformat()
        return iso[:10] if iso[10:] in ("", "T00:00:00") else iso
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur).strip()


def _lire_tableur(chemin: Path, feuille: str | None) -> Lecture:
    try:
        with zipfile.ZipFile(chemin) as archive:
            noms = set(archive.namelist())
            if "META-INF/manifest.xml" in noms and b"encryption-data" in archive.read("META-INF/manifest.xml"):
                raise FichierRefuse(f"Le classeur {chemin.name} est protégé par un mot de passe. Que faire : "
                                    "ouvrez-le dans LibreOffice, enregistrez une copie sans mot de passe et "
                                    "diagnostiquez la copie.")
    except zipfile.BadZipFile:
        raise FichierRefuse(f"{chemin.name} est une archive abîmée. Que faire : rouvrez-le dans le tableur et "
                            "réenregistrez-le.") from None
    if "xl/workbook.xml" in noms:
        format_, moteur = "xlsx", "openpyxl"
    elif "content.xml" in noms and chemin.suffix.lower() != ".odt":
        format_, moteur = "ods", "odf"
    else:
        raise FichierRefuse(f"{chemin.name} n’est pas un classeur Excel (.xlsx) ni LibreOffice (.ods) (document "
                            "texte, présentation ou archive). Que faire : exportez le tableau en .xlsx ou en CSV.")
    feuilles = pd.read_excel(chemin, sheet_name=None, header=None, dtype=object, engine=moteur)
    if feuille is not None and feuille not in feuilles:
        raise FichierRefuse(f"La feuille « {feuille} » n’existe pas dans {chemin.name}. Feuilles : "
                            + ", ".join(f"« {n} »" for n in feuilles) + ".")
    for nom, brute in ([(feuille, feuilles[feuille])] if feuille else feuilles.items()):
        cellules = [[_texte_de_cellule(v) for v in ligne] for ligne in brute.itertuples(index=False)]
        comptes = [sum(1 for c in ligne if c) for ligne in cellules]
        largeur, entete = _structure(comptes)
        if largeur < 2 or sum(c >= 2 for c in comptes) < 2:
            continue
        titres = [" ".join(c for c in ligne if c) for ligne in cellules[:entete]]
        notes = []
        for ligne, compte in zip(reversed(cellules[entete + 1:]), reversed(comptes[entete + 1:])):
            if compte > 1 and compte > largeur / 3:
                break
            if compte:
                notes.insert(0, " ".join(c for c in ligne if c))
        donnees = cellules[entete + 1:len(cellules) - _lignes_finales(comptes, len(notes))]
        donnees = [ligne for ligne in donnees if any(ligne)]
        colonnes = [j for j in range(max(len(li) for li in cellules)) if cellules[entete][j] or any(
            j < len(li) and li[j] for li in donnees)]
        table = pd.DataFrame([[li[j] for j in colonnes] for li in donnees],
                             columns=[cellules[entete][j] for j in colonnes], dtype=str)
        return _finir(Lecture(chemin, format_, table, entete + 1, feuille=nom,
                              lignes_de_titre=[t for t in titres if t], notes=notes))
    raise FichierRefuse(f"Aucun tableau dans {chemin.name} : aucune feuille n’a au moins deux lignes de deux "
                        "colonnes remplies. Que faire : vérifiez que vous avez choisi le bon fichier.")


def _lignes_finales(comptes: list[int], notes: int) -> int:
    """Combien de lignes (vides comprises) occupent les ``notes`` en bas de la feuille."""
    if not notes:
        return 0
    vues, n = 0, 0
    for compte in reversed(comptes):
        n += 1
        vues += bool(compte)
        if vues == notes:
            return n
    return n


def _finir(lecture: Lecture) -> Lecture:
    """Noms de colonnes utilisables : sans espaces au bord, jamais vides, jamais en double."""
    noms, vus = [], Counter()
    lecture.noms_d_origine = [str(c) for c in lecture.table.columns]
    for j, nom in enumerate(lecture.noms_d_origine, start=1):
        nom = " ".join(nom.split()) if not nom.startswith("Unnamed:") else ""
        nom = nom or f"colonne_{j}"
        vus[nom] += 1
        noms.append(nom if vus[nom] == 1 else f"{nom}_{vus[nom]}")
    lecture.table = lecture.table.set_axis(noms, axis=1).reset_index(drop=True)
    lecture.table = lecture.table.fillna("").astype(str).apply(lambda s: s.str.strip())
    if lecture.table.empty:
        raise FichierRefuse(f"{lecture.chemin.name} a un en-tête (ligne {lecture.ligne_entete}) mais aucune ligne de "
                            "données. Que faire : vérifiez l’export.")
    return lecture
