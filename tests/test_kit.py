"""Kit des décideurs : modèle de coût, registre des risques, parcours essentiel (règles et messages)."""

from __future__ import annotations

import re

import pytest
import yaml

from cours_opendata import couts, risques
from cours_opendata.banc import construire, livre_minimal

from .conftest import RACINE


def test_modele_de_cout_par_postes():
    r = couts.calculer({"jeux": 10, "j_inventaire": 1, "j_nettoyage": 2, "j_description": 1, "j_publication": 1,
                        "maj_par_an": 4, "j_maj": 0.5, "cout_jour": 1000, "personnes_formees": 2, "j_formation": 2,
                        "j_gouvernance": 20, "outils_an": 5000})
    # initial : 10 × 5 jours + 2 × 2 jours de formation = 54 j ; annuel : 10 × 4 × 0,5 + 20 = 40 j
    assert r.jours_premiere_annee == 94 and r.jours_par_an == 40
    assert r.cout_premiere_annee == 94_000 + 5000 and r.cout_par_an == 45_000
    assert r.etp_par_an == pytest.approx(40 / couts.JOURS_PAR_AN)
    assert sum(r.postes.values()) == r.cout_premiere_annee
    navigateur = couts.pour_le_navigateur()
    assert {p["cle"] for p in navigateur["parametres"]} == set(couts.PAR_CLE)
    assert all(f in couts.PAR_CLE for p in navigateur["postes"] for f in p["facteurs"])


@pytest.mark.parametrize("valeurs, message", [
    ({"jeux": -1}, "entre 1 et 5000"),
    ({"jeux": 2.5}, "entier"),
    ({"cout_jour": float("nan")}, "nombre"),
    ({"inconnu": 3}, "inconnu"),
])
def test_modele_refuse_les_valeurs_absurdes(valeurs, message):
    with pytest.raises(couts.ValeurInvalide, match=message):
        couts.calculer(valeurs)


def test_registre_du_livre():
    registre = risques.charger_registre(RACINE / "book" / "decider" / "risques.yml")
    cotes = {r.cote for r in registre.risques}
    assert cotes == set(risques.COTES) and len(registre.risques) >= 12
    assert all(r.attenuation and r.responsable for r in registre.risques)


@pytest.mark.parametrize("modifier, attendu", [
    (lambda d: d["risques"][0].update(gravite="énorme"), ["gravite", "faible | moyenne | forte"]),
    (lambda d: d["risques"][1].pop("responsable"), ["responsable"]),
    (lambda d: d["risques"].append(dict(d["risques"][0])), ["en double"]),
])
def test_registre_invalide_message_francais(tmp_path, modifier, attendu):
    donnees = yaml.safe_load((RACINE / "book" / "decider" / "risques.yml").read_text(encoding="utf-8"))
    modifier(donnees)
    fichier = tmp_path / "risques.yml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    with pytest.raises(risques.RegistreInvalide) as exc:
        risques.charger_registre(fichier)
    assert str(fichier) in str(exc.value)
    for morceau in attendu:
        assert morceau in str(exc.value), str(exc.value)


@pytest.mark.construction
def test_parcours_essentiel_trop_long_ou_sans_fiche(tmp_path):
    mots = " ".join(["donnée"] * 19000)  # 95 minutes à 200 mots par minute
    racine = livre_minimal(tmp_path, "# Accueil\n\n{parcours}`décideurs`\n\n```{parcours-essentiel}\nbook/longue\n```\n",
                           {"book/longue.md": f"# Longue\n\n{{parcours}}`décideurs`\n\n{mots}\n"})
    proc = construire(racine)
    sortie = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Parcours essentiel invalide" in sortie
    assert re.search(r"1 h 3\d au total, pour 90 min au plus", sortie.replace("\u00a0", " ")), sortie[-2000:]
    assert "doit se terminer par « book/decider/fiche-de-decision »" in sortie
