"""Prétest, post-test, tests finaux et attestation dans Chromium : clavier, stockage refusé, copie ouverte depuis le disque."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from .conftest import REFUSER_LE_STOCKAGE, ouvrir

pytestmark = pytest.mark.navigateur





def question(page, qid):
    return page.locator(f'.evaluation [data-quiz-id="{qid}"]')


def test_pretest_aucun_retour_avant_la_fin_puis_score_par_partie(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "evaluation/pre-test.html")
    q = question(page, "t-unique")
    assert page.locator(".evaluation-formulaire").is_visible()
    assert q.get_by_role("button").count() == 0  # pas de « Valider » par question
    q.get_by_label("CC BY 4.0").check()
    assert q.locator(".quiz-retour").inner_text() == ""
    assert not q.locator(".quiz-solution").is_visible()  # ni réponse ni explication avant la fin
    page.get_by_role("button", name="Terminer et voir mes résultats").click()
    resultats = page.locator(".evaluation-resultats")
    assert resultats.is_visible()
    assert "0 bonne(s) réponse(s) sur 1" in resultats.inner_text()
    assert resultats.locator("tbody tr").first.locator("td").all_inner_texts() == ["0 / 1", "0\u00a0%"]
    assert "seulement la citation" in q.locator(".quiz-retour").inner_text()  # retours montrés après
    assert q.locator(".quiz-solution").is_visible()
    assert q.get_by_label("ODbL").is_disabled()
    page.reload()  # le résultat est gardé
    assert page.locator(".evaluation-resultats").is_visible()
    assert question(page, "t-unique").get_by_label("CC BY 4.0").is_checked()
    bilan, erreurs_bilan = ouvrir(contexte, site_quiz + "progression.html")
    ligne = bilan.locator(".progression-tests tbody tr").first
    assert ligne.locator("td").all_inner_texts() == ["0 / 1 (0\u00a0%)", "—"]
    assert erreurs == [] and erreurs_bilan == []


def test_question_sans_reponse_signalee_puis_comptee_fausse(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "evaluation/finale-operationnels.html")
    question(page, "t-unique").get_by_label("ODbL").check()
    bouton = page.get_by_role("button", name="Terminer et voir mes résultats")
    bouton.click()
    alerte = page.locator(".evaluation-manquantes")
    assert alerte.is_visible() and "questions 2, 3" in alerte.inner_text()
    assert not page.locator(".evaluation-resultats").is_visible()
    assert page.evaluate("document.activeElement.name") == "t-multiple"  # le curseur va à la première oubliée
    question(page, "t-num").locator("input").fill("douze")
    bouton.click()
    assert "«\u00a0douze\u00a0» n’est pas un nombre" in alerte.inner_text()
    question(page, "t-num").locator("input").fill("12")
    bouton.click()
    assert "question 2." in alerte.inner_text()
    bouton.click()  # deuxième fois : on termine, la question vide compte comme fausse
    verdict = page.locator(".evaluation-verdict").inner_text()
    assert "2 bonne(s) réponse(s) sur 3" in verdict and "seuil" in verdict
    assert "Sans réponse" in question(page, "t-multiple").locator(".quiz-retour").inner_text()
    assert page.locator(".attestation").is_visible()  # 67 % ≥ 60 %
    assert erreurs == []


def test_test_final_au_clavier_et_attestation(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "evaluation/finale-decideurs.html")
    assert "seuil de réussite\u202f: 60\u00a0%" in page.locator(".evaluation-consigne").inner_text()
    assert not page.locator(".attestation").is_visible()
    page.locator('[data-quiz-id="t-unique"] input').first.focus()  # ODbL est la première option
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # → Vrai / Faux
    page.keyboard.press("ArrowDown")  # Faux
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # Entrée dans un champ soumet le formulaire
    verdict = page.locator(".evaluation-verdict")
    assert "3 bonne(s) réponse(s) sur 3" in verdict.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('evaluation-resultats')")
    attestation = page.locator(".attestation")
    assert attestation.is_visible()
    attestation.get_by_role("button", name="Imprimer l’attestation").click()
    assert page.evaluate("window.__impressions") == 0  # pas de nom : pas d'impression
    assert page.locator(".attestation-nom").get_attribute("aria-invalid") == "true"
    attestation.get_by_label("Votre nom, tel qu’il doit figurer sur l’attestation").fill("Amina El Idrissi")
    attestation.get_by_role("button", name="Imprimer l’attestation").click()
    assert page.evaluate("window.__impressions") == 1
    document = page.locator(".attestation-document").inner_text()
    for attendu in ("Amina El Idrissi", "parcours décideurs", "100\u00a0% (3)", "3 questions", "pas un certificat officiel",
                    "rien n’a été envoyé"):
        assert attendu in document, document
    assert page.locator(".attestation-date").inner_text() != ""
    assert page.locator(".attestation-parties tbody tr td").all_inner_texts() == ["3 / 3"]
    page.get_by_role("button", name="Recommencer ce test").click()
    assert not attestation.is_visible() and not page.locator(".evaluation-resultats").is_visible()
    assert not page.locator('[data-quiz-id="t-unique"] input').first.is_checked()
    assert erreurs == []


def test_echec_au_test_final_pas_d_attestation(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "evaluation/finale-decideurs.html")
    question(page, "t-unique").get_by_label("CC BY 4.0").check()
    question(page, "t-vf").get_by_label("Vrai").check()
    question(page, "t-num").locator("input").fill("16")
    page.get_by_role("button", name="Terminer et voir mes résultats").click()
    assert "relisez" in page.locator(".evaluation-verdict").inner_text()
    assert not page.locator(".attestation").is_visible()
    assert erreurs == []


def test_stockage_refuse_les_tests_se_corrigent_quand_meme(navigateur, site_quiz):
    ctx = navigateur.new_context(locale="fr-FR")
    ctx.add_init_script(REFUSER_LE_STOCKAGE)
    try:
        page, erreurs = ouvrir(ctx, site_quiz + "evaluation/post-test.html")
        assert page.locator(".quiz-stockage").first.is_visible()
        question(page, "t-num").locator("input").fill("12")
        page.get_by_role("button", name="Terminer et voir mes résultats").click()
        verdict = page.locator(".evaluation-verdict").inner_text()
        assert "1 bonne(s) réponse(s) sur 1" in verdict and "ne sera pas conservé" in verdict
        bilan, erreurs_bilan = ouvrir(ctx, site_quiz + "progression.html")
        assert bilan.locator(".progression-tests tbody tr").first.locator("td").all_inner_texts() == ["—", "—"]
        assert erreurs == [] and erreurs_bilan == []
    finally:
        ctx.close()


def test_copie_ouverte_depuis_le_disque(navigateur, site_quiz, tmp_path):
    """Le site copié sur le disque et ouvert en file:// : le test final, l'attestation et le bilan fonctionnent."""
    racine_html = urlparse(site_quiz).path  # /book/ sous le dossier servi
    assert racine_html.endswith("/book/")
    servi = next(p for p in tmp_path.parent.parent.rglob("livre-quiz*/livre/_build/html"))
    copie = tmp_path / "copie"
    shutil.copytree(servi, copie)
    ctx = navigateur.new_context(locale="fr-FR")
    demandes = []
    ctx.on("request", lambda r: not r.url.startswith("file://") and demandes.append(r.url))
    try:
        page, erreurs = ouvrir(ctx, (copie / "book" / "evaluation" / "finale-operationnels.html").as_uri())
        question(page, "t-unique").get_by_label("ODbL").check()
        question(page, "t-multiple").get_by_label("CSV").check()
        question(page, "t-multiple").get_by_label("XLSX").check()
        question(page, "t-num").locator("input").fill("12")
        page.get_by_role("button", name="Terminer et voir mes résultats").click()
        assert page.locator(".attestation").is_visible()
        page.locator(".attestation-nom").fill("Youssef")
        assert "Youssef" in page.locator(".attestation-document").inner_text()
        assert "parcours opérationnels" in page.locator(".attestation-document").inner_text()
        bilan, erreurs_bilan = ouvrir(ctx, (copie / "book" / "progression.html").as_uri())
        finales = bilan.locator(".progression-finales").inner_text()
        assert "3 / 3" in finales and "réussi" in finales
        assert erreurs == [] and erreurs_bilan == [] and demandes == []
    finally:
        ctx.close()


def test_bilan_liste_les_questions_non_repondues_avec_un_lien(contexte, site_quiz):
    page, erreurs = ouvrir(contexte, site_quiz + "progression.html")
    page.get_by_role("button", name="Effacer ma progression").click()
    liens = page.locator(".progression-restantes a")
    assert liens.count() == 4
    assert page.locator(".progression-date").inner_text().startswith("Bilan établi le ")
    liens.first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#q-t-unique")
    assert page.locator("#q-t-unique").is_visible()
    assert erreurs[1:] == []  # le premier est le dialogue de confirmation


def test_telephone_375_px_sans_defilement_horizontal(navigateur, site_quiz):
    ctx = navigateur.new_context(locale="fr-FR", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page, erreurs = ouvrir(ctx, site_quiz + "evaluation/finale-operationnels.html")
        question(page, "t-unique").get_by_label("ODbL").tap()
        question(page, "t-multiple").get_by_label("CSV").tap()
        question(page, "t-multiple").get_by_label("XLSX").tap()
        question(page, "t-num").locator("input").fill("12")
        page.get_by_role("button", name="Terminer et voir mes résultats").tap()
        assert page.locator(".attestation").is_visible()
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= 375, f"la page déborde : {largeur} px"
        boite = page.locator(".attestation-document").bounding_box()
        assert boite["x"] >= 0 and boite["x"] + boite["width"] <= 375
        assert erreurs == []
    finally:
        ctx.close()
