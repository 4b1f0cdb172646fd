"""Le calculateur du coût d'ouverture et la fiche de décision dans Chromium : mêmes chiffres qu'en Python,
nombres à la française, saisies refusées avec un message, clavier, stockage refusé, disque, téléphone."""

from __future__ import annotations

import random
import shutil

import pytest

from cours_opendata import couts
from cours_opendata.graphiques import format_fr

from .conftest import REFUSER_LE_STOCKAGE, ouvrir

pytestmark = pytest.mark.navigateur





def sorties(page) -> dict[str, float]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-calculateur] output')]
        .map(o => [o.getAttribute('name'), o.hasAttribute('data-valeur') ? Number(o.getAttribute('data-valeur')) : null]))""")


def attendu(valeurs: dict) -> dict[str, float]:
    r = couts.calculer(valeurs)
    return {**{cle: getattr(r, cle) for cle, _, _ in couts.SORTIES}, **{f"poste-{k}": v for k, v in r.postes.items()}}


def _proche(a, b):
    return a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_le_navigateur_calcule_comme_python(contexte, site_kit):
    page, erreurs = ouvrir(contexte, site_kit + "index.html")
    assert all(_proche(sorties(page)[c], v) for c, v in attendu({}).items())  # hypothèses par défaut
    hasard = random.Random(2020)
    for _ in range(12):
        valeurs = {}
        for p in couts.PARAMETRES:
            x = hasard.randint(int(p.minimum), min(int(p.maximum), 400)) if p.entier else round(hasard.uniform(p.minimum, min(p.maximum, 300)), 2)
            valeurs[p.cle] = x
            page.fill(f'input[name="{p.cle}"]', format_fr(x, 0 if p.entier else 2))
        obtenu, prevu = sorties(page), attendu(valeurs)
        assert {c for c in prevu if not _proche(obtenu[c], prevu[c])} == set(), (valeurs, obtenu, prevu)
    assert erreurs == []


def test_nombres_a_la_francaise(contexte, site_kit):
    page, erreurs = ouvrir(contexte, site_kit + "index.html")
    page.fill('input[name="cout_jour"]', "1 500")
    page.fill('input[name="j_nettoyage"]', "2,5")
    page.fill('input[name="jeux"]', "1\u202f200")
    prevu = attendu({"cout_jour": 1500, "j_nettoyage": 2.5, "jeux": 1200})
    assert _proche(sorties(page)["cout_premiere_annee"], prevu["cout_premiere_annee"])
    texte = page.locator('output[name="cout_premiere_annee"]').inner_text()
    assert texte == format_fr(prevu["cout_premiere_annee"]), texte  # « 6 162 000 », espaces fines insécables
    assert erreurs == []


@pytest.mark.parametrize("champ, saisie, message", [
    ("jeux", "-3", "négative"),
    ("cout_jour", "abc", "n’est pas un nombre"),
    ("jeux", "999999", "trop grande"),
    ("jeux", "2,5", "entier"),
    ("j_maj", "", "Saisissez une valeur"),
    ("maj_par_an", "1e9", "n’est pas un nombre"),
])
def test_saisie_refusee_avec_un_message_et_jamais_nan(contexte, site_kit, champ, saisie, message):
    page, erreurs = ouvrir(contexte, site_kit + "index.html")
    page.fill(f'input[name="{champ}"]', saisie)
    erreur = page.locator(f"#calc-{champ}-erreur")
    assert erreur.is_visible() and message in erreur.inner_text()
    assert page.locator(f'input[name="{champ}"]').get_attribute("aria-invalid") == "true"
    assert page.locator('output[name="cout_premiere_annee"]').inner_text() == "—"
    assert page.locator(".calculateur-alerte").is_visible()
    assert "NaN" not in page.locator("[data-calculateur]").inner_text()
    page.fill(f'input[name="{champ}"]', "3")  # corrigé : l'erreur disparaît, les résultats reviennent
    assert not erreur.is_visible() and page.locator('output[name="cout_premiere_annee"]').inner_text() != "—"
    assert erreurs == []


def test_clavier_seul_et_retour_aux_hypotheses(contexte, site_kit):
    page, erreurs = ouvrir(contexte, site_kit + "index.html")
    page.locator('input[name="jeux"]').focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "maj_par_an"
    assert _proche(sorties(page)["cout_premiere_annee"], attendu({"jeux": 20})["cout_premiere_annee"])
    page.get_by_role("button", name="Revenir aux hypothèses par défaut").focus()
    page.keyboard.press("Enter")
    assert page.locator('input[name="jeux"]').input_value() == "10"
    assert page.locator(".calculateur-resultats [aria-live=polite]").count() == 1
    assert erreurs == []


def test_sans_javascript_les_resultats_des_hypotheses(navigateur, site_kit):
    ctx = navigateur.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_kit + "index.html")
        assert page.locator('output[name="cout_premiere_annee"]').inner_text() == format_fr(couts.calculer().cout_premiere_annee)
    finally:
        ctx.close()


def test_fiche_gardee_au_rechargement_et_reprise_du_calcul(contexte, site_kit):
    fiche, erreurs = ouvrir(contexte, site_kit + "fiche.html")
    fiche.get_by_role("button", name="Reprendre l’estimation du calculateur").click()
    assert "pas encore servi" in fiche.locator(".fiche-reprise").inner_text()
    calcul, erreurs_calcul = ouvrir(contexte, site_kit + "index.html")
    calcul.fill('input[name="jeux"]', "12")
    fiche.get_by_label("Organisme et direction").fill("Conseil régional de Souss-Massa")
    fiche.get_by_label("Jeu 1 (intitulé, service détenteur)").fill("Budget exécuté par programme")
    fiche.get_by_label("Licence retenue").select_option(index=2)
    fiche.get_by_label("D’ici 30 jours").fill("Désigner le responsable open data.")
    fiche.get_by_role("button", name="Reprendre l’estimation du calculateur").click()
    cout = fiche.get_by_label("Coût estimé (première année, puis chaque année)").input_value()
    assert format_fr(attendu({"jeux": 12})["cout_premiere_annee"]) in cout and "12 jeux" in cout
    fiche.reload()
    assert fiche.get_by_label("Organisme et direction").input_value() == "Conseil régional de Souss-Massa"
    assert fiche.get_by_label("Licence retenue").input_value() != ""
    assert "dirhams la première année" in fiche.get_by_label("Coût estimé (première année, puis chaque année)").input_value()
    fiche.get_by_role("button", name="Imprimer la fiche").click()
    assert fiche.evaluate("window.__impressions") == 1
    fiche.get_by_role("button", name="Effacer la fiche").click()
    assert fiche.get_by_label("Organisme et direction").input_value() == ""
    assert erreurs[1:] == [] and erreurs[0].startswith("dialogue : Effacer la fiche") and erreurs_calcul == []


def test_stockage_refuse_calcul_et_fiche_marchent(navigateur, site_kit):
    ctx = navigateur.new_context(locale="fr-FR")
    ctx.add_init_script(REFUSER_LE_STOCKAGE)
    try:
        page, erreurs = ouvrir(ctx, site_kit + "index.html")
        assert page.locator(".quiz-stockage").is_visible()
        page.fill('input[name="jeux"]', "7")
        assert _proche(sorties(page)["cout_premiere_annee"], attendu({"jeux": 7})["cout_premiere_annee"])
        fiche, erreurs_fiche = ouvrir(ctx, site_kit + "fiche.html")
        assert fiche.locator(".quiz-stockage").is_visible()
        fiche.get_by_label("Organisme et direction").fill("Commune d'Oujda")
        fiche.get_by_role("button", name="Reprendre l’estimation du calculateur").click()
        assert "refuse l’enregistrement" in fiche.locator(".fiche-reprise").inner_text()
        assert erreurs == [] and erreurs_fiche == []
    finally:
        ctx.close()


def test_copie_sur_disque_et_telephone(navigateur, site_kit, tmp_path):
    servi = next(p for p in tmp_path.parent.parent.rglob("livre-kit*/livre/_build/html"))
    copie = tmp_path / "copie"
    shutil.copytree(servi, copie)
    ctx = navigateur.new_context(locale="fr-FR", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    demandes = []
    ctx.on("request", lambda r: not r.url.startswith("file://") and demandes.append(r.url))
    try:
        for nom in ("index.html", "fiche.html"):
            page, erreurs = ouvrir(ctx, (copie / "book" / nom).as_uri())
            largeur = page.evaluate("document.documentElement.scrollWidth")
            assert largeur <= 375, f"{nom} déborde : {largeur} px"
            assert erreurs == []
        page, _ = ouvrir(ctx, (copie / "book" / "index.html").as_uri())
        page.fill('input[name="jeux"]', "3")
        assert _proche(sorties(page)["cout_premiere_annee"], attendu({"jeux": 3})["cout_premiere_annee"])
        assert demandes == []
    finally:
        ctx.close()
