"""Les formulaires d'évaluation (``book/evaluation/evaluations.yml``) : prétest, post-test et tests finaux.

Chaque formulaire est une liste d'id de questions des banques. Le fichier est vérifié contre les banques :
un id inconnu, un prétest et un post-test qui partagent une question ou ne portent pas sur les mêmes
objectifs, un formulaire qui ne couvre pas une partie, une question d'un autre parcours dans un test final :
``EvaluationInvalide`` nomme le fichier, le formulaire et l'id, et dit quoi faire.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..fichiers_yaml import lire_yaml
from ..locales import _
from ..parcours import CIBLES
from .banque import Banque, BanqueInvalide, Question, dossier_livre, toutes_les_banques


class EvaluationInvalide(BanqueInvalide):
    """``evaluations.yml`` mal formé ou incohérent avec les banques."""


@dataclass(frozen=True)
class Forme:
    """Un formulaire d'évaluation : son rôle, son public et sa règle de correction."""
    cle: str
    titre: str
    parcours: str | None  # None : les deux parcours
    retours_pendant: bool  # False : aucun retour avant d'avoir tout soumis
    finale: bool


FORMES: dict[str, Forme] = {
    f.cle: f
    for f in (
        Forme("pre-test", _("Prétest"), None, False, False),
        Forme("post-test", _("Post-test"), None, False, False),
        Forme("finale-decideurs", _("Test final — parcours décideurs"), "décideurs", False, True),
        Forme("finale-operationnels", _("Test final — parcours opérationnels"), "opérationnels", False, True),
    )
}
#: Formulaires parallèles : mêmes objectifs, aucune question commune.
PARALLELES = ("pre-test", "post-test")


@dataclass
class Evaluation:
    cle: str
    forme: Forme
    questions: list[tuple[Banque, Question]]
    seuil: int | None  # pourcentage de bonnes réponses exigé (tests finaux)

    def parties(self) -> list[tuple[Banque, list[Question]]]:
        ordre: dict[str, tuple[Banque, list[Question]]] = {}
        for banque, q in self.questions:
            ordre.setdefault(banque.partie, (banque, []))[1].append(q)
        return list(ordre.values())


def fichier_evaluations(dossier: Path | None = None) -> Path:
    return Path(dossier or dossier_livre()) / "evaluation" / "evaluations.yml"


def _erreur(fichier: Path, lignes: list[str], que_faire: str) -> EvaluationInvalide:
    return EvaluationInvalide(f"Évaluations invalides : {fichier}\n" + "\n".join(lignes) + f"\nQue faire : {que_faire}")


def _lire(fichier: Path) -> dict:
    return lire_yaml(fichier, EvaluationInvalide, "Fichier des évaluations",
                     si_absent=f"créez-le avec les clés {', '.join(FORMES)} et « seuils ».",
                     attendu=f"le fichier doit contenir les clés {', '.join(FORMES)} et « seuils ».")


def charger_evaluations(dossier: Path | None = None) -> dict[str, Evaluation]:
    """Lit ``evaluations.yml`` et le vérifie contre toutes les banques du livre."""
    dossier = Path(dossier or dossier_livre())
    fichier = fichier_evaluations(dossier)
    donnees = _lire(fichier)
    banques = toutes_les_banques(dossier)
    index = {q.id: (b, q) for b in banques for q in b.questions}
    erreurs: list[str] = []

    inconnues = sorted(set(donnees) - set(FORMES) - {"seuils"})
    erreurs += [f"  - clé « {c} » inconnue (attendu : {', '.join(FORMES)}, seuils)" for c in inconnues]
    seuils = donnees.get("seuils") or {}
    if not isinstance(seuils, dict):
        erreurs.append("  - clé « seuils » : attendu une correspondance « formulaire: pourcentage »")
        seuils = {}

    evaluations: dict[str, Evaluation] = {}
    for cle, forme in FORMES.items():
        ids = donnees.get(cle)
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            erreurs.append(f"  - formulaire « {cle} » : une liste d'id de questions est attendue, par exemple "
                           f"[p1-def-ouvert-ou-pas, p2-sp-…]")
            continue
        erreurs += [f"  - formulaire « {cle} », question « {i} » : en double" for i, n in Counter(ids).items() if n > 1]
        erreurs += [f"  - formulaire « {cle} », question « {i} » : id inconnu (aucune banque ne la contient)"
                    for i in ids if i not in index]
        questions = [index[i] for i in dict.fromkeys(ids) if i in index]
        if forme.parcours:
            erreurs += [f"  - formulaire « {cle} », question « {q.id} » : parcours « {q.parcours} », hors du "
                        f"parcours {forme.parcours}" for _, q in questions if q.parcours not in (forme.parcours, "tous")]
        couvertes = {b.partie for b, _ in questions}
        erreurs += [f"  - formulaire « {cle} » : aucune question de la partie « {b.partie} »"
                    for b in banques if b.partie not in couvertes]
        seuil = seuils.get(cle)
        if forme.finale and (not isinstance(seuil, int) or isinstance(seuil, bool) or not 0 < seuil <= 100):
            erreurs.append(f"  - seuils, « {cle} » : un pourcentage entier entre 1 et 100 est attendu (lu : {seuil!r})")
            seuil = None
        evaluations[cle] = Evaluation(cle, forme, questions, seuil if forme.finale else None)

    if all(c in evaluations for c in PARALLELES):
        a, b = (evaluations[c] for c in PARALLELES)
        ids_a, ids_b = ({q.id for _, q in e.questions} for e in (a, b))
        erreurs += [f"  - question « {i} » : à la fois dans « {a.cle} » et « {b.cle} » (deux formes parallèles "
                    "ne partagent aucune question)" for i in sorted(ids_a & ids_b)]
        obj_a, obj_b = (Counter(q.objectif for _, q in e.questions) for e in (a, b))
        if obj_a != obj_b:
            diff = sorted(set((obj_a - obj_b) + (obj_b - obj_a)))
            erreurs.append(f"  - « {a.cle} » et « {b.cle} » ne portent pas sur les mêmes objectifs (écart : "
                           f"{', '.join(diff)}) : chaque objectif doit y avoir autant de questions")
        par_a, par_b = (Counter(c for _, q in e.questions for c in CIBLES if q.parcours in (c, "tous"))
                        for e in (a, b))
        if par_a != par_b:
            erreurs.append(f"  - « {a.cle} » et « {b.cle} » ne sont pas équilibrés par parcours (questions utilisables : "
                           + " ; ".join(f"{c} {par_a[c]} contre {par_b[c]}" for c in CIBLES if par_a[c] != par_b[c]) + ")")
    if erreurs:
        raise _erreur(fichier, erreurs, "corrigez les id (ils sont dans book/partie-N/quiz.yml) ou la liste du formulaire.")
    return evaluations


def evaluations_du_livre(dossier: Path | None = None) -> dict[str, Evaluation]:
    """Les formulaires du livre, ou aucun si le livre n'a pas de ``evaluations.yml`` (livres d'essai)."""
    return charger_evaluations(dossier) if fichier_evaluations(dossier).is_file() else {}


__all__ = ["FORMES", "evaluations_du_livre", "PARALLELES", "Evaluation", "EvaluationInvalide", "Forme", "charger_evaluations",
           "fichier_evaluations"]
