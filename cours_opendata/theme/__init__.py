"""Thème allégé : ce que le thème par défaut envoie en trop aux lecteurs, retiré sans perdre de fonction.

Lecteurs sur des connexions lentes ou filtrées : le thème par défaut envoie ~2,6 Mo à la première page.
Branché par :mod:`cours_opendata.sphinx_ext` ; ``COURS_THEME_PAR_DEFAUT=1`` le débranche (pour comparer,
``make bench``). Quatre mesures :

- ``templates/static/webpack-macros.html`` : plus de ``fontawesome.js`` (1,5 Mo) ; les icônes affichées
  par le livre viennent de ``_static/icones.css`` (masques SVG, ~18 Ko) ;
- ``templates/layout.html`` : l'index de recherche et ses scripts (~230 Ko) seulement sur search.html ;
- à la fin de la construction, chaque feuille de style des thèmes et extensions (et celle des icônes) est
  élaguée des règles dont une classe n'est portée par aucune page ni nommée par aucun script du livre, ou
  n'appartient qu'à une fonction du thème éteinte (Bootstrap entier, sphinx-design, myst-nb : ~560 Ko →
  ~125 Ko), des animations que plus rien ne nomme, des règles et polices de Font Awesome ;
- l'état des widgets (``application/vnd.jupyter.widget-state+json``, jusqu'à 60 Ko par page) n'est plus
  écrit quand aucun gestionnaire de widgets n'est chargé (``nb_ipywidgets_js: {}``) : rien ne le lit.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import tinycss2

from . import premiere_vue

ICI = Path(__file__).parent
GABARITS = ICI / "templates"
VARIABLE = "COURS_THEME_PAR_DEFAUT"
ETAT_WIDGETS = "application/vnd.jupyter.widget-state+json"
# Feuilles du cours (cours_opendata/static, cours_opendata/quiz/static), déjà sobres : jamais élaguées.
FEUILLES_DU_COURS = {f.name for f in [*(ICI.parent / "static").glob("*.css"), *(ICI.parent / "quiz" / "static").glob("*.css")]}
# Sauf celle des icônes, élaguée comme celles des thèmes : une icône d'encadré absent du livre n'est pas envoyée.
FEUILLE_DES_ICONES = "icones.css"
# Scripts qui ne doivent pas compter comme « classe utilisée » : fontawesome.js nomme toutes ses icônes,
# searchindex.js reprend les mots du texte.
SCRIPTS_IGNORES = {"fontawesome.js", "searchindex.js", "bootstrap.js"}
# Classes ajoutées à l'exécution (menus déroulants de bootstrap-leger.js, barres latérales du thème).
# bootstrap.js n'est plus chargé : ses infobulles, fenêtres et « popovers » n'ont plus de règles à garder.
CLASSES_DYNAMIQUES = re.compile(r"(show|collapsing|collapse|active|disabled)$")
CLASSES_FONT_AWESOME = re.compile(r"(fa|fas|far|fab|fa-.+)$")
# Fonctions du thème qu'une option vide laisse éteintes : son script nomme leurs classes (il les créerait si
# l'option était donnée), aucune page n'en aura. Option du thème → classes qu'elle seule fait apparaître.
FONCTIONS_DU_THEME = {
    "switcher": {"version-switcher__container", "version-switcher__button", "version-switcher__menu",
                 "list-group", "list-group-item", "list-group-item-action"},
    "announcement": {"bd-header-announcement", "bd-header-announcement__content"},
    "show_version_warning_banner": {"pst-button-link-to-stable-version"},
}
# Infobulles : seul bootstrap.js, qui n'est plus chargé, les crée (les pages gardent l'attribut data-bs-toggle).
CLASSES_DE_BOOTSTRAP_JS = {"tooltip", "tooltip-inner", "tooltip-arrow", "bs-tooltip-auto", "bs-tooltip-top",
                           "bs-tooltip-end", "bs-tooltip-bottom", "bs-tooltip-start"}


def actif() -> bool:
    return os.environ.get(VARIABLE, "").strip() in {"", "0"}


def installer(app, config) -> None:
    """Gestionnaire de ``config-inited`` : gabarits allégés, icônes légères, élagage en fin de construction."""
    if not actif():
        return
    config.templates_path.insert(0, str(GABARITS))
    app.add_css_file("icones.css", priority=900)  # après les feuilles des thèmes et des extensions
    app.connect("html-page-context", sans_etat_des_widgets, priority=900)
    app.connect("build-finished", elaguer_le_site, priority=900)  # après la copie de mystnb.css
    premiere_vue.installer(app)


def sans_etat_des_widgets(app, pagename, templatename, context, doctree) -> None:
    if getattr(app.config, "nb_ipywidgets_js", None):
        return
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [s for s in scripts if getattr(s, "attributes", {}).get("type") != ETAT_WIDGETS]


# ------------------------------------------------------------------------------ élagage des CSS
# La feuille est lue par tinycss2 (analyseur CSS conforme à la spécification de syntaxe) : chaînes,
# commentaires, blocs imbriqués et échappements sont ceux du navigateur, pas ceux d'une expression régulière.

_REGLES_GROUPANTES = {"media", "supports", "container", "layer"}


def _selecteurs(prelude: list) -> list[list]:
    """Les sélecteurs d'une liste « a, b, c » (virgules de premier niveau)."""
    groupes = [[]]
    for jeton in prelude:
        if jeton.type == "literal" and jeton.value == ",":
            groupes.append([])
        else:
            groupes[-1].append(jeton)
    return groupes


def classes_exigees(selecteur: str | list) -> list[str]:
    """Classes qu'un élément doit porter pour que le sélecteur s'applique (hors :not(), :is(), [class…])."""
    jetons = tinycss2.parse_component_value_list(selecteur) if isinstance(selecteur, str) else selecteur
    classes = []
    for avant, jeton in zip([None, *jetons], jetons):
        # Les fonctions (:not(), :is()…) et les attributs ([…]) sont des blocs imbriqués : ignorés.
        if jeton.type == "ident" and avant is not None and avant.type == "literal" and avant.value == ".":
            classes.append(jeton.value)
    return classes


def classes_eteintes(options_du_theme: dict) -> set[str]:
    """Les classes qu'aucune page n'aura : celles des fonctions du thème dont l'option est vide, et des infobulles."""
    eteintes = set(CLASSES_DE_BOOTSTRAP_JS)
    for option, classes in FONCTIONS_DU_THEME.items():
        if str(options_du_theme.get(option) or "").strip().lower() in {"", "false", "0", "none"}:
            eteintes |= classes
    return eteintes


def elaguer(css: str, utilisees: set[str], eteintes: set[str] = frozenset(), icones: bool = False) -> str:
    """La feuille sans les sélecteurs qui exigent une classe absente de ``utilisees`` ou ``eteinte``, ni ceux de
    Font Awesome (sauf dans la feuille des ``icones`` du cours, qui les remplace)."""

    def garder(selecteur: list) -> bool:
        classes = classes_exigees(selecteur)
        if not icones and classes and all(CLASSES_FONT_AWESOME.match(c) for c in classes):
            return False  # règle de Font Awesome lui-même (glyphes de police) : remplacée par icones.css
        return all((c in utilisees or CLASSES_DYNAMIQUES.match(c)) and c not in eteintes for c in classes)

    return _elaguer_regles(tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True), garder)


def _elaguer_regles(regles: list, garder) -> str:
    sortie = []
    for regle in regles:
        if regle.type == "comment":
            if regle.value.startswith("!"):  # bandeaux de licence conservés
                sortie.append(regle.serialize())
        elif regle.type == "qualified-rule":
            gardes = [sel for sel in _selecteurs(regle.prelude) if garder(sel)]
            if gardes:
                tete = ",".join(tinycss2.serialize(sel).strip() for sel in gardes)
                sortie.append(f"{tete}{{{tinycss2.serialize(regle.content)}}}")
        elif regle.type == "at-rule":
            nom = regle.lower_at_keyword
            if nom in _REGLES_GROUPANTES and regle.content is not None:
                interieur = _elaguer_regles(
                    tinycss2.parse_rule_list(regle.content, skip_comments=False, skip_whitespace=True), garder)
                if interieur:
                    sortie.append(f"@{regle.at_keyword}{tinycss2.serialize(regle.prelude)}{{{interieur}}}")
            elif not (nom == "font-face" and "Font Awesome" in tinycss2.serialize(regle.content or [])):
                sortie.append(regle.serialize())
        # « error » : une règle que le navigateur ignorerait aussi ; on la retire.
    return "\n".join(sortie)


_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")


def _sans_variables_inutiles(regles: list, gardees: set[str]) -> str:
    sortie = []
    for regle in regles:
        if regle.type == "qualified-rule":
            contenu = tinycss2.parse_declaration_list(regle.content, skip_whitespace=True, skip_comments=True)
            if any(d.type != "declaration" for d in contenu):  # règles imbriquées : laissées telles quelles
                sortie.append(regle.serialize())
                continue
            gardes = [d for d in contenu if not d.name.startswith("--") or d.name in gardees]
            if gardes:
                corps = ";".join(f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                                 for d in gardes)
                sortie.append(f"{tinycss2.serialize(regle.prelude).strip()}{{{corps}}}")
        elif regle.type == "at-rule" and regle.content is not None and regle.lower_at_keyword in _REGLES_GROUPANTES:
            interieur = _sans_variables_inutiles(
                tinycss2.parse_rule_list(regle.content, skip_comments=False, skip_whitespace=True), gardees)
            if interieur:
                sortie.append(f"@{regle.at_keyword}{tinycss2.serialize(regle.prelude)}{{{interieur}}}")
        elif regle.type != "comment" or regle.value.startswith("!"):
            sortie.append(regle.serialize())
    return "\n".join(sortie)


def elaguer_les_variables(feuilles: dict[str, str], fixes: str, ailleurs: set[str]) -> dict[str, str]:
    """Retire des ``feuilles`` les propriétés personnalisées (``--bs-…``) que rien ne lit : ni ``var()`` dans
    ces feuilles ni dans ``fixes`` (les feuilles du cours), ni un nom cité dans les pages ou les scripts
    (``ailleurs``). Recommencé jusqu'à ce que plus rien ne tombe : une variable lue seulement par une
    variable retirée tombe à son tour."""
    while True:
        lues = set(_REFERENCE.findall(fixes + "".join(feuilles.values()))) | ailleurs
        nouvelles = {nom: _sans_variables_inutiles(tinycss2.parse_stylesheet(css, skip_comments=False,
                                                                             skip_whitespace=True), lues)
                     for nom, css in feuilles.items()}
        if nouvelles == feuilles:
            return feuilles
        feuilles = nouvelles


_ANIMATION = re.compile(r"animation(?:-name)?\s*:([^;}]*)")


def sans_animations_inutiles(feuilles: dict[str, str], fixes: str, ailleurs: set[str]) -> dict[str, str]:
    """Retire les ``@keyframes`` qu'aucune propriété ``animation`` des feuilles (ni un mot des pages ou des
    scripts, ``ailleurs``) ne nomme : celles de composants élagués (barres de progression, Font Awesome…)."""
    nommees = set(ailleurs)
    for declaration in _ANIMATION.findall(fixes + "".join(feuilles.values())):
        nommees.update(re.findall(r"[\w-]+", declaration))

    def utile(regle) -> bool:
        if regle.type != "at-rule" or not regle.lower_at_keyword.endswith("keyframes"):
            return True
        return tinycss2.serialize(regle.prelude).strip() in nommees

    return {nom: "\n".join(r.serialize() for r in tinycss2.parse_stylesheet(css, skip_whitespace=True) if utile(r))
            for nom, css in feuilles.items()}


_SCRIPT_EN_LIGNE = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
# Les attributs d'où une classe peut venir : class, style (variables CSS), data-… (qu'un script lit).
_ATTRIBUT = re.compile(r"""\s(?:class|style|data-[\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MOT = re.compile(r"[\w-]+")


def classes_du_site(html: Path) -> set[str]:
    """Un sur-ensemble des classes que les pages peuvent porter : les mots des attributs ``class``, ``style`` et
    ``data-…`` (qu'un script peut changer en classe) des pages, de leurs scripts en ligne et des scripts du site.
    Le texte des pages ne compte pas : « note », « important » ou « attention » y sont des mots, pas des
    encadrés."""
    mots: set[str] = set()
    for page in (p for p in html.rglob("*.html") if "_sources" not in p.parts):
        texte = page.read_text(encoding="utf-8", errors="replace")
        for script in _SCRIPT_EN_LIGNE.findall(texte):
            mots.update(_MOT.findall(script))
        for valeurs in _ATTRIBUT.findall(_SCRIPT_EN_LIGNE.sub("", texte)):
            mots.update(_MOT.findall(" ".join(valeurs)))
    for script in (html / "_static").rglob("*.js"):
        if script.name not in SCRIPTS_IGNORES:
            mots.update(_MOT.findall(script.read_text(encoding="utf-8", errors="replace")))
    return mots


def elaguer_le_site(app, exception) -> None:
    """Gestionnaire de ``build-finished`` : élague les feuilles copiées dans _static, retire Font Awesome.

    L'élagage repart toujours de la feuille d'origine, avec les classes de toutes les pages du livre
    (reconstruites ou non). Sphinx ne recopie pas les feuilles quand aucune page n'est à réécrire : la
    feuille du site est alors notre élagage précédent, et l'original est relu dans
    ``<doctrees>/css-originales``."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    sortie = Path(app.outdir)
    statique = sortie / "_static"
    reserve = Path(app.doctreedir) / "css-originales"
    utilisees = classes_du_site(sortie)
    eteintes = classes_eteintes(app.builder.theme.get_options(app.builder.theme_options))
    elaguees: dict[Path, str] = {}
    for feuille in sorted(statique.rglob("*.css")):
        if feuille.name in FEUILLES_DU_COURS - {FEUILLE_DES_ICONES}:
            continue
        originale = reserve / feuille.relative_to(statique)
        deja_elaguee = originale.with_name(originale.name + ".elaguee")
        texte = feuille.read_text(encoding="utf-8")
        if originale.is_file() and deja_elaguee.is_file() and texte == deja_elaguee.read_text(encoding="utf-8"):
            texte = originale.read_text(encoding="utf-8")
        else:
            originale.parent.mkdir(parents=True, exist_ok=True)
            originale.write_text(texte, encoding="utf-8")
        elaguees[feuille] = elaguer(texte, utilisees, eteintes, icones=feuille.name == FEUILLE_DES_ICONES)
    fixes = "".join(f.read_text(encoding="utf-8") for f in statique.rglob("*.css")
                    if f.name in FEUILLES_DU_COURS - {FEUILLE_DES_ICONES})
    ailleurs = {m for m in utilisees if m.startswith("--")}
    resultat = elaguer_les_variables({str(f): t for f, t in elaguees.items()}, fixes, ailleurs)
    resultat = sans_animations_inutiles(resultat, fixes, utilisees)
    for feuille in elaguees:
        originale = reserve / feuille.relative_to(statique)
        feuille.write_text(resultat[str(feuille)], encoding="utf-8")
        originale.with_name(originale.name + ".elaguee").write_text(resultat[str(feuille)], encoding="utf-8")
    for inutile in [*(statique / "scripts").glob("fontawesome.js*"), *(statique / "scripts").glob("bootstrap.js*")]:
        inutile.unlink()
    shutil.rmtree(statique / "vendor" / "fontawesome", ignore_errors=True)
