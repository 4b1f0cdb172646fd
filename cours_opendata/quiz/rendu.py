"""Le rendu HTML statique des quiz et du bilan (gabarits ``cours_opendata/gabarits``).

Le même HTML sert au livre (directive ``{quiz}``) et aux notebooks (``text/html`` de ``quiz()``) :
même entrée, mêmes octets. Tout texte des banques est échappé ; seul un Markdown restreint (gras,
italique, code, liens sûrs) devient du balisage.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

from markupsafe import Markup

from .. import gabarits, parcours
from ..locales import traduire
from .banque import TYPES, Banque, Question
from .correction import bonne_reponse_texte
from .evaluation import Evaluation

_CODE = re.compile(r"`([^`]+)`")
_GRAS = re.compile(r"\*\*(.+?)\*\*")
_ITALIQUE = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_LIEN = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_URL_SURE = re.compile(r"^(https?://|#|\.{0,2}/|[\w-]+\.html)", re.I)


def md_vers_html(texte: str) -> Markup:
    """Gras, italique, code et liens ; tout le reste est échappé (aucun HTML de la banque ne passe)."""
    morceaux = _CODE.split(str(texte))
    sortie = []
    for i, morceau in enumerate(morceaux):
        if i % 2:
            sortie.append(f"<code>{html.escape(morceau)}</code>")
            continue
        s = html.escape(morceau, quote=False)  # hors attribut, « ' » et « " » n'ont pas à être échappés
        s = s.replace("'", "’")  # apostrophe typographique, comme dans les pages (le code garde la sienne)
        s = _GRAS.sub(r"<strong>\1</strong>", s)
        s = _ITALIQUE.sub(r"<em>\1</em>", s)

        def lien(m):
            url = html.unescape(m.group(2))
            if not _URL_SURE.match(url):
                return m.group(0)
            return f'<a href="{html.escape(url, quote=True)}">{m.group(1)}</a>'

        sortie.append(_LIEN.sub(lien, s))
    return Markup("".join(sortie))


def apostrophes(texte: str) -> str:
    """L'apostrophe typographique du livre (’) dans un texte affiché tel quel."""
    return str(texte).replace("'", "’")


def md_vers_texte(texte: str) -> str:
    """Version texte brut (étiquettes des widgets)."""
    s = _CODE.sub(r"\1", apostrophes(texte))
    s = _GRAS.sub(r"\1", s)
    s = _ITALIQUE.sub(r"\1", s)
    return _LIEN.sub(r"\1", s)


def _options(q: Question, langue: str | None = None) -> list[dict]:
    if q.type == "vrai-faux":
        return [{"valeur": "vrai", "texte": traduire("Vrai", langue), "correcte": q.reponse is True,
                 "retour": md_vers_html(q.retour_vrai)},
                {"valeur": "faux", "texte": traduire("Faux", langue), "correcte": q.reponse is False,
                 "retour": md_vers_html(q.retour_faux)}]
    return [{"valeur": str(i), "texte": md_vers_html(o.texte), "correcte": o.correcte, "retour": md_vers_html(o.retour)}
            for i, o in enumerate(q.options or [])]


def version(q: Question) -> str:
    """Empreinte de ce qui se répond dans une question (type, options, bonne réponse) : une réponse gardée
    dans le navigateur n'est reprise que si la question n'a pas changé depuis."""
    utile = q.model_dump(include={"type", "options", "reponse", "tolerance"})
    for o in utile.get("options") or []:
        o.pop("retour", None)
    return hashlib.sha256(json.dumps(utile, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:10]


def _contexte(q: Question, langue: str | None = None) -> dict:
    """Ce que le gabarit d'une question affiche, dans ``langue`` (les textes de la banque dans cette
    langue s'ils y sont traduits ; ``lang`` dit dans quelle langue ils sont écrits)."""
    traduite = q.traduite(langue)
    version_ = version(q)  # même empreinte dans toutes les langues : une réponse vaut pour les deux livres
    q = q.en(langue)
    return {
        "id": q.id,
        "version": version_,
        "lang": None if traduite else "fr",
        "type": q.type,
        "type_libelle": traduire(TYPES[q.type], langue),
        "parcours": parcours.traduit(q.parcours, langue),
        "enonce": md_vers_html(q.enonce),
        "genre": "checkbox" if q.type == "choix-multiple" else "radio",
        "options": _options(q, langue),
        "reponse": f"{q.reponse:g}" if q.type == "numerique" else "",
        "tolerance": f"{q.tolerance:g}",
        "unite": q.unite,
        "retours": [("correct", md_vers_html(q.retour_correct or "")),
                    ("incorrect", md_vers_html(q.retour_incorrect or ""))],
        "bonne_reponse": md_vers_html(bonne_reponse_texte(q, langue)),
        "explication": md_vers_html(q.explication),
        "source": md_vers_html(q.source) if q.source else None,
    }


def quiz_html(partie: str, questions: list[Question], langue: str | None = None) -> str:
    return gabarits.rendre("quiz.html", langue=langue, partie=partie,
                           questions=[_contexte(q, langue) for q in questions])


def titre_de(banque: Banque, langue: str | None = None) -> str:
    """Le titre d'une banque (d'une partie) dans ``langue`` s'il y est traduit."""
    traduction = getattr(banque, langue, None) if langue and langue != "fr" else None
    return apostrophes(traduction.titre if traduction else banque.titre)


def evaluation_html(evaluation: Evaluation, cours: str, langue: str | None = None) -> str:
    """Un formulaire d'évaluation : les questions groupées par partie, numérotées de 1 à n."""
    parties, numero = [], 0
    for banque, questions in evaluation.parties():
        contextes = []
        for q in questions:
            numero += 1
            contextes.append({**_contexte(q, langue), "numero": numero})
        parties.append({"partie": banque.partie, "titre": titre_de(banque, langue), "questions": contextes})
    forme = evaluation.forme
    return gabarits.rendre("evaluation.html", langue=langue, cle=evaluation.cle, titre=traduire(forme.titre, langue),
                           seuil=evaluation.seuil, parties=parties, nombre=numero, cours=cours,
                           parcours=parcours.traduit(forme.parcours, langue) if forme.parcours else None)


def reponses_pour_impression(banque: Banque) -> list[dict]:
    """Les questions d'une banque avec leur réponse et leur explication (regroupées en fin de partie, PDF)."""
    return [{"numero": i, "section": q.section, "enonce": md_vers_html(q.enonce),
             "bonne_reponse": md_vers_html(bonne_reponse_texte(q)), "explication": md_vers_html(q.explication)}
            for i, q in enumerate(banque.questions, 1)]


def objectifs_html(banque: Banque, langue: str | None = None) -> str:
    """Les objectifs d'une partie, avec le nombre de questions qui testent chacun."""
    def texte(o):
        traduction = getattr(o, langue, None) if langue and langue != "fr" else None
        return md_vers_html(traduction.texte if traduction else o.texte)

    objectifs = [{"id": o.id, "texte": texte(o), "parcours": parcours.traduit(o.parcours, langue),
                  "questions": sum(q.objectif == o.id for q in banque.questions),
                  "application": sum(q.objectif == o.id and q.niveau == "application" for q in banque.questions)}
                 for o in banque.objectifs]
    return gabarits.rendre("objectifs.html", langue=langue, partie=banque.partie, objectifs=objectifs)


def _court(texte: str, limite: int = 140) -> str:
    texte = " ".join(md_vers_texte(texte).split())
    return texte if len(texte) <= limite else texte[: limite - 1].rsplit(" ", 1)[0] + "…"


def index_de_progression(banques: list[Banque], liens: dict[str, str] | None = None,
                         evaluations: dict[str, Evaluation] | None = None, langue: str | None = None) -> dict:
    """Ce que le bilan lit : parties, questions (id, partie, parcours, énoncé court, lien vers la question),
    formulaires d'évaluation (clé, titre, seuil) et libellés des parcours."""
    liens = liens or {}
    return {
        "parties": [{"partie": b.partie, "titre": titre_de(b, langue)} for b in banques],
        "questions": [{"id": q.id, "v": version(q), "partie": b.partie, "parcours": q.parcours,
                       "enonce": _court(q.en(langue).enonce), "lien": liens.get(q.id, "")}
                      for b in banques for q in b.questions],
        "evaluations": [{"cle": e.cle, "titre": traduire(e.forme.titre, langue), "seuil": e.seuil,
                         "lien": liens.get(e.cle, "")} for e in (evaluations or {}).values()],
        "parcours": parcours.pour_le_navigateur(langue),
    }


def progression_html(banques: list[Banque], liens: dict[str, str] | None = None,
                     evaluations: dict[str, Evaluation] | None = None, langue: str | None = None) -> str:
    donnees = json.dumps(index_de_progression(banques, liens, evaluations, langue), ensure_ascii=False, sort_keys=True)
    # « </ » fermerait la balise <script> ; « & » et « < » restent valides en JSON échappé.
    donnees = donnees.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return gabarits.rendre("progression.html", langue=langue, index=Markup(donnees))


__all__ = ["evaluation_html", "index_de_progression", "md_vers_html", "md_vers_texte", "objectifs_html",
           "progression_html", "quiz_html", "reponses_pour_impression"]
