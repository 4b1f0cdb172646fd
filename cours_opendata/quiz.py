"""Moteur de quiz du cours : une banque de questions (YAML), deux rendus.

- Noyau JupyterLab / Binder : une vue ipywidgets, les réponses sont vérifiées en Python.
- Livre statique : du HTML (balisage seul) animé par ``static/quiz.js``, sans noyau ni réseau.

Usage dans une page : ``quiz("partie-1", "licences")``. Les banques sont validées par un schéma
(pydantic) ; une banque mal formée arrête la construction avec un message en français qui nomme le
fichier, la question et le champ.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import RACINE

DOSSIER_LIVRE = RACINE / "book"


def dossier_livre() -> Path:
    """Le dossier ``book/`` du livre en cours : on remonte depuis le dossier courant (les notebooks
    s'exécutent dans leur dossier) jusqu'à trouver ``_config.yml`` ; sinon celui du dépôt."""
    for dossier in (Path.cwd(), *Path.cwd().parents):
        if (dossier / "_config.yml").is_file() and (dossier / "book").is_dir():
            return dossier / "book"
    return DOSSIER_LIVRE
PARCOURS = {"décideurs": "Décideurs", "opérationnels": "Opérationnels", "tous": "Tous publics"}
TYPES = {
    "choix-unique": "Choix unique",
    "choix-multiple": "Plusieurs réponses possibles",
    "vrai-faux": "Vrai ou faux",
    "numerique": "Réponse chiffrée",
}


class BanqueInvalide(Exception):
    """Banque de questions mal formée : le message nomme le fichier, la question et le champ."""


# --------------------------------------------------------------------------- schéma

class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texte: str = Field(min_length=1)
    correcte: bool = False
    retour: str = Field(min_length=1)


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    section: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    type: Literal["choix-unique", "choix-multiple", "vrai-faux", "numerique"]
    parcours: Literal["décideurs", "opérationnels", "tous"]
    enonce: str = Field(min_length=1)
    explication: str = Field(min_length=1)
    source: str | None = None
    options: list[Option] | None = None
    reponse: bool | float | None = None
    tolerance: float = Field(default=0, ge=0)
    unite: str | None = None
    retour_vrai: str | None = None
    retour_faux: str | None = None
    retour_correct: str | None = None
    retour_incorrect: str | None = None

    @model_validator(mode="after")
    def _coherence(self):
        if self.type in {"choix-unique", "choix-multiple"}:
            if not self.options or len(self.options) < 2:
                raise ValueError("champ « options » : il faut au moins deux options")
            bonnes = sum(o.correcte for o in self.options)
            if bonnes == 0:
                raise ValueError("champ « options » : aucune option n'est marquée « correcte: true »")
            if self.type == "choix-unique" and bonnes != 1:
                raise ValueError(f"champ « options » : un choix unique a exactement une bonne réponse ({bonnes} marquées)")
            textes = [o.texte for o in self.options]
            if len(set(textes)) != len(textes):
                raise ValueError("champ « options » : deux options ont le même texte")
        elif self.type == "vrai-faux":
            if not isinstance(self.reponse, bool):
                raise ValueError("champ « reponse » : une question vrai-faux attend true ou false")
            for champ in ("retour_vrai", "retour_faux"):
                if not getattr(self, champ):
                    raise ValueError(f"champ « {champ} » : le retour de cette réponse manque")
        elif self.type == "numerique":
            if isinstance(self.reponse, bool) or self.reponse is None:
                raise ValueError("champ « reponse » : une question numérique attend un nombre")
            for champ in ("retour_correct", "retour_incorrect"):
                if not getattr(self, champ):
                    raise ValueError(f"champ « {champ} » : le retour de cette réponse manque")
        if self.type != "numerique" and self.type not in {"choix-unique", "choix-multiple"} and self.options:
            raise ValueError("champ « options » : inutile pour ce type de question")
        return self


class Banque(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partie: str
    titre: str
    questions: list[Question] = Field(min_length=1)


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (faute de frappe ?)",
    "literal_error": "valeur non autorisée",
    "string_pattern_mismatch": "format invalide (minuscules, chiffres et tirets seulement)",
    "string_too_short": "texte vide",
    "bool_type": "true ou false attendu",
    "bool_parsing": "true ou false attendu",
    "float_parsing": "nombre attendu",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "too_short": "liste trop courte",
    "greater_than_equal": "valeur négative interdite",
}


def _message_francais(fichier: Path, donnees: dict, erreur: ValidationError) -> str:
    lignes = []
    for e in erreur.errors():
        loc = list(e["loc"])
        qid = "(banque)"
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            try:
                qid = donnees["questions"][loc[1]].get("id") or f"n° {loc[1] + 1} (sans id)"
            except (AttributeError, IndexError, KeyError, TypeError):
                qid = f"n° {loc[1] + 1}"
            loc = loc[2:]
        champ = ".".join(str(x) for x in loc if x not in {"bool", "float"}) or "question"
        if e["type"] == "value_error":
            texte = str(e["msg"]).removeprefix("Value error, ")
        else:
            texte = f"champ « {champ} » : {_MESSAGES.get(e['type'], 'valeur invalide')}"
            if e["type"] == "literal_error":
                texte += f" ({e['msg'].removeprefix('Input should be ')})"
        lignes.append(f"  - question « {qid} », {texte}")
    return f"Banque de questions invalide : {fichier}\n" + "\n".join(dict.fromkeys(lignes))


def charger_banque(fichier: Path | str) -> Banque:
    """Lit et valide une banque ; lève ``BanqueInvalide`` avec un message en français."""
    fichier = Path(fichier)
    try:
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BanqueInvalide(f"Banque de questions introuvable : {fichier}. Que faire : créez le fichier "
                             "ou corrigez le nom de la partie passé à quiz().") from None
    except yaml.YAMLError as exc:
        pos = getattr(exc, "problem_mark", None)
        ou = f" (ligne {pos.line + 1}, colonne {pos.column + 1})" if pos else ""
        raise BanqueInvalide(f"Banque de questions invalide : {fichier}{ou} : YAML mal formé "
                             f"({getattr(exc, 'problem', exc)}). Que faire : vérifiez l'indentation "
                             "et les guillemets à cet endroit.") from None
    if not isinstance(donnees, dict):
        raise BanqueInvalide(f"Banque de questions invalide : {fichier} : le fichier doit contenir "
                             "les clés « partie », « titre » et « questions ».")
    try:
        banque = Banque.model_validate(donnees)
    except ValidationError as exc:
        raise BanqueInvalide(_message_francais(fichier, donnees, exc)) from None
    vus: set[str] = set()
    for q in banque.questions:
        if q.id in vus:
            raise BanqueInvalide(f"Banque de questions invalide : {fichier}\n  - question « {q.id} », "
                                 "champ « id » : identifiant en double (chaque id doit être unique)")
        vus.add(q.id)
    return banque


def fichiers_banques(dossier: Path = DOSSIER_LIVRE) -> list[Path]:
    return sorted(Path(dossier).glob("**/quiz.yml"))


def toutes_les_banques(dossier: Path = DOSSIER_LIVRE) -> list[Banque]:
    """Toutes les banques du livre ; vérifie aussi l'unicité des id entre banques."""
    banques, vus = [], {}
    for fichier in fichiers_banques(dossier):
        banque = charger_banque(fichier)
        for q in banque.questions:
            if q.id in vus:
                raise BanqueInvalide(f"Banque de questions invalide : {fichier}\n  - question « {q.id} », "
                                     f"champ « id » : déjà utilisé dans {vus[q.id]}")
            vus[q.id] = fichier
        banques.append(banque)
    return banques


@lru_cache(maxsize=32)
def _banque_en_cache(fichier: str, _mtime: float) -> Banque:
    return charger_banque(fichier)


def banque_de(partie: str, dossier: Path | None = None) -> Banque:
    fichier = Path(dossier or dossier_livre()) / partie / "quiz.yml"
    return _banque_en_cache(str(fichier), fichier.stat().st_mtime if fichier.exists() else 0.0)


# --------------------------------------------------------------------------- correction

def verifier(question: Question, reponse) -> tuple[bool, list[str]]:
    """Corrige une réponse ; renvoie (juste, retours à afficher).

    ``reponse`` : indice d'option (choix unique), ensemble d'indices (choix multiple), booléen
    (vrai-faux) ou nombre (numérique).
    """
    if question.type == "choix-unique":
        option = question.options[int(reponse)]
        return option.correcte, [option.retour]
    if question.type == "choix-multiple":
        choisis = sorted({int(i) for i in reponse})
        attendus = [i for i, o in enumerate(question.options) if o.correcte]
        return choisis == attendus, [question.options[i].retour for i in choisis]
    if question.type == "vrai-faux":
        juste = bool(reponse) == question.reponse
        return juste, [question.retour_vrai if reponse else question.retour_faux]
    valeur = float(str(reponse).replace(",", ".").replace("\u202f", "").replace(" ", ""))
    juste = abs(valeur - float(question.reponse)) <= question.tolerance + 1e-9
    return juste, [question.retour_correct if juste else question.retour_incorrect]


def bonne_reponse_texte(question: Question) -> str:
    if question.type in {"choix-unique", "choix-multiple"}:
        return " ; ".join(o.texte for o in question.options if o.correcte)
    if question.type == "vrai-faux":
        return "Vrai" if question.reponse else "Faux"
    nombre = f"{question.reponse:g}".replace(".", ",")
    tolerance = f" (à {question.tolerance:g} près)".replace(".", ",") if question.tolerance else ""
    return f"{nombre}{' ' + question.unite if question.unite else ''}{tolerance}"


# --------------------------------------------------------------------------- Markdown restreint

_CODE = re.compile(r"`([^`]+)`")
_GRAS = re.compile(r"\*\*(.+?)\*\*")
_ITALIQUE = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_LIEN = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_URL_SURE = re.compile(r"^(https?://|#|\.{0,2}/|[\w-]+\.html)", re.I)


def md_vers_html(texte: str) -> str:
    """Gras, italique, code et liens ; tout le reste est échappé (aucun HTML de la banque ne passe)."""
    morceaux = _CODE.split(str(texte))
    sortie = []
    for i, morceau in enumerate(morceaux):
        if i % 2:
            sortie.append(f"<code>{html.escape(morceau)}</code>")
            continue
        s = html.escape(morceau, quote=False)  # texte hors attribut : « ' » et « " » n'ont pas à être échappés
        s = _GRAS.sub(r"<strong>\1</strong>", s)
        s = _ITALIQUE.sub(r"<em>\1</em>", s)

        def lien(m):
            url = html.unescape(m.group(2))
            if not _URL_SURE.match(url):
                return m.group(0)
            return f'<a href="{html.escape(url, quote=True)}">{m.group(1)}</a>'

        sortie.append(_LIEN.sub(lien, s))
    return "".join(sortie)


def md_vers_texte(texte: str) -> str:
    """Version texte brut (étiquettes des widgets)."""
    s = _CODE.sub(r"\1", str(texte))
    s = _GRAS.sub(r"\1", s)
    s = _ITALIQUE.sub(r"\1", s)
    return _LIEN.sub(r"\1", s)


# --------------------------------------------------------------------------- rendu HTML statique

def _badge(parcours: str) -> str:
    return f'<span class="badge-parcours badge-{_slug(parcours)}">{PARCOURS[parcours]}</span>'


def _slug(texte: str) -> str:
    return texte.replace("é", "e").replace("è", "e")


def question_html(q: Question, numero: int) -> str:
    e = html.escape
    qid = e(q.id)
    attributs = f'class="quiz-question" data-quiz-id="{qid}" data-quiz-type="{q.type}"'

    lignes = [f'<form {attributs} method="dialog">', "<fieldset>",
              f'<legend><span class="quiz-numero">Question {numero}</span> {_badge(q.parcours)} '
              f'<span class="quiz-type">{TYPES[q.type]}</span>'
              f'<span class="quiz-enonce">{md_vers_html(q.enonce)}</span></legend>',
              '<div class="quiz-choix">']
    if q.type in {"choix-unique", "choix-multiple"}:
        genre = "radio" if q.type == "choix-unique" else "checkbox"
        for i, o in enumerate(q.options):
            lignes.append(
                f'<div class="quiz-option"><label><input type="{genre}" name="{qid}" value="{i}"'
                f'{" data-correcte" if o.correcte else ""}> {md_vers_html(o.texte)}</label>'
                f'<span class="quiz-retour-option" data-pour="{i}" hidden>{md_vers_html(o.retour)}</span></div>')
    elif q.type == "vrai-faux":
        for valeur, libelle, retour in (("vrai", "Vrai", q.retour_vrai), ("faux", "Faux", q.retour_faux)):
            correcte = (valeur == "vrai") == q.reponse
            lignes.append(
                f'<div class="quiz-option"><label><input type="radio" name="{qid}" value="{valeur}"'
                f'{" data-correcte" if correcte else ""}> {libelle}</label>'
                f'<span class="quiz-retour-option" data-pour="{valeur}" hidden>{md_vers_html(retour)}</span></div>')
    else:
        unite = f" {e(q.unite)}" if q.unite else ""
        lignes.append(
            f'<div class="quiz-option quiz-numerique"><label>Votre réponse '
            f'<input type="number" step="any" inputmode="decimal" name="{qid}" '
            f'data-reponse="{q.reponse:g}" data-tolerance="{q.tolerance:g}">{unite}</label>'
            f'<span class="quiz-retour-option" data-pour="correct" hidden>{md_vers_html(q.retour_correct)}</span>'
            f'<span class="quiz-retour-option" data-pour="incorrect" hidden>{md_vers_html(q.retour_incorrect)}</span>'
            "</div>")
    lignes += [
        "</div>",
        '<div class="quiz-actions"><button type="submit" class="quiz-valider">Valider ma réponse</button></div>',
        '<div class="quiz-retour" aria-live="polite" role="status"></div>',
        "</fieldset>",
        '<details class="quiz-solution"><summary>Voir la réponse et l’explication</summary>',
        f'<p><strong>Réponse :</strong> {md_vers_html(bonne_reponse_texte(q))}</p>',
        f'<p class="quiz-explication">{md_vers_html(q.explication)}</p>',
    ]
    if q.source:
        lignes.append(f'<p class="quiz-source">Source : {md_vers_html(q.source)}</p>')
    lignes += ["</details>", "</form>"]
    return "\n".join(lignes)


def quiz_html(partie: str, questions: list[Question]) -> str:
    corps = "\n".join(question_html(q, n) for n, q in enumerate(questions, 1))
    return (f'<section class="quiz" data-quiz-partie="{html.escape(partie)}" aria-label="Quiz">\n'
            '<p class="quiz-stockage" hidden>Votre navigateur refuse l’enregistrement local : les quiz '
            "fonctionnent, mais votre progression ne sera pas conservée.</p>\n"
            f"{corps}\n</section>")


# --------------------------------------------------------------------------- vue ipywidgets

def _vue_question(q: Question, numero: int):
    import ipywidgets as w

    enonce = w.HTML(f"<p><strong>Question {numero}</strong> — {PARCOURS[q.parcours]} — "
                    f"{md_vers_html(q.enonce)}</p>")
    if q.type == "choix-unique":
        saisie = w.RadioButtons(options=[(md_vers_texte(o.texte), i) for i, o in enumerate(q.options)],
                                value=None, layout=w.Layout(width="auto"))
        lire = lambda: saisie.value  # noqa: E731
    elif q.type == "choix-multiple":
        cases = [w.Checkbox(description=md_vers_texte(o.texte), value=False, indent=False) for o in q.options]
        saisie = w.VBox(cases)
        lire = lambda: {i for i, c in enumerate(cases) if c.value}  # noqa: E731
    elif q.type == "vrai-faux":
        saisie = w.RadioButtons(options=[("Vrai", True), ("Faux", False)], value=None)
        lire = lambda: saisie.value  # noqa: E731
    else:
        saisie = w.Text(placeholder="Votre réponse" + (f" ({q.unite})" if q.unite else ""))
        lire = lambda: saisie.value  # noqa: E731
    bouton = w.Button(description="Valider ma réponse", button_style="primary")
    retour = w.HTML()

    def valider(_):
        reponse = lire()
        if reponse is None or reponse == set() or reponse == "":
            retour.value = "<p>Choisissez ou saisissez une réponse avant de valider.</p>"
            return
        try:
            juste, retours = verifier(q, reponse)
        except ValueError:
            retour.value = "<p>Saisissez un nombre (par exemple 12 ou 74,4).</p>"
            return
        verdict = "✅ Bonne réponse." if juste else "❌ Pas tout à fait."
        details = "".join(f"<li>{md_vers_html(r)}</li>" for r in retours)
        retour.value = (f"<p><strong>{verdict}</strong></p><ul>{details}</ul>"
                        f"<p>{md_vers_html(q.explication)}</p>")

    bouton.on_click(valider)
    return w.VBox([enonce, saisie, bouton, retour], layout=w.Layout(margin="0 0 1em 0"))


class Quiz:
    """Un ensemble de questions : vue ipywidgets dans un noyau, HTML statique dans le livre."""

    def __init__(self, partie: str, questions: list[Question]):
        self.partie = partie
        self.questions = questions

    def html(self) -> str:
        return quiz_html(self.partie, self.questions)

    def widget(self):
        import ipywidgets as w

        return w.VBox([_vue_question(q, n) for n, q in enumerate(self.questions, 1)])

    def _repr_mimebundle_(self, include=None, exclude=None):
        paquet = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        paquet["text/html"] = self.html()
        paquet["text/plain"] = f"Quiz {self.partie} : {len(self.questions)} question(s)"
        return paquet


def quiz(partie: str, section: str | None = None, dossier: Path | None = None) -> Quiz:
    """Les questions de ``book/<partie>/quiz.yml`` (toutes, ou celles d'une section)."""
    dossier = Path(dossier or dossier_livre())
    banque = banque_de(partie, dossier)
    questions = [q for q in banque.questions if section is None or q.section == section]
    if not questions:
        sections = sorted({q.section for q in banque.questions})
        raise BanqueInvalide(f"Aucune question de section « {section} » dans {Path(dossier) / partie / 'quiz.yml'}. "
                             f"Sections existantes : {', '.join(sections)}.")
    return Quiz(partie, questions)


# --------------------------------------------------------------------------- page de progression

class Progression:
    """Page « Ma progression » : lit la progression du navigateur (rien n'est envoyé)."""

    def __init__(self, dossier: Path | None = None):
        self.banques = toutes_les_banques(dossier or dossier_livre())

    def index(self) -> dict:
        return {
            "parties": [{"partie": b.partie, "titre": b.titre} for b in self.banques],
            "questions": [{"id": q.id, "partie": b.partie, "parcours": q.parcours}
                          for b in self.banques for q in b.questions],
        }

    def html(self) -> str:
        donnees = json.dumps(self.index(), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
        return (
            '<section class="quiz-progression" aria-labelledby="progression-titre">\n'
            '<h2 id="progression-titre" class="quiz-progression-titre">Votre bilan</h2>\n'
            '<p class="quiz-stockage" hidden>Votre navigateur refuse l’enregistrement local : aucune '
            "progression ne peut être lue ni conservée.</p>\n"
            '<p class="progression-saisie"><label for="progression-nom">Votre nom (facultatif, gardé seulement dans ce navigateur) :</label> '
            '<input type="text" id="progression-nom" autocomplete="name"></p>\n'
            '<p class="progression-imprime" hidden>Bilan de : <strong class="progression-nom-imprime"></strong></p>\n'
            '<table class="progression-parties"><caption>Progression par partie</caption>\n'
            '<thead><tr><th scope="col">Partie</th><th scope="col">Questions répondues</th>'
            '<th scope="col">Bonnes réponses</th><th scope="col">Score</th></tr></thead><tbody></tbody></table>\n'
            '<table class="progression-parcours"><caption>Progression par parcours</caption>\n'
            '<thead><tr><th scope="col">Parcours</th><th scope="col">Questions répondues</th>'
            '<th scope="col">Bonnes réponses</th><th scope="col">Score</th></tr></thead><tbody></tbody></table>\n'
            '<p class="progression-total" aria-live="polite"></p>\n'
            '<p class="progression-actions"><button type="button" class="progression-imprimer">'
            "Imprimer mon bilan</button> "
            '<button type="button" class="progression-effacer">Effacer ma progression</button></p>\n'
            f'<script type="application/json" class="quiz-index">{donnees}</script>\n'
            "</section>"
        )

    def _repr_html_(self) -> str:
        return self.html()


def progression(dossier: Path | None = None) -> Progression:
    return Progression(dossier)
