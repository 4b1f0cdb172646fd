"""La vue ipywidgets des quiz (noyau JupyterLab, Binder, salle) : les réponses sont corrigées en Python."""

from __future__ import annotations

from ..parcours import PARCOURS
from .banque import Question
from .correction import ReponseInvalide, verifier
from .rendu import md_vers_html, md_vers_texte


def vue_question(q: Question, numero: int):
    import ipywidgets as w

    enonce = w.HTML(f"<p><strong>Question {numero}</strong> — {PARCOURS[q.parcours].court} — "
                    f"{md_vers_html(q.enonce)}</p>")
    if q.type == "choix-unique":
        saisie = w.RadioButtons(options=[(md_vers_texte(o.texte), i) for i, o in enumerate(q.options)],
                                value=None, layout=w.Layout(width="auto"))

        def lire():
            return saisie.value
    elif q.type == "choix-multiple":
        cases = [w.Checkbox(description=md_vers_texte(o.texte), value=False, indent=False) for o in q.options]
        saisie = w.VBox(cases)

        def lire():
            return {i for i, c in enumerate(cases) if c.value}
    elif q.type == "vrai-faux":
        saisie = w.RadioButtons(options=[("Vrai", True), ("Faux", False)], value=None)

        def lire():
            return saisie.value
    else:
        saisie = w.Text(placeholder="Votre réponse" + (f" ({q.unite})" if q.unite else ""))

        def lire():
            return saisie.value
    bouton = w.Button(description="Valider ma réponse", button_style="primary")
    retour = w.HTML()

    def valider(_):
        reponse = lire()
        if reponse is None or reponse == set() or reponse == "":
            retour.value = "<p>Choisissez ou saisissez une réponse avant de valider.</p>"
            return
        try:
            juste, retours = verifier(q, reponse)
        except ReponseInvalide as exc:
            retour.value = f"<p>{md_vers_html(str(exc))}</p>"
            return
        verdict = "✅ Bonne réponse." if juste else "❌ Pas tout à fait."
        details = "".join(f"<li>{md_vers_html(r)}</li>" for r in retours)
        retour.value = (f"<p><strong>{verdict}</strong></p><ul>{details}</ul>"
                        f"<p>{md_vers_html(q.explication)}</p>")

    bouton.on_click(valider)
    return w.VBox([enonce, saisie, bouton, retour], layout=w.Layout(margin="0 0 1em 0"))


def vue_quiz(questions: list[Question]):
    import ipywidgets as w

    return w.VBox([vue_question(q, n) for n, q in enumerate(questions, 1)])
