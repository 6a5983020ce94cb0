# Dos órdenes para una máquina nueva: `make demo` y `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATOS  ?= datos
SALIDAS ?= salidas
# La matriz de fundamentos que el DEPM preparó para AMSCLAE, SECCATID y la Comisión del Plan Trifinio.
ALIADOS ?= AMSCLAE,SECCATID,CTPT

.PHONY: demo test bench instalar limpiar

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Los sellos se rehacen cuando cambia pyproject.toml; la instalación es editable.
$(VENV)/.instalado: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.instalado-pruebas: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.instalado

instalar: $(VENV)/.instalado

demo: instalar
	$(BIN)/grafo construir --datos $(DATOS) --salida $(SALIDAS)/grafo.ttl
	$(BIN)/grafo validar --datos $(DATOS)
	$(BIN)/grafo resumen --datos $(DATOS)
	$(BIN)/grafo brechas --datos $(DATOS) --formato markdown --salida $(SALIDAS)/brechas.md
	$(BIN)/grafo traslapes --datos $(DATOS) --formato markdown --salida $(SALIDAS)/traslapes.md
	$(BIN)/grafo brechas --datos $(DATOS) --salida $(SALIDAS)/brechas.docx
	$(BIN)/grafo traslapes --datos $(DATOS) --salida $(SALIDAS)/traslapes.html
	$(BIN)/grafo mapa --datos $(DATOS) --salida $(SALIDAS)/mapa.html
	$(BIN)/grafo mapa --datos $(DATOS) --vista mandatos --salida $(SALIDAS)/mapa-mandatos.html
	$(BIN)/grafo mapa --datos $(DATOS) --vista acciones --salida $(SALIDAS)/mapa-acciones.html
	$(BIN)/grafo mapa --datos $(DATOS) --color comunidad --salida $(SALIDAS)/mapa-comunidades.html
	$(BIN)/grafo mapa --datos $(DATOS) --salida $(SALIDAS)/mapa.png
	$(BIN)/grafo mapa --datos $(DATOS) --foco AMSCLAE --vista mandatos --salida $(SALIDAS)/mapa-amsclae.svg
	$(BIN)/grafo presentacion $(DATOS)/guiones/reunion-2024-09-18.toml --datos $(DATOS) --salida $(SALIDAS)/presentacion.html
	$(BIN)/grafo comunidades --datos $(DATOS) --salida $(SALIDAS)/comunidades.txt
	$(BIN)/grafo matriz --datos $(DATOS) --instituciones $(ALIADOS) --salida $(SALIDAS)/matrices.xlsx
	$(BIN)/grafo reunion --datos $(DATOS) --instituciones $(ALIADOS) --fecha 2024-09-18 \
		--titulo "Mandatos de AMSCLAE, SECCATID y la Comisión Trinacional del Plan Trifinio" \
		--salida $(SALIDAS)/reunion-2024-09-18.docx
	$(BIN)/grafo fichas --datos $(DATOS) --carpeta $(SALIDAS)/fichas

test: $(VENV)/.instalado-pruebas
	$(BIN)/python -m pytest

# Tiempo y memoria a tres escalas frente a pyoxigraph crudo y rdflib en memoria (~20 min; no es parte de test).
bench: $(VENV)/.instalado-pruebas
	$(BIN)/python -m tests.banco --salida $(SALIDAS)/banco.json

limpiar:
	rm -rf $(VENV) .pytest_cache .hypothesis
	find $(SALIDAS) -mindepth 1 ! -name .gitkeep ! -path '*/capturas*' -delete
