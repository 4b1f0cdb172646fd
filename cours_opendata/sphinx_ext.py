"""Extension Sphinx du cours, chargée par ``_config.yml`` (``sphinx: extra_extensions``).

- directive ``{quiz} partie-1 licences`` : le quiz statique d'une section, rendu à la construction
  (la banque ``book/partie-1/quiz.yml`` devient une dépendance de la page) ;
- directive ``{progression}`` : le bilan « Ma progression », dépendant de toutes les banques et des tests ;
- directives ``{objectifs} partie-1`` (objectifs d'une partie, tirés de sa banque) et ``{evaluation} pre-test``
  (un formulaire de ``book/evaluation/evaluations.yml``) ;
- directive ``{catalogue-donnees}`` : la page « Catalogue des données » (``data/datapackage.json``) ;
- directive ``{parcours-pages}`` : la liste des pages d'un parcours (``_toc.yml`` et badges) ;
- rôles ``{parcours}`décideurs``` (badge du parcours d'une section) et ``{ar}`…``` (texte arabe) ;
- ``quiz.js``, ``quiz.css``, ``cours.css``, ``navigation.js`` sur chaque page, ``favicon.ico`` à la racine ;
- le livre dans ses deux langues (``bilingue``, ``recherche_arabe``), interface traduite (``locales``),
  thème allégé (``theme`` ; ``COURS_THEME_PAR_DEFAUT=1`` le débranche).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from . import (
    ateliers,
    bilingue,
    construction,
    couts,
    donnees,
    durees,
    favicon,
    gabarits,
    locales,
    noyaux,
    parcours,
    quiz,
    recherche_arabe,
    risques,
    theme,
    traduction,
)

STATIQUE = Path(__file__).parent / "static"


class _DirectiveMyST(SphinxDirective):
    """Base des directives qui produisent du MyST (tableaux avec liens et citations), analysé dans la page."""

    def analyser(self, lignes: list[str]) -> list[nodes.Node]:
        from docutils.statemachine import StringList

        conteneur = nodes.container()
        self.state.nested_parse(StringList(lignes, source=self.env.docname), self.content_offset, conteneur)
        return conteneur.children


def role_parcours(name, rawtext, text, lineno, inliner, options=None, content=None):
    trouve = parcours.trouver(text)
    if trouve is None:
        message = inliner.reporter.error(
            f"Parcours inconnu « {text} » : utilisez {', '.join(parcours.PARCOURS)}.", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    libelle = parcours.traduit(trouve.cle, bilingue.langue_de(inliner.document.settings.env.app)).libelle
    noeud = nodes.inline(rawtext, libelle, classes=["badge-parcours", f"badge-{trouve.classe}"])
    return [noeud], []


def role_parcours_de(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{parcours-de}`definitions``` : les badges que la page visée porte sous son titre (une seule déclaration
    par page ; les tableaux des pages d'ouverture les reprennent)."""
    env = inliner.document.settings.env
    cible = text.strip()
    docname = cible.lstrip("/") if cible.startswith("/") else (Path(env.docname).parent / cible).as_posix()
    docname = str(Path(docname).as_posix())
    parties = []
    for morceau in docname.split("/"):
        if morceau == "..":
            parties.pop() if parties else None
        elif morceau not in ("", "."):
            parties.append(morceau)
    docname = "/".join(parties)
    source = construction.source_de(docname, Path(env.srcdir))
    badges = badges_de_la_page(source) if source else set()
    if not badges:
        message = inliner.reporter.error(f"parcours-de : page « {cible} » introuvable ou sans badge de parcours "
                                         "sous son titre.", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    env.note_dependency(str(source))
    noeuds = []
    for cle in parcours.PARCOURS:
        if cle in badges:
            p = parcours.traduit(cle, bilingue.langue_de(env.app))
            if noeuds:
                noeuds.append(nodes.Text(" "))
            noeuds.append(nodes.inline(rawtext, p.libelle, classes=["badge-parcours", f"badge-{p.classe}"]))
    return noeuds, []


def role_arabe(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Texte arabe, balisé pour l'affichage de droite à gauche et pour les lecteurs d'écran."""
    return [nodes.raw(rawtext, f'<span lang="ar" dir="rtl">{html.escape(text)}</span>', format="html")], []


class DirectiveQuiz(SphinxDirective):
    """``{quiz} partie-1 licences`` : les questions d'une section (toute la banque sans 2ᵉ argument)."""

    required_arguments = 1
    optional_arguments = 1

    def run(self):
        partie = self.arguments[0]
        section = self.arguments[1] if len(self.arguments) > 1 else None
        dossier = quiz.dossier_livre(self.env.srcdir)
        fichier = quiz.fichier_banque(partie, dossier)
        self.env.note_dependency(str(fichier))
        try:
            questions = quiz.questions_de(partie, section, dossier)
        except quiz.BanqueInvalide as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", quiz.quiz_html(partie, questions, bilingue.langue_de(self.env.app)), format="html")]


_DIRECTIVE_QUIZ = re.compile(r"^```\{(quiz|evaluation)\}[ \t]+(\S+)(?:[ \t]+(\S+))?", re.M)


def pages_des_quiz(racine: Path) -> dict[tuple[str, str | None], str]:
    """{(partie, section) ou ("evaluation", formulaire): document} : où chaque quiz et chaque test est affiché."""
    pages = {}
    for source in sorted((racine / "book").rglob("*.md")):
        for genre, premier, second in _DIRECTIVE_QUIZ.findall(source.read_text(encoding="utf-8")):
            cle = ("evaluation", premier) if genre == "evaluation" else (premier, second or None)
            pages.setdefault(cle, source.relative_to(racine).with_suffix("").as_posix())
    return pages


class DirectiveProgression(SphinxDirective):
    """``{progression}`` : le bilan de toutes les banques du livre et des tests, avec un lien vers chaque question."""

    def run(self):
        racine = Path(self.env.srcdir)
        dossier = quiz.dossier_livre(racine)
        for fichier in [*quiz.fichiers_banques(dossier), quiz.fichier_evaluations(dossier)]:
            self.env.note_dependency(str(fichier))
        try:
            banques = quiz.toutes_les_banques(dossier)
            evaluations = quiz.evaluations_du_livre(dossier)
        except quiz.BanqueInvalide as exc:
            raise self.error(str(exc)) from None
        pages, liens = pages_des_quiz(racine), {}
        vers = self.env.app.builder.get_relative_uri
        for b in banques:
            for q in b.questions:
                doc = pages.get((b.partie, q.section)) or pages.get((b.partie, None))
                if doc:
                    liens[q.id] = f"{vers(self.env.docname, doc)}#q-{q.id}"
        for cle in evaluations:
            if ("evaluation", cle) in pages:
                liens[cle] = vers(self.env.docname, pages[("evaluation", cle)])
        return [nodes.raw("", quiz.progression_html(banques, liens, evaluations, bilingue.langue_de(self.env.app)),
                          format="html")]


class DirectiveObjectifs(SphinxDirective):
    """``{objectifs} partie-1`` : les objectifs d'apprentissage de la partie, tirés de sa banque."""

    required_arguments = 1

    def run(self):
        dossier = quiz.dossier_livre(self.env.srcdir)
        self.env.note_dependency(str(quiz.fichier_banque(self.arguments[0], dossier)))
        try:
            banque = quiz.banque_de(self.arguments[0], dossier)
        except (quiz.BanqueInvalide, FileNotFoundError) as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", quiz.objectifs_html(banque, bilingue.langue_de(self.env.app)), format="html")]


class DirectiveEvaluation(SphinxDirective):
    """``{evaluation} pre-test`` : un formulaire d'évaluation de ``book/evaluation/evaluations.yml``."""

    required_arguments = 1

    def run(self):
        dossier = quiz.dossier_livre(self.env.srcdir)
        for fichier in [*quiz.fichiers_banques(dossier), quiz.fichier_evaluations(dossier)]:
            self.env.note_dependency(str(fichier))
        cle = self.arguments[0]
        if cle not in quiz.FORMES:
            raise self.error(f"evaluation : formulaire « {cle} » inconnu ; attendu : {', '.join(quiz.FORMES)}.")
        try:
            evaluation = quiz.charger_evaluations(dossier)[cle]
        except quiz.BanqueInvalide as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", quiz.evaluation_html(evaluation, self.config.project, bilingue.langue_de(self.env.app)),
                          format="html")]


def _lignes_du_catalogue() -> list[dict]:
    """Le résumé du catalogue (``donnees.resume_du_catalogue``), mis en forme pour la page."""
    lignes = []
    for r in donnees.resume_du_catalogue():
        lignes.append({
            **r,
            "licence": r["licence_titre"],
            "annees": "–".join(str(x)[:4] for x in (r["debut"], r["fin"]) if x),
            "format": r["format"].upper(),
            "lignes": f"{r['lignes']:,}".replace(",", "\u202f") if isinstance(r["lignes"], int) else "—",
            "parties": ", ".join(str(p) for p in r["parties"]),
        })
    return lignes


class CatalogueDonnees(SphinxDirective):
    """Tableau des ressources du catalogue, une ligne par ressource."""

    def run(self):
        self.env.note_dependency(str(donnees.fichier_catalogue()))
        try:
            lignes = _lignes_du_catalogue()
        except donnees.ErreurDonnees as exc:
            raise self.error(str(exc)) from None
        tableau = gabarits.rendre("catalogue.html", ressources=lignes)
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
    trouves = (parcours.trouver(b) for b in _ROLE_PARCOURS.findall(" ".join(paragraphe)))
    return {p.cle for p in trouves if p is not None}


#: Les groupes de la table des matières dont les pages forment les parcours (les annexes n'en sont pas).
GROUPES_DES_PARCOURS = ("Partie ", "Le kit des décideurs", "Évaluation")


def pages_du_parcours(racine: Path, cible: str) -> list[tuple[str, list[str]]]:
    """[(légende de la partie, [documents])] pour un parcours, dans l'ordre de _toc.yml.

    Une page ouvrante de partie est dans les deux parcours ; une autre page y est si son badge
    nomme ce parcours ou « tous ». Groupes retenus : ``GROUPES_DES_PARCOURS``."""
    import yaml

    toc = yaml.safe_load((racine / "_toc.yml").read_text(encoding="utf-8"))
    resultat = []
    for partie in toc.get("parts", []):
        if not str(partie.get("caption", "")).startswith(GROUPES_DES_PARCOURS):
            continue
        documents = []
        for entree in construction.fichiers_de_la_table({"parts": [partie]}):
            source = construction.source_de(entree, racine)
            if source is None:
                continue
            badges = badges_de_la_page(source)
            ouvrante = entree.startswith("book/partie-") and entree.endswith("/index")
            if ouvrante or cible in badges or "tous" in badges:
                documents.append(entree)
        resultat.append((partie["caption"], documents))
    return resultat


class PagesDuParcours(SphinxDirective):
    """Liste ordonnée des pages d'un parcours, tirée de _toc.yml et des badges des pages."""

    required_arguments = 1

    def run(self):
        env = self.env
        trouve = parcours.trouver(self.arguments[0])
        if trouve is None or trouve.cle not in parcours.CIBLES:
            raise self.error(f"parcours-pages : argument attendu {' ou '.join(parcours.CIBLES)}.")
        cle = trouve.cle
        racine = Path(env.srcdir)
        env.note_dependency(str(racine / "_toc.yml"))
        liste = nodes.enumerated_list()
        for legende, documents in pages_du_parcours(racine, cle):
            item = nodes.list_item()
            item += nodes.paragraph(text=locales.traduire(legende, bilingue.langue_de(env.app)))
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


def _pages_de_la_partie(racine: Path, partie: str) -> list[str]:
    import yaml

    toc = yaml.safe_load((racine / "_toc.yml").read_text(encoding="utf-8"))
    for groupe in toc.get("parts", []):
        entrees = construction.fichiers_de_la_table({"parts": [groupe]})
        if f"book/{partie}/index" in entrees:
            return entrees
    return []


class DirectiveCalculateur(SphinxDirective):
    """``{calculateur-couts}`` : le calculateur du coût d'ouverture (modèle : ``couts``)."""

    def run(self):
        self.env.note_dependency(couts.__file__)
        return [nodes.raw("", couts.calculateur_html(bilingue.langue_de(self.env.app)), format="html")]


class DirectiveRegistreDesRisques(_DirectiveMyST):
    """``{registre-des-risques}`` : le registre de ``book/decider/risques.yml`` en tableaux."""

    def run(self):
        fichier = risques.fichier_registre(quiz.dossier_livre(self.env.srcdir))
        self.env.note_dependency(str(fichier))
        try:
            lignes = risques.registre_myst(risques.charger_registre(fichier), bilingue.langue_de(self.env.app))
        except risques.RegistreInvalide as exc:
            raise self.error(str(exc)) from None
        return self.analyser(lignes)


#: Le parcours essentiel des décideurs : au plus ce temps, et il se termine par la fiche de décision.
MINUTES_DU_PARCOURS_ESSENTIEL = 90
FIN_DU_PARCOURS_ESSENTIEL = "book/decider/fiche-de-decision"


class DirectiveParcoursEssentiel(_DirectiveMyST):
    """``{parcours-essentiel}`` (une page par ligne) : le tableau des pages, leur temps et le cumul ; la construction
    s'arrête si le total dépasse 90 minutes, si une page montre du code ou n'est pas du parcours décideurs,
    ou si le parcours ne finit pas sur la fiche de décision."""

    has_content = True

    def run(self):
        racine = Path(self.env.srcdir)
        dossier = quiz.dossier_livre(racine)
        documents = [ligne.strip() for ligne in self.content if ligne.strip()]
        erreurs, lignes, cumul = [], ["| | Page | Temps | Cumul |", "|---|---|---|---|"], 0
        for n, doc in enumerate(documents, 1):
            source = construction.source_de(doc, racine)
            if source is None:
                erreurs.append(f"« {doc} » : page introuvable")
                continue
            self.env.note_dependency(str(source))
            badges = badges_de_la_page(source)
            if source.suffix == ".ipynb":
                erreurs.append(f"« {doc} » : un notebook n'a pas sa place dans le parcours essentiel")
            if not {"décideurs", "tous"} & badges:
                erreurs.append(f"« {doc} » : la page n'est pas du parcours décideurs (badges : {', '.join(sorted(badges))})")
            minutes = durees.duree_de_la_source(source, dossier).minutes
            cumul += minutes
            lignes.append(f"| {n} | {_lien(doc)} | {durees.en_clair(minutes)} | {durees.en_clair(cumul)} |")
        if documents and documents[-1] != FIN_DU_PARCOURS_ESSENTIEL:
            erreurs.append(f"le parcours doit se terminer par « {FIN_DU_PARCOURS_ESSENTIEL} »")
        if cumul > MINUTES_DU_PARCOURS_ESSENTIEL:
            erreurs.append(f"{durees.en_clair(cumul)} au total, pour {MINUTES_DU_PARCOURS_ESSENTIEL} min au plus : retirez une page")
        if erreurs:
            raise self.error("Parcours essentiel invalide :\n  - " + "\n  - ".join(erreurs))
        lignes += ["", f"**Total\u202f: {durees.en_clair(cumul)}** (au plus {MINUTES_DU_PARCOURS_ESSENTIEL}\u00a0min)."]
        return self.analyser(lignes)


class DirectivePDF(SphinxDirective):
    """``{telechargement-pdf}`` (ou ``{telechargement-pdf} partie-1``) : le lien vers le PDF produit par
    ``make pdf``, s'il existe ; rien sinon. La page est reconstruite quand le PDF apparaît ou change."""

    optional_arguments = 1

    def run(self):
        from . import pdf

        nom = f"{self.arguments[0]}.pdf" if self.arguments else pdf.NOM_COURS
        sortie, prefixe = site_des_fichiers(self.env)
        fichier = sortie / pdf.DOSSIER_PDF / nom
        self.env.note_dependency(str(fichier))
        if not fichier.is_file():
            return []
        cible = ("../" * self.env.docname.count("/")) + prefixe + f"{pdf.DOSSIER_PDF}/{nom}"
        quoi = "cette partie" if self.arguments else "le cours complet"
        taille = _mega_octets(fichier)
        balisage = (f'<p class="telechargement-pdf"><a href="{cible}" download>Télécharger {quoi} en PDF</a> '
                    f"({taille}\u00a0Mo, pour lire hors ligne ou imprimer)</p>")
        return [nodes.raw("", balisage, format="html")]


def site_des_fichiers(env) -> tuple[Path, str]:
    """Où sont les PDF et les modèles bureautiques (une seule copie, dans le site français), et le chemin à
    ajouter devant leurs liens depuis le livre construit."""
    langue = bilingue.langue_de(env.app)
    dossier = traduction.LANGUES.get(langue, traduction.LANGUES[traduction.LANGUE_SOURCE]).dossier
    if not dossier:
        return Path(env.app.outdir), ""
    return traduction.sortie_html(traduction.LANGUE_SOURCE, Path(env.srcdir)), "../" * (dossier.count("/") + 1)


class DirectiveSupports(SphinxDirective):
    """``{supports-a-telecharger}`` : les PDF de ``make pdf`` et les modèles bureautiques, leur format et leur
    usage ; le lien quand le fichier existe (la page est reconstruite quand un fichier apparaît)."""

    def run(self):
        from . import modeles, pdf

        racine = Path(self.env.srcdir)
        if self.env.app.builder.format != "html":
            return []  # extraction des messages (gettext) : le tableau n'a pas de texte à traduire
        sortie, prefixe = site_des_fichiers(self.env)
        self.env.note_dependency(str(racine / "book" / "supports" / "cartes.yml"))
        profondeur = "../" * self.env.docname.count("/") + prefixe
        pdfs = []
        for s in pdf.supports(racine):
            fichier = sortie / pdf.DOSSIER_PDF / s["nom"]
            self.env.note_dependency(str(fichier))
            present = fichier.is_file()
            pdfs.append({**s, "lien": f"{profondeur}{pdf.DOSSIER_PDF}/{s['nom']}" if present else "",
                         "taille": _mega_octets(fichier) if present else "",
                         "pages": pdf.nombre_de_pages(fichier.read_bytes()) if present else 0})
        bureautique = []
        for m in modeles.MODELES:
            fichiers = []
            for extension in m.formats:
                fichier = sortie / modeles.DOSSIER_MODELES / f"{m.nom}.{extension}"
                if not fichier.is_file():
                    raise self.error(f"Modèle absent du site : {fichier}. Que faire : relancez `make book`.")
                fichiers.append({"lien": f"{profondeur}{modeles.DOSSIER_MODELES}/{fichier.name}",
                                 "format": FORMATS_BUREAUTIQUES[extension],
                                 "taille": f"{max(1, round(fichier.stat().st_size / 1e3))}"})
            bureautique.append({"titre": m.titre, "usage": m.usage, "fichiers": fichiers})
        return [nodes.raw("", gabarits.rendre("supports.html", supports=pdfs, modeles=bureautique), format="html")]


FORMATS_BUREAUTIQUES = {"xlsx": "Excel (.xlsx)", "ods": "LibreOffice Calc (.ods)",
                        "docx": "Word (.docx)", "odt": "LibreOffice Writer (.odt)"}


def _mega_octets(fichier: Path) -> str:
    return f"{fichier.stat().st_size / 1e6:.1f}".replace(".", ",")


class DirectiveFicheDeDecision(SphinxDirective):
    """``{fiche-de-decision}`` : la fiche de décision, gardée dans le navigateur et imprimable."""

    def run(self):
        from .metadonnees import LICENCES
        from .modeles import fiches

        racine = Path(self.env.srcdir)
        self.env.note_dependency(str(racine / fiches.FICHE_DE_DECISION))
        try:
            fiche = fiches.fiche_de_decision(racine, bilingue.langue_de(self.env.app))
        except fiches.ErreurModele as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", gabarits.rendre("fiche-decision.html", bilingue.langue_de(self.env.app), fiche=fiche,
                                              licences=LICENCES), format="html")]


class DureeDeLaPartie(SphinxDirective):
    """``{duree-partie} partie-1`` : le temps de la partie pour chaque parcours, calculé depuis ses pages."""

    required_arguments = 1

    def run(self):
        racine = Path(self.env.srcdir)
        dossier = quiz.dossier_livre(racine)
        self.env.note_dependency(str(racine / "_toc.yml"))
        entrees = _pages_de_la_partie(racine, self.arguments[0])
        if not entrees:
            raise self.error(f"duree-partie : « {self.arguments[0]} » n'a pas de page d'ouverture dans _toc.yml.")
        langue = bilingue.langue_de(self.env.app)

        def _(texte: str) -> str:
            return locales.traduire(texte, langue)

        genres = {"sections": _("Lecture et quiz des sections"), "notebooks": _("Notebooks à exécuter"),
                  "synthese": _("Synthèse et exercices")}
        minutes = {c: dict.fromkeys(genres, 0.0) for c in parcours.CIBLES}
        for entree in entrees:
            source = construction.source_de(entree, racine)
            self.env.note_dependency(str(source))
            badges = badges_de_la_page(source)
            duree = durees.duree_de_la_source(source, dossier)
            genre = ("notebooks" if source.suffix == ".ipynb" else "synthese" if entree.endswith("/synthese")
                     else "sections")
            for cible in parcours.CIBLES:
                if entree.endswith("/index") or cible in badges or "tous" in badges:
                    minutes[cible][genre] += duree.minutes
        lignes = [{"libelle": libelle, "valeurs": [durees.en_clair(minutes[c][g], langue) if minutes[c][g] else "—"
                                                   for c in parcours.CIBLES]} for g, libelle in genres.items()]
        lignes.append({"libelle": _("Total"),
                       "valeurs": [durees.en_clair(sum(minutes[c].values()), langue) for c in parcours.CIBLES]})
        regle = {"mots": durees.MOTS_PAR_MINUTE, "question": durees.en_clair(durees.MINUTES_PAR_QUESTION, langue),
                 "cellule": durees.en_clair(durees.MINUTES_PAR_CELLULE, langue),
                 "exercice": durees.en_clair(durees.MINUTES_PAR_EXERCICE, langue)}
        html_ = gabarits.rendre("duree-partie.html", langue, lignes=lignes, regle=regle,
                                parcours=[parcours.traduit(c, langue) for c in parcours.CIBLES])
        return [nodes.raw("", html_, format="html")]


def _lien(doc: str) -> str:
    return f"{{doc}}`/{doc}`"


class _DirectiveAteliers(_DirectiveMyST):
    """Base : lit ``book/ateliers.yml`` (dépendance de la page) ; le texte produit est du MyST, analysé ici."""

    def ateliers(self):
        racine = Path(self.env.srcdir)
        self.env.note_dependency(str(ateliers.fichier_ateliers(racine)))
        self.env.note_dependency(str(racine / "_toc.yml"))
        try:
            charges = ateliers.charger_ateliers(racine)
            calcules = {cle: ateliers.calculer(a, racine, cle) for cle, a in charges.items()}
        except (ateliers.AtelierInvalide, quiz.BanqueInvalide) as exc:
            raise self.error(str(exc)) from None
        for a in charges.values():
            for c in a.creneaux:
                for doc in c.pages + c.demonstrations:
                    self.env.note_dependency(str(construction.source_de(doc, racine)))
        return racine, charges, calcules



class DirectiveAtelier(_DirectiveAteliers):
    """``{atelier} decideurs`` : le déroulé minuté d'un atelier, et ce qui reste du parcours hors de l'atelier."""

    required_arguments = 1

    def run(self):
        racine, charges, calcules = self.ateliers()
        cle = self.arguments[0]
        if cle not in charges:
            raise self.error(f"atelier : « {cle} » inconnu dans ateliers.yml ({', '.join(charges)}).")
        lignes = ["| Horaire | Séquence | Pages à projeter | Activité | Contenu estimé |", "|---|---|---|---|---|"]
        for c in calcules[cle]:
            cr = c.creneau
            pages = ", ".join(_lien(d) for d in cr.pages)
            activite = cr.activite
            if cr.demonstrations:
                activite = f"{activite} ({', '.join(_lien(d) for d in cr.demonstrations)})"
            if cr.activite_minutes:
                activite += f" ({durees.en_clair(cr.activite_minutes)})"
            contenu = durees.en_clair(c.contenu) if c.contenu else "—"
            lignes.append(f"| {c.horaire} ({durees.en_clair(cr.duree)}) | {cr.sequence} | {pages} | {activite} | {contenu} |")
        reste = ateliers.hors_atelier(charges[cle], racine)
        if reste:
            total = sum(ateliers.minutes_de_la_page(d, racine) for d in reste)
            lignes += ["", f"Fin à {ateliers.CreneauCalcule(calcules[cle][-1].creneau, ateliers.fin(calcules[cle]), 0).horaire}. "
                       f"**Hors de l'atelier**, en autoformation avant ou après (environ {durees.en_clair(total)})\u202f: "
                       + ", ".join(_lien(d) for d in reste) + "."]
        return self.analyser(lignes)


class DirectiveDureesDesAteliers(_DirectiveAteliers):
    """``{durees-des-ateliers}`` : par partie, le temps que lui donne chaque atelier (page d'accueil)."""

    def run(self):
        racine, charges, calcules = self.ateliers()
        cles = list(charges)
        lignes = ["| Partie | " + " | ".join(charges[c].titre for c in cles) + " |", "|---|" + "---|" * len(cles)]
        for n in range(1, 6):
            cellules = []
            for cle in cles:
                creneaux = [c.creneau for c in calcules[cle] if c.creneau.partie == n]
                minutes = sum(c.duree for c in creneaux)
                notebooks = [d for c in creneaux for d in c.pages if d.startswith("notebooks/")]
                texte = durees.en_clair(minutes) if minutes else "—"
                if notebooks:
                    texte += ", dont " + ", ".join(_lien(d) for d in notebooks)
                cellules.append(texte)
            lignes.append(f"| {_lien(f'book/partie-{n}/index')} | " + " | ".join(cellules) + " |")
        totaux = []
        for cle in cles:
            cs = calcules[cle]
            contenu = sum(c.creneau.duree for c in cs if c.creneau.partie)
            totaux.append(f"**{durees.en_clair(contenu)} de contenu, de {cs[0].horaire} à "
                          f"{ateliers.CreneauCalcule(cs[-1].creneau, ateliers.fin(cs), 0).horaire}** avec l'accueil, "
                          "les tests et les pauses")
        lignes.append("| **Total** | " + " | ".join(totaux) + " |")
        return self.analyser(lignes)


def _afficher_la_duree(app, doctree):
    """Sous le badge de parcours d'une page : son temps estimé (une seule règle, ``durees``)."""
    env = app.env
    badge = next(iter(doctree.findall(lambda n: isinstance(n, nodes.inline) and "badge-parcours" in n["classes"])), None)
    if badge is None or not isinstance(badge.parent, nodes.paragraph):
        return
    source = Path(env.doc2path(env.docname))
    try:
        from myst_nb.sphinx_ import NbMetadataCollector

        calcul = (NbMetadataCollector.get_exec_data(env, env.docname) or {}).get("runtime") or 0.0
    except (ImportError, KeyError):
        calcul = 0.0
    try:
        duree = durees.duree_de_la_source(source, quiz.dossier_livre(env.srcdir), calcul)
    except quiz.BanqueInvalide:
        return  # la directive du quiz signalera l'erreur avec son message
    langue = bilingue.langue_de(app)

    def _(texte: str, n: int | str = "") -> str:
        return locales.traduire(texte, langue).format(n=n)

    mots = f"{duree.mots:,}".replace(",", "\u202f")
    details = [_("lecture de {n} mots", mots)]
    if duree.questions:
        details.append(_("{n} questions", duree.questions) if duree.questions > 1 else _("{n} question", duree.questions))
    if duree.exercices:
        details.append(_("{n} exercices", duree.exercices) if duree.exercices > 1 else _("{n} exercice", duree.exercices))
    if duree.cellules:
        details.append(_("{n} cellules à exécuter", duree.cellules))
    if calcul >= 1:
        secondes = f"{calcul:.0f}"
        details.append(_("calcul mesuré à la construction\u202f: {n}\u00a0s", secondes))
    separateur = _(", ")
    texte = _("Temps estimé\u202f: {n}", durees.en_clair(duree.minutes, langue)) + f" ({separateur.join(details)})"
    paragraphe = nodes.paragraph("", "", nodes.Text(texte), classes=["duree-page"], translatable=False)
    badge.parent.parent.insert(badge.parent.parent.index(badge.parent) + 1, paragraphe)


_LIEN_EXTERNE = re.compile(r'<a\s[^>]*?href="(https?://[^"]+)"')


def _ecrire_liens_externes(app, exception):
    """Relève les liens vers d'autres sites dans les pages produites (toutes, même non reconstruites),
    pour une vérification périodique par qui a le réseau."""
    if exception is not None or app.builder.format != "html":
        return
    if bilingue.langue_de(app) != traduction.LANGUE_SOURCE:
        return  # les liens du livre traduit sont ceux du livre français
    sortie = Path(app.outdir)
    liens: dict[str, set[str]] = {}
    for page in traduction.pages_de_la_langue(sortie):
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


def _ecrire_les_modeles(app):
    """Les modèles bureautiques, écrits dans le site avant les pages (la page des supports les liste)."""
    from . import modeles

    if app.builder.format != "html" or bilingue.langue_de(app) != traduction.LANGUE_SOURCE:
        return  # une seule copie des modèles, dans le site français (les deux livres y renvoient)
    try:
        racine = Path(app.srcdir)
        modeles.produire(Path(app.outdir) / modeles.DOSSIER_MODELES, racine, modeles.disponibles(racine))
    except modeles.ErreurModele as exc:
        raise ExtensionError(str(exc)) from None


def _ajouter_statique(app):
    app.config.html_static_path += [str(STATIQUE), str(quiz.STATIQUE)]
    try:
        quiz.toutes_les_banques(Path(app.srcdir) / "book")
        quiz.evaluations_du_livre(Path(app.srcdir) / "book")
    except quiz.BanqueInvalide as exc:
        raise ExtensionError(str(exc)) from None


def _lecture_en_parallele_permise(app, config):
    """Deux extensions chargées d'office par Jupyter Book ne déclarent pas si elles supportent la lecture en
    parallèle, ce qui l'interdit à tout le livre : sphinx-jupyterbook-latex n'agit qu'en LaTeX, et
    sphinx-multitoc-numbering ne fait rien quand la numérotation est désactivée (``use_multitoc_numbering:
    false``). Elles n'empêchent alors rien (le livre arabe se lit sur deux cœurs)."""
    inertes = ["sphinx_jupyterbook_latex"]
    if not getattr(config, "use_multitoc_numbering", True):
        inertes.append("sphinx_multitoc_numbering")
    for nom in inertes:
        extension = app.extensions.get(nom)
        if extension is not None:
            extension.parallel_read_safe = extension.parallel_write_safe = True


def setup(app):
    noyaux.chiffrer_les_noyaux()
    app.connect("config-inited", _lecture_en_parallele_permise)
    app.connect("config-inited", _sans_thebe)
    app.connect("config-inited", locales.installer)
    app.connect("config-inited", bilingue.installer)
    app.connect("config-inited", bilingue.traduire_la_table, priority=950)  # après sphinx-external-toc (900)
    recherche_arabe.installer()
    app.connect("config-inited", theme.installer)
    app.connect("builder-inited", _ajouter_statique)
    app.connect("builder-inited", _ecrire_les_modeles)
    app.connect("doctree-read", _afficher_la_duree)
    app.connect("build-finished", _ecrire_liens_externes)
    app.connect("build-finished", favicon.ecrire_favicon_ico)
    app.connect("html-page-context", _corriger_liste_de_citations)
    app.add_css_file("cours.css")
    app.add_css_file("quiz.css")
    app.add_js_file("quiz.js", loading_method="defer")
    app.add_js_file("evaluation.js", loading_method="defer")  # retiré des pages sans test ni bilan (theme)
    app.add_js_file("calculateur.js", loading_method="defer")  # retiré des pages sans calculateur (theme)
    app.add_js_file("fiche-decision.js", loading_method="defer")  # retiré des pages sans fiche (theme)
    app.add_js_file("navigation.js", loading_method="defer")
    app.add_role("parcours", role_parcours)
    app.add_role("ar", role_arabe)
    app.add_role("parcours-de", role_parcours_de)
    app.add_directive("quiz", DirectiveQuiz)
    app.add_directive("progression", DirectiveProgression)
    app.add_directive("objectifs", DirectiveObjectifs)
    app.add_directive("evaluation", DirectiveEvaluation)
    app.add_directive("catalogue-donnees", CatalogueDonnees)
    app.add_directive("parcours-pages", PagesDuParcours)
    app.add_directive("duree-partie", DureeDeLaPartie)
    app.add_directive("calculateur-couts", DirectiveCalculateur)
    app.add_directive("fiche-de-decision", DirectiveFicheDeDecision)
    app.add_directive("parcours-essentiel", DirectiveParcoursEssentiel)
    app.add_directive("telechargement-pdf", DirectivePDF)
    app.add_directive("supports-a-telecharger", DirectiveSupports)
    app.add_directive("registre-des-risques", DirectiveRegistreDesRisques)
    app.add_directive("atelier", DirectiveAtelier)
    app.add_directive("durees-des-ateliers", DirectiveDureesDesAteliers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
