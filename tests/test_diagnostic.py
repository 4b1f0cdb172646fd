"""Le diagnostic d'un fichier d'agent (cours_opendata.diagnostic) : fichiers synthétiques (personnes inventées),
vrais fichiers désordonnés du catalogue, classeurs .xlsx et .ods, et chaque mauvaise entrée."""

from __future__ import annotations

import hashlib
import json
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cours_opendata import diagnostic, donnees
from cours_opendata.diagnostic import regions
from cours_opendata.diagnostic.__main__ import main

ESPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def _personnes(n: int, graine: int = 7) -> list[dict]:
    """Des bénéficiaires inventés (noms, CIN, téléphones et courriels fictifs)."""
    hasard = random.Random(graine)
    prenoms = ["Amina", "Youssef", "Fatima", "Karim", "Salma", "Omar", "Hind", "Rachid"]
    noms = ["Alaoui", "Bennani", "Chraibi", "Idrissi", "Tazi", "Berrada", "Fassi", "Kettani"]
    regions_ = ["Grand Casablanca", "Doukkala-Abda", "Tadla-Azilal", "Fès-Boulemane", "Souss-Massa-Drâa"]
    lignes = []
    for i in range(n):
        prenom, nom = hasard.choice(prenoms), hasard.choice(noms)
        lignes.append({
            "Nom": nom, "Prénom": prenom, "CIN": f"{hasard.choice(['AB', 'BE', 'C', 'JK'])}{hasard.randint(10000, 999999)}",
            "Téléphone": f"06 {hasard.randint(10, 99)} {hasard.randint(10, 99)} {hasard.randint(10, 99)} {hasard.randint(10, 99)}",
            "Courriel": f"{prenom.lower()}.{nom.lower()}{i}@exemple.ma",
            "Date de naissance": f"{hasard.randint(1, 28):02d}/{hasard.randint(1, 12):02d}/{hasard.randint(1950, 2005)}",
            "Région": regions_[i % len(regions_)],
            "Date de dépôt": f"{hasard.randint(1, 28):02d}/{hasard.randint(1, 12):02d}/2014",
            "Montant (DH)": f"{hasard.randint(1, 9)} {hasard.randint(100, 999)},{hasard.randint(10, 99)}",
            "Nombre d'enfants": str(hasard.randint(0, 6)),
        })
    return lignes


def _fichier_desordonne(dossier: Path, n: int = 60) -> Path:
    """L'export typique : Windows-1252, titre au-dessus, point-virgule, virgule décimale, « - » et -99,
    doublons, anciennes régions, données personnelles, une note « Source » en dessous."""
    lignes = _personnes(n)
    lignes[3]["Montant (DH)"] = "-"
    lignes[4]["Nombre d'enfants"] = "-99"
    lignes[5]["Nombre d'enfants"] = "-99"
    lignes += [dict(lignes[10]), dict(lignes[11])]  # deux doublons exacts
    colonnes = list(lignes[0])
    texte = "Bénéficiaires du programme d'appui, 2014\n\n" + ";".join(colonnes) + "\n"
    texte += "".join(";".join(ligne[c] for c in colonnes) + "\n" for ligne in lignes)
    texte += ";;;;\nSource : Direction régionale de l'action sociale, 2015\n"
    chemin = dossier / "beneficiaires 2014.csv"
    chemin.write_bytes(texte.replace("\n", "\r\n").encode("cp1252"))
    return chemin


def _ecrire(chemin: Path, contenu: bytes | str) -> Path:
    chemin.write_bytes(contenu if isinstance(contenu, bytes) else contenu.encode("utf-8"))
    return chemin


def _empreinte(chemin: Path) -> tuple[str, int]:
    return hashlib.sha256(chemin.read_bytes()).hexdigest(), chemin.stat().st_mtime_ns


@pytest.fixture(scope="module")
def desordonne(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("desordonne")
    chemin = _fichier_desordonne(dossier)
    avant = _empreinte(chemin)
    d = diagnostic.diagnostiquer(chemin, dossier / "sortie")
    assert _empreinte(chemin) == avant, "le fichier d'origine ne doit jamais être modifié"
    return d, dossier / "sortie"


def test_resume_machine_du_fichier_desordonne(desordonne):
    _, sortie = desordonne
    r = json.loads((sortie / "diagnostic.json").read_text(encoding="utf-8"))
    assert r["encodage"] == "cp1252" and r["separateur"] == ";"
    assert r["ligne_entete"] == 3  # titre, ligne vide, puis l'en-tête
    assert r["lignes"] == 62 and r["doublons"] == 2
    assert r["colonnes"][:3] == ["Nom", "Prénom", "CIN"] and len(r["colonnes"]) == 10
    assert set(r["colonnes_personnelles"]) == {"Nom", "Prénom", "CIN", "Téléphone", "Courriel", "Date de naissance"}
    assert r["manquants"]["Montant (DH)"] == 1 and r["manquants"]["Nombre d'enfants"] == 2
    assert r["types"]["Montant (DH)"] == "decimal" and r["types"]["Date de dépôt"] == "date"
    assert r["lignes_de_titre"] == ["Bénéficiaires du programme d'appui, 2014"]
    assert r["notes"] == ["Source : Direction régionale de l'action sociale, 2015"]
    gravites = [c["gravite"] for c in r["constats"]]
    assert gravites == sorted(gravites, key=list(diagnostic.GRAVITES).index) and gravites[0] == "grave"


def test_fichier_nettoye(desordonne):
    d, sortie = desordonne
    brut = (sortie / "nettoye.csv").read_bytes()
    brut.decode("utf-8")  # UTF-8 strict
    table = pd.read_csv(sortie / "nettoye.csv", dtype=str, keep_default_na=False)
    assert len(table) == 60  # doublons retirés
    assert not set(d.colonnes_personnelles) & set(table.columns)  # jamais publiées en silence
    assert re.fullmatch(r"\d+\.\d{2}", table["Montant (DH)"].iloc[0])  # point décimal, sans milliers
    assert table["Montant (DH)"].iloc[3] == ""  # « - » devenu vide
    assert table["Nombre d'enfants"].iloc[4] == "" and table["Nombre d'enfants"].iloc[0].isdigit()
    assert all(re.fullmatch(r"2014-\d{2}-\d{2}", x) for x in table["Date de dépôt"])
    conversion = dict(zip(table["Région"], table["Région_2015"]))
    assert conversion["Grand Casablanca"] == "Casablanca-Settat" and conversion["Tadla-Azilal"] == "Béni Mellal-Khénifra"
    assert conversion["Doukkala-Abda"] == "" and conversion["Souss-Massa-Drâa"] == ""  # partagées : pas de devinette


def test_datapackage_valide_par_frictionless(desordonne):
    from frictionless import Package

    _, sortie = desordonne
    paquet = Package(str(sortie / "datapackage.json"))
    rapport = paquet.validate()
    assert rapport.valid, rapport.flatten(["type", "note"])
    types = {f.name: f.type for f in paquet.resources[0].schema.fields}
    assert types["Montant (DH)"] == "number" and types["Date de dépôt"] == "date" and types["Nombre d'enfants"] == "integer"


def test_metadonnees_preremplies_et_a_completer(desordonne):
    _, sortie = desordonne
    fiche = json.loads((sortie / "metadonnees.json").read_text(encoding="utf-8"))
    assert fiche["titre"] == "Bénéficiaires du programme d'appui, 2014"
    assert fiche["source"] == "Direction régionale de l'action sociale, 2015"
    assert fiche["couverture_temporelle"] == "2014" and fiche["identifiant"] == "beneficiaires-2014"
    for cle in ("licence", "frequence", "themes", "contact", "editeur"):
        assert fiche[cle] == "à compléter", cle
    assert fiche["description"].startswith("à compléter")
    assert "licence" in fiche["_a_completer"] and "titre" not in fiche["_a_completer"]


def test_rapport_lisible_le_plus_grave_d_abord(desordonne):
    from bs4 import BeautifulSoup

    d, sortie = desordonne
    html = (sortie / "rapport.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "fr"
    titres = [h.get_text() for h in page.select("h2")]
    assert titres[0].startswith("À traiter avant toute publication")
    texte = page.get_text(" ").translate(ESPACES)
    for attendu in ("Données personnelles probables : colonne « CIN »", "Que faire :", "Lignes en double",
                    "Régions d’avant la réforme de 2015", "Grand Casablanca → Casablanca-Settat",
                    "Doukkala-Abda → Casablanca-Settat ou Marrakech-Safi", "Encodage Windows-1252"):
        assert attendu in texte, attendu
    assert not re.search(r"(src|href)=\"https?://", html)  # rien d'un autre site : s'ouvre hors ligne
    for style in page.find_all("style"):
        style.decompose()
    visible = "".join(page.find_all(string=True)).replace(d.lecture.notes[0], "")  # le texte du fichier, tel quel
    assert not re.search(r" [:;?!»]|« ", visible), re.findall(r".{30} [:;?!»]|« .{30}", visible)


def test_raison_de_chaque_colonne_personnelle(desordonne):
    d, _ = desordonne
    raisons = {c.nom: c.personnelle for c in d.analyse.colonnes if c.personnelle}
    assert "CIN" in raisons["CIN"] and "téléphone" in raisons["Téléphone"]
    assert "électroniques" in raisons["Courriel"] and "naissance" in raisons["Date de naissance"]
    assert not any(c.personnelle for c in d.analyse.colonnes if c.nom in ("Région", "Montant (DH)"))


def test_garder_une_colonne_verifiee(tmp_path):
    chemin = _fichier_desordonne(tmp_path)
    d = diagnostic.diagnostiquer(chemin, tmp_path / "sortie", garder=["Téléphone"])
    assert "Téléphone" in pd.read_csv(tmp_path / "sortie" / "nettoye.csv", dtype=str).columns
    assert "Téléphone" in d.colonnes_personnelles and "Téléphone" not in d.colonnes_retirees
    with pytest.raises(diagnostic.FichierRefuse, match="introuvable"):
        diagnostic.diagnostiquer(chemin, garder=["Adresse"])


def test_un_diagnostic_precedent_n_est_jamais_ecrase(tmp_path):
    chemin = _fichier_desordonne(tmp_path)
    premier = diagnostic.diagnostiquer(chemin, tmp_path / "sortie").dossier
    (premier / "metadonnees.json").write_text('{"titre": "complété à la main"}', encoding="utf-8")
    second = diagnostic.diagnostiquer(chemin, tmp_path / "sortie").dossier
    assert second != premier and second.name == "sortie-2"
    assert json.loads((premier / "metadonnees.json").read_text())["titre"] == "complété à la main"


@pytest.mark.parametrize("ancienne, actuelle", [
    ("Grand Casablanca", "Casablanca-Settat"), ("Oued Ed-Dahab-Lagouira", "Dakhla-Oued Ed-Dahab"),
    ("Gharb-Chrarda-Beni Hssen", "Rabat-Salé-Kénitra"), ("MA-15", "Laâyoune-Sakia El Hamra"),
    ("région de Fès-Boulemane", "Fès-Meknès"),
])
def test_anciennes_regions_converties_quand_c_est_sur(ancienne, actuelle):
    r = regions.reconnaitre(ancienne)
    assert (r.decoupage, r.actuelle) == ("1997", actuelle)


def test_regions_partagees_ou_codes_ambigus_signales():
    assert regions.reconnaitre("Meknès-Tafilalet").actuelle == ""
    assert set(regions.reconnaitre("Meknès-Tafilalet").possibles) == {"Fès-Meknès", "Drâa-Tafilalet",
                                                                      "Béni Mellal-Khénifra"}
    code = regions.reconnaitre("MA-04")
    assert code.decoupage == "inconnu" and code.possibles == ("Rabat-Salé-Kénitra", "L’Oriental")
    assert regions.reconnaitre("Casablanca-Settat").decoupage == "2015"
    assert regions.reconnaitre("L'Oriental").actuelle == "L’Oriental"
    assert regions.reconnaitre("Agadir") is None
    assert len(regions.REGIONS_1997) == 16 and len(regions.REGIONS_2015) == 12
    assert all(set(a) <= set(regions.REGIONS_2015) for a, _ in regions.REGIONS_1997.values())


def test_fichier_a_seize_regions(tmp_path):
    chemin = tmp_path / "population-1997.csv"
    lignes = [f"{nom.replace(' (1997)', '')},{1000 + i}" for i, nom in enumerate(regions.REGIONS_1997)]
    chemin.write_text("region,population\n" + "\n".join(lignes) + "\n", encoding="utf-8")
    d = diagnostic.diagnostiquer(chemin, tmp_path / "sortie")
    table = pd.read_csv(tmp_path / "sortie" / "nettoye.csv", dtype=str, keep_default_na=False)
    converties = table[table["region_2015"] != ""]
    assert len(converties) == 10 and len(table) == 16  # six régions partagées restent à traiter à la main
    assert any("avant la réforme" in c.titre for c in d.constats)


def _classeur_avec_titre(chemin: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Couverture"
    ws["A1"] = "Rien ici"
    ws2 = wb.create_sheet("Données 2023")
    ws2["A1"] = "Établissements par province, rentrée 2023"
    ws2.append([])
    ws2.append(["Province", "Établissements", "Date de mise à jour", "Taux"])
    for i, p in enumerate(["Kénitra", "Sidi Kacem", "Sidi Slimane", "Rabat", "Salé", "Khémisset"]):
        ws2.append([p, 120 + i, pd.Timestamp(2023, 9, 1 + i).to_pydatetime(), 0.5 + i / 10])
    ws2.append([])
    ws2.append(["Source : académie régionale, septembre 2023"])
    wb.save(chemin)


def test_classeur_xlsx_avec_titre_et_source(tmp_path):
    chemin = tmp_path / "etablissements.xlsx"
    _classeur_avec_titre(chemin)
    d = diagnostic.diagnostiquer(chemin, tmp_path / "sortie")
    r = d.resume()
    assert (r["format"], r["feuille"], r["ligne_entete"], r["lignes"]) == ("xlsx", "Données 2023", 3, 6)
    assert r["encodage"] is None and r["colonnes"] == ["Province", "Établissements", "Date de mise à jour", "Taux"]
    assert r["types"] == {"Province": "texte", "Établissements": "entier", "Date de mise à jour": "date",
                          "Taux": "decimal"}
    assert r["notes"] == ["Source : académie régionale, septembre 2023"]
    table = pd.read_csv(tmp_path / "sortie" / "nettoye.csv", dtype=str)
    assert table["Date de mise à jour"].iloc[0] == "2023-09-01" and table["Taux"].iloc[0] == "0.5"


def test_classeur_ods(tmp_path):
    chemin = tmp_path / "etablissements.ods"
    pd.DataFrame({"Commune": ["Tanger", "Tétouan", "Larache"], "Marchés": [12, 7, 4]}).to_excel(
        chemin, index=False, engine="odf")
    r = diagnostic.diagnostiquer(chemin).resume()
    assert (r["format"], r["lignes"], r["colonnes"]) == ("ods", 3, ["Commune", "Marchés"])
    assert r["types"]["Marchés"] == "entier"


@pytest.mark.skipif(not donnees.dossier_miroir(), reason="COURS_DATA_MIRROR non défini (make test le définit)")
def test_vrais_fichiers_du_catalogue(tmp_path):
    universites = diagnostic.diagnostiquer(donnees.chemin("datagovma-universites"), tmp_path / "u")
    r = universites.resume()
    assert (r["encodage"], r["separateur"], r["lignes"]) == ("cp1252", ";", 15)
    assert r["types"]["Latitude"] == "decimal" and not r["colonnes_personnelles"]  # des universités, pas des gens
    assert any("Coordonnées d’établissements" in c.titre for c in universites.constats)
    assert universites.validation[0]

    odin = diagnostic.diagnostiquer(donnees.chemin("odin-2022"), tmp_path / "o").resume()
    assert odin["encodage"] == "cp1252" and odin["ligne_entete"] == 1
    assert len(odin["notes"]) >= 1 and odin["lignes"] == 4485  # les lignes de notes en bas sont écartées
    assert any(n > 0 for n in odin["manquants"].values())

    villes = diagnostic.diagnostiquer(donnees.chemin("covid-maroc-villes"), tmp_path / "v").resume()
    assert villes["encodage"] == "utf-8" and villes["colonnes"][1] == "Region / المنطقة"
    assert not any("avant la réforme" in c["titre"] for c in villes["constats"])  # déjà les 12 régions


@pytest.mark.parametrize("fabriquer, attendu", [
    (lambda d: d / "absent.csv", "n’existe pas"),
    (lambda d: d, "est un dossier"),
    (lambda d: _ecrire(d / "vide.csv", b""), "est vide"),
    (lambda d: _ecrire(d / "blancs.csv", "\n  \n\n"), "que des espaces"),
    (lambda d: _ecrire(d / "image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
     "pas un fichier texte"),
    (lambda d: _ecrire(d / "chiffre.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode(
        "utf-16-le") + b"\x00" * 600), "protégé par un mot de passe"),
    (lambda d: _ecrire(d / "ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
     "Excel 97-2003"),
    (lambda d: _ecrire(d / "faux.xlsx", "ceci n'est pas un classeur"), "pas un classeur"),
    (lambda d: _ecrire(d / "texte.csv", "Bonjour\nCeci est une lettre.\nCordialement\n"),
     "Aucun tableau"),
    (lambda d: _ecrire(d / "seul-entete.csv", "a;b;c\n"), "aucune ligne de données"),
])
def test_mauvaises_entrees_refusees_en_francais(tmp_path, capsys, fabriquer, attendu):
    chemin = fabriquer(tmp_path)
    avant = _empreinte(chemin) if chemin.is_file() else None
    with pytest.raises(diagnostic.FichierRefuse, match=attendu):
        diagnostic.diagnostiquer(chemin)
    assert main([str(chemin), "--sortie", str(tmp_path / "sortie")]) == 1
    err = capsys.readouterr().err.translate(ESPACES)
    assert err.startswith("Erreur :") and attendu in err
    assert not (tmp_path / "sortie").exists()  # rien d'écrit pour un fichier refusé
    if avant:
        assert _empreinte(chemin) == avant


def test_classeur_sans_tableau_et_ods_chiffre(tmp_path):
    vide = tmp_path / "vide.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Note de service"
    wb.save(vide)
    with pytest.raises(diagnostic.FichierRefuse, match="Aucun tableau"):
        diagnostic.diagnostiquer(vide)
    chiffre = tmp_path / "chiffre.ods"
    with zipfile.ZipFile(chiffre, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "")
        z.writestr("META-INF/manifest.xml", "<manifest:encryption-data/>")
    with pytest.raises(diagnostic.FichierRefuse, match="mot de passe"):
        diagnostic.diagnostiquer(chiffre)


def test_fichier_trop_gros(tmp_path, monkeypatch):
    from cours_opendata.diagnostic import lecture

    chemin = tmp_path / "gros.csv"
    chemin.write_text("a,b\n" + "1,2\n" * 300_000)
    monkeypatch.setattr(lecture, "LIMITE_MO", 1)
    with pytest.raises(diagnostic.FichierRefuse, match="au-delà de la limite de 1 Mo"):
        diagnostic.diagnostiquer(chemin)


def test_ligne_de_commande(tmp_path, capsys, monkeypatch):
    chemin = _fichier_desordonne(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main([str(chemin)]) == 0
    sortie = capsys.readouterr().out
    assert "62 lignes, 10 colonnes" in sortie and "rapport.html" in sortie
    assert {p.name for p in (tmp_path / "diagnostic-beneficiaires 2014").iterdir()} == set(diagnostic.FICHIERS_PRODUITS)
    assert main(["--option-inconnue", str(chemin)]) == 2
    assert "Que faire" in capsys.readouterr().err


def test_affichage_dans_un_notebook(tmp_path):
    d = diagnostic.diagnostiquer(_fichier_desordonne(tmp_path))
    html = d._repr_html_()
    assert html.startswith(("<section", "<style>")) and "Données personnelles probables" in html and "<html" not in html


def test_fichier_depose_dans_le_notebook(tmp_path):
    from cours_opendata.diagnostic import carnet

    contenu = _fichier_desordonne(tmp_path).read_bytes()
    d = carnet.enregistrer_et_diagnostiquer("../../beneficiaires.csv", contenu, tmp_path / "depot")
    assert (tmp_path / "depot" / "beneficiaires.csv").read_bytes() == contenu  # pas de sortie du dossier
    assert d.dossier == tmp_path / "depot" / "diagnostic-beneficiaires"
    deuxieme = carnet.enregistrer_et_diagnostiquer("beneficiaires.csv", b"a;b\n1;2\n", tmp_path / "depot")
    assert (tmp_path / "depot" / "beneficiaires.csv").read_bytes() == contenu  # jamais écrasé
    assert deuxieme.lecture.chemin.name == "beneficiaires-2.csv"
    with pytest.raises(diagnostic.FichierRefuse):
        carnet.enregistrer_et_diagnostiquer("vide.csv", b"", tmp_path / "depot")
    paquet = carnet.depot_de_fichier(tmp_path / "depot")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in paquet and "JupyterLab" in paquet["text/html"]


def test_le_notebook_du_livre_montre_le_rapport_sans_bouton_inerte(livre):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((livre / "notebooks" / "partie-3-votre-fichier.html").read_text(encoding="utf-8"),
                         "html.parser")
    titres = [h for h in page.select("main h1") if not h.find_parent(class_="onlyprint")]  # (titre d'impression)
    assert len(titres) == 1  # le rapport s'insère sous les titres du notebook
    rapport = page.select_one("section.diag-rapport")
    assert rapport and rapport.find("h3") and "Diagnostic de universites.csv" in rapport.get_text()
    assert page.select_one(".depot-hors-noyau") and not page.select("input[type=file]")
    for nom in ("partie-3-nettoyage", "partie-5-inventaire-priorites"):
        autre = (livre / "notebooks" / f"{nom}.html").read_text(encoding="utf-8")
        assert 'href="partie-3-votre-fichier.html"' in autre, nom  # « À vous : votre fichier »
