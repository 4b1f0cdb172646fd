"""Le livre en arabe (``_build/html/ar``) : sens de lecture, langue, interface traduite, sélecteur de langue,
quiz au clavier, recherche, copie hors ligne ; et les outils qui le produisent (feuilles retournées,
invariants des traductions, textes arabes des banques)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from cours_opendata import css_rtl, locales, recherche_arabe, traduction
from cours_opendata.banc import est_une_redirection, pages_html
from cours_opendata.quiz import banque

from .conftest import ANGLAIS_DEBUTS, ANGLAIS_EXACTS, ATTRIBUTS, RACINE

ICI = locales.ICI


# ------------------------------------------------------------------ outils, sans construction


def test_feuilles_retournees():
    css = css_rtl.retourner(".a{margin-left:1rem;padding:1px 2px 3px 4px;float:left;text-align:right;"
                            "border-radius:1px 2px 3px 4px;transform:translateX(-100%);left:0;--x:left}"
                            "@media (min-width:9px){.b{border-right:1px solid red}}")
    assert css.startswith(css_rtl.MARQUE)
    assert ".a{margin-right:1rem;padding:1px 4px 3px 2px;float:right;text-align:left;" in css
    assert "border-radius:2px 1px 4px 3px;transform:translateX(100%);right:0;--x:left}" in css
    assert "@media (min-width:9px){.b{border-left:1px solid red}}" in css
    # Ce que dir="rtl" retourne déjà seul ne change pas.
    assert "margin-inline-start:1rem" in css_rtl.retourner(".c{margin-inline-start:1rem}")


def test_invariants_d_une_traduction():
    francais = ("Le {term}`portail <Portail national>` compte 1\u202f740 jeux (loi 09-08), voir "
                "[ici](https://data.gov.ma) et `CSV` et {doc}`risques`.")
    bonne = ("تضم {term}`البوابة <Portail national>` 1740 مجموعة (القانون رقم 09.08)، انظر "
             "[هنا](https://data.gov.ma) و`CSV` و{doc}`risques`.")
    assert traduction.invariants(francais) == traduction.invariants(bonne)
    for fautive in (bonne.replace("1740", "1704"), bonne.replace("{doc}`risques`", "المخاطر"),
                    bonne.replace("<Portail national>", "<البوابة>"), bonne.replace("`CSV`", "CSV")):
        assert traduction.invariants(francais) != traduction.invariants(fautive), fautive
    assert not traduction.a_traduire("{parcours}`décideurs`") and traduction.a_traduire("{doc}`x` : le coût")


def test_les_traductions_du_depot_gardent_leurs_invariants():
    assert traduction.verifier() == []


def test_la_verification_signale_un_nombre_change(tmp_path):
    po = tmp_path / "essai.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "En 2020, 63 jeux."\nmsgstr "في سنة 2021، 63 مجموعة."\n', encoding="utf-8")
    problemes = traduction.verifier([po])
    assert len(problemes) == 1 and "nombres différents" in problemes[0] and "2021" in problemes[0]


def test_recherche_arabe_racinisation():
    r = recherche_arabe.racine
    assert r("البيانات") == r("بالبيانات") == r("والبيانات") == r("بيانات") == "بيانات"
    assert r("الْبَيَانَاتُ") == "بيانات"  # voyelles brèves retirées
    assert r("أنظمة") == r("انظمة") and r("المعلومة") == r("معلومه")
    assert r("الى") == "الي"  # ى unifié ; trop court pour perdre « ال »
    langue = recherche_arabe.SearchArabic({})
    assert not langue.word_filter("في") and langue.word_filter("بيانات")


def test_banque_texte_arabe_memes_champs_que_le_francais(tmp_path, banque_valide):
    donnees = yaml.safe_load(banque_valide)
    q = next(q for q in donnees["questions"] if q["type"] == "choix-unique")
    q["ar"] = {"enonce": "سؤال", "explication": "شرح",
               "options": [{"texte": f"خيار {i}", "retour": "تعليق"} for i in range(len(q["options"]) - 1)]}
    fichier = tmp_path / "partie-essai" / "quiz.yml"
    fichier.parent.mkdir()
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    with pytest.raises(banque.BanqueInvalide, match=r"« ar\.options » : \d+ option\(s\) traduite\(s\) pour \d+"):
        banque.charger_banque(fichier)
    q["ar"]["options"].append({"texte": "خيار أخير", "retour": "تعليق"})
    if q.get("source"):
        q["ar"]["source"] = "مصدر"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    question = next(x for x in banque.charger_banque(fichier).questions if x.id == q["id"])
    arabe = question.en("ar")
    assert arabe.enonce == "سؤال" and arabe.options[-1].texte == "خيار أخير"
    assert [o.correcte for o in arabe.options] == [o.correcte for o in question.options]  # la réponse ne change pas
    assert question.en("fr") is question and question.traduite("ar")


def test_terminologie_partagee_avec_le_glossaire():
    termes = yaml.safe_load((RACINE / traduction.DOSSIER_CATALOGUES / "terminologie.yml").read_text(encoding="utf-8"))
    glossaire = (RACINE / "book" / "annexes" / "glossaire.md").read_text(encoding="utf-8")
    entrees = re.findall(r"^(\S[^\n]*)\n  \{ar\}`([^`]+)`", glossaire, re.M)
    assert len(entrees) > 50
    par_terme = {t["fr"]: t for t in termes["termes"]}
    manquants = [fr for fr, _ar in entrees if fr not in par_terme]
    assert manquants == [], f"termes du glossaire absents de terminologie.yml : {manquants}"
    differents = [(fr, ar, par_terme[fr]["ar"]) for fr, ar in entrees
                  if ar != par_terme[fr]["ar"] and ar not in (par_terme[fr].get("variantes") or [])]
    assert differents == [], f"le glossaire et la terminologie divergent : {differents}"


# ------------------------------------------------------------------ le livre arabe construit


def pages_arabes(livre: Path) -> list[Path]:
    pages = [p for p in pages_html(livre, "ar") if not est_une_redirection(p)]
    assert len(pages) == len([p for p in pages_html(livre) if not est_une_redirection(p)])
    return pages


def test_chaque_page_arabe_porte_sa_langue_et_son_sens(livre):
    fautes = [str(p.relative_to(livre)) for p in pages_arabes(livre)
              if not re.search(r'<html dir="rtl" lang="ar"[ >]', p.read_text(encoding="utf-8")[:3000])]
    assert fautes == []


_VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# Le texte des pages (article) n'est pas l'interface, sauf les composants du cours qui s'y affichent.
_COMPOSANTS = {"quiz", "evaluation", "quiz-progression", "calculateur", "fiche-decision", "duree-partie",
               "avis-traduction", "objectifs", "duree-page", "badge-parcours"}


class _InterfaceHorsFrancais(HTMLParser):
    """Les textes et attributs d'interface d'une page arabe (thème, navigation, composants du cours), hors
    passages marqués lang="fr" (texte non traduit)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.langues: list[tuple[str | None, str | None]] = []
        self.textes: list[str] = []
        self.ignore = 0

    def _en_francais(self) -> bool:
        langue = next((lang for lang, _z in reversed(self.langues) if lang), "ar")
        zone = next((z for _l, z in reversed(self.langues) if z), "interface")
        return langue != "ar" or zone == "contenu"

    def handle_starttag(self, tag, attrs):
        attributs = dict(attrs)
        classes = set((attributs.get("class") or "").split())
        # Les titres de la page (article, table « Sur cette page ») sont du contenu, traduit ou non.
        zone = "interface" if classes & _COMPOSANTS else "contenu" if classes & {"bd-article", "toc-entry"} else None
        if tag not in _VIDES:
            self.langues.append((attributs.get("lang"), zone))
            self.ignore += tag in ("script", "style")
        if not self._en_francais():
            self.textes += [" ".join(v.split()) for n, v in attrs if n in ATTRIBUTS and v]

    def handle_endtag(self, tag):
        if tag not in _VIDES and self.langues:
            self.langues.pop()
            self.ignore -= tag in ("script", "style") and self.ignore > 0

    def handle_data(self, data):
        if not self.ignore and data.strip() and not self._en_francais():
            self.textes.append(" ".join(data.split()))


def chaines_francaises_de_l_interface() -> set[str]:
    """Les libellés d'interface français : catalogues du thème (fr) et phrases du cours (catalogue « cours »)."""
    chaines = set()
    for po in (ICI / "fr" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as f:
            chaines |= {" ".join(m.string.split()) for m in read_po(f) if m.id and isinstance(m.string, str) and m.string}
    with (ICI / "ar" / "LC_MESSAGES" / "cours.po").open("rb") as f:
        chaines |= {" ".join(m.id.split()) for m in read_po(f) if m.id and not m.id.startswith("{")}
    return {c for c in chaines if re.search(r"[^\W\d_]{3,}", c)}


def test_aucun_libelle_francais_ni_anglais_dans_l_interface_arabe(livre):
    francais = chaines_francaises_de_l_interface()
    assert "Valider ma réponse" in francais and "Plein écran" in francais and len(francais) > 120
    problemes = []
    for page in pages_arabes(livre):
        lecteur = _InterfaceHorsFrancais()
        lecteur.feed(page.read_text(encoding="utf-8"))
        nom = page.relative_to(livre)
        problemes += [f"{nom} : « {t} »" for t in lecteur.textes
                      if t in francais or t in ANGLAIS_EXACTS or t.startswith(ANGLAIS_DEBUTS)]
    assert not problemes, ("Libellés d'interface non traduits dans le livre arabe — traduisez-les dans "
                           "cours_opendata/locales/ar/LC_MESSAGES/*.po :\n  " + "\n  ".join(sorted(set(problemes))[:60]))


def test_le_selecteur_de_langue_mene_a_la_meme_page(livre):
    fautes = []
    for page in pages_html(livre) + pages_html(livre, "ar"):
        if est_une_redirection(page):
            continue
        liens = re.findall(r'<a class="btn btn-sm bascule-langue" href="([^"]+)" hreflang="(\w+)"',
                           page.read_text(encoding="utf-8"))
        if len(liens) != 1:
            fautes.append(f"{page.relative_to(livre)} : {len(liens)} sélecteur(s) de langue")
            continue
        cible = (page.parent / liens[0][0]).resolve()
        arabe = livre / "ar" in page.parents
        attendu = (livre / page.relative_to(livre / "ar")) if arabe else livre / "ar" / page.relative_to(livre)
        if cible != attendu.resolve() or not cible.is_file() or liens[0][1] != ("fr" if arabe else "ar"):
            fautes.append(f"{page.relative_to(livre)} → {liens[0]}")
    assert fautes == []


def _page_d_essai(*paragraphes: tuple[str, bool]):
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doc = new_document("page.md", get_default_settings(Parser))
    for texte, traduit in paragraphes:
        p = nodes.paragraph(texte, texte)
        p.source, p.line = "page.md", 1
        if traduit:
            p["translated"] = True
        doc += p
    return SimpleNamespace(config=SimpleNamespace(language="ar"), srcdir=str(RACINE)), doc


def test_un_passage_non_traduit_reste_en_francais_sous_un_avis():
    from cours_opendata import bilingue

    app, doc = _page_d_essai(("Un paragraphe resté en français.", False), ("فقرة مترجمة.", True))
    bilingue.marquer_le_non_traduit(app, doc, "page")
    assert bilingue.part_traduite(doc) == (1, 2)
    contexte = {"body": '<p class="non-traduit">Un paragraphe resté en français.</p>\n<p>فقرة مترجمة.</p>'}
    bilingue.signaler_le_non_traduit(app, "page", "page.html", contexte, doc)
    avis = locales.traduire("Cette page n'est traduite qu'en partie : les passages restés en français sont "
                            "signalés par leur langue.", "ar")
    assert re.search(r"[\u0600-\u06ff]", avis), "l'avis doit être traduit dans cours.po"
    assert avis in contexte["body"] and '<p lang="fr" dir="ltr" class="non-traduit">' in contexte["body"]
    app, doc = _page_d_essai(("فقرة مترجمة.", True))
    contexte = {"body": "<p>فقرة مترجمة.</p>"}
    bilingue.signaler_le_non_traduit(app, "page", "page.html", contexte, doc)
    assert contexte["body"] == "<p>فقرة مترجمة.</p>"


def test_les_pages_du_parcours_decideurs_sont_traduites(livre):
    """Aucune page du parcours décideurs (ni l'accueil, les parcours, le glossaire, les sigles, la progression)
    n'affiche l'avis de traduction partielle ; la part traduite du livre est mesurée."""
    from cours_opendata import sphinx_ext

    pages = {d for _, docs in sphinx_ext.pages_du_parcours(RACINE, "décideurs") for d in docs}
    pages |= {"book/index", "book/parcours-decideurs", "book/parcours-operationnels", "book/annexes/glossaire",
              "book/annexes/sigles", "book/annexes/progression"}
    avec_avis = [d for d in sorted(pages) if "avis-traduction" in (livre / "ar" / f"{d}.html").read_text(encoding="utf-8")]
    assert avec_avis == []
    traduits, total = traduction.part_traduite()
    assert 0 < traduits <= total


@pytest.mark.navigateur
def test_quiz_au_clavier_en_arabe(livre, servir, navigateur):
    base = servir(livre)
    ctx = navigateur.new_context(locale="ar-MA", viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    erreurs = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto(f"{base}/ar/book/decider/fiche-partie-1.html", wait_until="networkidle")
    page.goto(f"{base}/ar/book/partie-1/definitions.html", wait_until="networkidle")
    question = page.locator("form.quiz-question:has(input[type=radio])").first
    question.locator("input").first.focus()
    page.keyboard.press("Space")
    bouton = question.locator("button.quiz-valider")
    assert bouton.inner_text().strip() == locales.traduire("Valider ma réponse", "ar")
    bouton.focus()
    page.keyboard.press("Enter")
    retour = question.locator(".quiz-retour").inner_text().strip()
    attendus = {locales.traduire(t, "ar") for t in ("Bonne réponse.", "Pas tout à fait.")}
    assert any(retour.startswith(a) for a in attendus) and re.search(r"[\u0600-\u06ff]", retour), retour
    # Les questions à choix se lisent de droite à gauche, le champ numérique et le code de gauche à droite.
    assert question.evaluate("f => getComputedStyle(f).direction") == "rtl"
    assert erreurs == []
    ctx.close()


@pytest.mark.navigateur
def test_recherche_d_un_mot_arabe(livre, servir, navigateur):
    base = servir(livre)
    ctx = navigateur.new_context()
    page = ctx.new_page()
    page.goto(f"{base}/ar/search.html?q=" + "بالبيانات", wait_until="networkidle")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert page.locator("#search-results li").count() > 0
    ctx.close()


@pytest.mark.navigateur
def test_copie_sur_disque_dans_les_deux_langues(copie_hors_ligne, navigateur):
    ctx = navigateur.new_context(offline=True)
    demandes, erreurs = [], []
    ctx.on("request", lambda r: not r.url.startswith("file://") and demandes.append(r.url))
    page = ctx.new_page()
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto((copie_hors_ligne / "book" / "decider" / "index.html").as_uri())
    page.locator("a.bascule-langue").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/ar/book/decider/index.html")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # La police arabe vient du site lui-même.
    page.wait_for_function("document.fonts.check('16px \"Noto Naskh Arabic\"', 'بيانات')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Noto Naskh Arabic') && f.status === 'loaded')")
    page.locator("a.bascule-langue").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/book/decider/index.html") and "/ar/" not in page.url
    assert demandes == [] and erreurs == []
    ctx.close()


@pytest.mark.navigateur
def test_la_police_arabe_seulement_dans_le_livre_arabe_et_allegee(livre, servir, navigateur):
    """Le livre français ne télécharge pas la police arabe (le sélecteur « العربية » s'écrit avec la police du
    système) ; le livre arabe reçoit la police réduite aux caractères du livre."""
    base = servir(livre)
    polices = {}
    for nom in ("book/index.html", "book/decider/couts-et-valeur.html", "ar/book/index.html"):
        ctx = navigateur.new_context()
        page = ctx.new_page()
        recues = []
        page.on("requestfinished", lambda r, recues=recues: r.url.endswith(".woff2") and recues.append(
            (r.url.rsplit("/", 1)[-1], r.sizes()["responseBodySize"])))
        page.goto(f"{base}/{nom}", wait_until="networkidle")
        polices[nom] = recues
        ctx.close()
    assert polices["book/index.html"] == [] and polices["book/decider/couts-et-valeur.html"] == []
    assert polices["ar/book/index.html"] and all(taille < 20_000 for _n, taille in polices["ar/book/index.html"])


def test_verifier_un_fichier_absent_dit_quoi_faire(tmp_path):
    problemes = traduction.verifier([tmp_path / "absent.po"])
    assert len(problemes) == 1 and "fichier introuvable" in problemes[0] and "Que faire" in problemes[0]


def test_fiche_de_decision_traduction_mal_formee(tmp_path):
    from cours_opendata.modeles import fiches

    (tmp_path / "book" / "decider").mkdir(parents=True)
    fiche = tmp_path / fiches.FICHE_DE_DECISION
    fiche.write_text('titre: "Fiche"\nintro: "Intro"\nar: {titre: "بطاقة"}\nelements:\n'
                     '  - champ: organisme\n    libelle: "Organisme"\n    ar: {libele: "الهيئة"}\n', encoding="utf-8")
    with pytest.raises(fiches.ErreurModele, match=r"« ar: » de « organisme » ne peut contenir que .* \(lu : libele\)"):
        fiches.fiche_de_decision(tmp_path, "ar")
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("libele", "libelle"), encoding="utf-8")
    arabe = fiches.fiche_de_decision(tmp_path, "ar")
    assert arabe["titre"] == "بطاقة" and arabe["elements"][0]["libelle"] == "الهيئة"
    assert fiches.fiche_de_decision(tmp_path)["elements"][0]["libelle"] == "Organisme"
