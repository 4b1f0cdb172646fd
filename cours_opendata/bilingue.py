"""Le livre dans ses deux langues, côté Sphinx : sélecteur de langue, sens d'écriture, pages non traduites.

Branché par :mod:`cours_opendata.sphinx_ext` pour toute construction HTML :

- chaque page porte un lien vers la même page dans l'autre langue (en-tête de l'article) ;
- en arabe, ``<html lang="ar" dir="rtl">`` et les feuilles de style retournées (:mod:`.css_rtl`) ;
- une page dont les messages ne sont pas tous traduits garde son texte français, signalé par un
  avertissement en arabe ; les paragraphes restés en français sont marqués ``lang="fr" dir="ltr"``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.util.nodes import extract_messages

from . import css_rtl, locales
from .traduction import DOSSIER_CATALOGUES, LANGUE_SOURCE, LANGUES, a_traduire, terminologie

COMPOSANT = "bascule-langue.html"
MESSAGES_DES_SCRIPTS = "messages.js"
CLASSE_NON_TRADUIT = "non-traduit"
_BALISE_HTML = re.compile(r"<html(?=[\s>])")
# Balises d'un passage en français (non traduit, ou terme source du glossaire) : lang et sens posés à l'écriture.
_NON_TRADUIT = re.compile(rf'(<\w+)((?:\s+(?!class=)[\w-]+="[^"]*")*\s+class="(?:[^"]*\s)?(?:{CLASSE_NON_TRADUIT}|terme-source)[\s"])')


def langue_de(app) -> str:
    """La langue du livre en construction (« fr », « ar »)."""
    return (app.config.language or LANGUE_SOURCE).split("_")[0]


def installer(app, config) -> None:
    """Gestionnaire de ``config-inited``."""
    langue = langue_de(app)
    if langue not in LANGUES:
        return
    options = config.html_theme_options
    fin = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if COMPOSANT not in fin:
        options["article_header_end"] = [COMPOSANT, *fin]
    app.connect("html-page-context", lien_vers_l_autre_langue)
    if langue != LANGUE_SOURCE:
        traduire_la_configuration(config, langue)
        app.connect("builder-inited", ecrire_les_messages_des_scripts)
        app.add_js_file(MESSAGES_DES_SCRIPTS, priority=400, loading_method="defer")  # avant quiz.js (500)
        app.connect("doctree-resolved", marquer_le_non_traduit)
        app.connect("html-page-context", signaler_le_non_traduit)
    if LANGUES[langue].sens == "rtl":
        app.connect("builder-inited", _sens_de_droite_a_gauche)
        app.connect("build-finished", retourner_les_feuilles, priority=960)  # après cours-site.css (950)
    if langue == "ar":
        app.connect("build-finished", alleger_les_polices, priority=970)


def traduire_la_configuration(config, langue: str) -> None:
    """Titre du livre, auteur et pied de page (``_config.yml``) dans ``langue``."""
    for nom in ("project", "html_title", "author", "copyright"):
        valeur = getattr(config, nom, None)
        if isinstance(valeur, str):
            setattr(config, nom, locales.traduire(valeur.strip(), langue))
    options = config.html_theme_options
    if isinstance(options.get("extra_footer"), str):
        pied = options["extra_footer"].strip()
        options["extra_footer"] = locales.traduire(pied, langue)


def traduire_la_table(app, config) -> None:
    """Intitulés des parties de ``_toc.yml`` dans la langue du livre (après sphinx-external-toc, priorité 900)."""
    if langue_de(app) == LANGUE_SOURCE:
        return
    carte = getattr(config, "external_site_map", None)
    for document in (carte.values() if carte is not None else []):
        for sous_arbre in getattr(document, "subtrees", []):
            if sous_arbre.caption:
                object.__setattr__(sous_arbre, "caption", locales.traduire(sous_arbre.caption, langue_de(app)))


def ecrire_les_messages_des_scripts(app) -> None:
    """``_static/messages.js`` : les traductions des phrases des scripts (``_()`` de quiz.js), pour ce livre."""
    dossier = Path(app.doctreedir) / "statique-de-la-langue"
    dossier.mkdir(parents=True, exist_ok=True)
    messages = json.dumps(locales.messages_des_scripts(langue_de(app)), ensure_ascii=False, sort_keys=True)
    (dossier / MESSAGES_DES_SCRIPTS).write_text(f"window.coursMessages = {messages};\n", encoding="utf-8")
    app.config.html_static_path.append(str(dossier))


def lien_vers_l_autre_langue(app, pagename, templatename, context, doctree) -> None:
    """``context["langues"]`` : [(code, nom, adresse relative de la même page)] pour les autres langues."""
    if app.builder.format != "html":
        return
    ici = langue_de(app)
    vers_racine = "../" * pagename.count("/")
    if LANGUES[ici].dossier:
        vers_racine += "../" * (LANGUES[ici].dossier.count("/") + 1)
    autres = []
    for code, langue in LANGUES.items():
        if code == ici:
            continue
        dossier = f"{langue.dossier}/" if langue.dossier else ""
        autres.append((code, langue.nom, f"{vers_racine}{dossier}{pagename}.html"))
    # Pas de <link rel="alternate" hreflang> : il exige une adresse absolue, inconnue d'un site qui s'ouvre
    # aussi depuis le disque (Lighthouse le compte comme une faute de référencement).
    context["langues"] = autres


def sortie_de_code(noeud: nodes.Node) -> bool:
    """Vrai pour un texte produit par le code de la page (légende d'un graphique, sortie d'une cellule) : il
    vient du livre français exécuté, pas d'un catalogue ; il reste marqué français sans compter comme manquant."""
    parent = noeud.parent
    while parent is not None:
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if "graphique" in classes or "cell_output" in classes:
            return True
        parent = parent.parent
    return False


def part_traduite(doctree: nodes.document) -> tuple[int, int]:
    """(messages traduits, messages traduisibles) d'une page après la transformation i18n de Sphinx."""
    total = traduits = 0
    for noeud, message in extract_messages(doctree):
        if noeud.get("translated") or (a_traduire(message) and not sortie_de_code(noeud)):
            total += 1
            traduits += bool(noeud.get("translated"))
    return traduits, total


def _gardes_tels_quels(app, docname: str) -> set[str]:
    """Les messages de la page que le traducteur a gardés tels quels (msgstr recopié du français) : Sphinx
    ne les marque pas traduits, ils le sont pourtant."""
    from babel.messages.pofile import read_po

    po = Path(app.srcdir) / DOSSIER_CATALOGUES / langue_de(app) / "LC_MESSAGES" / f"{docname}.po"
    if not po.is_file():
        return set()
    with po.open("rb") as f:
        return {m.id for m in read_po(f) if m.id and m.string == m.id}


def termes_du_glossaire(app, doctree) -> None:
    """Les intitulés du glossaire dans la langue du livre, d'après ``locales/terminologie.yml`` (le terme
    français suit, entre parenthèses) ; l'ancre et les renvois ``{term}`` restent ceux du terme français."""
    termes_de_la_page = list(doctree.findall(nodes.term))
    termes = terminologie(Path(app.srcdir)) if termes_de_la_page else {}
    for terme in termes_de_la_page:
        francais = terme.astext()
        entree = termes.get(francais)
        if entree and entree.get(langue_de(app)):
            terme.children = [nodes.Text(entree[langue_de(app)] + " "),
                              nodes.inline("", f"({francais})", classes=["terme-source"])]
            terme["translated"] = True


def marquer_le_non_traduit(app, doctree, docname) -> None:
    """Les blocs restés en français portent la classe ``non-traduit`` (lang et sens posés à l'écriture)."""
    termes_du_glossaire(app, doctree)
    gardes = _gardes_tels_quels(app, docname)
    for noeud, message in extract_messages(doctree):
        if message in gardes:
            noeud["translated"] = True
        elif not noeud.get("translated") and a_traduire(message) and isinstance(noeud, nodes.Element):
            noeud["classes"].append(CLASSE_NON_TRADUIT)


def signaler_le_non_traduit(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or "body" not in context:
        return
    traduits, total = part_traduite(doctree)

    def _(texte: str) -> str:
        return locales.traduire(texte, langue_de(app))

    corps = _NON_TRADUIT.sub(r'\1 lang="fr" dir="ltr"\2', context["body"])
    if total and traduits < total:
        if traduits == 0:
            texte = _("Cette page n'est pas encore traduite en arabe : voici son texte en français.")
        else:
            texte = _("Cette page n'est traduite qu'en partie : les passages restés en français sont "
                      "signalés par leur langue.")
        corps = f'<div class="admonition note avis-traduction" role="note"><p>{texte}</p></div>\n{corps}'
    context["body"] = corps


def _sens_de_droite_a_gauche(app) -> None:
    """``dir="rtl"`` sur la balise ``<html>`` : le thème l'écrit sans bloc à surcharger, on la complète
    au rendu de chaque gabarit."""
    gabarits = app.builder.templates
    rendre = gabarits.render

    def render(template, context):
        return _BALISE_HTML.sub('<html dir="rtl"', rendre(template, context), count=1)

    gabarits.render = render


# Toujours gardés dans la police, même absents des pages : lettres, voyelles brèves, ponctuation et marques
# de sens de l'arabe de base (ce qu'un lecteur peut taper dans un champ, ce qu'un script peut afficher).
_ARABE_DE_BASE = {*range(0x0621, 0x0653), 0x060C, 0x061B, 0x061F, 0x0640, 0x066A, 0x066B, 0x066C, 0x0670,
                  0x200C, 0x200D, 0x200E, 0x200F}
POLICES = Path(__file__).parent / "static" / "polices"


def caracteres_du_site(html: Path) -> set[int]:
    caracteres: set[int] = set()
    for fichier in [*html.rglob("*.html"), *html.rglob("*.js")]:
        caracteres |= {ord(c) for c in set(fichier.read_text(encoding="utf-8", errors="replace")) if ord(c) > 0x7f}
    return caracteres


def alleger_les_polices(app, exception) -> None:
    """Gestionnaire de ``build-finished`` : chaque police arabe réduite aux caractères du livre et à l'arabe de
    base (fontTools, formes contextuelles et ligatures comprises) : ~11 Ko au lieu de ~52 Ko par graisse."""
    if exception is not None or app.builder.format != "html":
        return
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    caracteres = caracteres_du_site(Path(app.outdir)) | _ARABE_DE_BASE
    for source in sorted(POLICES.glob("*.woff2")):
        police = TTFont(source)
        options = subset.Options()
        options.flavor, options.layout_features, options.name_IDs, options.notdef_outline = "woff2", ["*"], ["*"], True
        decoupe = subset.Subsetter(options)
        decoupe.populate(unicodes=caracteres & set(police.getBestCmap()))
        decoupe.subset(police)
        tampon = io.BytesIO()
        police.save(tampon)
        (Path(app.outdir) / "_static" / "polices" / source.name).write_bytes(tampon.getvalue())


def retourner_les_feuilles(app, exception) -> None:
    """Gestionnaire de ``build-finished`` : chaque feuille de ``_static`` retournée pour la droite à gauche."""
    if exception is not None or app.builder.format != "html":
        return
    for feuille in sorted(Path(app.outdir, "_static").rglob("*.css")):
        texte = feuille.read_text(encoding="utf-8")
        if not texte.startswith(css_rtl.MARQUE):
            feuille.write_text(css_rtl.retourner(texte), encoding="utf-8")
