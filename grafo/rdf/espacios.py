"""Los IRIs fijos de grafo como texto, sin rdflib: para lo que corre sin construir nada (`grafo consultar`).

`vocabulario` arma con ellos sus espacios cerrados y sus IRIs fijos (un solo lugar donde se escriben).
"""

from __future__ import annotations

from pathlib import Path

BASE = "https://w3id.org/grafo-gt/"
ID = BASE + "id/"
GR = BASE + "ontologia#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
CONJUNTO = ID + "conjunto"
ESQUEMA_TEMAS = ID + "esquema/temas"
ESQUEMA_EJES = ID + "esquema/ejes"
ESQUEMA_MUNICIPIOS = ID + "esquema/municipios"
# Los marcos internacionales (vocabularios del paquete, como la ontología: `ontologia/marco-*.ttl`).
ESQUEMA_PMM = ID + "esquema/pmm"
ESQUEMA_ODS = ID + "esquema/ods"


def ruta_ontologia() -> Path:
    """Carpeta con `grafo.ttl` y `formas.ttl`: la copia empaquetada o, en desarrollo, `ontologia/`."""
    # Aquí: `grafo --help` lee estos IRIs sin cargar importlib.resources.
    from importlib import resources

    empaquetada = resources.files("grafo").joinpath("_ontologia")
    if empaquetada.is_dir():
        return Path(str(empaquetada))
    return Path(__file__).resolve().parents[2] / "ontologia"
