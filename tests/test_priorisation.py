"""Tests du module cours_opendata.priorisation (matrice valeur × facilité, plan d'action)."""

from datetime import date

import pandas as pd
import pytest

from cours_opendata import donnees
from cours_opendata import priorisation as p


def test_gabarit_et_exemple_ont_les_memes_colonnes():
    assert list(p.inventaire_vide().columns) == list(p.COLONNES_INVENTAIRE)
    exemple = p.exemple_inventaire()
    assert list(exemple.columns) == list(p.COLONNES_INVENTAIRE)
    assert exemple["identifiant"].is_unique
    assert exemple["valeur"].between(1, 5).all() and exemple["facilite"].between(1, 5).all()


def test_les_ressources_citees_existent_dans_le_catalogue():
    citees = {r for r in p.exemple_inventaire()["ressource_catalogue"] if r}
    assert citees, "l'exemple doit renvoyer à au moins une ressource réelle"
    assert citees <= set(donnees.noms())


@pytest.mark.parametrize("valeur, facilite, attendu", [
    (5, 5, "publier"), (3, 3, "publier"), (5, 1, "preparer"), (2, 4, "opportunite"), (1, 2, "attendre"),
])
def test_quadrant(valeur, facilite, attendu):
    assert p.quadrant(valeur, facilite) == p.QUADRANTS[attendu]


@pytest.mark.parametrize("mauvaise", [0, 6, "beaucoup", None])
def test_note_hors_bornes_refusee(mauvaise):
    with pytest.raises(ValueError, match="note"):
        p.quadrant(mauvaise, 3)


def test_classer_ordre_et_score():
    table = pd.DataFrame({
        "identifiant": ["A", "B", "C", "D"],
        "titre": ["Alpha", "Bêta", "Gamma", "Delta"],
        "valeur": [2, 5, 4, 5],
        "facilite": [5, 2, 4, 5],
    })
    c = p.classer(table)
    assert c["identifiant"].tolist() == ["D", "C", "B", "A"]
    assert c["rang"].tolist() == [1, 2, 3, 4]
    assert c.loc[0, "score"] == 5.0 and c.loc[1, "score"] == 4.0
    # La table d'origine n'est pas modifiée.
    assert "score" not in table.columns


def test_poids_valeur_change_le_score_pas_le_quadrant():
    table = pd.DataFrame({"identifiant": ["A", "B"], "titre": ["a", "b"], "valeur": [5, 3], "facilite": [3, 5]})
    tout_valeur = p.classer(table, poids_valeur=1)
    assert tout_valeur["identifiant"].tolist() == ["A", "B"]
    tout_facilite = p.classer(table, poids_valeur=0)
    assert tout_facilite["identifiant"].tolist() == ["B", "A"]
    with pytest.raises(ValueError):
        p.classer(table, poids_valeur=1.5)


def test_colonne_manquante_message_clair():
    with pytest.raises(KeyError, match="facilite"):
        p.classer(pd.DataFrame({"titre": ["x"], "valeur": [3]}))


def test_matrice_rendu_statique_accessible():
    m = p.matrice(p.exemple_inventaire(), source="Inventaire fictif")
    rendu = m.html()
    assert 'role="img"' in rendu and "aria-label=" in rendu
    assert "<table" in rendu and "Liste classée" in rendu
    assert rendu == p.matrice(p.exemple_inventaire(), source="Inventaire fictif").html()  # stable
    paquet = m._repr_mimebundle_()
    assert "text/html" in paquet and "application/vnd.jupyter.widget-view+json" in paquet


def test_plan_action_markdown():
    reponses = {
        "organisme": "Organisme test", "responsable": "Chef de service", "mandat": "Note du SG",
        "ressources": "Deux agents à mi-temps", "calendrier": [("Mois 1", "Inventaire")],
        "indicateurs": ["Jeux publiés"], "utilisateurs": ["Un atelier"], "risques": ["Départ d'un agent"],
    }
    texte = p.plan_action_markdown(reponses, p.classer(p.exemple_inventaire()), nombre=2, le=date(2026, 1, 5))
    assert texte.startswith("# Plan d’action open data — Organisme test")
    assert "05/01/2026" in texte and "| Mois 1 | Inventaire |" in texte
    assert texte.count("**") >= 2 * 5
    with pytest.raises(ValueError, match="mandat"):
        p.plan_action_markdown({**reponses, "mandat": ""})


def test_plan_action_avec_auto_evaluation():
    reponses = {
        "organisme": "O", "responsable": "R", "mandat": "M", "ressources": "X", "calendrier": [("T1", "A")],
        "indicateurs": ["i"], "utilisateurs": ["u"], "risques": ["r"],
    }
    notes = {d: 2 for d in p.DIMENSIONS_ODRA}
    notes["Financement"] = 0
    texte = p.plan_action_markdown(reponses, auto_evaluation=notes, le=date(2026, 1, 5))
    assert len(p.DIMENSIONS_ODRA) == 8
    assert "**Chantiers prioritaires** : Financement." in texte
    with pytest.raises(ValueError, match="0, 1, 2 ou 3"):
        p.plan_action_markdown(reponses, auto_evaluation={**notes, "Financement": 5})
    with pytest.raises(ValueError, match="inconnues"):
        p.plan_action_markdown(reponses, auto_evaluation={"Budget": 1})
