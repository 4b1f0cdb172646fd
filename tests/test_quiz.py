"""Moteur de quiz : schéma, messages d'erreur en français, correction, rendu HTML et widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from cours_opendata import quiz as moteur
from cours_opendata.quiz import rendu

from .nombres_essai import NOMBRES_FRANCAIS, PAS_DES_NOMBRES


def ecrire(tmp_path: Path, texte: str) -> Path:
    fichier = tmp_path / "quiz.yml"
    fichier.write_text(texte, encoding="utf-8")
    return fichier


def test_banque_valide(tmp_path, banque_valide):
    banque = moteur.charger_banque(ecrire(tmp_path, banque_valide))
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
        (("    parcours: décideurs\n    enonce", "    parcours: ministres\n    enonce"), ["t-vf", "parcours"]),
        (("objectif: t-obj-formats\n    niveau: rappel", "objectif: t-obj-format\n    niveau: rappel"),
         ["t-multiple", "objectif", "inconnu", "t-obj-format", "t-obj-licences, t-obj-formats"]),
        (("niveau: application", "niveau: avance"), ["t-unique", "niveau", "valeur non autorisée", "rappel"]),
        (("objectif: t-obj-formats\n    niveau: application", "objectif: t-obj-licences\n    niveau: application"),
         ["t-obj-formats", "1 question", "au moins 2"]),
        (("    objectif: t-obj-licences\n    niveau: rappel\n", ""), ["t-num", "objectif", "obligatoire"]),
        (("  - id: t-obj-formats\n", "  - id: t-obj-licences\n"), ["t-obj-licences", "double"]),
    ],
    ids=["type-inconnu", "sans-bonne-reponse", "id-double", "retour-manquant", "retour-option-manquant",
         "numerique-non-nombre", "parcours-inconnu", "objectif-inconnu", "niveau-inconnu", "objectif-sous-couvert",
         "objectif-manquant", "objectif-en-double"],
)
def test_banque_mal_formee_message_francais(tmp_path, banque_valide, remplacer, attendu):
    ancien, nouveau = remplacer
    assert ancien in banque_valide
    fichier = ecrire(tmp_path, banque_valide.replace(ancien, nouveau, 1))
    with pytest.raises(moteur.BanqueInvalide) as exc:
        moteur.charger_banque(fichier)
    message = str(exc.value)
    assert str(fichier) in message
    for morceau in attendu:
        assert morceau in message, message


def test_yaml_mal_forme_donne_la_ligne(tmp_path, banque_valide):
    fichier = ecrire(tmp_path, banque_valide.replace("questions:\n", "questions:\n  - id: [\n", 1))
    with pytest.raises(moteur.BanqueInvalide, match=r"ligne \d+.*YAML mal formé"):
        moteur.charger_banque(fichier)


def test_id_en_double_entre_deux_banques(tmp_path, banque_valide):
    for partie in ("a", "b"):
        (tmp_path / partie).mkdir()
        (tmp_path / partie / "quiz.yml").write_text(banque_valide.replace("partie: partie-test", f"partie: {partie}"),
                                                    encoding="utf-8")
    with pytest.raises(moteur.BanqueInvalide, match="déjà utilisé"):
        moteur.toutes_les_banques(tmp_path)


def test_correction(tmp_path, banque_valide):
    q = {x.id: x for x in moteur.charger_banque(ecrire(tmp_path, banque_valide)).questions}
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


def test_html_stable_et_conforme_au_contrat(tmp_path, banque_valide):
    banque = moteur.charger_banque(ecrire(tmp_path, banque_valide))
    premier = moteur.quiz_html("partie-test", banque.questions)
    assert premier == moteur.quiz_html("partie-test", banque.questions)  # même entrée, mêmes octets
    for q in banque.questions:
        assert f'data-quiz-id="{q.id}"' in premier
    assert premier.count('type="radio"') == 2 + 2  # choix unique + vrai/faux
    assert premier.count('type="checkbox"') == 3
    # Saisie numérique en texte : <input type="number"> de Chromium efface « 84,1 » et « 1 740 ».
    assert premier.count('type="number"') == 0
    assert premier.count('inputmode="decimal"') == 1
    assert premier.count('aria-live="polite"') == 4
    assert premier.count("<details") == 4 and premier.count("<fieldset>") == 4
    assert "<script" not in premier  # aucun script par question


def test_le_balisage_de_la_banque_reste_du_texte(tmp_path, banque_valide):
    piege = banque_valide.replace("Quelle licence impose", "<img src=x onerror=alert(1)> Quelle licence impose")
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


def test_widgets_corrigent_dans_un_noyau(tmp_path, banque_valide):
    """La vue ipywidgets : on coche, on clique, le retour s'affiche (logique Python)."""
    banque = moteur.charger_banque(ecrire(tmp_path, banque_valide))
    vue = moteur.Quiz("partie-test", banque.questions).widget()
    style, unique, multiple, vf, num = vue.children  # d'abord la feuille de style du livre
    assert style.value.startswith("<style>")
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
    assert "n’est pas un nombre" in num.children[3].value
    num.children[1].value = "12"
    num.children[2].click()
    assert "Bonne réponse" in num.children[3].value


def test_paquet_mime_contient_widget_et_html(tmp_path, banque_valide):
    banque = moteur.charger_banque(ecrire(tmp_path, banque_valide))
    paquet = moteur.Quiz("partie-test", banque.questions)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in paquet
    assert paquet["text/html"].startswith('<section class="quiz"')


def test_banques_du_livre_valides():
    fichiers = moteur.fichiers_banques()
    assert len(fichiers) == 5, fichiers  # une banque par partie
    banques = moteur.toutes_les_banques()
    assert [b.partie for b in banques] == [f.parent.name for f in fichiers]
    assert all(b.questions for b in banques)


def test_chaque_section_des_banques_est_affichee_par_une_page():
    """Chaque directive {quiz} nomme une section qui existe ; chaque section a sa page."""
    import re

    livre = moteur.dossier_livre()
    appels = {m.groups() for p in livre.rglob("*.md")
              for m in re.finditer(r"^```\{quiz\} ([\w-]+) ([\w-]+)$", p.read_text(encoding="utf-8"), re.M)}
    sections = {(b.partie, q.section) for b in moteur.toutes_les_banques() for q in b.questions}
    assert appels == sections


def test_une_partie_qui_ne_correspond_pas_a_son_dossier_est_refusee(tmp_path, banque_valide):
    (tmp_path / "partie-9").mkdir()
    (tmp_path / "partie-9" / "quiz.yml").write_text(banque_valide, encoding="utf-8")
    with pytest.raises(moteur.BanqueInvalide, match="« partie-test » ne correspond pas à son dossier « partie-9 »"):
        moteur.toutes_les_banques(tmp_path)
    with pytest.raises(moteur.BanqueInvalide, match="partie: partie-9"):
        moteur.quiz("partie-9", dossier=tmp_path)


def test_aucune_banque_n_est_une_erreur_visible(tmp_path):
    assert moteur.toutes_les_banques(tmp_path) == []
    with pytest.raises(moteur.BanqueInvalide, match="introuvable"):
        moteur.quiz("partie-1", dossier=tmp_path)


def test_js_et_css_legers():
    statique = Path(moteur.__file__).parent / "static"
    taille = (statique / "quiz.js").stat().st_size + (statique / "quiz.css").stat().st_size
    assert taille < 10 * 1024, f"quiz.js + quiz.css = {taille} octets (limite : 10 Ko)"
    js = (statique / "quiz.js").read_text(encoding="utf-8")
    assert "eval(" not in js and "new Function" not in js and "http" not in js


# ---------------------------------------------------------------- banques piégées : une erreur claire, en français

@pytest.mark.parametrize("remplacer, attendu", [
    # une réponse « par indice » sur une question à choix était ignorée sans un mot
    (("    explication: \"L'ODbL est", "    reponse: 0\n    explication: \"L'ODbL est"),
     ["t-unique", "« reponse »", "correcte: true"]),
    # une question numérique avec des options était acceptée
    (("    unite: régions\n", "    unite: régions\n    options:\n      - {texte: \"12\", correcte: true, retour: \"Oui\"}\n"),
     ["t-num", "« options »", "n'a pas d'options"]),
    (("reponse: false", "reponse: \"faux\""), ["t-vf", "« reponse »", "true ou false, sans guillemets", "'faux'"]),
    (("reponse: 12", "reponse: \"12 régions\""), ["t-num", "« reponse »", "sans guillemets ni unité"]),
], ids=["reponse-sur-choix", "numerique-avec-options", "vrai-faux-en-texte", "numerique-en-texte"])
def test_banque_piegee_une_seule_erreur_claire(tmp_path, banque_valide, remplacer, attendu):
    ancien, nouveau = remplacer
    assert ancien in banque_valide
    with pytest.raises(moteur.BanqueInvalide) as exc:
        moteur.charger_banque(ecrire(tmp_path, banque_valide.replace(ancien, nouveau, 1)))
    message = str(exc.value)
    for morceau in attendu:
        assert morceau in message, message
    assert len(message.splitlines()) == 2, "une seule ligne d'erreur, pas deux messages contradictoires"


@pytest.mark.parametrize("reponse", [2, -1, 7, "1", 0.5, True])
def test_correction_d_une_option_inexistante(tmp_path, banque_valide, reponse):
    q = {x.id: x for x in moteur.charger_banque(ecrire(tmp_path, banque_valide)).questions}
    if reponse == "1":  # un indice écrit en texte (stockage du navigateur) reste accepté
        assert moteur.verifier(q["t-unique"], reponse)[0] is False
        return
    with pytest.raises(moteur.ReponseInvalide, match="n'existe pas|numéro d'option"):
        moteur.verifier(q["t-unique"], reponse)
    with pytest.raises(moteur.ReponseInvalide):
        moteur.verifier(q["t-multiple"], {0, 3 if reponse == 2 else reponse})


@pytest.mark.parametrize("texte, valeur", NOMBRES_FRANCAIS)
def test_nombre_ecrit_a_la_francaise(texte, valeur):
    assert moteur.lire_nombre(texte) == pytest.approx(valeur)


@pytest.mark.parametrize("texte", PAS_DES_NOMBRES)
def test_ce_qui_n_est_pas_un_nombre_est_refuse(texte):
    with pytest.raises(moteur.ReponseInvalide, match="n’est pas un nombre"):
        moteur.lire_nombre(texte)


def test_reponse_numerique_francaise_corrigee(tmp_path, banque_valide):
    q = {x.id: x for x in moteur.charger_banque(ecrire(tmp_path, banque_valide)).questions}
    assert moteur.verifier(q["t-num"], "12,0 régions".replace(" régions", ""))[0] is True
    assert moteur.verifier(q["t-num"], "1 2")[0] is True  # espaces de milliers retirés : 12
    assert moteur.verifier(q["t-num"], "120")[0] is False


PIEGE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("champ", ["enonce: \"Quelle licence", "texte: \"ODbL", "retour: \"Oui : la base",
                                   "explication: \"L'ODbL", "retour_vrai: \"Non", "retour_correct: \"Oui",
                                   "unite: ", "titre: \""])
def test_aucun_champ_de_la_banque_n_injecte_de_html(tmp_path, banque_valide, champ):
    cle, _, debut = champ.partition(": ")
    texte = banque_valide.replace(champ, f"{cle}: {debut}{PIEGE} " if debut else f"{cle}: \"{PIEGE}\" ", 1)
    if champ == "unite: ":
        texte = banque_valide.replace("unite: régions", f"unite: \"{PIEGE} régions\"")
    texte = texte.replace("    explication: \"Il faut", f"    source: \"{PIEGE} source\"\n    explication: \"Il faut")
    fichier = ecrire(tmp_path, texte)
    banque = moteur.charger_banque(fichier)
    rendu_quiz = moteur.quiz_html("partie-test", banque.questions)
    rendu_bilan = rendu.progression_html([banque])
    assert "<img" not in rendu_quiz and "<img" not in rendu_bilan
    assert rendu_quiz.count("&lt;img src=x onerror=alert(1)&gt;") >= (0 if champ == "titre: \"" else 1)
    assert rendu_quiz.count("source</p>") == 1 and "&lt;img" in rendu_quiz.split("quiz-source")[1]


def test_le_bilan_ne_peut_pas_fermer_sa_balise_script(tmp_path, banque_valide):
    texte = banque_valide.replace('titre: "Partie test"', 'titre: "</script><script>alert(1)</script>"')
    banque = moteur.charger_banque(ecrire(tmp_path, texte))
    bilan = rendu.progression_html([banque])
    assert bilan.count("</script>") == 1  # celle qui ferme l'index
    import json
    index = json.loads(bilan.split('class="quiz-index">')[1].split("</script>")[0])
    assert index["parties"][0]["titre"] == "</script><script>alert(1)</script>"
    assert [p["cle"] for p in index["parcours"]] == ["décideurs", "opérationnels"]
