"""Objectifs des banques et formulaires d'évaluation : règles, messages en français, et le livre réel."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from cours_opendata import parcours, quiz
from cours_opendata.quiz import evaluation as ev

from .conftest import RACINE


def _question(qid: str, objectif: str, parcours_: str = "tous", niveau: str = "application") -> dict:
    return {"id": qid, "section": "s", "objectif": objectif, "niveau": niveau, "type": "vrai-faux",
            "parcours": parcours_, "enonce": f"Énoncé {qid}", "reponse": True, "retour_vrai": "Oui.",
            "retour_faux": "Non.", "explication": "Parce que."}


def _banque(partie: str, prefixe: str) -> dict:
    return {"partie": partie, "titre": f"Titre {partie}",
            "objectifs": [{"id": f"{prefixe}-obj", "parcours": "tous", "texte": "faire quelque chose"}],
            "questions": [_question(f"{prefixe}-1", f"{prefixe}-obj", "décideurs"),
                          _question(f"{prefixe}-2", f"{prefixe}-obj", "décideurs"),
                          _question(f"{prefixe}-3", f"{prefixe}-obj", "opérationnels"),
                          _question(f"{prefixe}-4", f"{prefixe}-obj", "tous", "rappel")]}


EVALUATIONS = {
    "pre-test": ["a-1", "b-1"],
    "post-test": ["a-2", "b-2"],
    "finale-decideurs": ["a-1", "a-4", "b-2"],
    "finale-operationnels": ["a-3", "b-3", "b-4"],
    "seuils": {"finale-decideurs": 70, "finale-operationnels": 70},
}


def livre(tmp_path: Path, evaluations: dict | str | None = None) -> Path:
    (tmp_path / "_config.yml").write_text("title: essai\n", encoding="utf-8")
    for partie, prefixe in (("partie-a", "a"), ("partie-b", "b")):
        dossier = tmp_path / "book" / partie
        dossier.mkdir(parents=True)
        (dossier / "quiz.yml").write_text(yaml.safe_dump(_banque(partie, prefixe), allow_unicode=True), encoding="utf-8")
    fichier = tmp_path / "book" / "evaluation" / "evaluations.yml"
    fichier.parent.mkdir()
    if evaluations is None:
        evaluations = EVALUATIONS
    fichier.write_text(evaluations if isinstance(evaluations, str) else yaml.safe_dump(evaluations), encoding="utf-8")
    return tmp_path / "book"


def test_formulaires_valides(tmp_path):
    evaluations = quiz.charger_evaluations(livre(tmp_path))
    assert set(evaluations) == set(ev.FORMES)
    assert [q.id for _, q in evaluations["pre-test"].questions] == ["a-1", "b-1"]
    assert evaluations["finale-decideurs"].seuil == 70 and evaluations["pre-test"].seuil is None
    assert [b.partie for b, _ in evaluations["post-test"].parties()] == ["partie-a", "partie-b"]


def _modifie(**changements) -> dict:
    return {**EVALUATIONS, **changements}


@pytest.mark.parametrize("evaluations, attendu", [
    (_modifie(**{"post-test": ["a-2", "b-9"]}), ["post-test", "b-9", "id inconnu"]),
    (_modifie(**{"post-test": ["a-1", "b-2"]}), ["a-1", "pre-test", "post-test", "aucune question"]),
    (_modifie(**{"pre-test": ["a-1"], "post-test": ["a-2"]}), ["pre-test", "partie-b", "aucune question de la partie"]),
    (_modifie(**{"finale-decideurs": ["a-3", "b-1"]}), ["finale-decideurs", "a-3", "opérationnels"]),
    (_modifie(**{"post-test": ["a-3", "b-2"]}), ["pas équilibrés", "décideurs 2 contre 1"]),
    (_modifie(**{"pre-test": ["a-1", "a-1", "b-1"]}), ["pre-test", "a-1", "en double"]),
    (_modifie(seuils={"finale-decideurs": "70 %", "finale-operationnels": 70}), ["seuils", "finale-decideurs", "pourcentage"]),
    (_modifie(**{"finale-test": ["a-1"]}), ["finale-test", "inconnue"]),
    ({k: v for k, v in EVALUATIONS.items() if k != "post-test"}, ["post-test", "liste d'id"]),
    ("pre-test: [a-1\n", ["YAML mal formé", "ligne"]),
])
def test_formulaire_invalide_message_francais(tmp_path, evaluations, attendu):
    dossier = livre(tmp_path, evaluations)
    with pytest.raises(quiz.EvaluationInvalide) as exc:
        quiz.charger_evaluations(dossier)
    message = str(exc.value)
    assert str(dossier / "evaluation" / "evaluations.yml") in message
    for morceau in attendu:
        assert morceau in message, message
    assert "Que faire" in message or "Évaluations invalides" in message


def test_formes_paralleles_sur_les_memes_objectifs(tmp_path):
    dossier = livre(tmp_path)
    banque = _banque("partie-b", "b")
    banque["objectifs"].append({"id": "b-obj2", "parcours": "tous", "texte": "autre chose"})
    banque["questions"] += [_question("b-5", "b-obj2", "décideurs"), _question("b-6", "b-obj2", "décideurs")]
    (dossier / "partie-b" / "quiz.yml").write_text(yaml.safe_dump(banque, allow_unicode=True), encoding="utf-8")
    (dossier / "evaluation" / "evaluations.yml").write_text(
        yaml.safe_dump(_modifie(**{"post-test": ["a-2", "b-5"]})), encoding="utf-8")
    with pytest.raises(quiz.EvaluationInvalide, match="mêmes objectifs.*b-obj"):
        quiz.charger_evaluations(dossier)


def test_fichier_des_evaluations_absent(tmp_path):
    dossier = livre(tmp_path)
    (dossier / "evaluation" / "evaluations.yml").unlink()
    with pytest.raises(quiz.EvaluationInvalide, match="introuvable"):
        quiz.charger_evaluations(dossier)


# ------------------------------------------------------------------ le livre réel

def test_banques_du_livre_objectifs_et_niveaux():
    """Chaque partie : tous ses objectifs testés (au moins 3 questions), au moins la moitié des questions en
    situation, au moins 15 questions ; 80 à 100 questions au total."""
    banques = quiz.toutes_les_banques(RACINE / "book")
    total = 0
    for b in banques:
        if not b.partie.startswith("partie-"):
            continue
        n = len(b.questions)
        total += n
        application = sum(q.niveau == "application" for q in b.questions)
        assert application * 2 >= n, f"{b.partie} : {application} questions en situation sur {n}"
        assert n >= 15, f"{b.partie} : {n} questions"
        compte = Counter(q.objectif for q in b.questions)
        for o in b.objectifs:
            assert compte[o.id] >= 3, f"{b.partie} : objectif {o.id} testé par {compte[o.id]} question(s)"
        for cle in parcours.CIBLES:
            assert any(o.parcours in (cle, "tous") for o in b.objectifs), f"{b.partie} : aucun objectif pour {cle}"
    assert 80 <= total <= 110, total


def test_evaluations_du_livre():
    evaluations = quiz.charger_evaluations(RACINE / "book")
    assert 18 <= len(evaluations["finale-decideurs"].questions) <= 24
    assert 26 <= len(evaluations["finale-operationnels"].questions) <= 34
    for cle in ("pre-test", "post-test"):
        assert 10 <= len(evaluations[cle].questions) <= 20


def test_chaque_partie_affiche_ses_objectifs_depuis_sa_banque():
    for banque in quiz.toutes_les_banques(RACINE / "book"):
        index = RACINE / "book" / banque.partie / "index.md"
        assert f"```{{objectifs}} {banque.partie}" in index.read_text(encoding="utf-8"), index
