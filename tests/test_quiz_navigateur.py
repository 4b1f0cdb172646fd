"""Les quiz statiques cliqués dans Chromium (Playwright), sur un petit livre construit avec une banque d'essai."""

from __future__ import annotations

import pytest

from .conftest import REFUSER_LE_STOCKAGE, ouvrir

pytestmark = pytest.mark.navigateur


def question(page, qid):
    return page.locator(f'[data-quiz-id="{qid}"]')


def test_mauvaise_puis_bonne_reponse(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    q = question(page, "t-unique")
    q.get_by_label("CC BY 4.0").check()
    q.get_by_role("button", name="Valider ma réponse").click()
    retour = q.locator('[aria-live="polite"]')
    assert "Pas tout à fait" in retour.inner_text() and "seulement la citation" in retour.inner_text()
    q.get_by_label("ODbL").check()
    q.get_by_role("button", name="Valider ma réponse").click()
    assert "Bonne réponse" in retour.inner_text() and "reste sous ODbL" in retour.inner_text()
    m = question(page, "t-multiple")
    m.get_by_label("CSV").check()
    m.get_by_role("button").click()
    assert "Pas tout à fait" in m.locator(".quiz-retour").inner_text()
    m.get_by_label("XLSX").check()
    m.get_by_role("button").click()
    assert "Bonne réponse" in m.locator(".quiz-retour").inner_text()
    n = question(page, "t-num")
    n.locator("input.quiz-nombre").fill("16")
    n.get_by_role("button").click()
    assert "12 régions depuis" in n.locator(".quiz-retour").inner_text()
    assert erreurs == []


def test_clavier_seul(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    page.locator('[data-quiz-id="t-vf"] input').first.focus()
    page.keyboard.press("ArrowDown")  # Vrai → Faux
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Valider ma réponse"
    page.keyboard.press("Enter")
    retour = question(page, "t-vf").locator('[aria-live="polite"]')
    assert "Bonne réponse" in retour.inner_text()
    champ = question(page, "t-num").locator("input.quiz-nombre")
    champ.focus()
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # Entrée dans le champ soumet la question
    assert "Bonne réponse" in question(page, "t-num").locator(".quiz-retour").inner_text()
    assert erreurs == []


def test_la_progression_survit_au_rechargement_et_la_page_bilan_compte_juste(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    question(page, "t-unique").get_by_label("ODbL").check()
    question(page, "t-unique").get_by_role("button").click()
    question(page, "t-vf").get_by_label("Vrai").check()
    question(page, "t-vf").get_by_role("button").click()
    page.reload()
    q = question(page, "t-unique")
    assert q.get_by_label("ODbL").is_checked()
    assert "réponse enregistrée" in q.locator(".quiz-retour").inner_text()
    assert question(page, "t-vf").get_attribute("data-quiz-etat") == "faux"
    bilan, erreurs_bilan = ouvrir(contexte, site_quiz + "progression.html")
    ligne = bilan.locator(".progression-parties tbody tr").first
    assert ligne.locator("td").all_inner_texts() == ["2 / 4", "1", "50\u00a0%", "25\u00a0%"]
    lignes_parcours = bilan.locator(".progression-parcours tbody tr")
    # décideurs : t-unique (tous), t-vf (décideurs), t-num (tous) → 2 répondues sur 3, 1 juste
    assert lignes_parcours.nth(0).locator("td").all_inner_texts() == ["2 / 3", "1", "50\u00a0%", "33\u00a0%"]
    assert lignes_parcours.nth(1).locator("td").all_inner_texts() == ["1 / 3", "1", "100\u00a0%", "33\u00a0%"]
    bilan.locator("#progression-nom").fill("Participante")
    bilan.reload()
    assert bilan.locator("#progression-nom").input_value() == "Participante"
    bilan.get_by_role("button", name="Effacer ma progression").click()
    assert bilan.locator(".progression-parties tbody tr").first.locator("td").all_inner_texts() == ["0 / 4", "0", "—", "0\u00a0%"]
    assert erreurs == [] and erreurs_bilan == ["dialogue : Effacer toutes vos réponses enregistrées dans ce navigateur (quiz et tests)\u00a0?"]


def test_stockage_refuse_le_quiz_marche_quand_meme(navigateur, site_quiz):
    ctx = navigateur.new_context()
    ctx.add_init_script(REFUSER_LE_STOCKAGE)
    try:
        page, erreurs = ouvrir(ctx, site_quiz + "index.html")
        assert page.locator(".quiz-stockage").first.is_visible()
        q = question(page, "t-unique")
        q.get_by_label("ODbL").check()
        q.get_by_role("button").click()
        assert "Bonne réponse" in q.locator(".quiz-retour").inner_text()
        bilan, erreurs_bilan = ouvrir(ctx, site_quiz + "progression.html")
        assert bilan.locator(".quiz-stockage").first.is_visible()
        assert erreurs == [] and erreurs_bilan == []
    finally:
        ctx.close()


def test_le_balisage_injecte_reste_du_texte(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    enonce = question(page, "t-unique").locator(".quiz-enonce")
    assert "<img src=x onerror=alert(1)>" in enonce.inner_text()
    assert page.locator(".quiz img").count() == 0
    assert erreurs == []  # aucun alert() n'a été déclenché


def test_sans_javascript_la_reponse_est_dans_details(navigateur, site_quiz):
    ctx = navigateur.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_quiz + "index.html")
        details = question(page, "t-num").locator("details")
        details.locator("summary").click()
        assert "12 régions" in details.inner_text() and "16 à 12 régions" in details.inner_text()
    finally:
        ctx.close()


@pytest.mark.parametrize("saisie", ["84,1", "84,1 %", "1 740", "1\u202f740,5"])
def test_reponse_numerique_tapee_a_la_francaise(contexte, site_quiz, saisie):
    """Au clavier, comme un agent l'écrirait : virgule décimale, espace des milliers, signe %."""
    from cours_opendata.quiz import lire_nombre

    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    n = question(page, "t-num")
    champ = n.locator("input.quiz-nombre")
    champ.evaluate("(e, v) => e.setAttribute('data-reponse', v)", str(lire_nombre(saisie)))
    champ.focus()
    page.keyboard.type(saisie)
    page.keyboard.press("Enter")
    assert champ.input_value() == saisie, "le champ a modifié la saisie"
    assert n.get_attribute("data-quiz-etat") == "juste", n.locator(".quiz-retour").inner_text()
    assert erreurs == []


def test_le_navigateur_lit_les_nombres_comme_python(contexte, site_quiz):
    """quiz.js et correction.lire_nombre appliquent la même règle, sur les mêmes saisies."""
    from cours_opendata.quiz import ReponseInvalide, lire_nombre

    from .nombres_essai import NOMBRES_FRANCAIS, PAS_DES_NOMBRES

    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    n = question(page, "t-num")
    champ = n.locator("input.quiz-nombre")
    for saisie in [t for t, _ in NOMBRES_FRANCAIS] + PAS_DES_NOMBRES + ["12", "12,5"]:
        try:
            attendu = "juste" if lire_nombre(saisie) == 12 else "faux"
        except ReponseInvalide:
            attendu = "vide" if not saisie.strip() else "pas un nombre"
        n.evaluate("f => { f.removeAttribute('data-quiz-etat'); f.querySelector('.quiz-retour').textContent = ''; }")
        champ.fill(saisie)
        n.get_by_role("button").click()
        retour = n.locator(".quiz-retour").inner_text()
        lu = n.get_attribute("data-quiz-etat") or (
            "pas un nombre" if "n’est pas un nombre" in retour else "vide" if "avant de valider" in retour else retour)
        assert lu == attendu, f"saisie {saisie!r} : navigateur {lu!r}, Python {attendu!r}"
    assert erreurs == []


def test_sans_javascript_rien_d_inerte(navigateur, site_quiz):
    """Sans JavaScript : pas de bouton « Valider » qui ne fait rien, une consigne, la réponse dans <details>,
    et le bilan dit qu'il a besoin de JavaScript au lieu d'afficher des tableaux vides."""
    ctx = navigateur.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_quiz + "index.html")
        assert page.get_by_role("button", name="Valider ma réponse").count() == 0
        assert page.locator(".quiz-valider:visible").count() == 0
        assert "JavaScript est désactivé" in page.locator(".quiz").first.inner_text()
        bilan = ctx.new_page()
        bilan.goto(site_quiz + "progression.html")
        assert bilan.locator(".progression-parties:visible").count() == 0
        assert "activez JavaScript" in bilan.locator(".quiz-progression").inner_text()
    finally:
        ctx.close()


def test_une_reponse_a_une_question_modifiee_n_est_pas_reprise(contexte, site_quiz):
    """La réponse gardée porte l'empreinte de la question : si ses options ont changé, elle n'est ni cochée ni comptée."""
    page, erreurs = ouvrir(contexte, site_quiz + "index.html")
    q = question(page, "t-unique")
    q.get_by_label("ODbL").check()
    q.get_by_role("button").click()
    page.evaluate("""() => { const e = JSON.parse(localStorage.getItem('cours-opendata.quiz.v1'));
        e['t-unique'].v = 'ancienne'; localStorage.setItem('cours-opendata.quiz.v1', JSON.stringify(e)); }""")
    page.reload()
    assert not question(page, "t-unique").get_by_label("ODbL").is_checked()
    assert question(page, "t-unique").locator(".quiz-retour").inner_text() == ""
    bilan, erreurs_bilan = ouvrir(contexte, site_quiz + "progression.html")
    assert bilan.locator(".progression-parties tbody tr").first.locator("td").first.inner_text() == "0 / 4"
    assert erreurs == [] and erreurs_bilan == []
