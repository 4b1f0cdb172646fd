# Deux commandes suffisent sur une machine neuve : `make book` puis `make test` (voir README.md).
SHELL := /bin/bash
VENV ?= .venv
ifdef VIRTUAL_ENV
PY := python
else
PY := $(VENV)/bin/python
endif
# Le miroir local des données (dossier organisé comme shared/data), s'il existe à côté du dépôt.
MIROIR_PAR_DEFAUT := $(if $(wildcard ../shared/data/manifest.csv),$(abspath ../shared/data),)
export COURS_DATA_MIRROR ?= $(MIROIR_PAR_DEFAUT)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book test data bench zip pdf lab salle salle-preparer install install-test install-lighthouse clean traductions

$(VENV)/.installe: requirements.txt pyproject.toml
	@if [ -z "$$VIRTUAL_ENV" ] && [ ! -x "$(VENV)/bin/python" ]; then \
	  echo "Création de l'environnement virtuel $(VENV)"; python3 -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	@mkdir -p $(VENV) && touch $@

install: $(VENV)/.installe

$(VENV)/.installe-tests: $(VENV)/.installe requirements-test.txt requirements-lab.txt requirements-salle.txt
	$(PY) -m pip install --quiet -r requirements-test.txt -r requirements-lab.txt -r requirements-salle.txt
	@touch $@

install-test: $(VENV)/.installe-tests
	@command -v chromium >/dev/null || { echo "Installation de Chromium (paquet Debian)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@{ command -v npm >/dev/null && /usr/bin/python3 -c "import ensurepip" 2>/dev/null; } || { \
	  echo "Installation de Node.js, npm et python3-venv (serveur de la salle)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm python3-venv >/dev/null; }

## Construit le livre HTML dans _build/html (installe ce qu'il faut au besoin).
book: install
	$(PY) -m cours_opendata.construction

## Met à jour les catalogues de traduction (locales/ar, voir locales/LISEZMOI.md) après une modification du texte.
traductions: install
	$(PY) -m cours_opendata.traduction extraire

## Lance toute la suite de tests (installe les outils de test et Chromium au besoin).
# Trois processus sur deux cœurs : une bonne part de la suite attend (JupyterHub, noyaux, Chromium).
TRAVAILLEURS_DE_TEST ?= 3

test: install-test
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(TRAVAILLEURS_DE_TEST)

## Télécharge toutes les données à l'avance (salle de formation sans Internet).
data: install
	$(PY) -m cours_opendata.donnees telecharger

# Lighthouse (version épinglée dans outils/lighthouse) s'installe dans l'environnement virtuel, que le
# livre exclut déjà (.venv*) : un node_modules ailleurs dans le dépôt serait lu comme des pages du livre.
LIGHTHOUSE_DIR := $(VENV)/lighthouse

$(LIGHTHOUSE_DIR)/.installe: outils/lighthouse/package.json outils/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "Installation de Node.js et npm (paquets Debian)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	@mkdir -p $(LIGHTHOUSE_DIR)
	cp outils/lighthouse/package.json outils/lighthouse/package-lock.json $(LIGHTHOUSE_DIR)/
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## Installe Lighthouse (npm ci, version du package-lock.json) pour make bench ; make test n'en a pas besoin.
install-lighthouse: $(LIGHTHOUSE_DIR)/.installe

## Mesures : temps de construction, poids des pages, temps de chargement, Lighthouse (affiche des chiffres).
bench: install-test install-lighthouse
	LIGHTHOUSE="$(abspath $(LIGHTHOUSE_DIR))/node_modules/.bin/lighthouse" $(PY) -m cours_opendata.mesures

## Le cours en PDF (un fichier complet et un par partie, dans _build/html/pdf/), imprimé par Chromium ;
## le livre est reconstruit ensuite pour afficher les liens de téléchargement.
pdf: book install-test
	$(PY) -m cours_opendata.pdf
	$(PY) -m cours_opendata.construction

## Copie hors ligne du site (archive ZIP à ouvrir depuis le disque, sans réseau).
zip: book
	$(PY) -m cours_opendata.archive

## La salle de formation (en administrateur) : d'abord, avec Internet, make salle-preparer (environnement commun,
## livre, données, proxy) ; puis, sans Internet, make salle LISTE=participants.txt FORMATEUR=<votre compte>.
salle-preparer: book data
	$(PY) -m pip install --quiet -r requirements-salle.txt
	$(PY) -m cours_opendata.salle preparer

PORT ?= 8000
salle:
	@test -n "$(LISTE)" -a -n "$(FORMATEUR)" || { echo "Que faire : make salle LISTE=participants.txt FORMATEUR=<votre compte>"; exit 2; }
	$(PY) -m cours_opendata.salle demarrer "$(LISTE)" --formateur "$(FORMATEUR)" --port "$(PORT)"

## Ouvre les notebooks dans JupyterLab.
lab: install
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(PY) -m cours_opendata.lab

clean:
	rm -rf _build
