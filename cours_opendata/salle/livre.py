"""Le livre statique servi par le hub à ``/services/livre/`` (service JupyterHub : le proxy transmet le chemin
complet, on retire le préfixe avant de chercher le fichier)."""

from __future__ import annotations

import functools
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class _Livre(SimpleHTTPRequestHandler):
    prefixe = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefixe):
            path = "/" + path[len(self.prefixe):]
        return super().translate_path(path)

    def log_message(self, *_):  # le journal du hub suffit
        pass


def main(argv: list[str] | None = None) -> int:
    port, dossier = (argv or sys.argv[1:])[:2]
    _Livre.prefixe = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/livre/")
    gestionnaire = functools.partial(_Livre, directory=dossier)
    ThreadingHTTPServer(("127.0.0.1", int(port)), gestionnaire).serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
