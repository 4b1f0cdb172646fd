"""``favicon.ico`` à la racine du site : les navigateurs le demandent d'office (sinon, une 404 par visite).

Les pages annoncent ``_static/favicon.svg`` ; le fichier ICO en reprend le dessin (carré bleu arrondi,
trois traits blancs), tracé avec Pillow à la construction plutôt que versionné en binaire.
"""

from __future__ import annotations

from pathlib import Path

BLEU = "#1a3d8f"
TAILLES = [(16, 16), (32, 32), (48, 48)]


def dessiner(cote: int = 256):
    from PIL import Image, ImageDraw

    # Coordonnées de favicon.svg (viewBox 0 0 32 32), mises à l'échelle.
    k = cote / 32
    image = Image.new("RGBA", (cote, cote), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((0, 0, cote - 1, cote - 1), radius=6 * k, fill=BLEU)
    for y, x_fin in ((9, 25), (16, 25), (23, 18)):
        d.line((7 * k, y * k, x_fin * k, y * k), fill="white", width=round(3 * k))
        for x in (7, x_fin):  # extrémités arrondies (stroke-linecap: round)
            d.ellipse(((x - 1.5) * k, (y - 1.5) * k, (x + 1.5) * k, (y + 1.5) * k), fill="white")
    return image


def ecrire_favicon_ico(app, exception) -> None:
    """Gestionnaire de ``build-finished`` (constructeurs HTML seulement)."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    dessiner().save(Path(app.outdir) / "favicon.ico", sizes=TAILLES)
