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

.PHONY: book test data bench zip lab install install-test clean

$(VENV)/.installe: requirements.txt pyproject.toml
	@if [ -z "$$VIRTUAL_ENV" ] && [ ! -x "$(VENV)/bin/python" ]; then \
	  echo "Création de l'environnement virtuel $(VENV)"; python3 -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	@mkdir -p $(VENV) && touch $@

install: $(VENV)/.installe

$(VENV)/.installe-tests: $(VENV)/.installe requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@

install-test: $(VENV)/.installe-tests
	@command -v chromium >/dev/null || { echo "Installation de Chromium (paquet Debian)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## Construit le livre HTML dans _build/html (installe ce qu'il faut au besoin).
book: install
	$(PY) -m cours_opendata.construction

## Lance toute la suite de tests (installe les outils de test et Chromium au besoin).
test: install-test
	$(PY) -m pytest

## Télécharge toutes les données à l'avance (salle de formation sans Internet).
data: install
	$(PY) -m cours_opendata.donnees telecharger

## Mesures : temps de construction, poids des pages, temps de chargement (affiche des chiffres).
bench: install-test
	$(PY) -m cours_opendata.mesures

## Copie hors ligne du site (archive ZIP à ouvrir depuis le disque, sans réseau).
zip: book
	$(PY) -m cours_opendata.archive

## Ouvre les notebooks dans JupyterLab.
lab: install
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(VENV)/bin/jupyter lab

clean:
	rm -rf _build
