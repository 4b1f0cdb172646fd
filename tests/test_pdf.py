"""``make pdf`` sur un petit livre : couverture, sommaire, signets, numéros de page, réponses en fin de partie,
et les pannes (Chromium absent, page manquante) qui laissent les PDF précédents en place."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from cours_opendata import banc, pdf
from cours_opendata.banc import construire, livre_minimal

pytestmark = [pytest.mark.navigateur, pytest.mark.construction]


@pytest.fixture(scope="module")
def petit_livre(tmp_path_factory, banque_valide):
    racine = livre_minimal(tmp_path_factory.mktemp("livre-pdf"), "# Accueil du cours\n\nBienvenue.\n", {
        "book/partie-test/index.md": "# Partie test\n\nUne [source externe](https://data.gov.ma/fr) citée.\n",
        "book/partie-test/quiz.md": "# Quiz de la partie\n\n```{quiz} partie-test\n```\n",
    })
    (racine / "book" / "partie-test" / "quiz.yml").write_text(banque_valide, encoding="utf-8")
    proc = construire(racine)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return racine


def _textes(chemin):
    lecteur = PdfReader(io.BytesIO(chemin.read_bytes()))
    return lecteur, [p.extract_text() for p in lecteur.pages]


def _plat(texte: str) -> str:
    """Texte extrait, ligatures défaites (ﬁ → fi) et blancs réduits."""
    return " ".join(unicodedata.normalize("NFKC", texte).split())


def test_pdf_du_cours_et_de_la_partie(petit_livre, navigateur):
    html = petit_livre / "_build" / "html"
    fichiers = pdf.produire(html, petit_livre, afficher=lambda *_: None, navigateur=navigateur)
    assert set(fichiers) == {pdf.NOM_COURS, "partie-test.pdf"}
    lecteur, textes = _textes(fichiers[pdf.NOM_COURS])
    assert "L’open data dans l’administration marocaine" in _plat(textes[0]) and "non officielle" in _plat(textes[0])
    assert "Sommaire" in textes[1] and "Quiz de la partie" in textes[1]
    assert "Recherche" not in "".join(textes)  # la navigation du site n'est pas imprimée
    # numéros de page en pied : la page n porte « n » (la couverture n'en a pas)
    assert all(t.strip().splitlines()[-1].strip() == str(i + 1) for i, t in enumerate(textes) if i > 0)
    assert "(https://data.gov.ma/fr)" in _plat(" ".join(textes))  # adresse des liens externes
    textes = [_plat(t) if i else t for i, t in enumerate(textes)]
    reponses = next(t for t in textes[2:] if "Réponses des quiz" in t)
    assert "Réponse" in reponses and "ODbL" in reponses and "12 régions" not in textes[3]  # réponses à la fin
    signets = [o["/Title"] if not isinstance(o, list) else [x["/Title"] for x in o] for o in lecteur.outline]
    assert signets[0] == "Sommaire" and "Le cours" in signets and any(isinstance(o, list) and "Quiz de la partie" in o for o in signets)
    partie, textes_partie = _textes(fichiers["partie-test.pdf"])
    assert len(partie.pages) < len(lecteur.pages) and "Partie test" in textes_partie[1]


def test_chromium_absent_message_et_pdf_precedents_gardes(petit_livre, monkeypatch):
    html = petit_livre / "_build" / "html"
    ancien = html / pdf.DOSSIER_PDF
    ancien.mkdir(exist_ok=True)
    (ancien / "temoin.pdf").write_bytes(b"%PDF-1.4 ancien")
    monkeypatch.setattr(banc, "CHROMIUM", "/nulle/part/chromium")
    with pytest.raises(pdf.ErreurPDF, match="Chromium est introuvable.*apt-get install chromium"):
        pdf.produire(html, petit_livre)
    assert (ancien / "temoin.pdf").read_bytes() == b"%PDF-1.4 ancien"


def test_page_manquante_nommee_et_rien_de_remplace(petit_livre, tmp_path, navigateur):
    import shutil

    copie = tmp_path / "html"
    shutil.copytree(petit_livre / "_build" / "html", copie)
    (copie / "book" / "partie-test" / "quiz.html").unlink()
    (copie / pdf.DOSSIER_PDF).mkdir(exist_ok=True)
    (copie / pdf.DOSSIER_PDF / "temoin.pdf").write_bytes(b"ancien")
    with pytest.raises(pdf.ErreurPDF, match="« book/partie-test/quiz » manque"):
        pdf.produire(copie, petit_livre, navigateur=navigateur)
    # en ligne de commande (make pdf) : message en français, statut non nul, pas de trace Python
    proc = subprocess.run([sys.executable, "-m", "cours_opendata.pdf", "--html", str(copie)], capture_output=True,
                          text=True, cwd=petit_livre)
    assert proc.returncode == 1 and "ÉCHEC de make pdf" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert (copie / pdf.DOSSIER_PDF / "temoin.pdf").read_bytes() == b"ancien"
    assert not list(copie.glob("impression-*")) and not list(copie.glob("pdf-*"))


def test_cartes_des_ateliers(tmp_path, navigateur):
    """Les cartes du guide (book/supports/cartes.yml) : une planche A4 de huit cartes au plus par jeu, en français,
    chaque rôle du guide présent ; la page des supports les liste avec leur usage."""
    from cours_opendata import RACINE

    planches = pdf.planches_de_cartes(RACINE)
    assert all(1 <= len(p) <= pdf.CARTES_PAR_PLANCHE for p in planches)
    titres = [c["titre"] for p in planches for c in p]
    for role in ("Secrétaire général (préside)", "Juriste", "Responsable open data", "Le développeur",
                 "Bénéficiaires d’une aide sociale"):
        assert role in titres
    assert all(c["texte"].strip() for p in planches for c in p)  # aucune carte vide
    noms = [s["nom"] for s in pdf.supports(RACINE)]
    assert noms[0] == pdf.NOM_COURS and pdf.NOM_CARTES in noms and "partie-5.pdf" in noms
