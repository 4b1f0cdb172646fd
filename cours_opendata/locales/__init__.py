"""Interface du livre en français et en arabe : catalogues de messages du cours, prioritaires sur ceux des thèmes.

Le thème laisse des chaînes en anglais (« Launch on Binder », « Toggle primary sidebar »…). On les
traduit au bon niveau, par les catalogues gettext :

- ``fr/LC_MESSAGES/booktheme.po`` : catalogue « booktheme » de sphinx-book-theme (boutons d'en-tête
  construits en Python, gabarits via ``translate()``) ;
- ``fr/LC_MESSAGES/sphinx.po`` : catalogue « sphinx » (Sphinx, pydata-sphinx-theme, ``_()`` des
  gabarits) ;
- ``ar/LC_MESSAGES/*.po`` : les mêmes catalogues en arabe, plus « cours » (chaînes du cours, dont le
  français est la langue source : extraites par ``python -m cours_opendata.traduction extraire``) ;
- ``templates/`` : trois composants du thème dont la chaîne était codée en dur, recopiés à l'identique
  sauf cette chaîne, qui passe par ``translate()``.

À la construction, :func:`installer` compile les ``.po`` en ``.mo`` (babel) dans ``<build>/locales`` et
les place **en tête** de la chaîne de traduction de chaque catalogue. Pourquoi en tête : dans
``sphinx.locale.init``, le premier catalogue enregistré pour un couple (espace, catalogue) gagne et les
suivants deviennent des replis. Or le catalogue « sphinx » de Sphinx est chargé avant toute extension
(``Sphinx._init_i18n``), et sphinx-book-theme, listé par Jupyter Book avant les extensions du projet,
enregistre « booktheme » avant nous : un simple ``app.add_message_catalog`` ne ferait de nos
traductions qu'un repli, ignoré dès que le thème a sa propre traduction (souvent maladroite, ex.
« Ouvrez un problème »). pydata-sphinx-theme, chargé plus tard comme thème parent, s'ajoute en repli
derrière nous.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from sphinx.locale import NullTranslations, get_translation, translators

ICI = Path(__file__).parent
LANGUE_SOURCE = "fr"
GABARITS = ICI / "templates"
CATALOGUES = ("booktheme", "sphinx")
# Options que Jupyter Book ou myst-nb fixent en anglais hors des catalogues : valeur par défaut
# anglaise → message du catalogue « booktheme » (remplacées seulement si le projet ne les a pas changées).
_TEXTE_RECHERCHE_JB = "Search this book..."


def _(texte: str) -> str:
    """Marque une phrase pour le catalogue « cours » sans la traduire ici (gettext_noop)."""
    return texte


_INVITES_MYST_NB = {
    "nb_code_prompt_show": ("Show code cell {type}", _("Afficher la cellule masquée")),
    "nb_code_prompt_hide": ("Hide code cell {type}", _("Masquer la cellule")),
}


def compiler(dossier_sortie: Path, langue: str) -> Path | None:
    """Compile les ``.po`` de ``langue`` en ``.mo`` sous ``dossier_sortie`` ; None si pas de catalogue."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    sources = sorted((ICI / langue / "LC_MESSAGES").glob("*.po"))
    if not sources:
        return None
    cible = dossier_sortie / langue / "LC_MESSAGES"
    cible.mkdir(parents=True, exist_ok=True)
    for po in sources:
        with po.open("rb") as f:
            catalogue = read_po(f, locale=langue)
        with (cible / f"{po.stem}.mo").open("wb") as f:
            write_mo(f, catalogue)
    return dossier_sortie


def _mettre_en_tete(app, dossier: Path, langue: str, catalogue: str) -> None:
    nouveau = gettext.translation(catalogue, localedir=str(dossier), languages=[langue])
    nouveau.cours_opendata = True
    existant = translators.get(("general", catalogue))
    while getattr(existant, "cours_opendata", False):  # reconstruction dans le même processus
        existant = existant._fallback
    if existant is not None and existant.__class__ is not NullTranslations:
        nouveau.add_fallback(existant)
    translators[("general", catalogue)] = nouveau
    if catalogue == "sphinx":
        # Les gabarits Jinja reçoivent app.translator à la création du constructeur HTML, plus tard.
        app.translator = nouveau


def installer(app, config) -> None:
    """Gestionnaire de ``config-inited`` : catalogues en tête, gabarits surchargés, options en français."""
    langue = (config.language or "").split("_")[0]
    dossier = compiler(Path(app.doctreedir).parent / "locales", langue) if langue else None
    if dossier is None:
        return
    for catalogue in CATALOGUES:
        if (dossier / langue / "LC_MESSAGES" / f"{catalogue}.mo").is_file():
            _mettre_en_tete(app, dossier, langue, catalogue)
    config.templates_path.insert(0, str(GABARITS))  # avant les dossiers « components » des thèmes
    theme = get_translation("booktheme")
    options = config.html_theme_options
    if options.get("search_bar_text", _TEXTE_RECHERCHE_JB) == _TEXTE_RECHERCHE_JB:
        options["search_bar_text"] = str(theme(_TEXTE_RECHERCHE_JB))
    for nom, (anglais, francais) in _INVITES_MYST_NB.items():
        if getattr(config, nom, anglais) == anglais:
            setattr(config, nom, traduire(francais, langue))


# ------------------------------------------------------------------ chaînes du cours (catalogue « cours »)
# Le français est la langue source : un message est sa phrase française ; sans traduction, elle reste.


@cache
def _traduits(langue: str) -> tuple[tuple[str, str, bool], ...]:
    """(message, traduction, vient d'un script) du catalogue « cours » de ``langue`` : traduits, non « fuzzy »."""
    from babel.messages.pofile import read_po

    po = ICI / langue / "LC_MESSAGES" / "cours.po"
    if langue == LANGUE_SOURCE or not po.is_file():
        return ()
    with po.open("rb") as f:
        return tuple((m.id, m.string, any(str(lieu).endswith(".js") for lieu, _ in m.locations))
                     for m in read_po(f) if m.id and m.string and not m.fuzzy)


@cache
def messages(langue: str) -> dict[str, str]:
    """Les traductions du catalogue « cours » dans ``langue``."""
    return {message: traduction for message, traduction, _script in _traduits(langue)}


def traduire(texte: str, langue: str | None) -> str:
    """``texte`` (français) dans ``langue`` ; le texte français s'il n'est pas encore traduit."""
    return messages((langue or LANGUE_SOURCE).split("_")[0]).get(texte, texte)


def messages_des_scripts(langue: str) -> dict[str, str]:
    """Les traductions des chaînes des scripts du cours (``_("…")`` dans les .js de ``static``)."""
    return {message: traduction for message, traduction, script in _traduits(langue) if script}
