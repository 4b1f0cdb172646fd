"""Les banques de questions (``book/<partie>/quiz.yml``) : schéma, lecture, messages en français.

Une banque mal formée lève ``BanqueInvalide`` avec un message qui nomme le fichier, la question et le
champ, et dit quoi corriger : la construction du livre s'arrête sur ce message.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import RACINE
from ..fichiers_yaml import lire_yaml
from ..locales import _
from ..parcours import PARCOURS

TYPES = {
    "choix-unique": _("Choix unique"),
    "choix-multiple": _("Plusieurs réponses possibles"),
    "vrai-faux": _("Vrai ou faux"),
    "numerique": _("Réponse chiffrée"),
}
CHOIX = {"choix-unique", "choix-multiple"}
#: Niveau d'une question : se souvenir d'un fait, ou l'appliquer à une situation.
NIVEAUX = {"rappel": _("Rappel"), "application": _("Mise en situation")}
#: Nombre minimal de questions par objectif (un prétest et un post-test parallèles en tirent chacun une).
MIN_QUESTIONS_PAR_OBJECTIF = 2


class BanqueInvalide(Exception):
    """Banque de questions mal formée : le message nomme le fichier, la question et le champ."""


def dossier_livre(depart: Path | str | None = None) -> Path:
    """Le dossier ``book/`` du livre : le premier dossier, en remontant depuis ``depart`` (par défaut le
    dossier courant, où s'exécutent les notebooks), qui contient ``_config.yml`` et ``book/`` ; sinon
    celui du dépôt. La seule règle pour trouver les banques."""
    depart = Path(depart or Path.cwd()).resolve()
    for dossier in (depart, *depart.parents):
        if (dossier / "_config.yml").is_file() and (dossier / "book").is_dir():
            return dossier / "book"
    return RACINE / "book"


def fichier_banque(partie: str, dossier: Path | None = None) -> Path:
    return Path(dossier or dossier_livre()) / partie / "quiz.yml"


# --------------------------------------------------------------------------- schéma

class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texte: str = Field(min_length=1)
    correcte: bool = False
    retour: str = Field(min_length=1)


# ---- traductions : sous la clé d'une langue (« ar: »), les mêmes champs de texte, mêmes id et même ordre.

class OptionTraduite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texte: str = Field(min_length=1)
    retour: str = Field(min_length=1)


class QuestionTraduite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enonce: str = Field(min_length=1)
    explication: str = Field(min_length=1)
    source: str | None = None
    options: list[OptionTraduite] | None = None
    unite: str | None = None
    retour_vrai: str | None = None
    retour_faux: str | None = None
    retour_correct: str | None = None
    retour_incorrect: str | None = None


class TexteTraduit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texte: str = Field(min_length=1)


class TitreTraduit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titre: str = Field(min_length=1)


class Objectif(BaseModel):
    """Un objectif d'apprentissage d'une partie, affiché sur sa page d'ouverture."""
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    parcours: Literal[tuple(PARCOURS)]  # type: ignore[valid-type]
    texte: str = Field(min_length=1)
    ar: TexteTraduit | None = None


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    section: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    objectif: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    niveau: Literal[tuple(NIVEAUX)]  # type: ignore[valid-type]
    type: Literal["choix-unique", "choix-multiple", "vrai-faux", "numerique"]
    parcours: Literal[tuple(PARCOURS)]  # type: ignore[valid-type]
    enonce: str = Field(min_length=1)
    explication: str = Field(min_length=1)
    source: str | None = None
    options: list[Option] | None = None
    # Le type attendu dépend du type de question : vérifié ci-dessous, avec un seul message clair.
    reponse: Any = None
    tolerance: float = Field(default=0, ge=0)
    unite: str | None = None
    retour_vrai: str | None = None
    retour_faux: str | None = None
    retour_correct: str | None = None
    retour_incorrect: str | None = None
    ar: QuestionTraduite | None = None

    @model_validator(mode="after")
    def _coherence(self):
        if self.type in CHOIX:
            self._verifier_choix()
        elif self.options is not None:
            raise ValueError(f"champ « options » : une question « {self.type} » n'a pas d'options ; "
                             "retirez-les ou changez le type en choix-unique ou choix-multiple")
        if self.type == "vrai-faux":
            if not isinstance(self.reponse, bool):
                raise ValueError("champ « reponse » : une question vrai-faux attend true ou false, sans "
                                 f"guillemets (lu : {self.reponse!r})")
            self._exiger("retour_vrai", "retour_faux")
        elif self.type == "numerique":
            if isinstance(self.reponse, bool) or not isinstance(self.reponse, int | float):
                raise ValueError("champ « reponse » : une question numérique attend un nombre écrit avec un "
                                 f"point décimal, sans guillemets ni unité, par exemple 84.1 (lu : {self.reponse!r})")
            self._exiger("retour_correct", "retour_incorrect")
        if self.ar is not None:
            self._verifier_traduction("ar", self.ar)
        return self

    def _verifier_traduction(self, langue: str, traduction: QuestionTraduite) -> None:
        """Une traduction dit la même chose : mêmes options dans le même ordre, mêmes champs remplis."""
        n_options, n_traduites = len(self.options or []), len(traduction.options or [])
        if n_options != n_traduites:
            raise ValueError(f"champ « {langue}.options » : {n_traduites} option(s) traduite(s) pour {n_options} "
                             "option(s) en français ; traduisez chaque option, dans le même ordre")
        for champ in ("source", "unite", "retour_vrai", "retour_faux", "retour_correct", "retour_incorrect"):
            if bool(getattr(self, champ)) != bool(getattr(traduction, champ)):
                manque = f"« {langue}.{champ} »" if getattr(self, champ) else f"« {champ} » en français"
                raise ValueError(f"champ « {langue}.{champ} » : la traduction et le français doivent avoir les "
                                 f"mêmes champs ; il manque {manque}")

    def en(self, langue: str | None) -> Question:
        """La question avec ses textes dans ``langue`` s'ils sont traduits (sinon elle-même, en français)."""
        traduction = getattr(self, langue, None) if langue and langue != "fr" else None
        if traduction is None:
            return self
        textes = traduction.model_dump(exclude={"options"}, exclude_none=True)
        options = [o.model_copy(update=t.model_dump()) for o, t in zip(self.options or [], traduction.options or [])]
        return self.model_copy(update={**textes, "options": options or self.options})

    def traduite(self, langue: str | None) -> bool:
        return langue in (None, "fr") or getattr(self, langue, None) is not None

    def _verifier_choix(self) -> None:
        if self.reponse is not None:
            raise ValueError("champ « reponse » : une question à choix ne prend pas de « reponse » ; marquez "
                             "la ou les bonnes options par « correcte: true »")
        if not self.options or len(self.options) < 2:
            raise ValueError("champ « options » : il faut au moins deux options")
        if len(self.options) > 6:
            raise ValueError(f"champ « options » : six options au plus ({len(self.options)} données)")
        bonnes = sum(o.correcte for o in self.options)
        if bonnes == 0:
            raise ValueError("champ « options » : aucune option n'est marquée « correcte: true »")
        if self.type == "choix-unique" and bonnes != 1:
            raise ValueError(f"champ « options » : un choix unique a exactement une bonne réponse ({bonnes} marquées)")
        textes = [o.texte for o in self.options]
        if len(set(textes)) != len(textes):
            raise ValueError("champ « options » : deux options ont le même texte")

    def _exiger(self, *champs: str) -> None:
        for champ in champs:
            if not getattr(self, champ):
                raise ValueError(f"champ « {champ} » : le retour de cette réponse manque")


class Banque(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partie: str
    titre: str
    objectifs: list[Objectif] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    ar: TitreTraduit | None = None

    def objectif(self, ident: str) -> Objectif:
        return next(o for o in self.objectifs if o.id == ident)


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (faute de frappe ?)",
    "literal_error": "valeur non autorisée",
    "string_pattern_mismatch": "format invalide (minuscules, chiffres et tirets seulement)",
    "string_too_short": "texte vide",
    "bool_type": "true ou false attendu",
    "bool_parsing": "true ou false attendu",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
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
        genre = "question"
        if len(loc) >= 2 and loc[0] in ("questions", "objectifs") and isinstance(loc[1], int):
            genre = "question" if loc[0] == "questions" else "objectif"
            try:
                qid = donnees[loc[0]][loc[1]].get("id") or f"n° {loc[1] + 1} (sans id)"
            except (AttributeError, IndexError, KeyError, TypeError):
                qid = f"n° {loc[1] + 1}"
            loc = loc[2:]
        champ = ".".join(str(x) for x in loc) or "question"
        if e["type"] == "value_error":
            texte = str(e["msg"]).removeprefix("Value error, ")
        else:
            texte = f"champ « {champ} » : {_MESSAGES.get(e['type'], 'valeur invalide')}"
            if e["type"] == "literal_error":
                texte += f" (attendu : {e['msg'].removeprefix('Input should be ').replace(' or ', ' ou ')})"
        lignes.append(f"  - {genre} « {qid} », {texte}")
    return f"Banque de questions invalide : {fichier}\n" + "\n".join(dict.fromkeys(lignes))


def charger_banque(fichier: Path | str) -> Banque:
    """Lit et valide une banque ; lève ``BanqueInvalide`` avec un message en français. Une banque lue n'est
    relue que si son fichier a changé (la construction la demande pour chaque page qui a un quiz)."""
    fichier = Path(fichier)
    try:
        etat = fichier.stat()
    except FileNotFoundError:
        return _charger_banque(fichier)  # message « introuvable » de lire_yaml
    return _banque_lue(str(fichier), etat.st_mtime_ns, etat.st_size)


@lru_cache(maxsize=64)
def _banque_lue(fichier: str, _mtime_ns: int, _taille: int) -> Banque:
    return _charger_banque(Path(fichier))


def _charger_banque(fichier: Path) -> Banque:
    donnees = lire_yaml(fichier, BanqueInvalide, "Banque de questions",
                        si_absent="créez le fichier ou corrigez le nom de la partie.",
                        attendu="le fichier doit contenir les clés « partie », « titre » et « questions ».")
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
    _verifier_objectifs(banque, fichier)
    return banque


def _verifier_objectifs(banque: Banque, fichier: Path) -> None:
    """Chaque question teste un objectif déclaré ; chaque objectif a assez de questions."""
    ids = [o.id for o in banque.objectifs]
    erreurs = [f"  - objectif « {i} », champ « id » : identifiant en double" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for q in banque.questions:
        if q.objectif not in ids:
            erreurs.append(f"  - question « {q.id} », champ « objectif » : objectif inconnu « {q.objectif} » "
                           f"(objectifs de la banque : {', '.join(ids)})")
    for o in banque.objectifs:
        n = sum(q.objectif == o.id for q in banque.questions)
        if n < MIN_QUESTIONS_PAR_OBJECTIF:
            erreurs.append(f"  - objectif « {o.id} » : {n} question(s) ; il en faut au moins "
                           f"{MIN_QUESTIONS_PAR_OBJECTIF} (une pour le prétest, une pour le post-test)")
    if erreurs:
        raise BanqueInvalide(f"Banque de questions invalide : {fichier}\n" + "\n".join(erreurs)
                             + "\nQue faire : déclarez l'objectif sous « objectifs: » ou corrigez le champ « objectif » des questions.")


def _verifier_partie(banque: Banque, fichier: Path) -> None:
    if banque.partie != fichier.parent.name:
        raise BanqueInvalide(f"Banque de questions invalide : {fichier}\n  - (banque), champ « partie » : "
                             f"« {banque.partie} » ne correspond pas à son dossier « {fichier.parent.name} ». "
                             f"Que faire : écrivez « partie: {fichier.parent.name} ».")


def fichiers_banques(dossier: Path | None = None) -> list[Path]:
    return sorted(Path(dossier or dossier_livre()).glob("**/quiz.yml"))


def toutes_les_banques(dossier: Path | None = None) -> list[Banque]:
    """Toutes les banques du livre ; vérifie aussi leur dossier et l'unicité des id entre banques."""
    banques, vus, objectifs = [], {}, {}
    for fichier in fichiers_banques(dossier):
        banque = charger_banque(fichier)
        _verifier_partie(banque, fichier)
        for o in banque.objectifs:
            if o.id in objectifs:
                raise BanqueInvalide(f"Banque de questions invalide : {fichier}\n  - objectif « {o.id} », "
                                     f"champ « id » : déjà utilisé dans {objectifs[o.id]}")
            objectifs[o.id] = fichier
        for q in banque.questions:
            if q.id in vus:
                raise BanqueInvalide(f"Banque de questions invalide : {fichier}\n  - question « {q.id} », "
                                     f"champ « id » : déjà utilisé dans {vus[q.id]}")
            vus[q.id] = fichier
        banques.append(banque)
    return banques


@lru_cache(maxsize=32)
def _banque_en_cache(fichier: str, _mtime: float) -> Banque:
    banque = charger_banque(fichier)
    _verifier_partie(banque, Path(fichier))
    return banque


def banque_de(partie: str, dossier: Path | None = None) -> Banque:
    fichier = fichier_banque(partie, dossier)
    return _banque_en_cache(str(fichier), fichier.stat().st_mtime if fichier.exists() else 0.0)


def questions_de(partie: str, section: str | None = None, dossier: Path | None = None) -> list[Question]:
    """Les questions d'une banque (toutes, ou celles d'une section) ; erreur claire si aucune."""
    banque = banque_de(partie, dossier)
    questions = [q for q in banque.questions if section is None or q.section == section]
    if not questions:
        sections = sorted({q.section for q in banque.questions})
        raise BanqueInvalide(f"Aucune question de section « {section} » dans {fichier_banque(partie, dossier)}. "
                             f"Sections existantes : {', '.join(sections)}.")
    return questions
