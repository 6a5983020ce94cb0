"""Vocabulario cerrado del proyecto y acuñado de IRIs estables a partir de ids.

Un término mal escrito (`GR.Mandat0`) falla al instante en vez de crear un IRI que
ninguna consulta encontraría. Una prueba coteja cada término con `ontologia/grafo.ttl`.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from grafo.texto import ficha  # noqa: F401  (la forma corta del artículo, para iri_articulo y quien la use)

from grafo.rdf import espacios  # noqa: E402

BASE = espacios.BASE
ID = Namespace(espacios.ID)


class GR(DefinedNamespace):
    """Términos propios: mandato, acción de política y los papeles responsable/vinculada."""

    _fail = True
    _NS = Namespace(espacios.GR)

    Mandato: URIRef
    AccionPolitica: URIRef
    Registro: URIRef
    ConjuntoDatos: URIRef
    Reunion: URIRef
    Acuerdo: URIRef
    Alineacion: URIRef

    asignadoA: URIRef
    instrumento: URIRef
    articulo: URIRef
    verificado: URIRef
    responsable: URIRef
    vinculada: URIRef
    eje: URIRef
    periodo: URIRef
    ilustrativa: URIRef
    nivel: URIRef
    tabla: URIRef
    fila: URIRef
    archivo: URIRef
    hoja: URIRef
    versionDatos: URIRef
    participante: URIRef
    convoca: URIRef
    trata: URIRef
    memoria: URIRef
    modalidad: URIRef
    encargado: URIRef
    plazo: URIRef
    estado: URIRef
    avance: URIRef
    fiabilidad: URIRef
    comoSeSabe: URIRef
    mandatosCargados: URIRef
    alinea: URIRef
    objetivo: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier: los términos que usa grafo."""

    _fail = True
    _NS = Namespace(espacios.ELI)

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    is_part_of: URIRef
    type_document: URIRef
    date_document: URIRef
    number: URIRef


@cache
def segmento(texto: str) -> str:
    """Un id como segmento de IRI (se codifica lo que no es letra, número o `-_.~`)."""
    return quote(texto, safe="-_.~")


def iri(clase: str, ident: str) -> URIRef:
    """IRI estable de una entidad: `iri('institucion', 'IGM')` → `…/id/institucion/IGM`."""
    return ID[f"{clase}/{segmento(ident)}"]


def iri_articulo(instrumento: str, articulo: str) -> URIRef:
    """IRI de un artículo: `iri_articulo('DEC-44-2016', '114')` → `…/id/articulo/DEC-44-2016.114`."""
    return ID[f"articulo/{segmento(instrumento)}.{ficha(articulo)}"]


def iri_registro(tabla: str, fila: int) -> URIRef:
    """IRI de la fila de origen (procedencia): tabla y número de fila."""
    return ID[f"registro/{tabla}-fila-{fila}"]


def iri_alineacion(clase: str, ident: str, marco: str, objetivo: str) -> URIRef:
    """IRI de una alineación (una fila de `alineaciones`): `…/id/alineacion/accion/A-1/pmm/21`. Cada parte es un
    segmento, así que dos alineaciones distintas no dan el mismo IRI aunque un id tenga puntos."""
    return ID[f"alineacion/{clase}/{segmento(ident)}/{marco}/{segmento(objetivo)}"]


def iri_esquema(nombre: str) -> URIRef:
    """IRI de un esquema de conceptos SKOS (temas, ejes, listas cerradas)."""
    return ID[f"esquema/{nombre}"]


CONJUNTO = URIRef(espacios.CONJUNTO)
ESQUEMA_TEMAS = URIRef(espacios.ESQUEMA_TEMAS)
ESQUEMA_EJES = URIRef(espacios.ESQUEMA_EJES)
ESQUEMA_MUNICIPIOS = URIRef(espacios.ESQUEMA_MUNICIPIOS)
ESQUEMA_DEPARTAMENTOS = iri_esquema("departamentos")
