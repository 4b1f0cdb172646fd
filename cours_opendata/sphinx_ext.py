"""Extension Sphinx du cours, chargée par ``_config.yml`` (``sphinx: extra_extensions``).

- ajoute ``quiz.js`` et ``cours.css`` (une seule copie, dans le paquet) à chaque page ;
- rôle ``{parcours}`décideurs``` : badge visible du parcours servi par une section ;
- rôle ``{ar}`…``` : texte arabe (lang="ar", dir="rtl") ;
- directive ``{catalogue-donnees}`` : la page « Catalogue des données » générée depuis
  ``data/datapackage.json`` ;
- valide toutes les banques de quiz au démarrage : une banque mal formée arrête la construction ;
- interface en français : catalogues de messages du cours, prioritaires sur ceux des thèmes
  (``cours_opendata/locales``).
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.errors import ExtensionError

from . import donnees, locales, quiz

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
    app.connect("builder-inited", _ajouter_statique)
    app.add_css_file("cours.css")
    app.add_js_file("quiz.js", loading_method="defer")
    app.add_role("parcours", role_parcours)
    app.add_role("ar", role_arabe)
    app.add_directive("catalogue-donnees", CatalogueDonnees)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
