"""Thème allégé : l'élagage des feuilles de style garde ce qui sert, et seulement cela."""

from __future__ import annotations

from cours_opendata.theme import classes_exigees, elaguer

FEUILLE = """/*! Bootstrap, licence MIT */ /* commentaire ordinaire */
.quiz, .absente:not(.quiz) > p, [class~="absente"] {color: red}
@media (max-width: 600px) { .quiz {margin: 0} .absente {margin: 1px} }
@media print { .absente {display: none} }
.fa-github, .fa {font-family: "Font Awesome 6 Brands"}
@font-face {font-family: "Font Awesome 6 Free"; src: url(fa.woff2)}
@font-face {font-family: "Lato"; src: url(lato.woff2)}
a[href$=".pdf"]::after {content: "}{ .absente"}
.col\\:absente {width: 1px}
.show {opacity: 1}
"""


def test_l_elagage_garde_ce_qui_sert():
    elaguee = elaguer(FEUILLE, {"quiz"})
    assert elaguee.startswith("/*! Bootstrap, licence MIT */")
    assert "commentaire ordinaire" not in elaguee
    assert '.quiz,[class~="absente"]{color: red}' in elaguee  # l'attribut n'exige aucune classe
    assert "@media (max-width: 600px) {.quiz{margin: 0}}" in elaguee
    assert "@media print" not in elaguee  # bloc vidé : retiré
    assert "Font Awesome" not in elaguee
    assert "Lato" in elaguee
    assert 'content: "}{ .absente"' in elaguee  # une chaîne n'est pas un sélecteur
    assert "width: 1px" not in elaguee  # classe échappée « col:absente »
    assert ".show{opacity: 1}" in elaguee  # classe ajoutée par Bootstrap à l'exécution


def test_classes_exigees_hors_fonctions():
    assert classes_exigees(".a.b:is(.c) .d:not(.e)") == ["a", "b", "d"]
    assert classes_exigees("nav > a[href]") == []


def test_balises_de_code_sans_effet_retirees_sans_changer_le_texte():
    import re

    from cours_opendata.theme.premiere_vue import classes_de_code_sans_effet, sans_balises_inutiles

    css = """
    html[data-theme="light"] .highlight{background:#fefefe;color:#080808}
    html[data-theme="dark"] .highlight{background:#2b2b2b;color:#F8F8F2}
    html[data-theme="light"] .highlight .n{color:#080808}
    html[data-theme="dark"] .highlight .n{color:#f8f8f2}
    html[data-theme="light"] .highlight .o{color:#00622F}
    html[data-theme="dark"] .highlight .o{color:#F8F8F2}
    html[data-theme="light"] .highlight .k{color:#080808;font-weight:bold}
    html[data-theme="dark"] .highlight .k{color:#F8F8F2}
    html[data-theme="light"] .highlight .gp{color:#080808}
    div.highlight .gp{user-select:none}
    """
    # o change de couleur en mode clair, k est en gras, gp sert aussi ailleurs : seules les balises n partent.
    assert classes_de_code_sans_effet(css) == {"n"}
    page = ('<p><span class="n">hors code</span></p><div class="highlight-python notranslate"><div class="highlight"><pre>'
            '<span></span><span class="n">df</span><span class="o">=</span><span class="n">pd</span>\n</pre></div></div>')
    allegee = sans_balises_inutiles(page, {"n"})
    assert allegee.count('class="n"') == 1  # hors des blocs de code, rien ne change
    assert '<pre><span></span>df<span class="o">=</span>pd\n</pre>' in allegee
    assert re.sub(r"<[^>]+>", "", allegee) == re.sub(r"<[^>]+>", "", page)


def test_blancs_entre_balises_reduits_sans_changer_le_texte_ni_les_blocs():
    from bs4 import BeautifulSoup

    from cours_opendata.theme.premiere_vue import sans_blancs_entre_balises

    page = ('<div>\n    <p>Un\u202f<b>mot</b> <i>puis</i>   <a href="#">lien</a></p>\n\n    <span>a</span>\u202f<span>b</span>\n'
            '<pre><span class="k">def</span>  <span class="n">f</span>\n\n    <span>x</span></pre>\n'
            '<textarea>  \n  garde  </textarea>\n  <script>if (a >  \n  <b) {}</script>   <style>p >  \n <x {}</style>\n</div>')
    allegee = sans_blancs_entre_balises(page)
    assert "<p>Un\u202f<b>mot</b> <i>puis</i> <a" in allegee  # un blanc entre deux mots reste un blanc
    assert "<span>a</span>\u202f<span>b</span>" in allegee  # l'espace fine insécable est du texte
    assert "<div>\n<p>" in allegee and "\n\n" not in allegee.split("<pre>")[0]
    for bloc in ('<pre><span class="k">def</span>  <span class="n">f</span>\n\n    <span>x</span></pre>',
                 "<textarea>  \n  garde  </textarea>", "<script>if (a >  \n  <b) {}</script>", "<style>p >  \n <x {}</style>"):
        assert bloc in allegee
    assert len(allegee) < len(page)
    texte = lambda h: " ".join(BeautifulSoup(h, "html.parser").get_text().split())  # noqa: E731
    assert texte(allegee) == texte(page)
    assert sans_blancs_entre_balises(allegee) == allegee


def test_un_seul_exemplaire_des_styles_de_pandas_et_logo_de_menu_a_la_demande():
    from cours_opendata.theme.premiere_vue import alleger_le_html

    style = "<style scoped>\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>"
    autre = "<style scoped>.autre {color: red}</style>"
    page = (f'<div>{style}<table class="dataframe"></table></div><div>{style}<table class="dataframe"></table>{autre}</div>'
            '<img alt="Binder (logo)" src="../_static/images/logo_binder.svg"><img alt="Carte" src="carte.svg">')
    allegee = alleger_le_html(page, set())
    assert allegee.count(style) == 1 and allegee.index(style) < allegee.index("<table") and autre in allegee
    assert '<img alt="Binder (logo)" src="../_static/images/logo_binder.svg" loading="lazy">' in allegee
    assert '<img alt="Carte" src="carte.svg">' in allegee  # une figure du contenu n'est pas touchée
    assert alleger_le_html(allegee, set()) == allegee


def test_fonctions_eteintes_du_theme_et_animations_orphelines_retirees():
    from cours_opendata.theme import classes_eteintes, sans_animations_inutiles

    feuille = (".version-switcher__menu, .btn {color: red}\n.tooltip {opacity: 0}\n"
               ".bd-header-announcement {top: 0}\n.anime {animation: glisse .3s}\n"
               "@keyframes glisse {to {opacity: 1}}\n@keyframes fa-spin {to {rotate: 1turn}}\n"
               "@keyframes nommee-par-un-script {to {opacity: 0}}")
    utilisees = {"version-switcher__menu", "btn", "tooltip", "bd-header-announcement", "anime"}
    eteintes = classes_eteintes({"switcher": "", "announcement": "Nouveau : la partie 6"})
    elaguee = elaguer(feuille, utilisees, eteintes)
    assert ".btn{color: red}" in elaguee and "version-switcher" not in elaguee
    assert ".tooltip" not in elaguee  # seul bootstrap.js, plus chargé, crée des infobulles
    assert ".bd-header-announcement" in elaguee  # une annonce est configurée : ses règles restent
    animees = sans_animations_inutiles({"f": elaguee}, ".autre {animation-name: x}", {"nommee-par-un-script"})["f"]
    assert "@keyframes glisse" in animees and "@keyframes nommee-par-un-script" in animees
    assert "fa-spin" not in animees


def test_les_classes_viennent_des_balises_et_des_scripts_pas_du_texte(tmp_path):
    from cours_opendata.theme import classes_du_site

    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "menu.js").write_text("el.classList.add('ouvert')", encoding="utf-8")
    (tmp_path / "_static" / "searchindex.js").write_text("Search.setIndex({terms: {encadre: 1}})", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<div class="admonition note" data-parcours="decideurs" style="--largeur: 3em">Une note importante, '
        'attention.</div><img alt="warning" src="a.png"><script>document.body.classList.add("pret")</script>',
        encoding="utf-8")
    classes = classes_du_site(tmp_path)
    assert {"admonition", "note", "decideurs", "--largeur", "ouvert", "pret"} <= classes
    assert not {"importante", "attention", "warning", "encadre"} & classes  # texte, alt, index de recherche


def test_surlignage_charge_a_la_demande_sauf_sur_la_page_de_recherche():
    from cours_opendata.theme.premiere_vue import surlignage_a_la_demande

    scripts = ('<script defer="defer" src="../_static/doctools.js?v=1"></script>\n'
               '<script defer="defer" src="../_static/sphinx_highlight.js?v=2a"></script>\n'
               '<script defer="defer" src="../_static/translations.js?v=3b"></script>\n')
    allegee = surlignage_a_la_demande(scripts)
    assert 'src="../_static/doctools.js?v=1"' in allegee
    assert 'src="../_static/sphinx_highlight.js' not in allegee and 'src="../_static/translations.js' not in allegee
    assert '["../_static/translations.js?v=3b", "../_static/sphinx_highlight.js?v=2a"]' in allegee  # dans l'ordre
    assert surlignage_a_la_demande(allegee) == allegee
    recherche = scripts.replace(' defer="defer"', "")  # search.html : scripts lus aussitôt, gardés
    assert surlignage_a_la_demande(recherche) == recherche
