"""Un document à remplir décrit une fois (titres, paragraphes, listes, cases), écrit en .docx et en .odt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..fichiers_surs import ecrire_sans_reste


@dataclass(frozen=True)
class Titre:
    texte: str
    niveau: int = 1


@dataclass(frozen=True)
class Paragraphe:
    texte: str
    aide: bool = False  # texte d’aide, en petit et en gris


@dataclass(frozen=True)
class Liste:
    elements: tuple[str, ...]
    numerotee: bool = False


@dataclass(frozen=True)
class Case:
    libelle: str
    aide: str = ""
    lignes: int = 1  # hauteur de la case à remplir, en lignes


@dataclass(frozen=True)
class Cases:
    """Un tableau de deux colonnes : l’intitulé (et son aide) à gauche, la case vide à droite."""

    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Document:
    titre: str
    blocs: tuple


HAUTEUR_DE_LIGNE_CM = 0.8


# --- .docx -----------------------------------------------------------------------------------------------

def ecrire_docx(document: Document, chemin: Path) -> None:
    from docx import Document as Docx
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Cm, Pt, RGBColor

    docx = Docx()
    docx.core_properties.title = document.titre
    docx.core_properties.language = "fr-MA"
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)
    docx.styles["Normal"].font.size = Pt(10.5)
    docx.add_heading(document.titre, level=0)
    for bloc in document.blocs:
        if isinstance(bloc, Titre):
            docx.add_heading(bloc.texte, level=bloc.niveau)
        elif isinstance(bloc, Paragraphe):
            p = docx.add_paragraph()
            texte = p.add_run(bloc.texte)
            if bloc.aide:
                texte.font.size, texte.font.color.rgb = Pt(9), RGBColor(0x55, 0x55, 0x55)
        elif isinstance(bloc, Liste):
            for element in bloc.elements:
                docx.add_paragraph(element, style="List Number" if bloc.numerotee else "List Bullet")
        elif isinstance(bloc, Cases):
            table = docx.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for case in bloc.cases:
                ligne = table.add_row()
                ligne.height, ligne.height_rule = Cm(HAUTEUR_DE_LIGNE_CM * case.lignes), WD_ROW_HEIGHT_RULE.AT_LEAST
                gauche, droite = ligne.cells
                gauche.width, droite.width = Cm(6.5), Cm(10.5)
                gauche.paragraphs[0].add_run(case.libelle).bold = True
                if case.aide:
                    aide = gauche.add_paragraph().add_run(case.aide)
                    aide.font.size, aide.font.color.rgb = Pt(8.5), RGBColor(0x55, 0x55, 0x55)
            docx.add_paragraph()
        else:
            raise TypeError(f"Bloc de document inconnu : {bloc!r}")
    ecrire_sans_reste(chemin, docx.save)


# --- .odt ------------------------------------------------------------------------------------------------

def ecrire_odt(document: Document, chemin: Path) -> None:
    from odf import dc
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableColumnProperties,
        TableProperties,
        TableRowProperties,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    odt = OpenDocumentText()
    odt.meta.addElement(dc.Title(text=document.titre))
    odt.meta.addElement(dc.Language(text="fr-MA"))
    mise_en_page = PageLayout(name="A4")
    mise_en_page.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", margintop="1.8cm",
                                                 marginbottom="1.8cm", marginleft="2cm", marginright="2cm"))
    odt.automaticstyles.addElement(mise_en_page)
    odt.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=mise_en_page))

    def style_paragraphe(nom: str, taille: str, gras: bool = False, couleur: str = "#000000",
                         niveau: int | None = None, avant: str = "0cm", apres: str = "0.2cm") -> Style:
        s = Style(name=nom, family="paragraph", **({"defaultoutlinelevel": niveau} if niveau else {}))
        s.addElement(ParagraphProperties(margintop=avant, marginbottom=apres))
        s.addElement(TextProperties(fontsize=taille, color=couleur, **({"fontweight": "bold"} if gras else {})))
        odt.styles.addElement(s)
        return s

    s_titre = style_paragraphe("Title", "18pt", True, "#17365d", apres="0.4cm")
    s_niveaux = {n: style_paragraphe(f"Heading {n}", t, True, "#17365d", niveau=n, avant="0.4cm")
                 for n, t in ((1, "14pt"), (2, "12pt"))}
    s_normal = style_paragraphe("Text body", "10.5pt")
    s_aide = style_paragraphe("Aide", "9pt", couleur="#555555")
    s_libelle = style_paragraphe("Intitulé", "10.5pt", True)
    s_table = Style(name="Cases", family="table")
    s_table.addElement(TableProperties(width="17cm", align="left"))
    s_col_g, s_col_d = Style(name="Cases.A", family="table-column"), Style(name="Cases.B", family="table-column")
    s_col_g.addElement(TableColumnProperties(columnwidth="6.5cm"))
    s_col_d.addElement(TableColumnProperties(columnwidth="10.5cm"))
    s_cellule = Style(name="Cases.cellule", family="table-cell")
    s_cellule.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    for s in (s_table, s_col_g, s_col_d, s_cellule):
        odt.automaticstyles.addElement(s)
    styles_de_ligne: dict[int, Style] = {}

    def style_de_ligne(lignes: int) -> Style:
        if lignes not in styles_de_ligne:
            s = Style(name=f"Cases.ligne{lignes}", family="table-row")
            s.addElement(TableRowProperties(minrowheight=f"{HAUTEUR_DE_LIGNE_CM * lignes:.1f}cm"))
            odt.automaticstyles.addElement(s)
            styles_de_ligne[lignes] = s
        return styles_de_ligne[lignes]

    odt.text.addElement(P(stylename=s_titre, text=document.titre))
    for n, bloc in enumerate(document.blocs):
        if isinstance(bloc, Titre):
            odt.text.addElement(H(outlinelevel=bloc.niveau, stylename=s_niveaux[bloc.niveau], text=bloc.texte))
        elif isinstance(bloc, Paragraphe):
            odt.text.addElement(P(stylename=s_aide if bloc.aide else s_normal, text=bloc.texte))
        elif isinstance(bloc, Liste):
            liste = List()
            for i, element in enumerate(bloc.elements, start=1):
                item = ListItem()
                item.addElement(P(stylename=s_normal, text=(f"{i}. " if bloc.numerotee else "• ") + element))
                liste.addElement(item)
            odt.text.addElement(liste)
        elif isinstance(bloc, Cases):
            table = Table(name=f"Cases{n}", stylename=s_table)
            table.addElement(TableColumn(stylename=s_col_g))
            table.addElement(TableColumn(stylename=s_col_d))
            for case in bloc.cases:
                ligne = TableRow(stylename=style_de_ligne(case.lignes))
                gauche = TableCell(stylename=s_cellule, valuetype="string")
                gauche.addElement(P(stylename=s_libelle, text=case.libelle))
                if case.aide:
                    gauche.addElement(P(stylename=s_aide, text=case.aide))
                droite = TableCell(stylename=s_cellule, valuetype="string")
                droite.addElement(P(stylename=s_normal))
                ligne.addElement(gauche)
                ligne.addElement(droite)
                table.addElement(ligne)
            odt.text.addElement(table)
            odt.text.addElement(P(stylename=s_normal))
        else:
            raise TypeError(f"Bloc de document inconnu : {bloc!r}")
    ecrire_sans_reste(chemin, odt.save)
