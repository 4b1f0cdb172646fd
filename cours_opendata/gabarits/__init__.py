"""Les gabarits HTML du paquet (Jinja2, échappement automatique) : quiz, bilan, catalogue, priorités.

Un seul environnement : le texte des banques et du catalogue est échappé par défaut ; seul le
Markdown restreint des quiz, déjà échappé par ``quiz.rendu.md_vers_html``, passe comme ``Markup``.
Les phrases des gabarits s'écrivent ``{{ _("…") }}`` : le français est la langue source, ``langue``
choisit la traduction (catalogue « cours », :func:`cours_opendata.locales.traduire`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2


@lru_cache(maxsize=1)
def environnement() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,  # une variable oubliée est une erreur, pas un trou dans la page
    )


def rendre(nom: str, langue: str | None = None, **contexte) -> str:
    """Le gabarit ``nom`` (fichier de ce dossier) rendu avec ``contexte``, ses phrases dans ``langue``."""
    from ..locales import traduire

    return environnement().get_template(nom).render(_=lambda texte: traduire(texte, langue), langue=langue or "fr",
                                                    **contexte)
