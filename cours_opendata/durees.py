"""Le temps qu'une page demande, calculé depuis sa source : une seule règle pour les pages, les parties et
les créneaux des ateliers.

- lecture : les mots de la page (texte et titres, sans le code ni les directives de quiz) à
  ``MOTS_PAR_MINUTE`` ;
- quiz : ``MINUTES_PAR_QUESTION`` par question affichée en fin de section (lire, répondre, lire le retour) ;
- tests : ``MINUTES_PAR_QUESTION`` par question du formulaire ;
- exercices de synthèse : ``MINUTES_PAR_EXERCICE`` par exercice ;
- notebook : ``MINUTES_PAR_CELLULE`` par cellule de code (l'exécuter, lire son résultat), plus le temps de
  calcul mesuré à la construction quand il est connu.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

#: Vitesse de lecture d'un texte documentaire à l'écran (valeur par défaut de MyST, courante en édition).
MOTS_PAR_MINUTE = 200
MINUTES_PAR_QUESTION = 1.0
MINUTES_PAR_CELLULE = 1.0
#: Un exercice de synthèse : lire la situation, rédiger sa réponse, la comparer à la solution.
MINUTES_PAR_EXERCICE = 10.0

_ENTETE = re.compile(r"\A---\n.*?\n---\n", re.S)
_BLOC = re.compile(r"^(`{3,}|:{3,})\s*\{?([\w-]+)\}?[^\n]*\n.*?^\1\s*$", re.S | re.M)
_QUIZ = re.compile(r"^```\{quiz\}[ \t]+(\S+)(?:[ \t]+(\S+))?", re.M)
_EVALUATION = re.compile(r"^```\{evaluation\}[ \t]+(\S+)", re.M)
_EXERCICE = re.compile(r"^(`{3,}|:{3,})\{exercise\}", re.M)
_ROLE = re.compile(r"\{[\w-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")
_MOT = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?|\d+(?:[.,]\d+)?")
#: Blocs dont le contenu est du texte à lire (le reste, code et directives techniques, ne compte pas).
_BLOCS_LUS = {"note", "tip", "important", "warning", "admonition", "exercise", "solution", "dropdown", "seealso",
              "attention", "caution", "hint", "epigraph", "glossary", "figure", "table", "list-table"}


@dataclass(frozen=True)
class Duree:
    mots: int
    questions: int = 0
    cellules: int = 0
    exercices: int = 0
    calcul_s: float = 0.0

    @property
    def lecture(self) -> float:
        return self.mots / MOTS_PAR_MINUTE

    @property
    def minutes(self) -> int:
        """Minutes entières, arrondies au-dessus : une page n'est jamais annoncée plus courte qu'elle n'est."""
        total = (self.lecture + self.questions * MINUTES_PAR_QUESTION + self.cellules * MINUTES_PAR_CELLULE
                 + self.exercices * MINUTES_PAR_EXERCICE)
        return max(1, math.ceil(total + self.calcul_s / 60 - 1e-9))


def compter_mots(texte: str) -> int:
    """Les mots à lire d'un texte MyST : sans en-tête YAML, sans blocs de code ni directives techniques ;
    le texte affiché par un rôle ({term}`x <y>` → x) compte, sa cible non."""
    texte = _ENTETE.sub("", texte)

    def bloc(m: re.Match) -> str:
        if m.group(2) not in _BLOCS_LUS:
            return ""
        lignes = m.group(0).splitlines()[1:-1]  # sans les lignes de clôture ni leurs options
        return "\n".join(ligne for ligne in lignes if not ligne.startswith(":"))

    texte = _BLOC.sub(bloc, texte)
    texte = _ROLE.sub(r"\1", texte)
    texte = re.sub(r"<[^>]+>", " ", texte)  # balises HTML
    texte = re.sub(r"\]\([^)]*\)", "]", texte)  # adresses des liens
    return len(_MOT.findall(texte))


def _questions(texte: str, dossier_livre: Path | None) -> int:
    from . import quiz

    total = 0
    for partie, section in _QUIZ.findall(texte):
        total += len(quiz.questions_de(partie, section or None, dossier_livre))
    if _EVALUATION.search(texte):
        evaluations = quiz.charger_evaluations(dossier_livre)
        total += sum(len(evaluations[cle].questions) for cle in _EVALUATION.findall(texte) if cle in evaluations)
    return total


def duree_de_la_source(source: Path, dossier_livre: Path | None = None, calcul_s: float = 0.0) -> Duree:
    """La durée d'une page du livre (``.md``) ou d'un notebook (``.ipynb``)."""
    source = Path(source)
    if source.suffix == ".ipynb":
        cellules = json.loads(source.read_text(encoding="utf-8"))["cells"]
        texte = "\n\n".join("".join(c["source"]) for c in cellules if c["cell_type"] == "markdown")
        code = sum(1 for c in cellules if c["cell_type"] == "code")
        return Duree(compter_mots(texte), _questions(texte, dossier_livre), code, len(_EXERCICE.findall(texte)), calcul_s)
    texte = source.read_text(encoding="utf-8")
    return Duree(compter_mots(texte), _questions(texte, dossier_livre), 0, len(_EXERCICE.findall(texte)), calcul_s)


def en_clair(minutes: float, langue: str | None = None) -> str:
    """« 45 min », « 1 h », « 1 h 05 » (espaces insécables), ou leur forme dans ``langue``."""
    from .locales import traduire

    minutes = int(math.ceil(minutes - 1e-9))
    heures, reste = divmod(minutes, 60)
    if not heures:
        return traduire("{minutes}\u00a0min", langue).format(minutes=reste)
    if not reste:
        return traduire("{heures}\u00a0h", langue).format(heures=heures)
    return traduire("{heures}\u00a0h\u00a0{minutes}", langue).format(heures=heures, minutes=f"{reste:02d}")


__all__ = ["MINUTES_PAR_CELLULE", "MINUTES_PAR_EXERCICE", "MINUTES_PAR_QUESTION", "MOTS_PAR_MINUTE", "Duree", "compter_mots",
           "duree_de_la_source", "en_clair"]
