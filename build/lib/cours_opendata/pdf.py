"""``make pdf`` : le cours en un PDF (couverture, sommaire, signets, numéros de page) et un PDF par partie.

Les pages du livre construit sont imprimées par le Chromium des tests (feuille d'impression du cours),
puis assemblées avec pypdf ; les numéros de page sont posés avec reportlab. Les réponses des quiz de
chaque partie sont regroupées à la fin de la partie. Les PDF sont écrits à côté puis mis en place d'un
coup : un échec laisse les PDF précédents intacts.

    python -m cours_opendata.pdf [--html _build/html]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from . import RACINE, banc, construction, gabarits, quiz
from .quiz.rendu import apostrophes, reponses_pour_impression

DOSSIER_PDF = "pdf"  # dans le site construit : _build/html/pdf/
NOM_COURS = "cours-opendata-maroc.pdf"


class ErreurPDF(Exception):
    """Ce qui empêche de produire les PDF : le message dit quoi faire."""


@dataclass
class Groupe:
    titre: str
    documents: list[str]
    partie: str | None = None  # « partie-1 »… : ses réponses de quiz sont ajoutées à la fin
    pages: list[tuple[str, str, bytes]] = field(default_factory=list)  # (document, titre, PDF)


def groupes_du_livre(racine: Path = RACINE) -> list[Groupe]:
    toc = yaml.safe_load((racine / "_toc.yml").read_text(encoding="utf-8"))
    groupes = [Groupe("Accueil", [toc["root"]])]
    if "parts" not in toc:  # table sans groupes (livres d'essai) : un seul groupe
        documents = [d for d in construction.fichiers_de_la_table(toc) if d != toc["root"]]
        cle = next((d.split("/")[1] for d in documents if d.startswith("book/partie-") and d.endswith("/index")), None)
        return [*groupes, Groupe("Le cours", documents, cle)]
    for partie in toc.get("parts", []):
        documents = construction.fichiers_de_la_table({"parts": [partie]})
        cle = next((d.split("/")[1] for d in documents if d.startswith("book/partie-") and d.endswith("/index")), None)
        groupes.append(Groupe(str(partie.get("caption", "")), documents, cle))
    return groupes


NOM_CARTES = "cartes-ateliers.pdf"
CARTES_PAR_PLANCHE = 8


def supports(racine: Path = RACINE) -> list[dict]:
    """Les fichiers que produit make pdf, avec leur usage (page « Supports à télécharger »)."""
    liste = [{"nom": NOM_COURS, "titre": "Le cours complet", "usage": "lire hors ligne, imprimer\u202f; signets et sommaire"}]
    for g in groupes_du_livre(racine):
        if g.partie:
            liste.append({"nom": f"{g.partie}.pdf", "titre": apostrophes(g.titre),
                          "usage": "une partie, avec les réponses de ses quiz"})
    if planches_de_cartes(racine):
        liste.append({"nom": NOM_CARTES, "titre": "Cartes des jeux des ateliers",
                      "usage": "à imprimer sur A4 et à découper\u202f: «\u202fOuvrir ou pas\u202f?\u202f», «\u202fLe comité "
                               "d’ouverture\u202f», «\u202fLe réutilisateur appelle\u202f»"})
    return liste


def planches_de_cartes(racine: Path = RACINE) -> list[list[dict]]:
    """Les cartes des jeux du guide (``book/supports/cartes.yml``), par planches de huit : pour chaque jeu,
    sa consigne puis ses cartes, chaque jeu commençant sur une nouvelle planche."""
    fichier = racine / "book" / "supports" / "cartes.yml"
    if not fichier.is_file():
        return []
    donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    planches = []
    for jeu in donnees["jeux"]:
        cartes = [{"jeu": jeu["titre"], "titre": "Consigne", "texte": jeu["consigne"], "consigne": True}]
        cartes += [{"jeu": jeu["titre"], "titre": c["titre"], "texte": c["texte"], "consigne": False} for c in jeu["cartes"]]
        for i in range(0, len(cartes), CARTES_PAR_PLANCHE):
            planches.append(cartes[i:i + CARTES_PAR_PLANCHE])
    return planches


def _verifier_chromium() -> None:
    if not Path(banc.CHROMIUM).exists():
        raise ErreurPDF(f"Chromium est introuvable ({banc.CHROMIUM}). Que faire : installez-le avec "
                        "« sudo apt-get install chromium » (ou lancez « make install-test »), puis relancez « make pdf ».")


def _titre(page) -> str:
    titre = page.locator("article h1").first
    return " ".join(titre.inner_text().replace("#", "").split()) if titre.count() else page.title()


def _imprimer(page, url: str, document: str) -> tuple[str, bytes]:
    reponse = page.goto(url, wait_until="networkidle")
    if reponse is None or not reponse.ok:
        statut = reponse.status if reponse is not None else "sans réponse"
        raise ErreurPDF(f"La page « {document} » n'a pas pu être ouverte ({statut}). Que faire : lancez "
                        "« make book », puis relancez « make pdf ».")
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })))")
    return _titre(page), page.pdf(format="A4", print_background=True, prefer_css_page_size=True)


def _page_generee(dossier: Path, nom: str, gabarit: str, **contexte) -> str:
    (dossier / nom).write_text(gabarits.rendre(gabarit, **contexte), encoding="utf-8")
    return nom


def _numeroter(pdf: bytes, premier: int, sauf_premiere: bool) -> tuple[bytes, int]:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    lecteur, ecrivain = PdfReader(io.BytesIO(pdf)), PdfWriter()
    for i, page in enumerate(lecteur.pages):
        numero = premier + i
        if not (sauf_premiere and i == 0):
            largeur, hauteur = float(page.mediabox.width), float(page.mediabox.height)
            tampon = io.BytesIO()
            toile = canvas.Canvas(tampon, pagesize=(largeur, hauteur))
            toile.setFont("Helvetica", 9)
            toile.drawCentredString(largeur / 2, 22, str(numero))
            toile.save()
            page.merge_page(PdfReader(io.BytesIO(tampon.getvalue())).pages[0])
        ecrivain.add_page(page)
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue(), len(lecteur.pages)


def nombre_de_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _assembler(titre: str, couverture: bytes, sommaire_pour, groupes: list[Groupe]) -> bytes:
    """Couverture, sommaire (imprimé une fois pour connaître sa longueur, puis avec les bons numéros),
    pages numérotées, signets qui suivent la table des matières."""
    from pypdf import PdfReader, PdfWriter

    pages_sommaire = nombre_de_pages(sommaire_pour({}))
    for _ in range(3):  # le nombre de pages du sommaire peut changer avec ses numéros : point fixe
        debut = 1 + pages_sommaire + 1
        numeros, numero = {}, debut
        for g in groupes:
            for document, _titre_page, pdf in g.pages:
                numeros.setdefault(document, numero)
                numero += nombre_de_pages(pdf)
        sommaire = sommaire_pour(numeros)
        if nombre_de_pages(sommaire) == pages_sommaire:
            break
        pages_sommaire = nombre_de_pages(sommaire)
    ecrivain = PdfWriter()
    ecrivain.add_metadata({"/Title": titre, "/Author": "Cours libre « L'open data dans l'administration marocaine »",
                           "/Subject": "Publication non officielle", "/Lang": "fr-FR"})
    for page in PdfReader(io.BytesIO(couverture)).pages:
        ecrivain.add_page(page)
    pdf, _ = _numeroter(sommaire, 2, False)
    premiere_sommaire = len(ecrivain.pages)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ecrivain.add_page(page)
    ecrivain.add_outline_item("Sommaire", premiere_sommaire)
    numero = debut
    for g in groupes:
        parent = None
        for _document, titre_page, pdf in g.pages:
            numerote, n = _numeroter(pdf, numero, False)
            indice = len(ecrivain.pages)
            for page in PdfReader(io.BytesIO(numerote)).pages:
                ecrivain.add_page(page)
            if parent is None:
                parent = ecrivain.add_outline_item(g.titre, indice)
            ecrivain.add_outline_item(titre_page, indice, parent=parent)
            numero += n
    ecrivain.page_mode = "/UseOutlines"
    # Chaque page imprimée embarque ses polices et ses flux : les dédoublonner divise le poids par près de trois.
    for page in ecrivain.pages:
        page.compress_content_streams()
    ecrivain.compress_identical_objects(remove_identicals=True, remove_orphans=True)
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def produire(html: Path, racine: Path = RACINE, afficher=print, navigateur=None) -> dict[str, Path]:
    """Imprime le livre construit dans ``html`` ; renvoie {nom du PDF: chemin} (dans ``html/pdf``).
    ``navigateur`` : un Chromium déjà lancé par Playwright (tests) ; sinon il est lancé ici."""
    from playwright.sync_api import sync_playwright

    _verifier_chromium()
    html = Path(html)
    if not (html / "book" / "index.html").is_file():
        raise ErreurPDF(f"Livre construit introuvable dans {html}. Que faire : lancez « make book », puis « make pdf ».")
    groupes = groupes_du_livre(racine)
    banques = {b.partie: b for b in quiz.toutes_les_banques(racine / "book")}
    travail = Path(tempfile.mkdtemp(prefix="impression-", dir=html))  # servi avec le site : mêmes feuilles
    relatif = travail.relative_to(html).as_posix()
    aujourd_hui = date.today().strftime("%d/%m/%Y")
    url, serveur = banc.servir(html)
    debut = time.perf_counter()
    try:
        with contextlib.ExitStack() as pile:
            if navigateur is None:
                navigateur = banc.lancer_chromium(pile.enter_context(sync_playwright()))
                pile.callback(navigateur.close)
            page = navigateur.new_page()
            pile.callback(page.close)
            page.emulate_media(media="print")
            for g in groupes:
                for document in g.documents:
                    if not (html / f"{document}.html").is_file():
                        raise ErreurPDF(f"La page « {document} » manque dans le livre construit. Que faire : "
                                        "lancez « make book », puis relancez « make pdf ».")
                    titre, pdf = _imprimer(page, f"{url}/{document}.html", document)
                    g.pages.append((document, titre, pdf))
                if g.partie in banques:
                    b = banques[g.partie]
                    nom = _page_generee(travail, f"reponses-{g.partie}.html", "impression-reponses.html",
                                        titre=b.titre, questions=reponses_pour_impression(b))
                    titre, pdf = _imprimer(page, f"{url}/{relatif}/{nom}", nom)
                    g.pages.append((f"{relatif}/{nom}", f"Réponses des quiz — {b.titre.split('—')[0].strip()}", pdf))
            afficher(f"  {sum(len(g.pages) for g in groupes)} pages imprimées en {time.perf_counter() - debut:.0f} s")

            def couverture(titre: str, sous_titre: str) -> bytes:
                nom = _page_generee(travail, "couverture.html", "impression-couverture.html", titre=titre,
                                    sous_titre=sous_titre, date=aujourd_hui)
                return _imprimer(page, f"{url}/{relatif}/{nom}", nom)[1]

            def sommaire_de(selection: list[Groupe]):
                def rendre(numeros: dict) -> bytes:
                    entrees = [{"titre": g.titre, "pages": [{"titre": t, "numero": numeros.get(d, "")} for d, t, _ in g.pages]}
                               for g in selection]
                    nom = _page_generee(travail, "sommaire.html", "impression-sommaire.html", groupes=entrees)
                    return _imprimer(page, f"{url}/{relatif}/{nom}", nom)[1]
                return rendre

            resultats = {}
            planches = planches_de_cartes(racine)
            if planches:
                nom = _page_generee(travail, "cartes.html", "impression-cartes.html", planches=planches)
                resultats[NOM_CARTES] = _imprimer(page, f"{url}/{relatif}/{nom}", nom)[1]
            resultats[NOM_COURS] = _assembler(
                "L'open data dans l'administration marocaine",
                couverture("L’open data dans l’administration marocaine", "Le cours complet"),
                sommaire_de(groupes), groupes)
            for g in groupes:
                if g.partie:
                    resultats[f"{g.partie}.pdf"] = _assembler(
                        g.titre, couverture("L’open data dans l’administration marocaine", g.titre), sommaire_de([g]), [g])
    finally:
        banc.arreter(serveur)
        shutil.rmtree(travail, ignore_errors=True)
    # Mise en place d'un coup : les PDF précédents restent tant que tous les nouveaux ne sont pas écrits.
    cible = html / DOSSIER_PDF
    provisoire = Path(tempfile.mkdtemp(prefix="pdf-", dir=html))
    for nom, contenu in resultats.items():
        (provisoire / nom).write_bytes(contenu)
    ancien = html / f".{DOSSIER_PDF}-ancien"
    shutil.rmtree(ancien, ignore_errors=True)
    if cible.exists():
        cible.rename(ancien)
    provisoire.rename(cible)
    shutil.rmtree(ancien, ignore_errors=True)
    return {nom: cible / nom for nom in resultats}


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--html", type=Path, default=RACINE / "_build" / "html")
    options = arguments.parse_args(argv)
    try:
        fichiers = produire(options.html)
    except ErreurPDF as exc:
        print(f"ÉCHEC de make pdf : {exc}", file=sys.stderr)
        return 1
    for nom, chemin in fichiers.items():
        print(f"  {nom:32} {nombre_de_pages(chemin.read_bytes()):4d} pages  {chemin.stat().st_size / 1e6:6.1f} Mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
