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
    with pytest.raises(ValueError, match="facilite"):
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


# --- L'inventaire d'un organisme, lu depuis le modèle de tableur ou un CSV (cours_opendata.lecture_inventaire) ---

def test_le_modele_de_tableur_rempli_se_lit(tmp_path):
    import openpyxl

    from cours_opendata import modeles
    from cours_opendata.lecture_inventaire import lire_inventaire

    fichier = [f for f in modeles.produire(tmp_path) if f.name == "inventaire-des-donnees.xlsx"][0]
    wb = openpyxl.load_workbook(fichier)
    ws = wb["Inventaire"]
    ws["A2"], ws["B2"], ws["K2"], ws["L2"] = "SRV-1", "Budget exécuté", 4, 2.5
    ws["A3"], ws["B3"], ws["K3"], ws["L3"] = "SRV-2", "Marchés publics", 5, 5
    wb.save(fichier)
    table = lire_inventaire(fichier)  # 200 lignes prévues, dont 198 vides : écartées
    assert table["identifiant"].tolist() == ["SRV-1", "SRV-2"] and table["facilite"].tolist() == [2.5, 5.0]
    assert "score" not in table.columns and table.attrs["source"].endswith("(inventaire-des-donnees.xlsx)")
    assert p.classer(table)["identifiant"].tolist() == ["SRV-2", "SRV-1"]


def test_colonnes_reconnues_sans_majuscules_ni_accents(tmp_path):
    from cours_opendata.lecture_inventaire import lire_inventaire

    chemin = tmp_path / "mon-inventaire.csv"
    chemin.write_bytes("Identifiant;Titre;Valeur;Facilité;Format actuel\nA;Écoles;4;3;Excel\nB;Loyers;2;5;PDF\n"
                       .encode("cp1252"))
    table = lire_inventaire(chemin)
    assert {"valeur", "facilite", "format_actuel"} <= set(table.columns) and table["titre"][0] == "Écoles"
    classe = p.classer(pd.DataFrame({"Titre": ["a", "b"], "Valeur": [5, 1], "Facilité": [5, 1]}))
    assert classe["rang"].tolist() == [1, 2]  # classer aussi reconnaît « Valeur » et « Facilité »


@pytest.mark.parametrize("contenu, attendu", [
    ("titre;valeur\nA;3\n", "il manque la ou les colonnes"),
    ("identifiant;titre;valeur;facilite\nA;Écoles;beaucoup;3\n", "Ligne 2 .* la note «\\svaleur\\s»"),
    ("identifiant;titre;valeur;facilite\nA;Écoles;4;9\n", "de 1 à 5 \\(reçu\\s: «\\s9\\s»\\)"),
    ("identifiant;titre;valeur;facilite\n;;;\n", "aucun jeu de données"),
])
def test_inventaire_mal_rempli_une_phrase_en_francais(tmp_path, contenu, attendu):
    from cours_opendata.lecture_inventaire import InventaireInvalide, lire_inventaire

    chemin = tmp_path / "inventaire.csv"
    chemin.write_text(contenu, encoding="utf-8")
    with pytest.raises(InventaireInvalide, match=attendu):
        lire_inventaire(chemin)


def test_sans_fichier_ou_fichier_illisible_on_garde_l_exemple(tmp_path, capsys):
    from cours_opendata.lecture_inventaire import inventaire_du_service

    assert inventaire_du_service(tmp_path / "absent.xlsx")["identifiant"].tolist()[0] == "DEP-01"
    (tmp_path / "abime.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    table = inventaire_du_service(tmp_path / "abime.xlsx")
    assert table.attrs["source"].startswith("Inventaire fictif")


def test_les_curseurs_enregistrent_et_un_nouveau_calcul_les_reprend(tmp_path):
    m = p.matrice(p.exemple_inventaire(), dossier=tmp_path)
    m.table.loc[m.table["identifiant"] == "DEP-06", "facilite"] = 4  # ce que fait un curseur
    m.enregistrer()
    classe = pd.read_csv(tmp_path / "inventaire-classe.csv")
    assert classe.loc[classe["identifiant"] == "DEP-06", "quadrant"].item() == p.QUADRANTS["publier"]
    relance = p.matrice(p.exemple_inventaire(), dossier=tmp_path)  # « Tout exécuter » recrée la matrice
    assert relance.table.loc[relance.table["identifiant"] == "DEP-06", "facilite"].item() == 4
