"""Qualité du site : chaque page du livre visitée dans Chromium, accessibilité, autonomie, copie hors ligne."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from cours_opendata.banc import est_une_redirection, pages_html

from .conftest import REFUSER_LE_STOCKAGE

pytestmark = pytest.mark.navigateur

IMPACTS_BLOQUANTS = {"serious", "critical"}


class Visiteur:
    """Une page de Chromium qui visite des pages l'une après l'autre et renvoie les problèmes de chacune, chacun
    nommant la page et l'élément en cause. Un seul onglet pour toutes : les fichiers communs (CSS, JS, police)
    sont vérifiés à leur première demande, puis lus du cache, comme chez un lecteur qui passe de page en page."""

    def __init__(self, contexte, hote: str):
        from axe_playwright_python.sync_playwright import Axe

        contexte.add_init_script(Axe().axe_script)  # axe chargé dans chaque page avant ses propres scripts
        self.page, self.hote, self.problemes = contexte.new_page(), hote, []
        self.page.set_viewport_size({"width": 375, "height": 800})
        noter = self.problemes.append
        self.page.on("console", lambda m: m.type == "error" and noter(f"erreur console : {m.text}"))
        self.page.on("pageerror", lambda e: noter(f"erreur JavaScript : {e}"))
        self.page.on("requestfailed", lambda r: noter(f"requête échouée : {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and noter(f"réponse {r.status} : {r.url}"))
        self.page.on("request", self._requete)

    def _requete(self, r) -> None:
        cible = urlparse(r.url)
        if cible.scheme in {"http", "https"} and cible.netloc != self.hote:
            self.problemes.append(f"requête vers un autre hôte : {r.url}")

    def _axe(self, options: dict, impacts: set[str] | None = None) -> list[dict]:
        """Les violations d'axe (d'impact ``impacts`` si donné). Un premier passage sans calculer les sélecteurs
        des éléments (un cinquième du temps d'axe) ; s'il trouve, un second sur ces règles seules les nomme."""
        # preload : axe relit les feuilles de style et résout mal les @import relatifs (fausses 404).
        options = {"resultTypes": ["violations"], "preload": False, **options}
        lancer = "o => axe.run(document, o).then(r => r.violations)"
        trouvees = [v for v in self.page.evaluate(lancer, {**options, "selectors": False})
                    if impacts is None or v["impact"] in impacts]
        if not trouvees:
            return []
        return [v for v in self.page.evaluate(lancer, {**options, "runOnly": [v["id"] for v in trouvees]})
                if impacts is None or v["impact"] in impacts]

    def visiter(self, url: str) -> list[str]:
        self.problemes.clear()
        page, noter = self.page, self.problemes.append
        page.goto(url, wait_until="load")
        for element in page.locator("img:not([alt])").all():
            noter(f"image sans texte alternatif : <img src={element.get_attribute('src')}>")
        for element in page.locator("svg[role=img]:not([aria-label]):not([aria-labelledby]):not([aria-hidden=true])").all():
            noter(f"graphique SVG sans texte alternatif : {element.evaluate('e => e.outerHTML.slice(0, 80)')}")
        largeur = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if largeur[0] > largeur[1] + 1:
            trop_larges = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                             && getComputedStyle(e).position !== 'fixed'
                             && !e.closest('.table-wrapper, .highlight, pre, .cell_output, [tabindex], .bd-sidebar-primary, .bd-sidebar-secondary'))
                .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
            noter(f"défilement horizontal à 375 px ({largeur[0]} px) : {trop_larges}")
        for violation in self._axe({}, IMPACTS_BLOQUANTS):
            cibles = [n["target"] for n in violation["nodes"][:3]]
            noter(f"accessibilité ({violation['impact']}) {violation['id']} : {violation['help']} — {cibles}")
        # Mode sombre : mêmes contrastes exigés (le thème bascule par l'attribut data-theme).
        page.evaluate("document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'")
        for violation in self._axe({"runOnly": ["color-contrast"]}):
            cibles = [n["target"] for n in violation["nodes"][:3]]
            noter(f"accessibilité en mode sombre {violation['id']} : {violation['help']} — {cibles}")
        # Attendue après les contrôles (elle a eu le temps de venir) : une demande tardive est encore vue.
        page.wait_for_load_state("networkidle")
        return sorted(set(self.problemes))


def toutes_les_pages(livre: Path) -> list[str]:
    return [str(p.relative_to(livre)) for langue in ("fr", "ar") for p in pages_html(livre, langue)
            if not est_une_redirection(p)]


#: Les pages des deux langues, en tranches que pytest-xdist répartit entre ses processus (conftest.py).
TRANCHES = 4


@pytest.mark.parametrize("tranche", range(TRANCHES))
def test_chaque_page_dans_chromium(livre, servir, navigateur, tranche):
    base = servir(livre)
    ctx = navigateur.new_context(locale="fr-FR")
    visiteur = Visiteur(ctx, urlparse(base).netloc)
    fautes = {}
    try:
        for nom in toutes_les_pages(livre)[tranche::TRANCHES]:
            if problemes := visiteur.visiter(f"{base}/{nom}"):
                fautes[nom] = problemes
    finally:
        ctx.close()
    assert fautes == {}, "\n".join(f"{nom} :\n  " + "\n  ".join(p) for nom, p in fautes.items())


def test_le_controle_de_page_nomme_la_page_et_l_element(tmp_path, servir, navigateur):
    (tmp_path / "mauvaise.html").write_text(
        '<!doctype html><html lang="fr"><head><title>Essai</title>'
        '<style>html[data-theme=dark] .sombre{color:#222;background:#111}</style></head><body><main>'
        '<h1>Essai</h1><img src="absente.png"><div style="width:900px">trop large</div>'
        '<p class="sombre">illisible en mode sombre</p>'
        '</main></body></html>', encoding="utf-8")
    base = servir(tmp_path)
    ctx = navigateur.new_context()
    problemes = Visiteur(ctx, urlparse(base).netloc).visiter(f"{base}/mauvaise.html")
    ctx.close()
    texte = "\n".join(problemes)
    assert "image sans texte alternatif : <img src=absente.png>" in texte
    assert "absente.png" in texte and "404" in texte
    assert "défilement horizontal à 375 px" in texte
    assert "accessibilité (critical) image-alt" in texte and "['img']" in texte  # l'élément est nommé
    assert "accessibilité en mode sombre color-contrast" in texte and "['p']" in texte
    assert "accessibilité (serious) color-contrast" not in texte  # lisible en mode clair


def liens_internes_casses(livre: Path) -> list[str]:
    casses = []
    for page in pages_html(livre):
        soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soupe.find_all("a", href=True):
            href = a["href"]
            cible = urlparse(href)
            if cible.scheme or href.startswith(("#", "mailto:", "//")) or not cible.path:
                continue
            fichier = (page.parent / unquote(cible.path)).resolve()
            if not fichier.exists():
                casses.append(f"{page.relative_to(livre)} : lien cassé <a href={href}>")
    return casses


def test_aucun_lien_interne_casse(livre):
    assert liens_internes_casses(livre) == []


def test_le_detecteur_de_liens_casses_fonctionne(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="absente.html#x">x</a><a href="#haut">h</a>')
    (tmp_path / "b.html").write_text("ok")
    assert liens_internes_casses(tmp_path) == ["a.html : lien cassé <a href=absente.html#x>"]


def test_la_liste_des_liens_externes_est_produite(livre):
    fichier = livre.parent / "liens-externes.txt"
    assert fichier.is_file()
    lignes = fichier.read_text(encoding="utf-8").splitlines()
    assert any("raw.githubusercontent.com" in l for l in lignes)
    assert all(re.match(r"^https?://\S+\t", l) for l in lignes if l and not l.startswith("#"))


def test_copie_hors_ligne_depuis_file(copie_hors_ligne, navigateur):
    ctx = navigateur.new_context(offline=True)
    demandes = []
    ctx.on("request", lambda r: not r.url.startswith("file://") and demandes.append(r.url))
    page = ctx.new_page()
    erreurs = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto((copie_hors_ligne / "book" / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert "open data" in page.title().lower()
    # navigation : vers une page de la partie 2 par le menu
    page.locator("nav.bd-links a", has_text="Parcours décideurs").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("parcours-decideurs.html")
    # figures : fichiers SVG chargés depuis le disque quand ils entrent à l'écran, avec leur texte alternatif
    page.goto((copie_hors_ligne / "book" / "partie-2" / "inclusion-numerique.html").as_uri())
    image = page.locator("figure.graphique img[loading=lazy]").first
    assert len(image.get_attribute("alt")) > 30
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    # quiz
    q = page.locator("form.quiz-question:has(input[type=radio])").first
    q.locator("input").first.check()
    q.get_by_role("button", name="Valider ma réponse").click()
    assert q.locator(".quiz-retour").inner_text().strip() != ""
    # recherche (index chargé par une balise <script>, compatible file://)
    page.goto((copie_hors_ligne / "search.html").as_uri() + "?q=licence")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert page.locator("#search-results li").count() > 0
    assert demandes == [] and erreurs == []
    ctx.close()


def test_bilan_de_progression_du_livre(livre, servir, navigateur):
    """La page « Ma progression » du vrai livre compte juste à partir d'une progression enregistrée."""
    import json

    from cours_opendata import quiz

    banques = quiz.toutes_les_banques()
    premiere = banques[0]
    q1, q2 = premiere.questions[:2]
    from cours_opendata.quiz.rendu import version

    etat = {q1.id: {"reponse": ["0"], "juste": True, "v": version(q1)},
            q2.id: {"reponse": ["1"], "juste": False, "v": version(q2)}}
    base = servir(livre)
    ctx = navigateur.new_context()
    ctx.add_init_script(f"localStorage.setItem('cours-opendata.quiz.v1', {json.dumps(json.dumps(etat))});")
    page = ctx.new_page()
    page.goto(f"{base}/book/annexes/progression.html")
    ligne = page.locator(".progression-parties tbody tr").first
    total = len(premiere.questions)
    assert ligne.locator("th").inner_text() == premiere.titre.replace("'", "’")
    assert ligne.locator("td").all_inner_texts() == [f"2 / {total}", "1", "50\u00a0%", f"{round(100 / total)}\u00a0%"]
    assert page.locator(".progression-parties tbody tr").count() == len(banques)
    ctx.close()


def test_le_menu_s_ouvre_sur_telephone(livre, servir, navigateur):
    """À 375 px, le bouton de menu visible ouvre la navigation (le thème n'écoute que le premier bouton)."""
    base = servir(livre)
    ctx = navigateur.new_context(viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    page.goto(f"{base}/book/partie-1/licences.html", wait_until="networkidle")
    visible = [b for b in page.locator(".primary-toggle").all() if b.is_visible()]
    assert visible, "aucun bouton de menu visible à 375 px"
    visible[0].click()
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")
    assert page.get_by_role("link", name="Parcours décideurs").first.is_visible()
    ctx.close()


def test_stockage_refuse_aucune_erreur_et_le_site_marche(livre, servir, navigateur):
    """Navigation privée stricte : aucune erreur non rattrapée, le thème change de mode, la recherche s'ouvre."""
    base = servir(livre)
    ctx = navigateur.new_context(locale="fr-FR")
    ctx.add_init_script(REFUSER_LE_STOCKAGE)
    erreurs = []
    try:
        page = ctx.new_page()
        page.on("pageerror", lambda e: erreurs.append(f"{page.url} : {e}"))
        for nom in ("book/index.html", "book/partie-1/licences.html", "book/annexes/progression.html",
                    "search.html?q=licence", "book/partie-1/licences.html?highlight=licence"):
            page.goto(f"{base}/{nom}", wait_until="networkidle")
        assert page.evaluate("(() => { try { return localStorage.coursMemoire === true } catch (e) { return e.name } })()")
        modes = []
        for _ in range(3):
            page.locator(".theme-switch-button").first.click()
            modes.append(page.evaluate("document.documentElement.dataset.mode"))
        assert len(set(modes)) == 3, f"le bouton de thème ne fait plus le tour des modes : {modes}"
        page.keyboard.press("Control+k")
        page.wait_for_function("document.getElementById('pst-search-dialog').open", timeout=5000)
    finally:
        ctx.close()
    assert erreurs == []


def test_mots_cherches_surlignes_seulement_en_arrivant_d_une_recherche(livre, servir, navigateur):
    """Le surlignage (sphinx_highlight.js et les traductions de Sphinx, 9 Ko) n'est demandé qu'en arrivant d'une
    recherche, par un résultat cliqué ou par une adresse « ?highlight= » : les mots sont alors surlignés et le
    lien qui les cache est en français."""
    base = servir(livre)
    ctx = navigateur.new_context(locale="fr-FR")
    demandes, erreurs = [], []
    ctx.on("request", lambda r: demandes.append(r.url))
    try:
        page = ctx.new_page()
        page.on("pageerror", lambda e: erreurs.append(str(e)))
        page.goto(f"{base}/book/partie-1/licences.html", wait_until="networkidle")
        assert [u for u in demandes if "sphinx_highlight" in u or "translations.js" in u] == []
        assert page.locator("span.highlighted").count() == 0
        page.goto(f"{base}/search.html?q=licence", wait_until="networkidle")
        page.locator("#search-results ul.search li a").first.click()
        page.wait_for_selector("span.highlighted", state="attached", timeout=5000)
        assert "Cacher les résultats de la recherche" in page.locator("#searchbox").text_content()
        page.goto(f"{base}/book/partie-2/index.html?highlight=services", wait_until="networkidle")
        page.wait_for_selector("span.highlighted", state="attached", timeout=5000)
    finally:
        ctx.close()
    assert erreurs == []


def test_favicon_ico_a_la_racine(livre, servir, navigateur):
    base = servir(livre)
    ctx = navigateur.new_context()
    try:
        reponse = ctx.request.get(f"{base}/favicon.ico")
        assert reponse.status == 200 and reponse.body()[:4] == b"\x00\x00\x01\x00"  # en-tête ICO
    finally:
        ctx.close()


def test_sans_javascript_le_menu_reste_atteignable_sur_telephone(livre, servir, navigateur):
    """Sans JavaScript, à 375 px : pas de bouton de menu inerte, les liens de navigation restent visibles."""
    base = servir(livre)
    ctx = navigateur.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(f"{base}/book/partie-1/licences.html")
        assert [b for b in page.locator(".primary-toggle, .secondary-toggle").all() if b.is_visible()] == []
        lien = page.locator(".bd-sidebar-primary nav.bd-links a", has_text="Parcours décideurs").first
        lien.scroll_into_view_if_needed()
        assert lien.is_visible()
        lien.click()
        assert page.url.endswith("parcours-decideurs.html")
    finally:
        ctx.close()


def test_menu_telecharger_souris_et_clavier(livre, servir, navigateur):
    """bootstrap.js n'est plus chargé : le menu « Télécharger » s'ouvre à la souris et au clavier, se ferme par
    Échap ou un clic ailleurs, et reste dans la fenêtre."""
    base = servir(livre)
    ctx = navigateur.new_context(viewport={"width": 1200, "height": 800})
    page = ctx.new_page()
    erreurs = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    demandes = []
    page.on("request", lambda r: demandes.append(r.url))
    page.goto(f"{base}/book/partie-1/licences.html", wait_until="networkidle")
    assert not any("bootstrap.js" in u for u in demandes)
    bouton = page.get_by_role("button", name="Télécharger cette page")
    menu = page.locator(".dropdown-download-buttons .dropdown-menu")
    bouton.click()
    assert menu.is_visible() and bouton.get_attribute("aria-expanded") == "true"
    boite, fenetre = menu.bounding_box(), page.viewport_size
    assert boite["x"] >= 0 and boite["x"] + boite["width"] <= fenetre["width"]
    page.locator("article h1").first.click()
    assert not menu.is_visible() and bouton.get_attribute("aria-expanded") == "false"
    bouton.focus()
    page.keyboard.press("Enter")
    assert menu.is_visible()
    assert page.evaluate("document.activeElement.closest('.dropdown-menu') !== null")  # le focus entre dans le menu
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Télécharger cette page"
    assert erreurs == []
    ctx.close()


def test_fiches_decideurs_sur_une_page_a4(livre, servir, navigateur):
    """Chaque fiche d'une page du kit s'imprime sur une seule page A4, sans la navigation du site."""
    import io

    from pypdf import PdfReader

    base = servir(livre)
    ctx = navigateur.new_context()
    page = ctx.new_page()
    for n in range(1, 6):
        page.goto(f"{base}/book/decider/fiche-partie-{n}.html", wait_until="networkidle")
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
        texte = pdf.pages[0].extract_text()
        assert len(pdf.pages) == 1, f"fiche-partie-{n} : {len(pdf.pages)} pages A4"
        assert "Trois questions à poser à votre équipe" in texte and "Recherche" not in texte, texte[:300]
    ctx.close()


def test_la_description_de_chaque_page_vient_de_son_texte(livre):
    """La description (``<meta name="description">``, que montrent les moteurs de recherche) est tirée du texte de
    la page, pas de la ligne « Temps estimé… » que le cours met sous chaque titre."""
    fautes = []
    for nom in toutes_les_pages(livre):
        soupe = BeautifulSoup((livre / nom).read_text(encoding="utf-8"), "html.parser")
        duree = soupe.select_one("p.duree-page")
        meta = soupe.find("meta", attrs={"name": "description"})
        if duree is None:
            continue
        if meta is None or len(meta["content"]) < 60:
            fautes.append(f"{nom} : pas de description")
        elif meta["content"][:40] == " ".join(duree.get_text().split())[:40]:
            fautes.append(f"{nom} : {meta['content'][:60]}")
    assert fautes == [], "\n".join(fautes)


def test_aucun_script_ne_bloque_l_affichage(livre):
    """Chaque script chargé par une page attend la fin de sa lecture (``defer``), sauf sur search.html ; les
    options de Sphinx, lues aussitôt par les scripts en ligne, sont écrites dans la page (pas de requête)."""
    fautes = []
    for nom in toutes_les_pages(livre):
        if Path(nom).name == "search.html":
            continue
        tete = BeautifulSoup((livre / nom).read_text(encoding="utf-8"), "html.parser").head
        bloquants = [s["src"] for s in tete.find_all("script", src=True) if not s.has_attr("defer") and not s.has_attr("async")]
        en_ligne = [s.string or "" for s in tete.find_all("script", src=False)]
        if bloquants:
            fautes.append(f"{nom} : {bloquants}")
        if not any(texte.startswith("const DOCUMENTATION_OPTIONS") for texte in en_ligne):
            fautes.append(f"{nom} : DOCUMENTATION_OPTIONS n'est pas écrit dans la page")
    assert fautes == [], "\n".join(fautes[:10])
