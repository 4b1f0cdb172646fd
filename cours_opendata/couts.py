"""Le coût d'ouverture des données d'un organisme : un seul modèle, décrit par des données.

Le modèle est une liste de postes ; chaque poste est le produit de paramètres (nombre de jeux × jours par
jeu…), compté la première année seulement (``initial``) ou chaque année (``annuel``), en jours de travail
ou directement en dirhams. ``calculer`` l'évalue en Python (notebooks, tests) ; la page du livre reçoit
``pour_le_navigateur()`` en JSON et ``calculateur.js`` évalue les mêmes postes, sans autre formule.

Les valeurs par défaut sont des hypothèses à remplacer par celles de l'organisme (voir la page « Ce que
coûte l'ouverture des données »).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

#: Jours ouvrés d'un agent à temps plein sur une année (pour les équivalents temps plein).
JOURS_PAR_AN = 220


@dataclass(frozen=True)
class Parametre:
    cle: str
    libelle: str
    unite: str
    defaut: float
    minimum: float
    maximum: float
    aide: str  # ce que recouvre la valeur, et pourquoi cette hypothèse par défaut
    entier: bool = False


@dataclass(frozen=True)
class Poste:
    cle: str
    libelle: str
    facteurs: tuple[str, ...]  # paramètres multipliés entre eux
    phase: str  # « initial » (première année) ou « annuel » (chaque année, dès la première)
    en: str = "jours"  # « jours » (multiplié par le coût journalier) ou « dirhams »


PARAMETRES: tuple[Parametre, ...] = (
    Parametre("jeux", "Jeux de données ouverts la première année", "jeux", 10, 1, 5000,
              "Commencez par quelques jeux très demandés plutôt que par tout l’inventaire.", entier=True),
    Parametre("maj_par_an", "Mises à jour par jeu et par an", "par an", 4, 0, 365,
              "1 pour un jeu annuel, 4 pour un jeu trimestriel, 12 mensuel, 52 hebdomadaire."),
    Parametre("j_inventaire", "Inventaire\u202f: jours par jeu", "jours", 0.5, 0, 60,
              "Repérer le jeu, son service détenteur, ses conditions d’accès."),
    Parametre("j_nettoyage", "Nettoyage et anonymisation\u202f: jours par jeu", "jours", 2, 0, 250,
              "Le poste le plus variable\u202f: un export propre demande peu de temps, "
              "un fichier saisi à la main beaucoup."),
    Parametre("j_description", "Description (métadonnées)\u202f: jours par jeu", "jours", 0.5, 0, 60,
              "Fiche de métadonnées, licence, dictionnaire des colonnes."),
    Parametre("j_publication", "Publication et validation\u202f: jours par jeu", "jours", 0.5, 0, 60,
              "Mise en ligne sur data.gov.ma et validation interne."),
    Parametre("j_maj", "Jours par mise à jour", "jours", 0.5, 0, 60,
              "Extraire, vérifier et republier une nouvelle version."),
    Parametre("cout_jour", "Coût complet d’une journée d’agent", "dirhams", 1500, 0, 100000,
              "Hypothèse du cours, à remplacer par le coût calculé par vos ressources humaines "
              "(salaire, charges, bureau, encadrement)."),
    Parametre("personnes_formees", "Agents formés la première année", "agents", 4, 0, 5000,
              "Le responsable open data et les agents des services détenteurs.", entier=True),
    Parametre("j_formation", "Jours de formation par agent", "jours", 2, 0, 60,
              "Par exemple, l’atelier des opérationnels (une journée) puis une journée de pratique."),
    Parametre("j_gouvernance", "Gouvernance\u202f: jours par an", "jours par an", 24, 0, 2000,
              "Temps du responsable open data et du comité qui valide les ouvertures."),
    Parametre("outils_an", "Outils et hébergement", "dirhams par an", 0, 0, 100_000_000,
              "La démarche d’adhésion à data.gov.ma ne mentionne pas de frais\u202f; "
              "indiquez un montant si vous payez un outil ou un hébergement."),
)

POSTES: tuple[Poste, ...] = (
    Poste("inventaire", "Inventaire", ("jeux", "j_inventaire"), "initial"),
    Poste("nettoyage", "Nettoyage et anonymisation", ("jeux", "j_nettoyage"), "initial"),
    Poste("description", "Description (métadonnées)", ("jeux", "j_description"), "initial"),
    Poste("publication", "Publication et validation", ("jeux", "j_publication"), "initial"),
    Poste("formation", "Formation", ("personnes_formees", "j_formation"), "initial"),
    Poste("mises_a_jour", "Mises à jour", ("jeux", "maj_par_an", "j_maj"), "annuel"),
    Poste("gouvernance", "Gouvernance", ("j_gouvernance",), "annuel"),
    Poste("outils", "Outils et hébergement", ("outils_an",), "annuel", en="dirhams"),
)

PAR_CLE = {p.cle: p for p in PARAMETRES}


class ValeurInvalide(ValueError):
    """Un paramètre hors de ses bornes : le message dit lequel et ce qui est accepté."""


@dataclass(frozen=True)
class Resultat:
    jours_premiere_annee: float
    jours_par_an: float
    cout_premiere_annee: float  # dirhams
    cout_par_an: float  # dirhams, à partir de la deuxième année
    etp_premiere_annee: float
    etp_par_an: float
    postes: dict[str, float]  # dirhams la première année, par poste

    def en_dict(self) -> dict:
        return asdict(self)

    def en_tableau(self):
        """Les postes et les totaux, en dirhams et en jours (``pandas.DataFrame``, pour un notebook)."""
        import pandas as pd

        lignes = [(p.libelle, "première année" if p.phase == "initial" else "chaque année", self.postes[p.cle])
                  for p in POSTES]
        lignes += [("Total la première année", "", self.cout_premiere_annee), ("Total chaque année ensuite", "",
                                                                                self.cout_par_an)]
        return pd.DataFrame(lignes, columns=["Poste", "Compté", "Dirhams"]).set_index("Poste")


def valeurs_par_defaut() -> dict[str, float]:
    return {p.cle: p.defaut for p in PARAMETRES}


def verifier(valeurs: dict[str, float]) -> dict[str, float]:
    inconnues = set(valeurs) - set(PAR_CLE)
    if inconnues:
        raise ValeurInvalide(f"Paramètre(s) inconnu(s)\u202f: {', '.join(sorted(inconnues))}.")
    complet = {**valeurs_par_defaut(), **valeurs}
    for cle, valeur in complet.items():
        p = PAR_CLE[cle]
        if not isinstance(valeur, int | float) or isinstance(valeur, bool) or math.isnan(valeur):
            raise ValeurInvalide(f"{p.libelle}\u202f: un nombre est attendu.")
        if not p.minimum <= valeur <= p.maximum:
            raise ValeurInvalide(f"{p.libelle}\u202f: entre {p.minimum:g} et {p.maximum:g} {p.unite} "
                                 f"(lu\u202f: {valeur:g}).")
        if p.entier and valeur != int(valeur):
            raise ValeurInvalide(f"{p.libelle}\u202f: un nombre entier est attendu (lu\u202f: {valeur:g}).")
    return complet


def calculer(valeurs: dict[str, float] | None = None) -> Resultat:
    """Évalue les postes ; ``valeurs`` complète ou remplace les hypothèses par défaut."""
    v = verifier(valeurs or {})
    jours = {"initial": 0.0, "annuel": 0.0}
    dirhams = {"initial": 0.0, "annuel": 0.0}
    postes = {}
    for poste in POSTES:
        quantite = math.prod(v[f] for f in poste.facteurs)
        montant = quantite * v["cout_jour"] if poste.en == "jours" else quantite
        postes[poste.cle] = montant
        if poste.en == "jours":
            jours[poste.phase] += quantite
        dirhams[poste.phase] += montant
    jours_an1 = jours["initial"] + jours["annuel"]
    return Resultat(
        jours_premiere_annee=jours_an1,
        jours_par_an=jours["annuel"],
        cout_premiere_annee=dirhams["initial"] + dirhams["annuel"],
        cout_par_an=dirhams["annuel"],
        etp_premiere_annee=jours_an1 / JOURS_PAR_AN,
        etp_par_an=jours["annuel"] / JOURS_PAR_AN,
        postes=postes,
    )


def textes() -> list[str]:
    """Les textes affichés par le calculateur (libellés, unités, aides) : messages du catalogue « cours »."""
    return list(dict.fromkeys([*(t for p in PARAMETRES for t in (p.libelle, p.unite, p.aide)),
                               *(p.libelle for p in POSTES), *(t for _, libelle, unite in SORTIES for t in (libelle, unite))]))


def _en_langue(langue: str | None):
    """Paramètres, postes et sorties avec leurs textes dans ``langue`` (les nombres ne changent pas)."""
    from dataclasses import replace

    from .locales import traduire

    def t(texte: str) -> str:
        return traduire(texte, langue)

    return ([replace(p, libelle=t(p.libelle), unite=t(p.unite), aide=t(p.aide)) for p in PARAMETRES],
            [replace(p, libelle=t(p.libelle)) for p in POSTES],
            [(cle, t(libelle), t(unite)) for cle, libelle, unite in SORTIES])


def pour_le_navigateur(langue: str | None = None) -> dict:
    """Ce que ``calculateur.js`` lit : paramètres, postes et jours par an (aucune formule ailleurs)."""
    parametres, postes, _sorties = _en_langue(langue)
    return {"parametres": [asdict(p) for p in parametres], "postes": [asdict(p) for p in postes],
            "jours_par_an": JOURS_PAR_AN}


SORTIES = (
    ("cout_premiere_annee", "Coût la première année", "dirhams"),
    ("cout_par_an", "Coût chaque année ensuite", "dirhams par an"),
    ("jours_premiere_annee", "Travail la première année", "jours"),
    ("jours_par_an", "Travail chaque année ensuite", "jours par an"),
    ("etp_premiere_annee", "Équivalent temps plein la première année", f"agent(s) à {JOURS_PAR_AN} jours par an"),
    ("etp_par_an", "Équivalent temps plein ensuite", "agent(s)"),
)


def calculateur_html(langue: str | None = None) -> str:
    """Le calculateur du livre : champs, sorties (remplies avec les hypothèses par défaut) et modèle en JSON."""
    import json

    from markupsafe import Markup

    from . import gabarits
    from .graphiques import format_fr
    from .quiz.correction import nombre_fr

    resultat = calculer()
    traduits, postes_traduits, sorties_traduites = _en_langue(langue)
    parametres = [{**asdict(p), "defaut_fr": nombre_fr(p.defaut), "minimum_fr": nombre_fr(p.minimum),
                   "maximum_fr": nombre_fr(p.maximum)} for p in traduits]
    sorties = [{"cle": cle, "libelle": libelle, "unite": unite, "valeur": repr(getattr(resultat, cle)),
                "texte": format_fr(getattr(resultat, cle), 1 if cle.startswith("etp") else 0)}
               for cle, libelle, unite in sorties_traduites]
    postes = [{"cle": p.cle, "libelle": p.libelle, "valeur": repr(resultat.postes[p.cle]),
               "texte": format_fr(resultat.postes[p.cle])} for p in postes_traduits]
    modele = json.dumps(pour_le_navigateur(langue), ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    return gabarits.rendre("calculateur.html", langue, parametres=parametres, sorties=sorties, postes=postes,
                           modele=Markup(modele))


__all__ = ["SORTIES", "calculateur_html", "JOURS_PAR_AN", "PARAMETRES", "POSTES", "Parametre", "Poste", "Resultat", "ValeurInvalide", "calculer",
           "pour_le_navigateur", "valeurs_par_defaut", "verifier"]
