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
