"""Un classeur décrit une fois, écrit en .xlsx (openpyxl) et en .ods (odfpy).

Les formules s’écrivent dans la syntaxe d’Excel (``=ROUND(A2*'Paramètres'!$B$2,2)``) ;
``vers_openformula`` les traduit pour OpenDocument (``of:=ROUND([.A2]*[$'Paramètres'.$B$2];2)``).
Dans le .ods, chaque formule porte aussi sa valeur calculée par le paquet, pour que le fichier
s’affiche juste même dans un tableur qui ne recalcule pas à l’ouverture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter

from ..fichiers_surs import ecrire_sans_reste


@dataclass(frozen=True)
class Formule:
    texte: str  # syntaxe Excel, commence par « = »
    valeur: object = ""  # valeur attendue à l’ouverture (écrite en cache dans le .ods)


@dataclass(frozen=True)
class Validation:
    """Une liste déroulante (``valeurs`` ou ``source`` = plage) ou un nombre borné sur ``plage``."""

    plage: str  # ex. « F2:F201 »
    message: str
    valeurs: tuple[str, ...] = ()
    source: str = ""  # ex. « 'Listes'!$A$2:$A$40 »
    minimum: float | None = None
    maximum: float | None = None


@dataclass
class Feuille:
    nom: str
    lignes: list[list] = field(default_factory=list)
    largeurs: dict[str, float] = field(default_factory=dict)  # lettre de colonne → largeur en caractères
    validations: list[Validation] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # cellule → commentaire (aide d’une colonne)
    lignes_entete: int = 1  # lignes en gras, figées en haut de l’écran
    grisees: tuple[str, ...] = ()  # colonnes sur fond gris : calculées, ou à ne pas modifier


@dataclass
class Classeur:
    titre: str
    feuilles: list[Feuille]


# --- Formules : Excel → OpenFormula --------------------------------------------------------------------

_CHAINE = re.compile(r'"(?:[^"]|"")*"')
_REFERENCE = re.compile(
    r"(?<![\w.$'])(?:(?P<feuille>'(?:[^']|'')+'|[^\W\d][\w]*)!)?"
    r"(?P<a>\$?[A-Z]{1,3}\$?\d+)(?::(?P<b>\$?[A-Z]{1,3}\$?\d+))?(?![\w(])")


def _reference_odf(m: re.Match) -> str:
    feuille = m.group("feuille")
    prefixe = ""
    if feuille:
        nom = feuille[1:-1].replace("''", "'") if feuille.startswith("'") else feuille
        prefixe = "$'" + nom.replace("'", "''") + "'"
    debut = f"{prefixe}.{m.group('a')}"
    return f"[{debut}:.{m.group('b')}]" if m.group("b") else f"[{debut}]"


def vers_openformula(formule: str) -> str:
    """``=SI(...)`` d’Excel en ``of:=...`` d’OpenDocument : références entre crochets, « ; » entre arguments."""
    if not formule.startswith("="):
        raise ValueError(f"Une formule commence par « = » : {formule!r}")
    morceaux, fin = [], 0
    for chaine in _CHAINE.finditer(formule[1:]):
        morceaux.append(_code_odf(formule[1:][fin:chaine.start()]))
        morceaux.append(chaine.group())
        fin = chaine.end()
    morceaux.append(_code_odf(formule[1:][fin:]))
    return "of:=" + "".join(morceaux)


def _code_odf(code: str) -> str:
    return _REFERENCE.sub(_reference_odf, code).replace(",", ";")


def cellules(plage: str) -> list[str]:
    """« F2:G3 » → [« F2 », « F3 », « G2 », « G3 »] (colonne par colonne)."""
    debut, _, fin = plage.partition(":")
    fin = fin or debut
    (c1, l1), (c2, l2) = _decouper(debut), _decouper(fin)
    return [f"{get_column_letter(c)}{ligne}" for c in range(c1, c2 + 1) for ligne in range(l1, l2 + 1)]


def _decouper(cellule: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", cellule)
    if not m:
        raise ValueError(f"Adresse de cellule invalide : {cellule!r}")
    return column_index_from_string(m.group(1)), int(m.group(2))


# --- .xlsx -----------------------------------------------------------------------------------------------

def ecrire_xlsx(classeur: Classeur, chemin: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    classeur_xlsx = Workbook()
    classeur_xlsx.remove(classeur_xlsx.active)
    classeur_xlsx.properties.title = classeur.titre
    classeur_xlsx.properties.language = "fr-MA"
    classeur_xlsx.calculation.fullCalcOnLoad = True  # Excel recalcule tout à l’ouverture
    gras, fond_entete = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    fond_calcule = PatternFill("solid", fgColor="EEEEEE")
    for feuille in classeur.feuilles:
        ws = classeur_xlsx.create_sheet(feuille.nom)
        for i, ligne in enumerate(feuille.lignes, start=1):
            for j, valeur in enumerate(ligne, start=1):
                if valeur is None:
                    continue
                cellule = ws.cell(row=i, column=j, value=valeur.texte if isinstance(valeur, Formule) else valeur)
                cellule.alignment = Alignment(wrap_text=True, vertical="top")
                if i <= feuille.lignes_entete:
                    cellule.font, cellule.fill = gras, fond_entete
                elif get_column_letter(j) in feuille.grisees:
                    cellule.fill = fond_calcule
        for lettre, largeur in feuille.largeurs.items():
            ws.column_dimensions[lettre].width = largeur
        if feuille.lignes_entete:
            ws.freeze_panes = f"A{feuille.lignes_entete + 1}"
        for adresse, texte in feuille.notes.items():
            ws[adresse].comment = Comment(texte, "Cours open data")
        for v in feuille.validations:
            if v.valeurs or v.source:
                formule = v.source and f"={v.source}" or '"' + ",".join(v.valeurs) + '"'
                dv = DataValidation(type="list", formula1=formule, allow_blank=True)
            else:
                dv = DataValidation(type="decimal", operator="between", formula1=str(v.minimum),
                                    formula2=str(v.maximum), allow_blank=True)
            dv.error, dv.errorTitle, dv.prompt = v.message, "Valeur refusée", v.message
            dv.showErrorMessage = dv.showInputMessage = True
            dv.add(v.plage)
            ws.add_data_validation(dv)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
    ecrire_sans_reste(chemin, classeur_xlsx.save)


# --- .ods ------------------------------------------------------------------------------------------------

def ecrire_ods(classeur: Classeur, chemin: Path) -> None:
    from odf import dc
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
    from odf.table import ContentValidation, ContentValidations, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(dc.Title(text=classeur.titre))
    doc.meta.addElement(dc.Language(text="fr-MA"))

    def style_cellule(nom: str, fond: str | None, gras: bool) -> Style:
        s = Style(name=nom, family="table-cell")
        s.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top",
                                         **({"backgroundcolor": fond} if fond else {})))
        s.addElement(ParagraphProperties())
        if gras:
            s.addElement(TextProperties(fontweight="bold"))
        doc.automaticstyles.addElement(s)
        return s

    s_entete, s_calcule = style_cellule("entete", "#dde7f0", True), style_cellule("calcule", "#eeeeee", False)
    s_normal = style_cellule("normal", None, False)
    validations = ContentValidations()
    nom_de_validation: dict[tuple[str, str], str] = {}
    numero = 0
    for feuille in classeur.feuilles:
        for v in feuille.validations:
            numero += 1
            nom = f"validation-{numero}"
            for adresse in cellules(v.plage):
                nom_de_validation[(feuille.nom, adresse)] = nom
            if v.source:
                condition = f"of:cell-content-is-in-list({vers_openformula('=' + v.source)[4:]})"
            elif v.valeurs:
                condition = "of:cell-content-is-in-list(" + ";".join(
                    '"' + x.replace('"', '""') + '"' for x in v.valeurs) + ")"
            else:
                condition = (f"of:cell-content-is-decimal-number() and "
                             f"cell-content-is-between({v.minimum:g};{v.maximum:g})")
            validation = ContentValidation(name=nom, condition=condition, allowemptycell="true",
                                           displaylist="unsorted" if (v.valeurs or v.source) else None)
            _messages_odf(validation, v.message)
            validations.addElement(validation)
    if nom_de_validation:
        doc.spreadsheet.addElement(validations)

    for feuille in classeur.feuilles:
        table = Table(name=feuille.nom)
        largeur_max = max((len(li) for li in feuille.lignes), default=0)
        for j in range(1, largeur_max + 1):
            lettre = get_column_letter(j)
            s = Style(name=f"co-{feuille.nom}-{lettre}".replace(" ", "_").replace("’", ""), family="table-column")
            s.addElement(TableColumnProperties(columnwidth=f"{feuille.largeurs.get(lettre, 12) * 0.19:.2f}cm"))
            doc.automaticstyles.addElement(s)
            table.addElement(TableColumn(stylename=s))
        for i, ligne in enumerate(feuille.lignes, start=1):
            rangee = TableRow()
            for j, valeur in enumerate(ligne, start=1):
                lettre = get_column_letter(j)
                adresse = f"{lettre}{i}"
                style = s_entete if i <= feuille.lignes_entete else (
                    s_calcule if lettre in feuille.grisees else s_normal)
                attributs = {"stylename": style}
                if (feuille.nom, adresse) in nom_de_validation:
                    attributs["contentvalidationname"] = nom_de_validation[(feuille.nom, adresse)]
                cellule = _cellule_odf(TableCell, P, valeur, attributs)
                if adresse in feuille.notes:
                    from odf.office import Annotation
                    note = Annotation()
                    note.addElement(P(text=feuille.notes[adresse]))
                    cellule.insertBefore(note, cellule.firstChild) if cellule.firstChild else cellule.addElement(note)
                rangee.addElement(cellule)
            table.addElement(rangee)
        doc.spreadsheet.addElement(table)
    ecrire_sans_reste(chemin, doc.save)


def _messages_odf(validation, message: str) -> None:
    from odf.table import ErrorMessage, HelpMessage
    from odf.text import P

    aide = HelpMessage(title="Aide", display="true")
    aide.addElement(P(text=message))
    erreur = ErrorMessage(title="Valeur refusée", display="true", messagetype="stop")
    erreur.addElement(P(text=message))
    validation.addElement(aide)
    validation.addElement(erreur)


def _cellule_odf(TableCell, P, valeur, attributs: dict):
    if isinstance(valeur, Formule):
        attendu = valeur.valeur
        if isinstance(attendu, (int, float)) and not isinstance(attendu, bool):
            cellule = TableCell(formula=vers_openformula(valeur.texte), valuetype="float", value=attendu, **attributs)
            cellule.addElement(P(text=f"{attendu:g}"))
        else:
            cellule = TableCell(formula=vers_openformula(valeur.texte), valuetype="string",
                                stringvalue=str(attendu), **attributs)
            if attendu != "":
                cellule.addElement(P(text=str(attendu)))
        return cellule
    if valeur is None or valeur == "":
        return TableCell(**attributs)
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        cellule = TableCell(valuetype="float", value=valeur, **attributs)
        cellule.addElement(P(text=f"{valeur:g}"))
        return cellule
    cellule = TableCell(valuetype="string", **attributs)
    for morceau in str(valeur).split("\n"):
        cellule.addElement(P(text=morceau))
    return cellule
