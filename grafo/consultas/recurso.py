"""Todo lo que el grafo dice de una entidad y lo que apunta a ella: la página de un recurso (como Pubby o LodView).

El IRI sale del id ya comprobado (`rdf.vocabulario.iri`, el mismo acuñado que el del mapeo) y entra en un
bloque VALUES escrito con `.n3()`: un id nunca llega a ser SPARQL.
"""

from __future__ import annotations

from grafo.clases import POR_CLAVE
from grafo.motores import Fuente
from grafo.motores.celdas import Filas
from grafo.rdf.espacios import GR, SKOS

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def texto(clase: str, ident: str) -> str:
    """La consulta de la entidad `ident` de `clase`: cada tripleta suya (`sale`) y cada una que la nombra (`entra`),
    con la etiqueta en español de la propiedad, la del valor (un concepto, una entidad) y su fila de origen."""
    from grafo.rdf.vocabulario import iri

    return f"""SELECT ?sentido ?p ?etiqueta_p ?v ?es_iri ?tipo ?etiqueta_v ?archivo ?hoja ?fila
WHERE {{
  VALUES ?x {{ {iri(clase, ident).n3()} }}
  {POR_CLAVE[clase].patron}
  # Una alineación (una fila de la tabla alineaciones) remite a lo alineado y al objetivo: la página la muestra
  # en su propia sección, con cómo se sabe, no como un recurso sin nombre.
  {{ ?x ?p ?v . BIND("sale" AS ?sentido) }}
  UNION {{ ?v ?p ?x . FILTER NOT EXISTS {{ ?v a <{GR}Alineacion> }} BIND("entra" AS ?sentido) }}
  BIND(isIRI(?v) AS ?es_iri)
  BIND(IF(isLiteral(?v), STR(DATATYPE(?v)), "") AS ?tipo)
  OPTIONAL {{ ?p <{RDFS_LABEL}> ?etiqueta_p FILTER(LANG(?etiqueta_p) = "es") }}
  OPTIONAL {{ ?v <{SKOS}prefLabel> ?etiqueta_v FILTER(LANG(?etiqueta_v) IN ("es", "")) }}
  OPTIONAL {{ ?v <{GR}archivo> ?archivo ; <{GR}fila> ?fila OPTIONAL {{ ?v <{GR}hoja> ?hoja }} }}
}}
ORDER BY ?sentido ?p STR(?v)
"""


def describir(fuente: Fuente, clase: str, ident: str) -> Filas:
    """Las filas de `texto(clase, ident)`; ninguna si la entidad no existe."""
    return fuente.seleccionar_filas(texto(clase, ident))
