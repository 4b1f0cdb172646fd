"""Les modèles bureautiques (cours_opendata.modeles) rouverts comme un tableur ou un traitement de texte les lirait.

Les formules des deux tableurs (.xlsx et .ods) sont calculées par la bibliothèque ``formulas`` (aucun tableur
n'est installé) après la saisie d'un inventaire, et comparées à ``priorisation.classer``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import formulas
import openpyxl
import pandas as pd
import pytest
from odf import opendocument, teletype
from odf import table as odf_table
from odf import text as odf_text

from cours_opendata import modeles, priorisation
from cours_opendata.fichiers_surs import ecrire_sans_reste
from cours_opendata.metadonnees import CHAMPS, CHAMPS_DES_COLONNES, LICENCES
from cours_opendata.modeles import classeur as cl
from cours_opendata.modeles import fiches, inventaire

RACINE = Path(__file__).resolve().parent.parent

# Un inventaire saisi : des égalités de notes (départagées par le titre, puis par l'ordre des lignes),
# des notes décimales, une ligne laissée vide au milieu.
SAISIE = [
    ("A-01", "budget exécuté", 4, 3), ("A-02", "annuaire des écoles", 4, 3), ("A-03", "marchés publics", 5, 1),
    None,
    ("A-05", "registre des demandes", 2, 4.5), ("A-06", "annuaire des écoles", 4, 3), ("A-07", "loyers", 1, 1),
    ("A-08", "population", 4.5, 4), ("A-09", "accidents", 3, 5), ("A-10", "prix de gros", 5, 5),
]
POIDS, SEUIL = 0.3, 4


def _attendu() -> pd.DataFrame:
    lignes = [s for s in SAISIE if s]
    table = pd.DataFrame(lignes, columns=["identifiant", "titre", "valeur", "facilite"])
    return priorisation.classer(table, poids_valeur=POIDS, seuil=SEUIL)


# --- Lire les deux formats en une grille {feuille: {cellule: valeur ou formule Excel}} ------------------------

def grille_xlsx(chemin: Path) -> dict[str, dict[str, object]]:
    wb = openpyxl.load_workbook(chemin)
    return {ws.title: {c.coordinate: c.value for ligne in ws.iter_rows() for c in ligne if c.value is not None}
            for ws in wb.worksheets}


_REF_ODF = re.compile(r"\[(?:\$?'((?:[^']|'')+)')?\.(\$?[A-Z]+\$?\d+)(?::\.(\$?[A-Z]+\$?\d+))?\]")


def depuis_openformula(formule: str) -> str:
    """La traduction inverse de ``vers_openformula``, écrite indépendamment : ``of:=`` → syntaxe Excel."""
    assert formule.startswith("of:="), formule
    morceaux = re.split(r'("(?:[^"]|"")*")', formule[4:])
    sortie = []
    for i, m in enumerate(morceaux):
        if i % 2:
            sortie.append(m)
            continue
        m = _REF_ODF.sub(lambda r: (f"'{r.group(1)}'!" if r.group(1) else "") + r.group(2)
                         + (f":{r.group(3)}" if r.group(3) else ""), m)
        sortie.append(m.replace(";", ","))
    return "=" + "".join(sortie)


def grille_ods(chemin: Path) -> dict[str, dict[str, object]]:
    doc = opendocument.load(str(chemin))
    grille = {}
    for feuille in doc.spreadsheet.getElementsByType(odf_table.Table):
        cellules = {}
        for i, rangee in enumerate(feuille.getElementsByType(odf_table.TableRow), start=1):
            j = 0
            for cellule in rangee.getElementsByType(odf_table.TableCell):
                j += int(cellule.getAttribute("numbercolumnsrepeated") or 1)
                adresse = f"{openpyxl.utils.get_column_letter(j)}{i}"
                formule = cellule.getAttribute("formula")
                if formule:
                    cellules[adresse] = depuis_openformula(formule)
                elif cellule.getAttribute("valuetype") == "float":
                    cellules[adresse] = float(cellule.getAttribute("value"))
                elif cellule.getAttribute("valuetype") == "string":
                    paragraphes = [teletype.extractText(p) for p in cellule.getElementsByType(odf_text.P)]
                    cellules[adresse] = "\n".join(paragraphes)
        grille[feuille.getAttribute("name")] = cellules
    return grille


def saisir(grille: dict, saisie=SAISIE, poids=POIDS, seuil=SEUIL) -> dict:
    """Ce que ferait un agent : remplir des lignes de la feuille « Inventaire » et changer les paramètres."""
    grille = {nom: dict(cellules) for nom, cellules in grille.items()}
    lettres = inventaire.LETTRE
    for n, ligne in enumerate(saisie, start=2):
        if ligne:
            for colonne, valeur in zip(("identifiant", "titre", "valeur", "facilite"), ligne):
                grille["Inventaire"][f"{lettres[colonne]}{n}"] = valeur
    grille["Paramètres"]["B2"], grille["Paramètres"]["B3"] = poids, seuil
    return grille


def calculer(grille: dict, dossier: Path) -> dict[str, dict[str, object]]:
    """Calcule toutes les formules de la grille (via un .xlsx et ``formulas``) ; {feuille: {cellule: valeur}}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for nom, cellules in grille.items():
        ws = wb.create_sheet(nom)
        for adresse, valeur in cellules.items():
            ws[adresse] = valeur
    chemin = dossier / "calcul.xlsx"
    wb.save(chemin)
    resultats: dict[str, dict[str, object]] = {}
    for cle, valeur in formulas.ExcelModel().loads(str(chemin)).finish().calculate().items():
        m = re.fullmatch(r"'\[calcul\.xlsx\](.+)'!([A-Z]+\d+)", cle)
        if m:
            v = valeur.value[0][0] if hasattr(valeur, "value") else valeur
            resultats.setdefault(m.group(1).upper(), {})[m.group(2)] = "" if v is None else v
    return resultats


@pytest.fixture(scope="module")
def fichiers(tmp_path_factory) -> dict[str, Path]:
    dossier = tmp_path_factory.mktemp("modeles")
    return {p.name: p for p in modeles.produire(dossier)}


def premieres_et_dernieres_lignes(grille: dict, premieres: int = len(SAISIE) + 3, dernieres: int = 2) -> dict:
    """« Inventaire » et « Priorités » réduites à la saisie, trois lignes vides et les deux dernières lignes
    prévues : ``formulas`` calcule chaque cellule (les 200 lignes : 17 s par format, 1,7 s ainsi). Les formules
    gardées visent toujours les 200 lignes ; celles du milieu, retirées, sortent de la même boucle."""
    derniere = inventaire.LIGNES_PREVUES + 1

    def gardee(adresse: str) -> bool:
        ligne = int(re.sub(r"^[A-Z]+", "", adresse))
        return ligne <= premieres + 1 or ligne > derniere - dernieres

    return {nom: {a: v for a, v in cellules.items() if gardee(a)} if nom in ("Inventaire", "Priorités") else cellules
            for nom, cellules in grille.items()}


@pytest.fixture(scope="module", params=["xlsx", "ods"])
def calcul_saisi(request, fichiers, tmp_path_factory):
    lire = grille_xlsx if request.param == "xlsx" else grille_ods
    grille = lire(fichiers[f"inventaire-des-donnees.{request.param}"])
    calcul = calculer(saisir(premieres_et_dernieres_lignes(grille)), tmp_path_factory.mktemp("calcul"))
    return request.param, grille, calcul


def _colonne(resultats, feuille, nom, n):
    return resultats[feuille.upper()].get(f"{inventaire.LETTRE[nom]}{n}", "")


def test_les_formules_donnent_le_classement_de_la_partie_5(calcul_saisi):
    format_, _, resultats = calcul_saisi
    attendu = _attendu()
    rangs = {}
    for n, ligne in enumerate(SAISIE, start=2):
        score, quadrant, rang = (_colonne(resultats, "Inventaire", c, n) for c in ("score", "quadrant", "rang"))
        if ligne is None:
            assert (score, quadrant, rang) == ("", "", ""), f"{format_} : une ligne vide reste vide"
            continue
        rangs[n] = rang
        assert score == pytest.approx(0.3 * ligne[2] + 0.7 * ligne[3]), (format_, ligne)
        assert quadrant == priorisation.quadrant(ligne[2], ligne[3], SEUIL), (format_, ligne)
    ordre = [SAISIE[n - 2][0] for n, _ in sorted(rangs.items(), key=lambda x: x[1])]
    assert ordre == attendu["identifiant"].tolist(), format_
    assert sorted(rangs.values()) == list(range(1, len(attendu) + 1))
    # Les lignes vides, en dessous, restent vides.
    derniere = f"{inventaire.LETTRE['rang']}{inventaire.LIGNES_PREVUES + 1}"
    assert resultats["INVENTAIRE"][derniere] == "", "la dernière ligne prévue est calculée et reste vide"


def test_la_feuille_priorites_donne_la_liste_classee(calcul_saisi):
    format_, _, resultats = calcul_saisi
    attendu = _attendu()
    priorites = resultats["PRIORITÉS"]
    for k, (_, ligne) in enumerate(attendu.iterrows(), start=2):
        assert priorites[f"A{k}"] == k - 1
        assert priorites[f"B{k}"] == ligne["identifiant"] and priorites[f"C{k}"] == ligne["titre"], format_
        assert priorites[f"G{k}"] == pytest.approx(ligne["score"]) and priorites[f"H{k}"] == ligne["quadrant"]
    assert priorites[f"A{len(attendu) + 2}"] == "" and priorites[f"B{len(attendu) + 2}"] == ""


def test_la_feuille_exemple_est_l_inventaire_du_cours_classe_comme_dans_le_notebook(calcul_saisi):
    format_, grille, resultats = calcul_saisi
    exemple = priorisation.exemple_inventaire()
    # La feuille « Exemple » suit les paramètres du classeur : ici 0,3 et 4, changés par la saisie.
    classement = priorisation.classer(exemple, poids_valeur=POIDS, seuil=SEUIL)
    for n, (_, ligne) in enumerate(exemple.iterrows(), start=2):
        for colonne in priorisation.COLONNES_INVENTAIRE:
            attendu = ligne[colonne] if ligne[colonne] != "" else None
            assert grille["Exemple"].get(f"{inventaire.LETTRE[colonne]}{n}") == attendu, (format_, colonne, n)
        rang = _colonne(resultats, "Exemple", "rang", n)
        assert classement.loc[rang - 1, "identifiant"] == ligne["identifiant"], (format_, ligne["identifiant"])


def test_l_ods_porte_les_valeurs_du_cours_avant_tout_recalcul(fichiers):
    """Un tableur qui ne recalcule pas à l'ouverture affiche les valeurs en cache : elles doivent être justes."""
    doc = opendocument.load(str(fichiers["inventaire-des-donnees.ods"]))
    feuille = next(t for t in doc.spreadsheet.getElementsByType(odf_table.Table) if t.getAttribute("name") == "Exemple")
    classement = priorisation.classer(priorisation.exemple_inventaire())
    rangs = []
    for rangee in feuille.getElementsByType(odf_table.TableRow)[1:]:
        cellules = rangee.getElementsByType(odf_table.TableCell)
        rangs.append((teletype.extractText(cellules[0]), float(cellules[-1].getAttribute("value"))))
    assert [code for code, _ in sorted(rangs, key=lambda x: x[1])] == classement["identifiant"].tolist()


def test_listes_deroulantes_et_notes_bornees_xlsx(fichiers):
    wb = openpyxl.load_workbook(fichiers["inventaire-des-donnees.xlsx"])
    listes = wb["Listes"]
    for k, (titre, valeurs, _) in enumerate(inventaire.LISTES, start=1):
        lettre = openpyxl.utils.get_column_letter(k)
        assert listes[f"{lettre}1"].value == titre
        assert [listes[f"{lettre}{i}"].value for i in range(2, len(valeurs) + 2)] == list(valeurs)
    for feuille in ("Inventaire", "Exemple"):
        regles = {str(v.sqref): v for v in wb[feuille].data_validations.dataValidation}
        for k, (_, _, colonne) in enumerate(inventaire.LISTES, start=1):
            lettre, source = inventaire.LETTRE[colonne], openpyxl.utils.get_column_letter(k)
            regle = next(v for plage, v in regles.items() if plage.startswith(f"{lettre}2:"))
            assert regle.type == "list" and regle.formula1 == f"='Listes'!${source}$2:${source}$41", colonne
            assert "Choisissez" in regle.error
        for colonne in ("valeur", "facilite"):
            regle = next(v for plage, v in regles.items() if plage.startswith(f"{inventaire.LETTRE[colonne]}2:"))
            assert (regle.type, regle.operator, regle.formula1, regle.formula2) == ("decimal", "between", "1", "5")
    assert "Oui" in priorisation.DONNEES_PERSONNELLES and set(LICENCES) <= set(priorisation.LICENCES_INVENTAIRE)


def test_listes_deroulantes_ods(fichiers):
    doc = opendocument.load(str(fichiers["inventaire-des-donnees.ods"]))
    conditions = {v.getAttribute("name"): v.getAttribute("condition")
                  for v in doc.getElementsByType(odf_table.ContentValidation)}
    feuille = next(t for t in doc.spreadsheet.getElementsByType(odf_table.Table) if t.getAttribute("name") == "Inventaire")
    rangee = feuille.getElementsByType(odf_table.TableRow)[1]
    cellules = rangee.getElementsByType(odf_table.TableCell)
    colonnes = list(inventaire.TOUTES)
    format_ = cellules[colonnes.index("format_actuel")].getAttribute("contentvalidationname")
    assert conditions[format_] == "of:cell-content-is-in-list([$'Listes'.$A$2:.$A$41])"
    note = cellules[colonnes.index("valeur")].getAttribute("contentvalidationname")
    assert conditions[note] == "of:cell-content-is-decimal-number() and cell-content-is-between(1;5)"
    assert not cellules[colonnes.index("titre")].getAttribute("contentvalidationname")


@pytest.mark.parametrize("excel, attendu", [
    ("=ROUND('Paramètres'!$B$2*K2,2)", "of:=ROUND([$'Paramètres'.$B$2]*[.K2];2)"),
    ('=IF(A1="a, b;c","x",SUM($D$2:$D$9))', 'of:=IF([.A1]="a, b;c";"x";SUM([.$D$2:.$D$9]))'),
    ("=INDEX('Inventaire'!$A$2:$A$201,MATCH($A2,'Inventaire'!$P$2:$P$201,0))",
     "of:=INDEX([$'Inventaire'.$A$2:.$A$201];MATCH([.$A2];[$'Inventaire'.$P$2:.$P$201];0))"),
])
def test_traduction_vers_openformula(excel, attendu):
    assert cl.vers_openformula(excel) == attendu
    assert depuis_openformula(attendu) == excel


def test_fiche_de_metadonnees(fichiers):
    wb = openpyxl.load_workbook(fichiers["fiche-de-metadonnees.xlsx"])
    fiche = wb["Fiche"]
    assert [fiche[f"A{i}"].value for i in range(2, len(CHAMPS) + 2)] == [c.libelle for c in CHAMPS]
    assert all(fiche[f"C{i}"].value is None for i in range(2, len(CHAMPS) + 2))  # réponses à écrire
    for cle in ("titre", "description", "editeur", "licence", "frequence", "themes", "contact"):
        assert any(c.cle == cle and c.obligatoire for c in CHAMPS), cle
    ligne_licence = 2 + [c.cle for c in CHAMPS].index("licence")
    regle = next(v for v in fiche.data_validations.dataValidation if str(v.sqref) == f"C{ligne_licence}")
    assert regle.type == "list" and all(lic.split(" (")[0] in regle.formula1 for lic in LICENCES)
    assert [c.value for c in wb["Colonnes"][1]] == [libelle for _, libelle, _ in CHAMPS_DES_COLONNES]
    ods = grille_ods(fichiers["fiche-de-metadonnees.ods"])
    assert [ods["Fiche"][f"A{i}"] for i in range(2, len(CHAMPS) + 2)] == [c.libelle for c in CHAMPS]


def _docx(chemin: Path) -> tuple[list[str], list[str], str]:
    import docx

    d = docx.Document(chemin)
    titres = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    intitules = [t.rows[i].cells[0].paragraphs[0].text for t in d.tables for i in range(len(t.rows))]
    texte = "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])
    return titres, intitules, texte


def _odt(chemin: Path) -> tuple[list[str], list[str], str]:
    doc = opendocument.load(str(chemin))
    titres = [teletype.extractText(h) for h in doc.getElementsByType(odf_text.H)]
    intitules = [teletype.extractText(c.getElementsByType(odf_text.P)[0])
                 for c in doc.getElementsByType(odf_table.TableCell)[::2]]
    return titres, intitules, teletype.extractText(doc.text)


@pytest.mark.parametrize("format_", ["docx", "odt"])
def test_fiche_de_decision_a_les_rubriques_de_la_page(fichiers, format_):
    titres, intitules, texte = (_docx if format_ == "docx" else _odt)(fichiers[f"fiche-de-decision.{format_}"])
    source = fiches.fiche_de_decision()
    champs = [c for e in source["elements"] for c in (e["champs"] if "groupe" in e else [e])]
    assert [c["libelle"] for c in champs] + source["signature"] == intitules
    assert [e["groupe"] for e in source["elements"] if "groupe" in e] + ["Décision"] == titres
    assert "ODbL 1.0" in texte and "CC BY 4.0" in texte  # la liste des licences, dite en clair
    _sans_trou(texte)


@pytest.mark.parametrize("format_", ["docx", "odt"])
def test_note_de_mandat(fichiers, format_):
    titres, intitules, texte = (_docx if format_ == "docx" else _odt)(fichiers[f"note-de-mandat.{format_}"])
    assert titres == ["Objet", "Textes de référence", "Principe", "Désignation", "Missions du responsable open data",
                      "Moyens", "Calendrier", "Signature"]
    for attendu in ("loi n° 31-13", "article 7", "loi n° 09-08", "data.gov.ma", "six semaines", "trois mois"):
        assert attendu in texte, attendu
    assert "Responsable open data (nom, fonction, service)" in intitules
    _sans_trou(texte)


def _sans_trou(texte: str) -> None:
    """Aucun reste de gabarit, aucune espace ordinaire là où le français veut une espace insécable."""
    for trou in ("{{", "}}", "{%", "TODO", "XXX", "None", "Lorem"):
        assert trou not in texte, trou
    assert not re.search(r" [:;?!»]|« ", texte), re.search(r".{20} [:;?!»]|« .{20}", texte)


@pytest.mark.parametrize("nom", ["inventaire-des-donnees", "fiche-de-metadonnees"])
def test_le_texte_des_tableurs_est_en_francais_soigne(fichiers, nom):
    for lire, extension in ((grille_xlsx, "xlsx"), (grille_ods, "ods")):
        grille = lire(fichiers[f"{nom}.{extension}"])
        textes = [v for cellules in grille.values() for v in cellules.values()
                  if isinstance(v, str) and not v.startswith("=")]
        assert len(textes) > 20, extension
        _sans_trou("\n".join(textes))


def test_chaque_modele_existe_dans_ses_deux_formats_et_se_rouvre(fichiers):
    attendus = {f"{m.nom}.{e}" for m in modeles.MODELES for e in m.formats}
    assert set(fichiers) == attendus
    for nom, chemin in fichiers.items():
        assert zipfile.is_zipfile(chemin), nom  # les quatre formats sont des archives ZIP
        assert not list(chemin.parent.glob("*.partiel"))


def test_rien_d_ecrit_a_moitie(tmp_path):
    chemin = tmp_path / "inventaire.xlsx"
    chemin.write_bytes(b"ancien")

    def enregistrer_puis_echouer(temporaire):
        Path(temporaire).write_bytes(b"moiti")
        raise OSError(28, "disque plein")

    with pytest.raises(OSError):
        ecrire_sans_reste(chemin, enregistrer_puis_echouer)
    assert chemin.read_bytes() == b"ancien" and list(tmp_path.iterdir()) == [chemin]


def test_source_mal_formee_message_francais(tmp_path):
    (tmp_path / fiches.FICHE_DE_DECISION).parent.mkdir(parents=True)
    source = tmp_path / fiches.FICHE_DE_DECISION
    source.write_text("titre: Fiche\nintro: x\nelements:\n  - {champ: a, libelle: A}\n  - {champ: a, libelle: B}\n")
    with pytest.raises(fiches.ErreurModele, match=r"«\sa\s» apparaît deux fois"):
        fiches.fiche_de_decision(tmp_path)
    source.write_text("titre: Fiche\nintro: x\nelements:\n  - {champ: a, libelle: A, type: date}\n")
    with pytest.raises(fiches.ErreurModele, match=r"type inconnu pour «\sa\s»"):
        fiches.fiche_de_decision(tmp_path)
    source.write_text("titre: [Fiche\n")
    with pytest.raises(fiches.ErreurModele, match="YAML mal formé"):
        fiches.fiche_de_decision(tmp_path)
    with pytest.raises(fiches.ErreurModele, match="introuvable.*Que faire"):
        fiches.document_note_de_mandat(tmp_path)


def test_ligne_de_commande(tmp_path, capsys):
    from cours_opendata.modeles.__main__ import main

    assert main([str(tmp_path / "sortie")]) == 0
    assert "inventaire-des-donnees.xlsx" in capsys.readouterr().out
    bloque = tmp_path / "fichier"
    bloque.write_text("")
    assert main([str(bloque / "sortie")]) == 1
    assert "impossible d’écrire" in capsys.readouterr().err


def test_le_site_construit_contient_et_lie_les_modeles(livre):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((livre / "book" / "annexes" / "supports.html").read_text(encoding="utf-8"), "html.parser")
    liens = {a["href"] for a in page.select("table.supports a[download]")}
    for m in modeles.MODELES:
        for e in m.formats:
            assert f"../../modeles/{m.nom}.{e}" in liens
            assert (livre / "modeles" / f"{m.nom}.{e}").is_file()
