"""Extension Sphinx du cours, chargée par ``_config.yml`` (``sphinx: extra_extensions``).

- ajoute ``quiz.js``, ``quiz.css`` et ``cours.css`` (une seule copie, dans le paquet) à chaque page ;
- rôle ``{parcours}`décideurs``` : badge visible du parcours servi par une section ;
- rôle ``{ar}`…``` : texte arabe (lang="ar", dir="rtl") ;
- directive ``{catalogue-donnees}`` : la page « Catalogue des données » générée depuis
  ``data/datapackage.json`` ;
- valide toutes les banques de quiz au démarrage : une banque mal formée arrête la construction ;
- interface en français : catalogues de messages du cours, prioritaires sur ceux des thèmes
  (``cours_opendata/locales``) ;
- thème allégé : icônes légères, CSS élaguées, pas de fontawesome.js (``cours_opendata/theme`` ;
  ``COURS_THEME_PAR_DEFAUT=1`` le débranche).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.errors import ExtensionError

from . import construction, donnees, locales, quiz, theme

STATIQUE = Path(__file__).parent / "static"

_PARCOURS = {
    "décideurs": ("decideurs", "Parcours décideurs"),
    "decideurs": ("decideurs", "Parcours décideurs"),
    "opérationnels": ("operationnels", "Parcours opérationnels"),
    "operationnels": ("operationnels", "Parcours opérationnels"),
    "tous": ("tous", "Tous publics"),
}


def role_parcours(name, rawtext, text, lineno, inliner, options=None, content=None):
    cle = text.strip().lower()
    if cle not in _PARCOURS:
        message = inliner.reporter.error(
            f"Parcours inconnu « {text} » : utilisez décideurs, opérationnels ou tous.", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    classe, libelle = _PARCOURS[cle]
    noeud = nodes.inline(rawtext, libelle, classes=["badge-parcours", f"badge-{classe}"])
    return [noeud], []


def role_arabe(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Texte arabe, balisé pour l'affichage de droite à gauche et pour les lecteurs d'écran."""
    return [nodes.raw(rawtext, f'<span lang="ar" dir="rtl">{html.escape(text)}</span>', format="html")], []


class CatalogueDonnees(Directive):
    """Tableau des ressources du catalogue, une ligne par ressource."""

    has_content = False

    def run(self):
        e = html.escape
        lignes = []
        for r in donnees.catalogue_brut()["resources"]:
            couverture = r.get("couverture_temporelle") or {}
            annees = "–".join(str(x)[:4] for x in (couverture.get("debut"), couverture.get("fin")) if x)
            licences = ", ".join(l.get("title") or l.get("name", "") for l in r.get("licenses", []))
            note = f'<br><span class="catalogue-note">⚠ {e(r["licence_note"])}</span>' if r.get("licence_note") else ""
            parties = ", ".join(str(p) for p in r.get("parties", []))
            lignes_ = f"{r['lignes']:,}".replace(",", "\u202f") if isinstance(r.get("lignes"), int) else "—"
            lignes.append(
                "<tr>"
                f'<th scope="row"><code>{e(r["name"])}</code></th>'
                f'<td><strong>{e(r.get("title", ""))}</strong><br>{e(r.get("description", ""))}</td>'
                f'<td>{e(r.get("editeur", ""))}</td>'
                f"<td>{e(licences)}{note}</td>"
                f"<td>{e(annees)}</td>"
                f'<td>{e(r.get("format", "").upper())}</td>'
                f"<td>{lignes_}</td>"
                f"<td>{e(parties)}</td>"
                f'<td><a href="{e(r.get("path", ""))}">fichier amont épinglé</a></td>'
                "</tr>"
            )
        tableau = (
            '<div class="catalogue-donnees" role="region" aria-label="Catalogue des données" tabindex="0">'
            "<table><caption>Ressources du catalogue (data/datapackage.json)</caption><thead><tr>"
            '<th scope="col">Nom</th><th scope="col">Titre et description</th><th scope="col">Éditeur</th>'
            '<th scope="col">Licence</th><th scope="col">Années</th><th scope="col">Format</th>'
            '<th scope="col">Lignes</th><th scope="col">Parties</th><th scope="col">Source</th>'
            "</tr></thead><tbody>" + "".join(lignes) + "</tbody></table></div>"
        )
        env = self.state.document.settings.env
        env.note_dependency(str(donnees.fichier_catalogue()))
        return [nodes.raw("", tableau, format="html")]


_ROLE_PARCOURS = re.compile(r"\{parcours\}`([^`]+)`")


def badges_de_la_page(source: Path) -> set[str]:
    """Les parcours annoncés sous le titre d'une page (premier paragraphe après le « # » titre)."""
    if source.suffix == ".ipynb":
        cellules = json.loads(source.read_text(encoding="utf-8"))["cells"]
        texte = "\n".join("".join(c["source"]) for c in cellules if c["cell_type"] == "markdown")
    else:
        texte = source.read_text(encoding="utf-8")
    lignes = texte.splitlines()
    debut = next((i for i, l in enumerate(lignes) if l.startswith("# ")), None)
    if debut is None:
        return set()
    paragraphe = []
    for ligne in lignes[debut + 1:]:
        if ligne.strip():
            paragraphe.append(ligne)
        elif paragraphe:
            break
    return {_PARCOURS[b.strip().lower()][0] for b in _ROLE_PARCOURS.findall(" ".join(paragraphe))
            if b.strip().lower() in _PARCOURS}


def pages_du_parcours(racine: Path, parcours: str) -> list[tuple[str, list[str]]]:
    """[(légende de la partie, [documents])] pour un parcours, dans l'ordre de _toc.yml.

    Une page ouvrante de partie est dans les deux parcours ; une autre page y est si son badge
    nomme ce parcours ou « tous »."""
    import yaml

    toc = yaml.safe_load((racine / "_toc.yml").read_text(encoding="utf-8"))
    resultat = []
    for partie in toc.get("parts", []):
        if not str(partie.get("caption", "")).startswith("Partie "):
            continue
        documents = []
        for entree in construction.fichiers_de_la_table({"parts": [partie]}):
            source = construction.source_de(entree, racine)
            if source is None:
                continue
            badges = badges_de_la_page(source)
            if entree.endswith("/index") or parcours in badges or "tous" in badges:
                documents.append(entree)
        resultat.append((partie["caption"], documents))
    return resultat


class PagesDuParcours(Directive):
    """Liste ordonnée des pages d'un parcours, tirée de _toc.yml et des badges des pages."""

    required_arguments = 1

    def run(self):
        env = self.state.document.settings.env
        cle = _PARCOURS.get(self.arguments[0].strip().lower(), (None,))[0]
        if cle not in {"decideurs", "operationnels"}:
            raise self.error("parcours-pages : argument attendu « décideurs » ou « opérationnels ».")
        racine = Path(env.srcdir)
        env.note_dependency(str(racine / "_toc.yml"))
        liste = nodes.enumerated_list()
        for legende, documents in pages_du_parcours(racine, cle):
            item = nodes.list_item()
            item += nodes.paragraph(text=legende)
            sous_liste = nodes.bullet_list()
            for doc in documents:
                env.note_dependency(str(construction.source_de(doc, racine)))
                para = nodes.paragraph()
                ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + doc,
                                            refexplicit=False, refwarn=True)
                ref += nodes.inline("", doc)
                para += ref
                sous_liste += nodes.list_item("", para)
            item += sous_liste
            liste += item
        return [liste]


_LIEN_EXTERNE = re.compile(r'<a\s[^>]*?href="(https?://[^"]+)"')


def _ecrire_liens_externes(app, exception):
    """Relève les liens vers d'autres sites dans les pages produites (toutes, même non reconstruites),
    pour une vérification périodique par qui a le réseau."""
    if exception is not None or app.builder.format != "html":
        return
    sortie = Path(app.outdir)
    liens: dict[str, set[str]] = {}
    for page in sortie.rglob("*.html"):
        if {"_static", "_sources"} & set(page.relative_to(sortie).parts):
            continue
        for uri in _LIEN_EXTERNE.findall(page.read_text(encoding="utf-8")):
            liens.setdefault(html.unescape(uri), set()).add(str(page.relative_to(sortie)))
    lignes = ["# Liens externes du livre (adresse, pages) : à vérifier périodiquement, par exemple avec",
              "# `jupyter-book build . --builder linkcheck` sur un poste qui a accès à Internet."]
    lignes += [f"{uri}\t{' '.join(sorted(pages))}" for uri, pages in sorted(liens.items())]
    (sortie.parent / "liens-externes.txt").write_text("\n".join(lignes) + "\n", encoding="utf-8")


def _corriger_liste_de_citations(app, pagename, templatename, context, doctree):
    """docutils marque la liste des références role="list" sans enfants role="listitem" : axe la
    signale comme erreur critique. Les entrées gardent leur rôle doc-biblioentry."""
    if "body" in context:
        context["body"] = context["body"].replace('<div role="list" class="citation-list">',
                                                  '<div class="citation-list">')


def _sans_thebe(app, config):
    """Jupyter Book 1 charge toujours sphinx-thebe : son script de configuration est injecté deux fois
    (erreur dans la console) et pointe vers un CDN. Le cours n'utilise pas Thebe : on le débranche."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)
    app.registry.css_files = [(f, a) for f, a in app.registry.css_files if "thebe" not in str(f)]


def _ajouter_statique(app):
    app.config.html_static_path.append(str(STATIQUE))
    try:
        quiz.toutes_les_banques(Path(app.srcdir) / "book")
    except quiz.BanqueInvalide as exc:
        raise ExtensionError(str(exc)) from None


def setup(app):
    app.connect("config-inited", _sans_thebe)
    app.connect("config-inited", locales.installer)
    app.connect("config-inited", theme.installer)
    app.connect("builder-inited", _ajouter_statique)
    app.connect("build-finished", _ecrire_liens_externes)
    app.connect("html-page-context", _corriger_liste_de_citations)
    app.add_css_file("cours.css")
    app.add_css_file("quiz.css")
    app.add_js_file("quiz.js", loading_method="defer")
    app.add_js_file("navigation.js", loading_method="defer")
    app.add_role("parcours", role_parcours)
    app.add_role("ar", role_arabe)
    app.add_directive("catalogue-donnees", CatalogueDonnees)
    app.add_directive("parcours-pages", PagesDuParcours)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
