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
