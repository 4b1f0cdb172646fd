"""Moteur de quiz du cours : une banque de questions (YAML), deux rendus.

- Livre statique : la directive ``{quiz} partie-1 licences`` rend le HTML à la construction
  (``rendu``), animé par ``static/quiz.js``, sans noyau ni réseau.
- Noyau JupyterLab / Binder : ``quiz("partie-1", "licences")`` affiche la vue ipywidgets
  (``widgets``) et porte le même HTML statique.

Modules : ``banque`` (schéma, objectifs, lecture, messages), ``evaluation`` (prétest, post-test, tests finaux),
``correction``, ``rendu``, ``widgets`` ; ``static/quiz.js`` (quiz des sections) et ``static/evaluation.js``
(tests, attestation et bilan).
"""

from __future__ import annotations

from pathlib import Path

from .banque import (
    TYPES,
    Banque,
    BanqueInvalide,
    Option,
    Question,
    banque_de,
    charger_banque,
    dossier_livre,
    fichier_banque,
    fichiers_banques,
    questions_de,
    toutes_les_banques,
)
from .correction import ReponseInvalide, bonne_reponse_texte, lire_nombre, verifier
from .evaluation import (
    FORMES,
    Evaluation,
    EvaluationInvalide,
    charger_evaluations,
    evaluations_du_livre,
    fichier_evaluations,
)
from .rendu import evaluation_html, md_vers_html, md_vers_texte, objectifs_html, progression_html, quiz_html

STATIQUE = Path(__file__).parent / "static"


class Quiz:
    """Un ensemble de questions : vue ipywidgets dans un noyau, HTML statique dans le livre."""

    def __init__(self, partie: str, questions: list[Question]):
        self.partie = partie
        self.questions = questions

    def html(self) -> str:
        return quiz_html(self.partie, self.questions)

    def widget(self):
        from .widgets import vue_quiz

        return vue_quiz(self.questions)

    def _repr_mimebundle_(self, include=None, exclude=None):
        paquet = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        paquet["text/html"] = self.html()
        paquet["text/plain"] = f"Quiz {self.partie} : {len(self.questions)} question(s)"
        return paquet


def quiz(partie: str, section: str | None = None, dossier: Path | None = None) -> Quiz:
    """Les questions de ``book/<partie>/quiz.yml`` (toutes, ou celles d'une section)."""
    return Quiz(partie, questions_de(partie, section, dossier))


class Progression:
    """Le bilan « Ma progression » : lit la progression du navigateur (rien n'est envoyé)."""

    def __init__(self, dossier: Path | None = None):
        self.banques = toutes_les_banques(dossier)

    def html(self) -> str:
        return progression_html(self.banques)

    def _repr_html_(self) -> str:
        return self.html()


def progression(dossier: Path | None = None) -> Progression:
    return Progression(dossier)


__all__ = [
    "FORMES", "STATIQUE", "TYPES", "Banque", "BanqueInvalide", "Evaluation", "EvaluationInvalide", "Option",
    "Progression", "Question", "Quiz", "ReponseInvalide", "banque_de", "bonne_reponse_texte", "charger_banque",
    "charger_evaluations", "dossier_livre", "evaluation_html", "evaluations_du_livre", "fichier_banque",
    "fichier_evaluations", "fichiers_banques", "lire_nombre", "md_vers_html", "md_vers_texte", "objectifs_html",
    "progression", "progression_html", "questions_de", "quiz", "quiz_html", "toutes_les_banques", "verifier",
]
