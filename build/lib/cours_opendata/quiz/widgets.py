"""La vue ipywidgets des quiz (noyau JupyterLab, Binder, salle) : les réponses sont corrigées en Python.

Même aspect que dans le livre : la feuille ``quiz.css`` et les badges de parcours de ``cours.css`` sont
injectés une fois par quiz ; le texte entier de chaque option reste visible et passe à la ligne ; juste et
faux se disent en mots et en couleur (aucune émoticône, qui s’affiche en carré vide sans police adaptée).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from ..parcours import PARCOURS
from .banque import Question
from .correction import ReponseInvalide, verifier
from .rendu import md_vers_html, md_vers_texte

CLASSE = "cours-quiz"
VERDICTS = {True: "Bonne réponse.", False: "Pas tout à fait."}  # les mots de quiz.js

# ipywidgets coupe les libellés longs (une ligne, points de suspension) : on les laisse passer à la ligne.
_CSS_WIDGETS = f"""
.{CLASSE} .widget-radio-box label, .{CLASSE} .widget-checkbox label, .{CLASSE} .widget-checkbox .widget-label-basic {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important;
  line-height: 1.45; align-items: flex-start; }}
.{CLASSE} .widget-checkbox, .{CLASSE} .widget-radio, .{CLASSE} .widget-radio-box {{ height: auto !important;
  width: 100% !important; max-width: 60em; }}
.{CLASSE} .widget-radio-box label {{ margin: .3em 0; display: flex; gap: .5em; }}
.{CLASSE} .widget-radio-box input, .{CLASSE} .widget-checkbox input {{ flex: none; margin-top: .25em; }}
.{CLASSE} .widget-checkbox {{ margin: .3em 0; }}
.{CLASSE} .quiz-question {{ max-width: 60em; }}
.{CLASSE} button.mod-primary {{ background: #1a3d8f; }}
"""


@lru_cache(maxsize=1)
def feuille_de_style() -> str:
    """Les styles du livre pour les quiz (fichiers du paquet) et les réglages propres aux widgets."""
    quiz_css = (Path(__file__).parent / "static" / "quiz.css").read_text(encoding="utf-8")
    cours_css = (Path(__file__).parent.parent / "static" / "cours.css").read_text(encoding="utf-8")
    badges = "\n".join(re.findall(r"^\.badge-[^{]+\{[^}]*\}", cours_css, re.M))
    # La feuille du livre suppose la page entière : on la limite au bloc du quiz.
    return f"<style>{badges}\n{quiz_css}\n{_CSS_WIDGETS}</style>"


def _badge(q: Question) -> str:
    p = PARCOURS[q.parcours]
    return f'<span class="badge-parcours badge-{p.classe}" title="{html.escape(p.libelle)}">{html.escape(p.court)}</span>'


def vue_question(q: Question, numero: int):
    import ipywidgets as w

    enonce = w.HTML(f'<p><span class="quiz-numero">Question {numero}</span> {_badge(q)}'
                    f'<span class="quiz-enonce">{md_vers_html(q.enonce)}</span></p>')
    if q.type == "choix-unique":
        saisie = w.RadioButtons(options=[(md_vers_texte(o.texte), i) for i, o in enumerate(q.options)],
                                value=None, layout=w.Layout(width="100%"))

        def lire():
            return saisie.value
    elif q.type == "choix-multiple":
        cases = [w.Checkbox(description=md_vers_texte(o.texte), value=False, indent=False,
                            layout=w.Layout(width="100%"), style={"description_width": "initial"})
                 for o in q.options]
        saisie = w.VBox(cases, layout=w.Layout(width="100%"))

        def lire():
            return {i for i, c in enumerate(cases) if c.value}
    elif q.type == "vrai-faux":
        saisie = w.RadioButtons(options=[("Vrai", True), ("Faux", False)], value=None)

        def lire():
            return saisie.value
    else:
        saisie = w.Text(placeholder="Votre réponse" + (f" ({q.unite})" if q.unite else ""),
                        description="Réponse", style={"description_width": "initial"})

        def lire():
            return saisie.value
    bouton = w.Button(description="Valider ma réponse", button_style="primary",
                      tooltip="Corriger cette question (Entrée sur le bouton)")
    retour = w.HTML()

    def valider(_):
        reponse = lire()
        if reponse is None or reponse == set() or reponse == "":
            retour.value = ('<div class="quiz-retour" role="status"><p>Choisissez ou saisissez une réponse avant '
                            "de valider.</p></div>")
            return
        try:
            juste, retours = verifier(q, reponse)
        except ReponseInvalide as exc:
            retour.value = f'<div class="quiz-retour" role="status"><p>{md_vers_html(str(exc))}</p></div>'
            return
        details = "".join(f"<li>{md_vers_html(r)}</li>" for r in retours)
        retour.value = (f'<div class="quiz-retour {"quiz-juste" if juste else "quiz-faux"}" role="status">'
                        f"<p><strong>{VERDICTS[juste]}</strong></p><ul>{details}</ul>"
                        f"<p>{md_vers_html(q.explication)}</p></div>")

    bouton.on_click(valider)
    boite = w.VBox([enonce, saisie, bouton, retour], layout=w.Layout(margin="0 0 1em 0", width="100%"))
    boite.add_class("quiz-question")
    return boite


def vue_quiz(questions: list[Question]):
    import ipywidgets as w

    vue = w.VBox([w.HTML(feuille_de_style()), *(vue_question(q, n) for n, q in enumerate(questions, 1))],
                 layout=w.Layout(width="100%"))
    vue.add_class(CLASSE)
    return vue
