"""Moteur de quiz : schéma, messages d'erreur en français, correction, rendu HTML et widgets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cours_opendata import quiz as moteur

BANQUE_VALIDE = textwrap.dedent("""\
    partie: partie-test
    titre: "Partie test"
    questions:
      - id: t-unique
        section: s1
        type: choix-unique
        parcours: tous
        enonce: "Quelle licence impose le **partage à l'identique** ?"
        options:
          - texte: "ODbL"
            correcte: true
            retour: "Oui : la base dérivée reste sous ODbL."
          - texte: "CC BY 4.0"
            retour: "Non : elle impose seulement la citation."
        explication: "L'ODbL est une licence à partage à l'identique."
      - id: t-multiple
        section: s1
        type: choix-multiple
        parcours: opérationnels
        enonce: "Quels formats sont ouverts ?"
        options:
          - {texte: "CSV", correcte: true, retour: "Oui, texte ouvert."}
          - {texte: "XLSX", correcte: true, retour: "Oui, norme ouverte (ISO/IEC 29500)."}
          - {texte: "PDF scanné", retour: "Non lisible par machine."}
        explication: "CSV et XLSX sont des formats ouverts."
      - id: t-vf
        section: s2
        type: vrai-faux
        parcours: décideurs
        enonce: "Publier un PDF suffit à faire de l'open data."
        reponse: false
        retour_vrai: "Non : un PDF n'est pas lisible par machine."
        retour_faux: "Exact."
        explication: "Il faut un format lisible par machine et une licence ouverte."
      - id: t-num
        section: s2
        type: numerique
        parcours: tous
        enonce: "Combien de régions compte le Maroc depuis 2015 ?"
        reponse: 12
        tolerance: 0
        unite: régions
        retour_correct: "Oui, 12 régions."
        retour_incorrect: "Non : 12 régions depuis le découpage de 2015."
        explication: "Le découpage de 2015 est passé de 16 à 12 régions."
    """)


def ecrire(tmp_path: Path, texte: str) -> Path:
    fichier = tmp_path / "quiz.yml"
    fichier.write_text(texte, encoding="utf-8")
    return fichier


def test_banque_valide(tmp_path):
    banque = moteur.charger_banque(ecrire(tmp_path, BANQUE_VALIDE))
    assert [q.type for q in banque.questions] == ["choix-unique", "choix-multiple", "vrai-faux", "numerique"]


@pytest.mark.parametrize(
    "remplacer, attendu",
    [
        (("type: choix-unique", "type: choix-inconnu"), ["t-unique", "type", "valeur non autorisée"]),
        (("correcte: true\n        retour: \"Oui : la base", "retour: \"Oui : la base"),
         ["t-unique", "options", "aucune option"]),
        (("id: t-multiple", "id: t-unique"), ["t-unique", "id", "double"]),
        (("    retour_vrai: \"Non : un PDF n'est pas lisible par machine.\"\n", ""),
         ["t-vf", "retour_vrai", "manque"]),
        (('{texte: "CSV", correcte: true, retour: "Oui, texte ouvert."}', '{texte: "CSV", correcte: true}'),
         ["t-multiple", "options.0.retour", "obligatoire"]),
        (("reponse: 12", "reponse: douze"), ["t-num", "reponse"]),
        (("parcours: décideurs", "parcours: ministres"), ["t-vf", "parcours"]),
    ],
    ids=["type-inconnu", "sans-bonne-reponse", "id-double", "retour-manquant", "retour-option-manquant",
         "numerique-non-nombre", "parcours-inconnu"],
)
def test_banque_mal_formee_message_francais(tmp_path, remplacer, attendu):
    ancien, nouveau = remplacer
    assert ancien in BANQUE_VALIDE
    fichier = ecrire(tmp_path, BANQUE_VALIDE.replace(ancien, nouveau, 1))
    with pytest.raises(moteur.BanqueInvalide) as exc:
        moteur.charger_banque(fichier)
    message = str(exc.value)
    assert str(fichier) in message
    for morceau in attendu:
        assert morceau in message, message


def test_yaml_mal_forme_donne_la_ligne(tmp_path):
    fichier = ecrire(tmp_path, BANQUE_VALIDE.replace("questions:\n", "questions:\n  - id: [\n", 1))
    with pytest.raises(moteur.BanqueInvalide, match=r"ligne \d+.*YAML mal formé"):
        moteur.charger_banque(fichier)


def test_id_en_double_entre_deux_banques(tmp_path):
    for partie in ("a", "b"):
        (tmp_path / partie).mkdir()
        (tmp_path / partie / "quiz.yml").write_text(BANQUE_VALIDE, encoding="utf-8")
    with pytest.raises(moteur.BanqueInvalide, match="déjà utilisé"):
        moteur.toutes_les_banques(tmp_path)


def test_correction(tmp_path):
    q = {x.id: x for x in moteur.charger_banque(ecrire(tmp_path, BANQUE_VALIDE)).questions}
    assert moteur.verifier(q["t-unique"], 0) == (True, ["Oui : la base dérivée reste sous ODbL."])
    assert moteur.verifier(q["t-unique"], 1)[0] is False
    assert moteur.verifier(q["t-multiple"], {0, 1})[0] is True
    assert moteur.verifier(q["t-multiple"], {0})[0] is False
    assert moteur.verifier(q["t-multiple"], {0, 1, 2})[0] is False
    assert moteur.verifier(q["t-vf"], False)[0] is True
    assert moteur.verifier(q["t-vf"], True) == (False, ["Non : un PDF n'est pas lisible par machine."])
    assert moteur.verifier(q["t-num"], "12")[0] is True
    assert moteur.verifier(q["t-num"], "12,0")[0] is True
    assert moteur.verifier(q["t-num"], 16)[0] is False


def test_html_stable_et_conforme_au_contrat(tmp_path):
    banque = moteur.charger_banque(ecrire(tmp_path, BANQUE_VALIDE))
    premier = moteur.quiz_html("partie-test", banque.questions)
    assert premier == moteur.quiz_html("partie-test", banque.questions)  # même entrée, mêmes octets
    for q in banque.questions:
        assert f'data-quiz-id="{q.id}"' in premier
    assert premier.count('type="radio"') == 2 + 2  # choix unique + vrai/faux
    assert premier.count('type="checkbox"') == 3
    assert premier.count('type="number"') == 1
    assert premier.count('aria-live="polite"') == 4
    assert premier.count("<details") == 4 and premier.count("<fieldset>") == 4
    assert "<script" not in premier  # aucun script par question


def test_le_balisage_de_la_banque_reste_du_texte(tmp_path):
    piege = BANQUE_VALIDE.replace("Quelle licence impose", "<img src=x onerror=alert(1)> Quelle licence impose")
    banque = moteur.charger_banque(ecrire(tmp_path, piege))
    rendu = moteur.quiz_html("partie-test", banque.questions)
    assert "<img" not in rendu
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendu


def test_markdown_restreint():
    assert moteur.md_vers_html("**gras** et *italique* et `code`") == \
        "<strong>gras</strong> et <em>italique</em> et <code>code</code>"
    assert moteur.md_vers_html("[ADD](https://www.add.gov.ma)") == '<a href="https://www.add.gov.ma">ADD</a>'
    assert "href" not in moteur.md_vers_html("[x](javascript:alert(1))")
    assert moteur.md_vers_html("`<b>`") == "<code>&lt;b&gt;</code>"


def test_widgets_corrigent_dans_un_noyau(tmp_path):
    """La vue ipywidgets : on coche, on clique, le retour s'affiche (logique Python)."""
    banque = moteur.charger_banque(ecrire(tmp_path, BANQUE_VALIDE))
    vue = moteur.Quiz("partie-test", banque.questions).widget()
    unique, multiple, vf, num = vue.children
    saisie, bouton, retour = unique.children[1], unique.children[2], unique.children[3]
    bouton.click()
    assert "avant de valider" in retour.value
    saisie.value = 1
    bouton.click()
    assert "Pas tout à fait" in retour.value and "citation" in retour.value
    saisie.value = 0
    bouton.click()
    assert "Bonne réponse" in retour.value
    cases = multiple.children[1].children
    cases[0].value = cases[1].value = True
    multiple.children[2].click()
    assert "Bonne réponse" in multiple.children[3].value
    num.children[1].value = "abc"
    num.children[2].click()
    assert "Saisissez un nombre" in num.children[3].value
    num.children[1].value = "12"
    num.children[2].click()
    assert "Bonne réponse" in num.children[3].value


def test_paquet_mime_contient_widget_et_html(tmp_path):
    banque = moteur.charger_banque(ecrire(tmp_path, BANQUE_VALIDE))
    paquet = moteur.Quiz("partie-test", banque.questions)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in paquet
    assert paquet["text/html"].startswith('<section class="quiz"')


def test_banques_du_livre_valides():
    banques = moteur.toutes_les_banques()
    for banque in banques:
        assert banque.partie == Path(banque.partie).name


def test_js_et_css_legers():
    statique = Path(moteur.__file__).parent / "static"
    taille = (statique / "quiz.js").stat().st_size + (statique / "quiz.css").stat().st_size
    assert taille < 10 * 1024, f"quiz.js + quiz.css = {taille} octets (limite : 10 Ko)"
    js = (statique / "quiz.js").read_text(encoding="utf-8")
    assert "eval(" not in js and "new Function" not in js and "http" not in js
