"""Inventaire et priorisation des jeux de données d’un organisme (partie 5 du cours).

Un organisme qui se lance dans l’open data commence par trois gestes : **inventorier** ses jeux de
données, les **noter** selon deux axes (la *valeur* pour les réutilisateurs et la *facilité* de
publication) et **classer** le résultat pour décider par quoi commencer. Ce module fournit :

- ``COLONNES_INVENTAIRE`` et ``inventaire_vide()`` : le gabarit d’inventaire du cours ;
- ``exemple_inventaire()`` : un inventaire **fictif** (un organisme inventé), dont certaines lignes
  renvoient à des ressources réelles du catalogue du cours ;
- ``quadrant()`` et ``classer()`` : la matrice valeur × facilité et la liste classée ;
- ``matrice()`` : la matrice affichable — curseurs ipywidgets dans JupyterLab ou Binder, graphique
  et tableau statiques dans le livre (même principe que ``graphiques.explorateur``) ;
- ``plan_action_markdown()`` : le plan d’action d’une page, en Markdown, à partir des réponses.

Les notes vont de 1 (faible) à 5 (forte). Le score combine les deux axes avec un poids réglable :
``score = poids_valeur × valeur + (1 − poids_valeur) × facilité``.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pandas as pd

from . import gabarits
from .graphiques import afficher, plt, style_du_cours
from .metadonnees import LICENCES

#: Colonnes du gabarit d'inventaire, avec ce que chacune doit contenir.
COLONNES_INVENTAIRE = {
    "identifiant": "Code court et stable du jeu de données (ex. DEP-01)",
    "titre": "Titre clair, compréhensible hors de l’organisme",
    "description": "Ce que contient le jeu, en une ou deux phrases",
    "service": "Service qui produit et tient à jour la donnée",
    "format_actuel": "Format dans lequel la donnée existe aujourd’hui (Excel, base, PDF, papier…)",
    "frequence": "Fréquence de mise à jour (annuelle, mensuelle, ponctuelle…)",
    "donnees_personnelles": "Oui / Non / Partiel : contient-il des données à caractère personnel (loi 09-08) ?",
    "communicable": "Oui / Non / Après traitement : publiable au regard des exceptions de la loi 31-13 ?",
    "licence": "Licence envisagée pour la publication (ou « À décider », « Sans objet (non publiable) »)",
    "demande_connue": "Demandes reçues ou réutilisateurs connus (chercheurs, entreprises, presse…)",
    "valeur": "Note de 1 à 5 : intérêt pour les réutilisateurs et pour l’organisme",
    "facilite": "Note de 1 à 5 : facilité de publication (format, qualité, droits, anonymisation)",
    "ressource_catalogue": "Nom d’une ressource réelle comparable dans le catalogue du cours (facultatif)",
}

#: Les valeurs permises des colonnes à liste (listes déroulantes du modèle de tableur, ``modeles``).
FORMATS = ("CSV", "Excel", "ODS", "JSON", "XML", "GeoJSON", "Shapefile", "Base de données", "PDF", "Word",
           "Papier", "Autre")
DONNEES_PERSONNELLES = ("Oui", "Non", "Partiel")
COMMUNICABLE = ("Oui", "Non", "Après traitement")
LICENCES_INVENTAIRE = (*LICENCES, "À décider", "Sans objet (non publiable)")
#: Services proposés au départ dans le modèle de tableur ; chaque organisme remplace la liste par la sienne.
SERVICES_PROPOSES = ("Secrétariat général", "Service des statistiques", "Service des études économiques",
                     "Service des affaires financières", "Service des ressources humaines",
                     "Service de la communication", "Service informatique", "Service juridique",
                     "Chargé de l’accès à l’information")

#: Les quatre quadrants de la matrice, dans l'ordre de priorité.
QUADRANTS = {
    "publier": "1. Publier en premier",
    "preparer": "2. Préparer (projet)",
    "opportunite": "3. Publier au fil de l’eau",
    "attendre": "4. Plus tard",
}

COULEURS_QUADRANTS = {
    QUADRANTS["publier"]: "#009e73",
    QUADRANTS["preparer"]: "#0072b2",
    QUADRANTS["opportunite"]: "#e69f00",
    QUADRANTS["attendre"]: "#999999",
}

NOTE_MIN, NOTE_MAX = 1, 5


def inventaire_vide() -> pd.DataFrame:
    """Un inventaire vide, avec les colonnes du gabarit (à remplir ligne par ligne)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLONNES_INVENTAIRE})


def exemple_inventaire() -> pd.DataFrame:
    """Inventaire FICTIF d’une direction inventée, pour s'exercer.

    L'organisme (« Direction des études et de la planification », DEP) n'existe pas ; les notes sont
    des exemples. Quand un jeu de données comparable existe réellement, la colonne
    ``ressource_catalogue`` donne le nom de la ressource du catalogue du cours qui le représente.
    """
    lignes = [
        ("DEP-01", "Établissements scolaires par région",
         "Nombre d’établissements publics et privés (primaire, collège, qualifiant) par région",
         "Service des statistiques", "Excel", "annuelle", "Non", "Oui", "Parents, chercheurs, presse",
         5, 5, "datagovma-scolaire"),
        ("DEP-02", "Population légale par région (RGPH 2014)",
         "Ménages, population, étrangers et Marocains par région, reprise du recensement",
         "Service des statistiques", "Excel", "ponctuelle", "Non", "Oui", "Collectivités, bureaux d’études",
         4, 5, "datagovma-population-legale"),
        ("DEP-03", "Loyers moyens par région, 2001-2019",
         "Loyer moyen observé par région et par année",
         "Service des études économiques", "Excel", "annuelle", "Non", "Oui", "Promoteurs, agences immobilières",
         4, 3, "datagovma-loyers"),
        ("DEP-04", "Coordonnées des universités publiques",
         "Adresse, téléphone, site web et position de chaque université",
         "Service de la communication", "CSV", "ponctuelle", "Non", "Oui", "Étudiants, applications mobiles",
         3, 5, "datagovma-universites"),
        ("DEP-05", "Indicateurs du recensement par commune",
         "Indicateurs démographiques et de logement pour chaque commune",
         "Service des statistiques", "Base de données", "ponctuelle", "Non", "Oui",
         "Collectivités territoriales, chercheurs", 5, 2, "rgph2024-faits"),
        ("DEP-06", "Budget de la direction exécuté par rubrique",
         "Crédits ouverts et dépenses exécutées par grande rubrique",
         "Service des affaires financières", "PDF", "annuelle", "Non", "Oui", "Société civile, presse",
         4, 2, ""),
        ("DEP-07", "Registre des demandes d’accès à l’information",
         "Date, objet, délai de réponse et suite donnée à chaque demande reçue (loi 31-13)",
         "Chargé de l’accès à l’information", "Excel", "mensuelle", "Partiel", "Après traitement",
         "Société civile, CDAI", 3, 2, ""),
        ("DEP-08", "Fichier du personnel",
         "Agents, grades, affectations et rémunérations", "Service des ressources humaines", "Base de données",
         "mensuelle", "Oui", "Non", "Aucune demande publique", 1, 1, ""),
        ("DEP-09", "Liste des études commandées",
         "Titre, année, prestataire et montant des études réalisées pour la direction",
         "Service des études économiques", "Word", "annuelle", "Non", "Oui", "Bureaux d’études, chercheurs",
         2, 4, ""),
        ("DEP-10", "Enquête auprès des ménages (réponses individuelles)",
         "Réponses ligne à ligne d’une enquête par questionnaire",
         "Service des statistiques", "Base de données", "ponctuelle", "Oui", "Après traitement",
         "Chercheurs", 4, 1, ""),
    ]
    colonnes = [c for c in COLONNES_INVENTAIRE if c != "licence"]
    table = pd.DataFrame(lignes, columns=colonnes)
    a_decider = {"DEP-07": "À décider", "DEP-10": "À décider", "DEP-08": "Sans objet (non publiable)"}
    table.insert(colonnes.index("communicable") + 1, "licence",
                 [a_decider.get(code, LICENCES[0]) for code in table["identifiant"]])
    table = table.astype({"valeur": "int64", "facilite": "int64"})
    table.attrs["source"] = "Inventaire fictif de la DEP (exemple du cours)"
    return table


def _verifier_note(valeur, nom: str) -> float:
    try:
        note = float(valeur)
    except (TypeError, ValueError):
        raise ValueError(f"La note « {nom} » doit être un nombre de {NOTE_MIN} à {NOTE_MAX} (reçu : {valeur!r}).") from None
    if not NOTE_MIN <= note <= NOTE_MAX:
        raise ValueError(f"La note « {nom} » doit être comprise entre {NOTE_MIN} et {NOTE_MAX} (reçu : {valeur}).")
    return note


def quadrant(valeur, facilite, seuil: float = 3) -> str:
    """Le quadrant d’un jeu de données selon ses deux notes (seuil inclus dans « fort »)."""
    v, f = _verifier_note(valeur, "valeur"), _verifier_note(facilite, "facilité")
    if v >= seuil and f >= seuil:
        return QUADRANTS["publier"]
    if v >= seuil:
        return QUADRANTS["preparer"]
    if f >= seuil:
        return QUADRANTS["opportunite"]
    return QUADRANTS["attendre"]


def classer(table: pd.DataFrame, *, valeur: str = "valeur", facilite: str = "facilite",
            libelle: str = "titre", poids_valeur: float = 0.5, seuil: float = 3) -> pd.DataFrame:
    """La liste classée : une ligne par jeu, avec ``score``, ``quadrant`` et ``rang`` (1 = d’abord).

    Tri : quadrant, puis score décroissant, puis valeur décroissante, puis titre (ordre stable).
    La table d’origine n'est pas modifiée.
    """
    if not 0 <= poids_valeur <= 1:
        raise ValueError(f"Le poids de la valeur doit être compris entre 0 et 1 (reçu : {poids_valeur}).")
    from .lecture_inventaire import normaliser_colonnes

    if any(c not in table.columns for c in (valeur, facilite, libelle)):
        table = normaliser_colonnes(table)  # « Valeur », « Facilité », « Titre » : reconnus
    manquantes = [c for c in (valeur, facilite, libelle) if c not in table.columns]
    if manquantes:
        raise ValueError("Colonnes absentes de l’inventaire\u202f: " + ", ".join(manquantes)
                         + ". Colonnes attendues\u202f: " + ", ".join(COLONNES_INVENTAIRE) + ".")
    resultat = table.copy()
    for colonne, nom in ((valeur, "valeur"), (facilite, "facilité")):
        resultat[colonne] = [_verifier_note(x, nom) for x in resultat[colonne]]
    resultat["score"] = (poids_valeur * resultat[valeur] + (1 - poids_valeur) * resultat[facilite]).round(2)
    resultat["quadrant"] = [quadrant(v, f, seuil) for v, f in zip(resultat[valeur], resultat[facilite])]
    resultat = resultat.sort_values(["quadrant", "score", valeur, libelle],
                                    ascending=[True, False, False, True], kind="mergesort")
    resultat.insert(0, "rang", range(1, len(resultat) + 1))
    return resultat.reset_index(drop=True)


def figure_matrice(table: pd.DataFrame, *, valeur: str = "valeur", facilite: str = "facilite",
                   etiquette: str = "identifiant", seuil: float = 3,
                   titre: str = "Matrice de priorisation : valeur × facilité"):
    """La figure matplotlib de la matrice (facilité en abscisse, valeur en ordonnée)."""
    with style_du_cours():
        fig, ax = plt.subplots(figsize=(7.5, 5.6))
        milieu = seuil - 0.5
        ax.axvline(milieu, color="#555555", linewidth=1, linestyle="--")
        ax.axhline(milieu, color="#555555", linewidth=1, linestyle="--")
        coins = [(5.45, 5.45, QUADRANTS["publier"], "right"), (0.55, 5.45, QUADRANTS["preparer"], "left"),
                 (5.45, 0.55, QUADRANTS["opportunite"], "right"), (0.55, 0.55, QUADRANTS["attendre"], "left")]
        for x, y, texte, alignement in coins:
            ax.text(x, y, texte, ha=alignement, va="top" if y > 3 else "bottom", fontsize=9.5,
                    color=COULEURS_QUADRANTS[texte], fontweight="bold")
        # Décalage léger des points qui tombent sur la même case, pour qu'ils restent lisibles.
        deja = {}
        for _, ligne in table.iterrows():
            v, f = float(ligne[valeur]), float(ligne[facilite])
            n = deja.get((v, f), 0)
            deja[(v, f)] = n + 1
            dx, dy = [(0, 0), (0.18, 0.12), (-0.18, -0.12), (0.18, -0.12), (-0.18, 0.12)][n % 5]
            q = quadrant(v, f, seuil)
            ax.scatter(f + dx, v + dy, s=110, color=COULEURS_QUADRANTS[q], edgecolor="white", zorder=3)
            ax.annotate(str(ligne[etiquette]), (f + dx, v + dy), xytext=(7, 4), textcoords="offset points",
                        fontsize=9)
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.set_xticks(range(1, 6))
        ax.set_yticks(range(1, 6))
        ax.set_xlabel("Facilité de publication (1 = difficile, 5 = facile)")
        ax.set_ylabel("Valeur pour les réutilisateurs (1 à 5)")
        ax.set_title(titre)
    return fig


def _tableau_html(classement: pd.DataFrame, etiquette: str, libelle: str, valeur: str, facilite: str) -> str:
    lignes = [{"rang": l["rang"], "code": l[etiquette], "titre": l[libelle], "valeur": f"{l[valeur]:g}",
               "facilite": f"{l[facilite]:g}", "score": f"{l['score']:g}".replace(".", ","), "quadrant": l["quadrant"]}
              for _, l in classement.iterrows()]
    return gabarits.rendre("priorisation.html", lignes=lignes)


class MatricePriorisation:
    """Matrice valeur × facilité : curseurs dans un noyau, figure et liste statiques dans le livre."""

    def __init__(self, table: pd.DataFrame, *, valeur: str = "valeur", facilite: str = "facilite",
                 etiquette: str = "identifiant", libelle: str = "titre", poids_valeur: float = 0.5,
                 seuil: float = 3, source: str = "", alt: str | None = None, dossier: Path | None = None):
        self.table = table.reset_index(drop=True).copy()
        self.dossier = Path(dossier) if dossier else None  # où les curseurs enregistrent notes et liste classée
        self.valeur, self.facilite, self.etiquette, self.libelle = valeur, facilite, etiquette, libelle
        self.poids_valeur, self.seuil, self.source, self.alt = poids_valeur, seuil, source, alt
        classer(self.table, valeur=valeur, facilite=facilite, libelle=libelle)  # vérifie les notes tôt
        self._reprendre_les_notes()

    NOTES = "notes-des-curseurs.csv"
    CLASSEMENT = "inventaire-classe.csv"

    def _reprendre_les_notes(self) -> None:
        """Les notes déjà changées par les curseurs (une autre fois) l’emportent : « Tout exécuter » ne les perd pas."""
        if not self.dossier or not (self.dossier / self.NOTES).is_file():
            return
        notes = pd.read_csv(self.dossier / self.NOTES, dtype={self.etiquette: str})
        for _, n in notes.iterrows():
            lignes = self.table[self.etiquette].astype(str) == str(n[self.etiquette])
            if lignes.any() and NOTE_MIN <= n["valeur"] <= NOTE_MAX and NOTE_MIN <= n["facilite"] <= NOTE_MAX:
                self.table.loc[lignes, self.valeur] = n["valeur"]
                self.table.loc[lignes, self.facilite] = n["facilite"]
        if "poids_valeur" in notes and len(notes) and 0 <= notes["poids_valeur"].iloc[0] <= 1:
            self.poids_valeur = float(notes["poids_valeur"].iloc[0])

    def enregistrer(self) -> None:
        """Écrit les notes et la liste classée dans ``dossier`` (lue ensuite par le notebook du plan d’action)."""
        if not self.dossier:
            return
        self.dossier.mkdir(parents=True, exist_ok=True)
        notes = self.table[[self.etiquette, self.valeur, self.facilite]].rename(
            columns={self.valeur: "valeur", self.facilite: "facilite"}).assign(poids_valeur=self.poids_valeur)
        notes.to_csv(self.dossier / self.NOTES, index=False, encoding="utf-8")
        self.classement().to_csv(self.dossier / self.CLASSEMENT, index=False, encoding="utf-8")

    def classement(self) -> pd.DataFrame:
        return classer(self.table, valeur=self.valeur, facilite=self.facilite, libelle=self.libelle,
                       poids_valeur=self.poids_valeur, seuil=self.seuil)

    def _alt(self, classement: pd.DataFrame) -> str:
        if self.alt:
            return self.alt
        premiers = classement[classement["quadrant"] == QUADRANTS["publier"]][self.etiquette].tolist()
        texte = ", ".join(map(str, premiers)) if premiers else "aucun"
        return (f"Nuage de {len(classement)} jeux de données placés selon leur facilité de publication "
                f"(abscisse) et leur valeur (ordonnée), en quatre quadrants ; à publier en premier : {texte}.")

    def figure(self):
        classement = self.classement()
        fig = figure_matrice(self.table, valeur=self.valeur, facilite=self.facilite,
                             etiquette=self.etiquette, seuil=self.seuil)
        return afficher(fig, alt=self._alt(classement), source=self.source)

    def html(self) -> str:
        classement = self.classement()
        return self.figure().html() + _tableau_html(classement, self.etiquette, self.libelle,
                                                    self.valeur, self.facilite)

    def widget(self):
        import ipywidgets as w
        from IPython.display import HTML, display

        lignes, curseurs = [], []
        for i, ligne in self.table.iterrows():
            cv = w.FloatSlider(value=float(ligne[self.valeur]), min=NOTE_MIN, max=NOTE_MAX, step=0.5, description="Valeur",
                             continuous_update=False, layout=w.Layout(width="230px"))
            cf = w.FloatSlider(value=float(ligne[self.facilite]), min=NOTE_MIN, max=NOTE_MAX, step=0.5, description="Facilité",
                             continuous_update=False, layout=w.Layout(width="230px"))
            nom = w.HTML(f"<b>{html.escape(str(ligne[self.etiquette]))}</b> "
                         f"{html.escape(str(ligne[self.libelle]))}", layout=w.Layout(width="340px"))
            curseurs.append((i, cv, cf))
            lignes.append(w.HBox([nom, cv, cf]))
        poids = w.FloatSlider(value=self.poids_valeur, min=0, max=1, step=0.1, description="Poids valeur",
                              continuous_update=False, readout_format=".1f")
        sortie = w.Output()

        def redessiner(_=None):
            for i, cv, cf in curseurs:
                self.table.loc[i, self.valeur] = cv.value
                self.table.loc[i, self.facilite] = cf.value
            self.poids_valeur = poids.value
            if _ is not None:  # un curseur a bougé : on l’écrit tout de suite
                self.enregistrer()
            sortie.clear_output(wait=True)
            with sortie:
                display(HTML(self.html()))

        for _, cv, cf in curseurs:
            cv.observe(redessiner, names="value")
            cf.observe(redessiner, names="value")
        poids.observe(redessiner, names="value")
        redessiner()
        garde = (f" Chaque changement est enregistré dans <code>{html.escape(str(self.dossier))}</code>."
                 if self.dossier else " La table <code>matrice.table</code> garde vos notes.")
        aide = w.HTML("<p>Déplacez les curseurs\u202f: la matrice et la liste classée se mettent à jour." + garde + "</p>")
        return w.VBox([aide, w.VBox(lignes), poids, sortie])

    def _repr_mimebundle_(self, include=None, exclude=None):
        paquet = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        paquet["text/html"] = self.html()
        paquet["text/plain"] = f"Matrice de priorisation : {len(self.table)} jeux de données"
        return paquet


def matrice(table: pd.DataFrame, **options) -> MatricePriorisation:
    """La matrice de priorisation affichable (widget dans JupyterLab, version statique dans le livre).

    Exemple : ``matrice(exemple_inventaire(), source="Inventaire fictif du cours")``.
    """
    return MatricePriorisation(table, **options)


#: Les huit dimensions de la méthode d'évaluation de la préparation à l'open data (Banque mondiale, ODRA 3.1).
DIMENSIONS_ODRA = [
    "Engagement des dirigeants",
    "Cadre politique et juridique",
    "Structures, responsabilités et capacités",
    "Gestion des données et disponibilité",
    "Demande de données",
    "Engagement civique et capacités",
    "Financement",
    "Infrastructure technologique et compétences",
]


def plan_action_markdown(reponses: dict, priorites: pd.DataFrame | None = None, *, nombre: int = 3,
                         auto_evaluation: dict | None = None, le: date | None = None) -> str:
    """Le plan d’action d’une page, en Markdown, à partir des réponses du lecteur.

    ``reponses`` contient les clés ``organisme``, ``responsable``, ``mandat``, ``ressources``,
    ``calendrier`` (liste de couples (échéance, action)), ``indicateurs`` (liste), ``utilisateurs``
    (liste) et ``risques`` (liste). ``priorites`` est une liste classée (sortie de ``classer``) : ses
    ``nombre`` premières lignes deviennent les premiers jeux à publier. Les clés manquantes sont
    signalées par une erreur claire plutôt que laissées vides. ``auto_evaluation`` (facultatif) associe
    à chaque dimension de ``DIMENSIONS_ODRA`` une note de 0 à 3 ; les dimensions notées 0 ou 1 sont
    signalées comme chantiers prioritaires.
    """
    obligatoires = ["organisme", "responsable", "mandat", "ressources", "calendrier", "indicateurs",
                    "utilisateurs", "risques"]
    manquantes = [c for c in obligatoires if not reponses.get(c)]
    if manquantes:
        raise ValueError("Réponses incomplètes : remplissez " + ", ".join(f"« {c} »" for c in manquantes) + ".")
    le = le or date.today()
    lignes = [f"# Plan d’action open data — {reponses['organisme']}", "",
              f"*Version du {le.strftime('%d/%m/%Y')}.*", "",
              "## 1. Décisions de la direction", "",
              f"- **Mandat** : {reponses['mandat']}",
              f"- **Responsable open data** : {reponses['responsable']}",
              f"- **Moyens** : {reponses['ressources']}", "",
              "## 2. Premiers jeux de données à publier", ""]
    if priorites is not None and len(priorites):
        for _, l in priorites.head(nombre).iterrows():
            lignes.append(f"{int(l['rang'])}. **{l['titre']}** ({l['identifiant']}) — {l['quadrant']}, "
                          f"score {str(l['score']).replace('.', ',')}")
    else:
        lignes.append("Aucune priorité fournie : faites d’abord l’inventaire et la matrice.")
    lignes += ["", "## 3. Calendrier", "", "| Échéance | Action |", "|---|---|"]
    lignes += [f"| {echeance} | {action} |" for echeance, action in reponses["calendrier"]]
    lignes += ["", "## 4. Dialogue avec les utilisateurs", ""]
    lignes += [f"- {u}" for u in reponses["utilisateurs"]]
    lignes += ["", "## 5. Indicateurs de suivi", ""]
    lignes += [f"- {i}" for i in reponses["indicateurs"]]
    lignes += ["", "## 6. Risques et parades", ""]
    lignes += [f"- {r}" for r in reponses["risques"]]
    if auto_evaluation:
        inconnues = [d for d in auto_evaluation if d not in DIMENSIONS_ODRA]
        if inconnues:
            raise ValueError("Dimensions inconnues : " + ", ".join(inconnues) + ". Utilisez DIMENSIONS_ODRA.")
        for d, note in auto_evaluation.items():
            if note not in (0, 1, 2, 3):
                raise ValueError(f"La note de « {d} » doit valoir 0, 1, 2 ou 3 (reçu : {note!r}).")
        faibles = [d for d in DIMENSIONS_ODRA if auto_evaluation.get(d, 3) <= 1]
        lignes += ["", "## 7. Auto-évaluation (grille de la Banque mondiale, notes de 0 à 3)", "",
                   "| Dimension | Note |", "|---|---|"]
        lignes += [f"| {d} | {auto_evaluation[d]} |" for d in DIMENSIONS_ODRA if d in auto_evaluation]
        lignes += ["", "**Chantiers prioritaires** : " + (", ".join(faibles) if faibles else "aucune dimension notée 0 ou 1") + "."]
    return "\n".join(lignes) + "\n"
