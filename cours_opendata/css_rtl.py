"""Feuilles de style retournées pour l'écriture de droite à gauche (livre arabe).

Les thèmes (Bootstrap 5 compilé, pydata-sphinx-theme) n'ont pas de version « rtl » : leurs règles disent
« gauche » et « droite » en dur. Comme RTLCSS ou CSSJanus (sans équivalent maintenu en Python), on
échange gauche et droite dans les propriétés et leurs valeurs, l'ordre des raccourcis à quatre valeurs
et le sens des translations horizontales. Ce que ``dir="rtl"`` retourne déjà seul (flexbox, grilles,
propriétés logiques comme ``margin-inline-start``) n'est pas touché. La feuille est lue par tinycss2.
"""

from __future__ import annotations

import tinycss2

MARQUE = "/*! sens : droite à gauche (cours_opendata.css_rtl) */"
_ECHANGE = {"left": "right", "right": "left"}
# Raccourcis « haut droite bas gauche » : la 2e et la 4e valeur s'échangent.
_QUATRE_COTES = {"margin", "padding", "border-width", "border-style", "border-color", "inset",
                 "scroll-margin", "scroll-padding"}
_GROUPANTES = {"media", "supports", "container", "layer", "keyframes", "-webkit-keyframes", "document"}


def _nom(propriete: str) -> str:
    """``margin-left`` → ``margin-right``, ``border-top-left-radius`` → ``border-top-right-radius``."""
    morceaux = propriete.split("-")
    return "-".join(_ECHANGE.get(m, m) for m in morceaux)


def _groupes(valeur: list) -> list[list]:
    """Les valeurs séparées par des espaces (premier niveau)."""
    groupes: list[list] = [[]]
    for jeton in valeur:
        if jeton.type == "whitespace":
            if groupes[-1]:
                groupes.append([])
        elif jeton.type != "comment":
            groupes[-1].append(jeton)
    return [g for g in groupes if g]


def _ecrire(groupes: list[list]) -> str:
    return " ".join(tinycss2.serialize(g) for g in groupes)


def _oppose(jeton) -> str:
    """L'opposé d'une longueur : -v pour un nombre, calc(-1*…) pour le reste."""
    if jeton.type in {"dimension", "percentage", "number"}:
        texte = tinycss2.serialize([jeton])
        if jeton.value == 0:
            return texte
        return texte[1:] if texte.startswith("-") else f"-{texte.lstrip('+')}"
    return f"calc(-1*{tinycss2.serialize([jeton])})"


def _translations(valeur: list) -> str:
    sortie = []
    for jeton in valeur:
        if jeton.type == "function" and jeton.lower_name in {"translatex", "translate", "translate3d"}:
            arguments = [a for a in jeton.arguments if a.type not in {"whitespace", "comment"}]
            if arguments and arguments[0].type != "literal":
                reste = jeton.arguments[jeton.arguments.index(arguments[0]) + 1:]
                sortie.append(f"{jeton.name}({_oppose(arguments[0])}{tinycss2.serialize(reste)})")
                continue
        sortie.append(tinycss2.serialize([jeton]))
    return "".join(sortie)


def _mots_echanges(valeur: list) -> str:
    sortie = []
    for jeton in valeur:
        if jeton.type == "ident" and jeton.lower_value in _ECHANGE:
            sortie.append(_ECHANGE[jeton.lower_value])
        elif jeton.type == "function" and jeton.lower_name not in {"url", "var", "env", "attr"}:
            sortie.append(f"{jeton.name}({_mots_echanges(jeton.arguments)})")
        else:
            sortie.append(tinycss2.serialize([jeton]))
    return "".join(sortie)


def _rayons(groupes: list[list]) -> list[list]:
    """``border-radius`` : haut-gauche, haut-droite, bas-droite, bas-gauche, vus dans un miroir."""
    if len(groupes) == 4:
        a, b, c, d = groupes
        return [b, a, d, c]
    if len(groupes) == 3:
        a, b, c = groupes
        return [b, a, b, c]
    if len(groupes) == 2:
        return groupes[::-1]
    return groupes


def declaration(nom: str, valeur: list) -> tuple[str, str]:
    """(propriété, valeur) retournées."""
    nom_bas = nom.lower()
    if nom_bas.startswith("--") or nom_bas == "content":
        return nom, tinycss2.serialize(valeur).strip()
    groupes = _groupes(valeur)
    virgule = any(j.type == "literal" and j.value == "," for j in valeur)
    if nom_bas in _QUATRE_COTES and len(groupes) == 4 and not virgule:
        haut, droite, bas, gauche = groupes
        return nom, _ecrire([haut, gauche, bas, droite])
    if nom_bas == "border-radius" and not virgule:
        barres = [i for i, g in enumerate(groupes) if len(g) == 1 and g[0].type == "literal" and g[0].value == "/"]
        if barres:
            i = barres[0]
            return nom, f"{_ecrire(_rayons(groupes[:i]))} / {_ecrire(_rayons(groupes[i + 1:]))}"
        return nom, _ecrire(_rayons(groupes))
    if nom_bas == "translate" and groupes and len(groupes[0]) == 1:
        return nom, " ".join([_oppose(groupes[0][0]), *(tinycss2.serialize(g) for g in groupes[1:])])
    if nom_bas == "transform":
        return nom, _translations(valeur).strip()
    return _nom(nom), _mots_echanges(valeur).strip()


def _bloc(contenu: list) -> str:
    elements = tinycss2.parse_blocks_contents(contenu, skip_whitespace=True, skip_comments=True)
    sortie = []
    for element in elements:
        if element.type == "declaration":
            nom, valeur = declaration(element.name, element.value)
            sortie.append(f"{nom}:{valeur}{'!important' if element.important else ''}")
        elif element.type in {"qualified-rule", "at-rule"}:
            sortie.append(_regles([element]))
    return ";".join(sortie)


def _regles(regles: list) -> str:
    sortie = []
    for regle in regles:
        if regle.type == "qualified-rule":
            sortie.append(f"{tinycss2.serialize(regle.prelude).strip()}{{{_bloc(regle.content)}}}")
        elif regle.type == "at-rule" and regle.content is not None:
            nom = regle.lower_at_keyword
            if nom in _GROUPANTES:
                interieur = tinycss2.parse_rule_list(regle.content, skip_whitespace=True, skip_comments=True)
                corps = _regles(interieur)
            elif nom == "font-face":
                corps = tinycss2.serialize(regle.content)
            else:
                corps = _bloc(regle.content)
            sortie.append(f"@{regle.at_keyword}{tinycss2.serialize(regle.prelude)}{{{corps}}}")
        elif regle.type == "at-rule" or regle.type == "comment" and regle.value.startswith("!"):
            sortie.append(regle.serialize())
    return "\n".join(sortie)


def retourner(css: str) -> str:
    """La feuille ``css`` pour une page ``dir="rtl"``, précédée de :data:`MARQUE`."""
    regles = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    return f"{MARQUE}\n{_regles(regles)}\n"
