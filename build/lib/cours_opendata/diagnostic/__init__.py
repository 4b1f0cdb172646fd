"""Votre propre fichier : le diagnostiquer, le nettoyer, le décrire et le préparer pour la publication.

Trois façons de s’en servir, une seule mise en œuvre :

- en ligne de commande : ``python -m cours_opendata.diagnostic CHEMIN [--sortie DOSSIER]`` ;
- en Python ou dans un notebook : ``diagnostiquer("mon_fichier.csv")``, dont le résultat s’affiche en rapport ;
- le notebook « Votre propre fichier », avec un bouton pour déposer le fichier.

Le fichier d’origine n’est jamais modifié. Le dossier de sortie reçoit ``rapport.html``,
``diagnostic.json``, ``nettoye.csv``, ``datapackage.json`` et ``metadonnees.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analyse import GRAVITES, Analyse, Constat, analyser, constats_des_colonnes
from .lecture import LIMITE_MO, NOMS_DES_SEPARATEURS, FichierRefuse, Lecture, lire

FICHIERS_PRODUITS = ("rapport.html", "diagnostic.json", "nettoye.csv", "datapackage.json", "metadonnees.json")


@dataclass
class Diagnostic:
    lecture: Lecture
    analyse: Analyse
    constats: list[Constat]
    garder: tuple[str, ...] = ()
    dossier: Path | None = None  # où les fichiers ont été écrits
    validation: tuple[bool, str] | None = None  # verdict de frictionless sur le fichier nettoyé
    lignes_nettoyees: int | None = None

    @property
    def colonnes_personnelles(self) -> list[str]:
        return [c.nom for c in self.analyse.colonnes if c.personnelle]

    @property
    def colonnes_retirees(self) -> list[str]:
        return [n for n in self.colonnes_personnelles if n not in self.garder]

    @property
    def lignes(self) -> int:
        return len(self.lecture.table)

    def resume(self) -> dict:
        """Le résumé machine (``diagnostic.json``)."""
        from .ecriture import resume

        return resume(self)

    def rapport_html(self, complet: bool = False) -> str:
        from .ecriture import rapport_html

        return rapport_html(self, complet=complet)

    def _repr_html_(self) -> str:  # affichage dans un notebook
        return self.rapport_html()

    def ecrire(self, dossier: Path | str) -> Path:
        from .ecriture import ecrire

        self.dossier = ecrire(self, Path(dossier))
        return self.dossier


def constats_de_lecture(lecture: Lecture) -> list[Constat]:
    constats = []
    if lecture.encodage and lecture.encodage not in ("utf-8", "utf-8-sig"):
        nom = {"cp1252": "Windows-1252 (Latin-1)"}.get(lecture.encodage, lecture.encodage)
        constats.append(Constat("important", f"Encodage {nom}, pas UTF-8",
                                f"Le fichier est encodé en {nom} ({lecture.encodage_detecte_par}). Ouvert comme de "
                                "l’UTF-8, ses lettres accentuées et ses textes en arabe deviennent illisibles.",
                                "Le fichier nettoyé est en UTF-8. Exportez désormais en « CSV UTF-8 » depuis "
                                "votre tableur."))
    if lecture.lignes_de_titre:
        constats.append(Constat("important", f"{len(lecture.lignes_de_titre)} ligne(s) au-dessus de l’en-tête",
                                "L’en-tête est à la ligne " + str(lecture.ligne_entete) + " ; au-dessus : "
                                + " | ".join(lecture.lignes_de_titre[:3]) + ".",
                                "Un fichier publié commence par sa ligne d’en-tête. Le titre va dans les "
                                "métadonnées (il y est repris)."))
    if lecture.notes:
        constats.append(Constat("important", f"{len(lecture.notes)} ligne(s) de notes sous les données",
                                "Sous le tableau : " + " | ".join(lecture.notes[:3]) + ".",
                                "Retirées du fichier nettoyé ; la source et les notes vont dans les métadonnées "
                                "(elles y sont reprises)."))
    if lecture.lignes_ignorees:
        constats.append(Constat("important", f"{lecture.lignes_ignorees} ligne(s) mal formées",
                                "Ces lignes ont plus de champs que l’en-tête (un séparateur dans un texte non "
                                "protégé par des guillemets).", "Elles ne sont pas dans le fichier nettoyé : "
                                "corrigez-les dans le fichier d’origine, puis relancez le diagnostic."))
    if lecture.separateur and lecture.separateur != ",":
        constats.append(Constat("information", f"Séparateur : {NOMS_DES_SEPARATEURS[lecture.separateur]}",
                                "Courant dans les exports d’un tableur réglé en français.",
                                "Le fichier nettoyé utilise la virgule, le séparateur du format CSV standard."))
    return constats


def diagnostiquer(chemin: Path | str, sortie: Path | str | None = None, *, garder=(), feuille: str | None = None
                  ) -> Diagnostic:
    """Diagnostique ``chemin`` (CSV, .xlsx ou .ods) ; écrit les cinq fichiers dans ``sortie`` si elle est donnée.

    ``garder`` : colonnes signalées comme personnelles que vous avez vérifiées et voulez garder.
    Lève ``FichierRefuse`` (message en français) si le fichier ne peut pas être lu.
    """
    lecture = lire(chemin, feuille)
    inconnues = [g for g in garder if g not in lecture.table.columns]
    if inconnues:
        raise FichierRefuse("Colonne(s) à garder introuvable(s) : " + ", ".join(f"«\u202f{g}\u202f»" for g in inconnues)
                            + ". Colonnes du fichier : " + ", ".join(lecture.table.columns) + ".")
    analyse = analyser(lecture.table, lecture.separateur, lecture.ligne_entete + 1)
    constats = constats_de_lecture(lecture) + constats_des_colonnes(analyse, len(lecture.table))
    constats.sort(key=Constat.ordre)
    diagnostic = Diagnostic(lecture, analyse, constats, tuple(garder))
    if sortie is not None:
        diagnostic.ecrire(sortie)
    return diagnostic


__all__ = ["FICHIERS_PRODUITS", "GRAVITES", "LIMITE_MO", "Diagnostic", "FichierRefuse", "diagnostiquer"]
