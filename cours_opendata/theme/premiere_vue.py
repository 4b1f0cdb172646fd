"""Première visite plus légère et plus rapide (lecteurs sur connexion lente, téléphone).

- une seule feuille de style, ``_static/cours-site.css`` : les feuilles communes à toutes les pages
  (thème, extensions, cours), déjà élaguées, mises bout à bout dans leur ordre ; une requête au lieu
  de treize ;
- scripts en ``defer`` : ils ne bloquent plus l'affichage ; ``documentation_options.js``, que des
  scripts en ligne lisent aussitôt, est recopié dans la page (300 octets au lieu d'une requête bloquante) ;
- scripts d'extensions retirés des pages qui n'en ont pas l'usage (onglets, copie de code, boutons
  de dépliage) ;
- une description (``<meta name="description">``) tirée du premier paragraphe de la page ;
- dans les blocs de code, plus de balises pour les jetons qui gardent la couleur du bloc (noms, ponctuation) ;
- plus de blancs répétés entre les balises (indentation des gabarits : 4 à 6 Ko par page), ni de copie des
  règles que pandas répète dans chaque tableau ; les logos des menus fermés chargés à leur ouverture ;
- le surlignage des mots cherchés (``sphinx_highlight.js`` et les traductions de Sphinx, 9 Ko) chargé
  seulement quand on arrive d'une recherche.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from .. import bilingue, traduction

FEUILLE = "cours-site.css"
# Feuilles du thème écrites par ses gabarits (et non par la liste des feuilles de Sphinx).
FEUILLES_DU_THEME = ["basic.css", "styles/pydata-sphinx-theme.css"]
OPTIONS = "documentation_options.js"
BLOQUANTS = {OPTIONS}  # lu aussitôt par des scripts en ligne : recopié dans la page par ecrire_la_feuille
_LIEN_FEUILLE = re.compile(rf'{re.escape(FEUILLE)}(?:\?v=[0-9a-f]+)?(?=")')
_SCRIPT_DES_OPTIONS = re.compile(rf'<script src="[^"]*{re.escape(OPTIONS)}(?:\?v=[0-9a-f]+)?"></script>')
# Script → marque(s) dans le corps de la page sans laquelle (lesquelles) il ne sert à rien.
SCRIPTS_SELON_LA_PAGE = {
    "design-tabs.js": "sd-tab-set",
    "clipboard.min.js": "<pre",
    "copybutton.js": "<pre",
    "togglebutton.js": "toggle",
    "evaluation.js": "data-bilan",
    # quiz.js corrige les quiz et prête sa lecture des nombres et du stockage aux tests, au calculateur, à la fiche.
    "quiz.js": ("quiz-question", "quiz-progression", "data-calculateur", "data-fiche-decision"),
    "messages.js": ("quiz-question", "quiz-progression", "data-calculateur", "data-fiche-decision"),  # livre traduit
    "calculateur.js": "data-calculateur",
    "fiche-decision.js": "data-fiche-decision",
}


def _nom(fichier: str) -> str:
    return str(fichier).split("?")[0].removeprefix("_static/")


def communes(app) -> list[str]:
    """Les feuilles communes à toutes les pages, dans l'ordre où Sphinx les écrit."""
    feuilles = sorted(app.builder._css_files, key=lambda f: f.priority)  # css_files : obsolète en Sphinx 8
    return [*FEUILLES_DU_THEME, *(_nom(f.filename) for f in feuilles if "://" not in f.filename)]


def installer(app) -> None:
    app.connect("html-page-context", alleger_la_page, priority=950)
    app.connect("build-finished", ecrire_la_feuille, priority=950)  # après l'élagage (900)


def alleger_la_page(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or "css_files" not in context:
        return
    a_regrouper = communes(app)
    regroupees = app.__dict__.setdefault("_cours_feuilles_regroupees", {})  # ordonné : l'ordre des pages
    regroupees.update(dict.fromkeys(n for n in a_regrouper if n in FEUILLES_DU_THEME or n in
                                    {_nom(f.filename) for f in context["css_files"]}))
    autres = [f for f in context["css_files"] if _nom(f.filename) not in a_regrouper]
    # Nouvelle liste : celle du contexte est la liste même du constructeur, rétablie après chaque page.
    # Sphinx y ajoute l'empreinte de la feuille de la construction précédente, ou rien : ecrire_la_feuille
    # met ensuite la même, celle de la nouvelle feuille, dans toutes les pages.
    context["css_files"] = [_CascadingStyleSheet(f"_static/{FEUILLE}", priority=0), *autres]
    corps = context.get("body", "")
    scripts = []
    for script in context.get("script_files", []):
        nom = _nom(script.filename) if script.filename else ""
        marques = SCRIPTS_SELON_LA_PAGE.get(nom)
        if isinstance(marques, str):
            marques = (marques,)
        if marques and not any(m in corps for m in marques):
            continue
        # search.html : searchtools.js et l'index attendent doctools.js aussitôt chargé.
        if (nom and nom not in BLOQUANTS and pagename != "search"
                and "defer" not in script.attributes and "async" not in script.attributes):
            script = _JavaScript(script.filename, priority=script.priority, **{**script.attributes, "defer": "defer"})
        scripts.append(script)
    context["script_files"] = scripts
    if doctree is not None and "description" not in context.get("metatags", ""):
        description = _description(doctree)
        if description:
            from markupsafe import escape

            context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{escape(description)}" />\n'


def _description(doctree, longueur: int = 160) -> str:
    for paragraphe in doctree.findall(nodes.paragraph):
        if "duree-page" in paragraphe.get("classes", []):  # « Temps estimé… », sous chaque titre
            continue
        texte = " ".join(paragraphe.astext().split())
        if len(texte) >= 60:  # pas le badge de parcours ni une légende
            return texte if len(texte) <= longueur else texte[:longueur - 1].rsplit(" ", 1)[0] + "…"
    return ""


def _sans_commentaires(css: str) -> str:
    """La feuille sans ses commentaires (sauf les bandeaux « /*! » de licence) ni blancs entre règles."""
    import tinycss2

    regles = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    return "\n".join(r.serialize() for r in regles if r.type != "comment" or r.value.startswith("!"))


_BLOC_DE_CODE = re.compile(r'(<div class="highlight[^"]*"><pre>)(.*?)(</pre>)', re.S)
_SELECTEUR_DE_CODE = re.compile(r'(?:html\[data-theme="(light|dark)"\] )?\.highlight(?: \.([a-z0-9]+))?')


def classes_de_code_sans_effet(css: str) -> set[str]:
    """Les classes Pygments dont chaque règle ne fait que redonner au jeton la couleur du bloc de code, dans
    chaque mode : leurs balises ne changent rien à l'affichage (noms, ponctuation ; plus de la moitié des
    balises d'un notebook)."""
    import tinycss2

    base, regles_par_classe, exclues = {}, {}, set()
    for regle in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if regle.type != "qualified-rule":
            continue
        declarations = [(d.lower_name, tinycss2.serialize(d.value).strip().lower())
                        for d in tinycss2.parse_declaration_list(regle.content, skip_comments=True, skip_whitespace=True)
                        if d.type == "declaration"]
        for selecteur in tinycss2.serialize(regle.prelude).split(","):
            selecteur = " ".join(selecteur.split())
            m = _SELECTEUR_DE_CODE.fullmatch(selecteur)
            if m is None:  # une autre règle vise la classe (bouton de copie, invites…) : on n'y touche pas
                exclues.update(re.findall(r"\.highlight\b.*?\.([a-z0-9]+)", selecteur))
            elif m.group(2) is None:
                base[m.group(1)] = dict(declarations).get("color")
            else:
                regles_par_classe.setdefault(m.group(2), []).append((m.group(1), declarations))
    return {classe for classe, regles in regles_par_classe.items() if classe not in exclues
            and all(base.get(mode) and declarations == [("color", base[mode])] for mode, declarations in regles)}


def sans_balises_inutiles(html: str, classes: set[str]) -> str:
    """Retire, dans les blocs de code, les balises des ``classes`` sans effet ; le texte reste identique."""
    if not classes:
        return html
    noms = "|".join(map(re.escape, sorted(classes)))
    balise = re.compile(rf'<span class="(?:{noms})">([^<]*)</span>')
    return _BLOC_DE_CODE.sub(lambda m: m.group(1) + balise.sub(r"\1", m.group(2)) + m.group(3), html)


# Blocs où chaque blanc compte (ou qui ne sont pas du HTML), puis les blancs entre deux balises : les blancs
# ASCII seulement, ceux que HTML réduit (une espace insécable fine entre deux balises est du texte).
_BLANCS_ENTRE_BALISES = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|(?<=>)[ \t\n\r\f]+(?=<)", re.S | re.I)


def sans_blancs_entre_balises(html: str) -> str:
    """Chaque suite de blancs entre deux balises réduite à un blanc, un saut de ligne si elle en contenait un :
    le navigateur réduit déjà ces suites à un blanc (aucune feuille du site ne garde les blancs hors de
    ``<pre>``). ``<pre>``, ``<textarea>``, scripts et styles restent tels quels."""
    def reduire(m: re.Match) -> str:
        if m.group(1):
            return m.group(1)
        return "\n" if "\n" in m.group(0) else " "

    return _BLANCS_ENTRE_BALISES.sub(reduire, html)


_STYLE_LOCAL = re.compile(r"<style scoped>.*?</style>", re.S)


def sans_styles_repetes(html: str) -> str:
    """Un seul exemplaire de chaque ``<style scoped>`` de la page : pandas répète ses règles dans chaque tableau,
    et le navigateur (qui ignore ``scoped``) applique le premier à toute la page."""
    vus: set[str] = set()

    def une_fois(m: re.Match) -> str:
        if m.group(0) in vus:
            return ""
        vus.add(m.group(0))
        return m.group(0)

    return _STYLE_LOCAL.sub(une_fois, html)


# Le logo de Binder, dans le menu « Exécuter cette page » fermé : chargé quand le menu s'ouvre.
_LOGO_DE_MENU = re.compile(r'<img (alt="[^"]*" src="[^"]*_static/images/logo_\w+\.svg")>')


# Scripts qui ne servent qu'à surligner les mots cherchés (l'un après l'autre : le second lit le premier).
_SCRIPTS_DU_SURLIGNAGE = ("translations.js", "sphinx_highlight.js")
_NOMS_DU_SURLIGNAGE = "|".join(map(re.escape, _SCRIPTS_DU_SURLIGNAGE))
_SCRIPT_DIFFERE = re.compile(rf'<script defer="defer" src="([^"]*/(?:{_NOMS_DU_SURLIGNAGE})(?:\?v=[0-9a-f]+)?)"></script>\n?')
# Les mots viennent de la page de recherche (stockage local) ou d'un lien « ?highlight= » ; chargés après les
# scripts différés (doctools.js d'abord), dans l'ordre. Sans stockage permis, getItem lève : l'adresse suffit.
_CHARGEUR_DU_SURLIGNAGE = (
    '<script>document.addEventListener("DOMContentLoaded",function(){var t;try{t=localStorage.getItem('
    '"sphinx_highlight_terms")}catch(e){}if(!t&&!/[?&]highlight=/.test(location.search))return;%s.forEach('
    'function(u){var s=document.createElement("script");s.src=u;s.async=false;document.head.appendChild(s)})})'
    '</script>\n')


def surlignage_a_la_demande(html: str) -> str:
    """Les scripts du surlignage retirés de la page (search.html les charge sans ``defer`` : elle les garde),
    remplacés par un chargeur qui ne les demande qu'en arrivant d'une recherche."""
    adresses = {Path(a.split("?")[0]).name: a for a in _SCRIPT_DIFFERE.findall(html)}
    if set(adresses) != set(_SCRIPTS_DU_SURLIGNAGE):
        return html
    chargeur = _CHARGEUR_DU_SURLIGNAGE % json.dumps([adresses[n] for n in _SCRIPTS_DU_SURLIGNAGE])
    return _SCRIPT_DIFFERE.sub(lambda m: chargeur if m.group(1) == adresses[_SCRIPTS_DU_SURLIGNAGE[-1]] else "", html)


def alleger_le_html(html: str, classes_de_code: set[str]) -> str:
    """Ce que la page perd sans que rien ne change à l'écran (voir le haut du module)."""
    html = sans_balises_inutiles(surlignage_a_la_demande(sans_styles_repetes(html)), classes_de_code)
    return _LOGO_DE_MENU.sub(r'<img \1 loading="lazy">', sans_blancs_entre_balises(html))


def ecrire_la_feuille(app, exception) -> None:
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    regroupees = app.__dict__.get("_cours_feuilles_regroupees")
    if not regroupees:  # aucune page réécrite : la feuille de la construction précédente vaut toujours
        return
    statique = Path(app.outdir) / "_static"
    morceaux = []
    for nom in regroupees:
        fichier = statique / nom
        if fichier.is_file():
            texte = fichier.read_text(encoding="utf-8").replace('@import "../basic.css";', "")
            morceaux.append(f"/* {nom} */\n" + _sans_commentaires(texte))
    contenu = "\n".join(morceaux)
    (statique / FEUILLE).write_text(contenu, encoding="utf-8")
    # Une seule adresse pour la feuille dans tout le site, qui change avec son contenu : le navigateur la
    # garde en cache d'une page à l'autre et la recharge après une mise à jour.
    version = hashlib.sha256(contenu.encode("utf-8")).hexdigest()[:10]
    sans_effet = classes_de_code_sans_effet(contenu)
    options = " ".join((statique / OPTIONS).read_text(encoding="utf-8").split())
    for page in traduction.pages_de_la_langue(Path(app.outdir), bilingue.langue_de(app)):
        texte = page.read_text(encoding="utf-8")
        nouveau = alleger_le_html(_LIEN_FEUILLE.sub(f"{FEUILLE}?v={version}", texte), sans_effet)
        nouveau = _SCRIPT_DES_OPTIONS.sub(lambda _m: f"<script>{options}</script>", nouveau)
        if nouveau != texte:
            page.write_text(nouveau, encoding="utf-8")
