"""Ce que l’on trouve dans un tableau : valeurs manquantes codées, nombres « à la française », dates, doublons,
valeurs aberrantes, données personnelles, régions d’avant 2015. Chaque constat dit ce qu’il faut faire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..texte import sans_accents
from . import regions

#: Codes de valeur manquante courants dans les exports de l’administration.
CODES_MANQUANTS = ("-", "–", "—", "N/A", "n/a", "NA", "na", "ND", "nd", "n.d.", "N.D.", "NC", "nc", "n.c.",
                   "néant", "Néant", "…", "...", "?", "#N/A", "#VALEUR!", "#DIV/0!", "NULL", "null")
CODES_NUMERIQUES = ("-99", "-999", "-9999", "9999", "99999")  # codes dans une colonne de nombres
SEUIL_DE_TYPE = 0.95  # part des valeurs non manquantes qui doit suivre un type pour qu’on le retienne
SEUIL_PERSONNEL = 0.3  # part des valeurs qui doit ressembler à une donnée personnelle

GRAVITES = {"grave": "À traiter avant toute publication", "important": "À corriger",
            "information": "À savoir"}
ORDRE_DES_GRAVITES = list(GRAVITES)

_NOMBRE_FR = re.compile(r"^[+-]?(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(,\d+)?$")
_NOMBRE_EN = re.compile(r"^[+-]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COURRIEL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_TELEPHONE = re.compile(r"^(?:\+212|00212)?0?[5-8]\d{8}$")  # après retrait des espaces, points, tirets, parenthèses
_ETABLISSEMENT = re.compile(r"(?i)\b(?:universit|[ée]cole|lyc[ée]e|coll[èe]ge|facult|institut|h[ôo]pital|centre|"
                            r"commune|direction|minist|agence|office|d[ée]l[ée]gation|acad[ée]mie|soci[ée]t[ée]|"
                            r"association|coop[ée]rative|tribunal|pr[ée]fecture|province|mus[ée]e|biblioth)")
_CIN = re.compile(r"^[A-Za-z]{1,2}\s?\d{3,7}$")
_ADRESSE = re.compile(r"\b(rue|avenue|av\.?|bd|boulevard|hay|lotissement|lot|résidence|residence|imm\.?|"
                      r"immeuble|appt|quartier|douar|derb|n°|km)\b", re.IGNORECASE)


@dataclass
class Constat:
    gravite: str  # grave, important, information
    titre: str
    detail: str
    que_faire: str
    colonne: str = ""

    def ordre(self) -> int:
        return ORDRE_DES_GRAVITES.index(self.gravite)


@dataclass
class Colonne:
    nom: str
    type: str  # texte, entier, decimal, date, vide
    manquants: int
    codes_manquants: dict[str, int] = field(default_factory=dict)
    virgule_decimale: bool = False
    separateur_milliers: str = ""
    format_de_date: str = ""  # jj/mm/aaaa, aaaa-mm-jj
    aberrantes: list[tuple[int, str]] = field(default_factory=list)  # (ligne du fichier, valeur)
    personnelle: str = ""  # raison, vide si la colonne ne semble pas personnelle
    regions: dict[str, regions.Region] = field(default_factory=dict)  # valeur → région reconnue
    exemples: list[str] = field(default_factory=list)
    illisibles: dict[str, int] = field(default_factory=dict)  # textes dans une colonne de nombres (5 plus fréquents)
    nombre_d_illisibles: int = 0
    coordonnees_d_etablissement: str = ""  # raison écartée : le fichier décrit des établissements


def _mots(nom: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", sans_accents(nom))) - {""}


_MOTS_NOM = {"nom", "prenom", "prenoms", "name", "firstname", "lastname", "surname", "fullname", "nomcomplet",
             "beneficiaire", "demandeur", "titulaire", "patient", "eleve", "agent", "candidat", "redevable"}
_MOTS_PAS_UNE_PERSONNE = {"region", "commune", "province", "prefecture", "etablissement", "ecole", "universite",
                          "ville", "pays", "service", "organisme", "entreprise", "societe", "produit", "indicateur",
                          "variable", "jeu", "fichier", "site", "marche", "lycee", "college", "centre", "hopital",
                          "direction", "programme", "projet", "douar", "quartier", "rue", "country", "dataset"}


def _part(serie: pd.Series, motif: re.Pattern) -> float:
    return float(serie.str.match(motif.pattern).mean()) if len(serie) else 0.0  # chaîne : moteur pyarrow


def _raison_personnelle(nom: str, valeurs: pd.Series, type_: str) -> str:
    """Pourquoi la colonne semble contenir des données personnelles (loi 09-08), ou ""."""
    mots = _mots(nom)
    if valeurs.empty:
        return ""
    if _part(valeurs, _COURRIEL) >= SEUIL_PERSONNEL:
        return "adresses électroniques (une personne s’y reconnaît directement)"
    if _part(valeurs.str.replace(r"[\s.()\-]", "", regex=True), _TELEPHONE) >= SEUIL_PERSONNEL:
        return "numéros de téléphone marocains"
    if ("cin" in mots or "cnie" in mots) or _part(valeurs, _CIN) >= SEUIL_PERSONNEL and type_ == "texte" and (
            valeurs.str.contains(r"\d").mean() > 0.9):
        return "numéros de carte d’identité nationale (CIN)"
    if mots & {"naissance", "birth", "ddn", "datenaissance"} or "date de naissance" in sans_accents(nom):
        return "dates de naissance : avec le sexe et la commune, elles suffisent souvent à reconnaître une personne"
    if mots & _MOTS_NOM and not mots & _MOTS_PAS_UNE_PERSONNE and type_ == "texte" and not decrit_des_etablissements(
            valeurs):
        return "noms ou prénoms de personnes (d’après le nom de la colonne)"
    if mots & {"adresse", "address", "domicile"} or (type_ == "texte" and _part(valeurs, re.compile(
            r"(?i).*" + _ADRESSE.pattern)) >= SEUIL_PERSONNEL):
        return "adresses : à retirer si elles sont celles de personnes (garder celles d’établissements)"
    if type_ == "texte" and valeurs.str.len().mean() > 60 and valeurs.nunique() > 0.5 * len(valeurs):
        return "texte libre : il peut citer des noms, des situations ou des motifs personnels"
    return ""


def decrit_des_etablissements(valeurs: pd.Series) -> bool:
    """La moitié au moins des valeurs nomment un établissement (université, commune, hôpital…)."""
    return bool(len(valeurs)) and float(valeurs.str.contains(_ETABLISSEMENT.pattern).mean()) >= 0.5


#: Les raisons qui ne visent une personne que si le fichier ne décrit pas des établissements.
COORDONNEES = ("adresses électroniques", "numéros de téléphone", "adresses :")


def _nombres(valeurs: pd.Series, separateur_du_fichier: str | None) -> tuple[float, bool, str]:
    """(part des valeurs qui sont des nombres, virgule décimale ?, séparateur de milliers)."""
    fr, en = valeurs.str.match(_NOMBRE_FR.pattern), valeurs.str.match(_NOMBRE_EN.pattern)
    part_fr, part_en = float(fr.mean()), float(en.mean())
    avec_virgule = valeurs.str.contains(",", regex=False)
    # « 1,234 » est ambigu : virgule décimale dans un fichier à point-virgule, ou si des décimales ≠ 3 chiffres.
    virgule = bool(avec_virgule.any()) and (separateur_du_fichier == ";" or bool(
        valeurs[avec_virgule].str.contains(r",\d{1,2}$|,\d{4,}$").any()) or part_en < part_fr)
    part = part_fr if virgule or part_fr >= part_en else part_en
    milliers = ""
    if virgule:
        for sep, nom in (("\u00a0", "espace insécable"), ("\u202f", "espace fine"), (" ", "espace"), (".", "point")):
            if valeurs.str.contains(rf"\d{re.escape(sep)}\d{{3}}").any():
                milliers = nom
                break
    elif valeurs.str.contains(r"\d,\d{3}").any():
        milliers = "virgule"
    return part, virgule, milliers


def en_nombres(valeurs: pd.Series, colonne: Colonne) -> pd.Series:
    """Les valeurs en nombres (NaN si manquantes), selon les conventions trouvées dans la colonne."""
    texte = valeurs.str.replace("[ \t\u00a0\u202f]", "", regex=True)  # sans \\s : le moteur pyarrow reste utilisé
    if colonne.virgule_decimale:
        texte = texte.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        texte = texte.str.replace(",", "", regex=False)
    return pd.to_numeric(texte, errors="coerce")


FORMATS_DE_DATE = {"jj/mm/aaaa": "%d/%m/%Y", "mm/jj/aaaa": "%m/%d/%Y", "aaaa-mm-jj": "%Y-%m-%d"}


def en_dates(valeurs: pd.Series, colonne: Colonne | str) -> pd.Series:
    """Les valeurs en dates (NaT si manquantes ou impossibles, comme un 31/02)."""
    format_ = colonne if isinstance(colonne, str) else colonne.format_de_date
    texte = valeurs.str.replace(r"[.-]", "/", regex=True) if format_ != "aaaa-mm-jj" else valeurs
    return pd.to_datetime(texte, format=FORMATS_DE_DATE[format_].replace("-", "/") if format_ != "aaaa-mm-jj"
                          else FORMATS_DE_DATE[format_], errors="coerce")


ECHANTILLON = 50_000  # valeurs examinées pour reconnaître un type ou une donnée personnelle (tout est converti)


def _echantillon(serie: pd.Series) -> pd.Series:
    return serie if len(serie) <= ECHANTILLON else serie.sample(ECHANTILLON, random_state=0)


def analyser_colonne(nom: str, serie: pd.Series, separateur: str | None, numero_premiere_ligne: int) -> Colonne:
    manquants_vides = serie == ""
    codes = {code: int(n) for code, n in serie[serie.isin(CODES_MANQUANTS)].value_counts().items()}
    restantes = serie[~manquants_vides & ~serie.isin(CODES_MANQUANTS)]
    colonne = Colonne(nom, "vide", 0)
    if restantes.empty:
        colonne.manquants = len(serie)
        colonne.codes_manquants = codes
        return colonne
    echantillon = _echantillon(restantes)
    part, virgule, milliers = _nombres(echantillon, separateur)
    sans_codes_num = restantes[~restantes.isin(CODES_NUMERIQUES)]
    if part >= SEUIL_DE_TYPE and len(sans_codes_num):
        colonne.virgule_decimale, colonne.separateur_milliers = virgule, milliers
        codes_num = {c: int(n) for c, n in restantes[restantes.isin(CODES_NUMERIQUES)].value_counts().items()}
        nombres = en_nombres(sans_codes_num, colonne)
        # Un code numérique n’en est un que s’il tranche avec les autres valeurs (sinon c’est une vraie valeur).
        for code in list(codes_num):
            if not _aberrante(float(code), nombres):
                del codes_num[code]
        codes |= codes_num
        restantes = restantes[~restantes.isin(codes_num)]
        nombres = en_nombres(restantes, colonne)
        illisibles = restantes[nombres.isna()]
        colonne.illisibles = {str(v): int(n) for v, n in illisibles.value_counts().head(5).items()}
        colonne.nombre_d_illisibles = len(illisibles)
        colonne.type = "entier" if bool((nombres.dropna() % 1 == 0).all()) else "decimal"
        if not _mots(nom) & _SANS_VALEURS_ABERRANTES:
            colonne.aberrantes = _aberrantes(restantes, nombres, numero_premiere_ligne)
    elif float(echantillon.str.match(_DATE_FR.pattern).mean()) >= SEUIL_DE_TYPE:
        jour_mois = en_dates(restantes, "jj/mm/aaaa").isna().sum()
        if jour_mois and en_dates(restantes, "mm/jj/aaaa").isna().sum() < jour_mois:
            colonne.type, colonne.format_de_date = "texte", "mm/jj/aaaa"
        else:
            colonne.type, colonne.format_de_date = "date", "jj/mm/aaaa"
    elif float(echantillon.str.match(_DATE_ISO.pattern).mean()) >= SEUIL_DE_TYPE:
        colonne.type, colonne.format_de_date = "date", "aaaa-mm-jj"
    else:
        colonne.type = "texte"
        distinctes = restantes.drop_duplicates()
        reconnues = {v: r for v in distinctes.head(2000) if (r := regions.reconnaitre(v))}
        if len(reconnues) >= max(2, 0.6 * min(len(distinctes), 2000)):
            colonne.regions = reconnues
    colonne.codes_manquants = codes
    colonne.manquants = int(manquants_vides.sum()) + sum(codes.values())
    valeurs = serie[(serie != "") & ~serie.isin(codes)]
    colonne.personnelle = _raison_personnelle(nom, _echantillon(valeurs), colonne.type)
    colonne.exemples = [str(v) for v in valeurs.drop_duplicates().head(3)]
    return colonne


#: Colonnes où une valeur éloignée des autres n’a rien d’anormal (coordonnées, codes, années).
_SANS_VALEURS_ABERRANTES = {"latitude", "longitude", "lat", "lon", "lng", "x", "y", "code", "id", "identifiant",
                            "annee", "year", "num", "numero", "cp", "postal", "rang", "rank"}
MINIMUM_POUR_LES_ABERRANTES = 30


def _echelle(nombres: pd.Series) -> tuple[float, float]:
    propres = nombres.dropna()
    mediane = float(propres.median())
    mad = float((propres - mediane).abs().median()) * 1.4826
    if mad == 0:
        q1, q3 = propres.quantile([0.25, 0.75])
        mad = float(q3 - q1) / 1.349
    return mediane, mad


def _aberrante(valeur: float, nombres: pd.Series) -> bool:
    if nombres.dropna().size < MINIMUM_POUR_LES_ABERRANTES:
        return valeur < 0 and bool((nombres.dropna() >= 0).all())
    mediane, echelle = _echelle(nombres)
    return echelle > 0 and abs(valeur - mediane) / echelle > 5


def _aberrantes(valeurs: pd.Series, nombres: pd.Series, premiere: int) -> list[tuple[int, str]]:
    """Valeurs à plus de 5 écarts robustes de la médiane (au moins 30 valeurs) : (ligne du fichier, valeur)."""
    propres = nombres.dropna()
    if propres.size < MINIMUM_POUR_LES_ABERRANTES:
        return []
    mediane, echelle = _echelle(nombres)
    if echelle <= 0:
        return []
    ecarts = (nombres - mediane).abs() / echelle
    indices = ecarts[ecarts > 5].sort_values(ascending=False).index[:20]
    return [(int(i) + premiere, str(valeurs.loc[i])) for i in indices]


@dataclass
class Analyse:
    colonnes: list[Colonne]
    doublons: int
    lignes_en_double: list[int]  # numéros de ligne dans le fichier des premières copies en trop
    constats: list[Constat]


def analyser(table: pd.DataFrame, separateur: str | None, premiere_ligne: int) -> Analyse:
    """``premiere_ligne`` : numéro, dans le fichier, de la première ligne de données (pour citer les lignes)."""
    colonnes = [analyser_colonne(nom, table[nom], separateur, premiere_ligne) for nom in table.columns]
    etablissements = [c.nom for c in colonnes if c.type == "texte" and decrit_des_etablissements(
        table[c.nom][table[c.nom] != ""])]
    if etablissements:  # coordonnées d’établissements : à vérifier, pas à retirer
        for c in colonnes:
            if c.personnelle.startswith(COORDONNEES):
                c.coordonnees_d_etablissement, c.personnelle = c.personnelle, ""
    en_double = table.duplicated(keep="first")
    lignes_en_double = [int(i) + premiere_ligne for i in np.flatnonzero(en_double.to_numpy())[:20]]
    return Analyse(colonnes, int(en_double.sum()), lignes_en_double, [])


def _liste(elements, n: int = 5) -> str:
    elements = list(elements)
    texte = ", ".join(f"«\u202f{e}\u202f»" for e in elements[:n])
    reste = len(elements) - n
    return texte + (f" et {reste} {'autre' if reste == 1 else 'autres'}" if reste > 0 else "")


def constats_des_colonnes(analyse: Analyse, lignes: int) -> list[Constat]:
    constats = []
    for c in analyse.colonnes:
        if c.personnelle:
            constats.append(Constat(
                "grave", f"Données personnelles probables : colonne «\u202f{c.nom}\u202f»", c.personnelle + ".",
                "La colonne est retirée du fichier nettoyé. Si elle ne décrit pas des personnes (par exemple "
                "l’adresse d’un établissement), gardez-la en relançant l’outil avec --garder "
                f"«\u202f{c.nom}\u202f». Sinon, publiez des agrégats ou une version anonymisée (loi 09-08, "
                "partie 3 du cours).", c.nom))
        if c.coordonnees_d_etablissement:
            quoi = re.split(r" \(| :", c.coordonnees_d_etablissement)[0]
            constats.append(Constat(
                "information", f"Coordonnées d’établissements : colonne « {c.nom} »",
                f"La colonne contient des {quoi}, mais le fichier décrit des établissements : elle est gardée.",
                "Vérifiez qu’aucune ligne ne donne le numéro ou l’adresse personnelle d’un agent.", c.nom))
        if c.regions:
            anciennes = {v: r for v, r in c.regions.items() if r.decoupage == "1997"}
            douteuses = {v: r for v, r in c.regions.items() if r.decoupage == "inconnu"}
            partagees = {v: r for v, r in anciennes.items() if not r.actuelle}
            if anciennes:
                converties = {v: r.actuelle for v, r in anciennes.items() if r.actuelle}
                detail = (f"{len(anciennes)} valeur(s) désignent des régions du découpage de 1997 (seize régions) : "
                          f"{_liste(anciennes)}. ")
                if converties:
                    detail += ("Converties sans ambiguïté dans la colonne «\u202f" + c.nom + "_2015\u202f» : "
                               + "; ".join(f"{v} → {n}" for v, n in list(converties.items())[:6]) + ". ")
                if partagees:
                    detail += ("Partagées entre plusieurs régions actuelles, donc non converties : "
                               + "; ".join(f"{v} → {' ou '.join(r.possibles)}" for v, r in partagees.items()) + ".")
                constats.append(Constat(
                    "important", f"Régions d’avant la réforme de 2015 : colonne «\u202f{c.nom}\u202f»", detail,
                    "Publiez selon les douze régions de 2015 (décret n° 2-15-40). Pour une région partagée, "
                    "repartez des chiffres par province : le nom de l’ancienne région ne suffit pas.", c.nom))
            if douteuses:
                constats.append(Constat(
                    "important", f"Codes de région ambigus : colonne «\u202f{c.nom}\u202f»",
                    f"Les codes {_liste(douteuses)} existent dans les deux listes ISO 3166-2 (1997 et 2015) avec "
                    "des sens différents : MA-04 désignait l’Oriental, il désigne aujourd’hui Rabat-Salé-Kénitra.",
                    "Écrivez le nom de la région à côté du code, et dites dans les métadonnées quelle liste vous "
                    "suivez.", c.nom))
        if c.codes_manquants:
            constats.append(Constat(
                "important", f"Valeurs manquantes codées : colonne «\u202f{c.nom}\u202f»",
                "Codes trouvés : " + "; ".join(f"«\u202f{k}\u202f» ({n} fois)" for k, n in c.codes_manquants.items())
                + ". Un programme les lit comme des valeurs (un « -99 » entre dans les moyennes).",
                "Dans le fichier nettoyé, ils sont remplacés par une case vide. Écrivez dans les métadonnées ce que "
                "veut dire une case vide (non collecté, sans objet, secret statistique).", c.nom))
        if c.nombre_d_illisibles:
            constats.append(Constat(
                "important", f"Textes dans une colonne de nombres : « {c.nom} »",
                f"{c.nombre_d_illisibles} valeur(s) ne sont pas des nombres : "
                + "; ".join(f"« {v} » ({n} fois)" for v, n in c.illisibles.items()) + ".",
                "Dans le fichier nettoyé, elles deviennent des cases vides. Si c’est un code (secret statistique, "
                "non disponible), écrivez son sens dans les métadonnées ; si c’est une erreur, corrigez la source.",
                c.nom))
        if c.format_de_date == "mm/jj/aaaa":
            constats.append(Constat(
                "important", f"Dates au format américain ? colonne «\u202f{c.nom}\u202f»",
                "Certaines dates ont un deuxième nombre supérieur à 12 : elles sont écrites mois/jour/année, "
                "ou mélangent deux formats.", "Vérifiez dans l’application d’origine, puis publiez les dates au "
                "format AAAA-MM-JJ. Elles sont laissées telles quelles dans le fichier nettoyé.", c.nom))
        if c.aberrantes:
            exemples = ", ".join(f"{v} (ligne {n})" for n, v in c.aberrantes[:5])
            constats.append(Constat(
                "important", f"Valeurs très éloignées des autres : colonne «\u202f{c.nom}\u202f»",
                f"{len(c.aberrantes)} valeur(s) à plus de cinq écarts de la médiane : {exemples}.",
                "Vérifiez chacune à la source : erreur de saisie, unité différente (dirhams ou milliers de "
                "dirhams), ligne de total, ou vraie valeur exceptionnelle à garder.", c.nom))
        if c.virgule_decimale:
            constats.append(Constat(
                "information", f"Nombres à la française : colonne «\u202f{c.nom}\u202f»",
                "Virgule décimale" + (f", {c.separateur_milliers} entre les milliers" if c.separateur_milliers else "")
                + f" (ex. {_liste(c.exemples, 2)}).",
                "Le fichier nettoyé les écrit avec un point décimal et sans séparateur de milliers, comme l’attendent "
                "les logiciels et le portail.", c.nom))
        if c.format_de_date == "jj/mm/aaaa":
            constats.append(Constat(
                "information", f"Dates jj/mm/aaaa : colonne «\u202f{c.nom}\u202f»",
                f"Exemples : {_liste(c.exemples, 2)}.", "Le fichier nettoyé les écrit au format ISO AAAA-MM-JJ.",
                c.nom))
        if c.type == "vide":
            constats.append(Constat("information", f"Colonne vide : «\u202f{c.nom}\u202f»",
                                    "Aucune valeur dans la colonne.", "Retirez-la ou remplissez-la avant de publier.",
                                    c.nom))
    if analyse.doublons:
        constats.append(Constat(
            "important", "Lignes en double", f"{analyse.doublons} ligne(s) sur {lignes} répètent exactement une ligne "
            "précédente (par exemple ligne " + ", ".join(map(str, analyse.lignes_en_double[:5])) + " du fichier).",
            "Elles sont retirées du fichier nettoyé. Vérifiez qu’il ne s’agit pas de deux faits réels identiques "
            "(deux ventes le même jour au même prix) : il faudrait alors un identifiant."))
    return constats
