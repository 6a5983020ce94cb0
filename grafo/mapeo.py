"""Tablas → tripletas RDF. Funciones puras: sin E/S, IRIs acuñados de los ids, sin nodos en blanco."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from grafo.fuentes import COLUMNA_FILA, Paquete, Tabla, dividir_lista
from grafo.vocabulario import (
    CONJUNTO,
    ELI,
    ESQUEMA_DEPARTAMENTOS,
    ESQUEMA_EJES,
    ESQUEMA_MUNICIPIOS,
    ESQUEMA_TEMAS,
    GR,
    iri,
    iri_articulo,
    iri_registro,
)

Tripleta = tuple[URIRef, URIRef, URIRef | Literal]


def _es(texto: str) -> Literal:
    return Literal(texto, lang="es")


def _comunes(s: URIRef, tabla: Tabla, fila: dict[str, str], ident: str) -> Iterator[Tripleta]:
    """Identificador, fuente y procedencia (archivo, hoja, fila) de una entidad."""
    numero = int(fila[COLUMNA_FILA])
    registro = iri_registro(tabla.nombre, numero)
    yield s, DCTERMS.identifier, Literal(ident)
    if fila.get("fuente"):
        yield s, DCTERMS.source, Literal(fila["fuente"])
    yield s, PROV.wasDerivedFrom, registro
    yield registro, RDF.type, GR.Registro
    yield registro, GR.tabla, Literal(tabla.nombre)
    yield registro, GR.fila, Literal(numero)
    yield registro, GR.archivo, Literal(tabla.archivo)
    if tabla.hoja:
        yield registro, GR.hoja, Literal(tabla.hoja)


def _si_no(valor: str) -> Literal | None:
    return Literal(valor == "si") if valor in ("si", "no") else None


def instituciones(tabla: Tabla) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("institucion", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, RDF.type, ORG.Organization
        yield s, RDF.type, ORG.OrganizationalUnit if f["tipo"] == "dependencia" else ORG.FormalOrganization
        yield s, SKOS.prefLabel, _es(f["nombre"])
        yield s, ORG.classification, iri("tipo-institucion", f["tipo"])
        if f.get("nivel"):
            yield s, GR.nivel, iri("nivel", f["nivel"])
        if f.get("depende_de"):
            yield s, ORG.subOrganizationOf, iri("institucion", f["depende_de"])


def _fecha(texto: str) -> tuple[URIRef, Literal]:
    """Fecha completa como `eli:date_document`; un año o un texto libre como `dcterms:date`."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", texto):
        return ELI.date_document, Literal(texto, datatype=XSD.date)
    if re.fullmatch(r"\d{4}", texto):
        return DCTERMS.date, Literal(texto, datatype=XSD.gYear)
    return DCTERMS.date, Literal(texto)


def instrumentos(tabla: Tabla) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("instrumento", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, RDF.type, ELI.LegalResource
        yield s, DCTERMS.title, _es(f["titulo"])
        yield s, ELI.type_document, iri("tipo-instrumento", f["tipo"])
        if f.get("numero"):
            yield s, ELI.id_local, Literal(f["numero"])
        if f.get("fecha"):
            yield s, *_fecha(f["fecha"])


def temas(tabla: Tabla) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("tema", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, RDF.type, SKOS.Concept
        yield s, SKOS.inScheme, ESQUEMA_TEMAS
        yield s, SKOS.prefLabel, _es(f["nombre"])
        if f.get("tema_padre"):
            yield s, SKOS.broader, iri("tema", f["tema_padre"])
        else:
            yield s, SKOS.topConceptOf, ESQUEMA_TEMAS


def ejes(tabla: Tabla) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("eje", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, RDF.type, SKOS.Concept
        yield s, SKOS.inScheme, ESQUEMA_EJES
        yield s, SKOS.topConceptOf, ESQUEMA_EJES
        yield s, SKOS.prefLabel, _es(f["nombre"])


def mandatos(tabla: Tabla) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("mandato", f["id"])
        instrumento = iri("instrumento", f["instrumento"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, RDF.type, GR.Mandato
        yield s, GR.asignadoA, iri("institucion", f["institucion"])
        yield s, GR.instrumento, instrumento
        yield s, DCTERMS.description, _es(f["descripcion"])
        for tema in dividir_lista(f["temas"]):
            yield s, DCTERMS.subject, iri("tema", tema)
        verificado = _si_no(f.get("verificado", ""))
        if verificado is not None:
            yield s, GR.verificado, verificado
        if f.get("articulo"):
            articulo = iri_articulo(f["instrumento"], f["articulo"])
            yield s, GR.articulo, articulo
            yield articulo, RDF.type, ELI.LegalResourceSubdivision
            yield articulo, ELI.is_part_of, instrumento
            yield articulo, ELI.number, Literal(f["articulo"])


def acciones(tabla: Tabla) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("accion", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, RDF.type, GR.AccionPolitica
        yield s, DCTERMS.description, _es(f["descripcion"])
        if f.get("eje"):
            yield s, GR.eje, iri("eje", f["eje"])
        for tema in dividir_lista(f.get("temas", "")):
            yield s, DCTERMS.subject, iri("tema", tema)
        for institucion in dividir_lista(f.get("responsables", "")):
            yield s, GR.responsable, iri("institucion", institucion)
        for institucion in dividir_lista(f.get("vinculadas", "")):
            yield s, GR.vinculada, iri("institucion", institucion)
        if f.get("periodo"):
            yield s, GR.periodo, Literal(f["periodo"])
        ilustrativa = _si_no(f.get("ilustrativa", ""))
        if ilustrativa is not None:
            yield s, GR.ilustrativa, ilustrativa


def municipios(tabla: Tabla) -> Iterator[Tripleta]:
    departamentos: dict[str, str] = {}
    for f in tabla.filas():
        s = iri("municipio", f["codigo"])
        departamento = iri("departamento", f["codigo"][:2])
        departamentos.setdefault(f["codigo"][:2], f["departamento"])
        yield from _comunes(s, tabla, f, f["codigo"])
        yield s, RDF.type, SKOS.Concept
        yield s, SKOS.inScheme, ESQUEMA_MUNICIPIOS
        yield s, SKOS.notation, Literal(f["codigo"])
        yield s, SKOS.prefLabel, _es(f["nombre"])
        yield s, SKOS.broader, departamento
    for codigo, nombre in sorted(departamentos.items()):
        d = iri("departamento", codigo)
        yield d, RDF.type, SKOS.Concept
        yield d, SKOS.inScheme, ESQUEMA_DEPARTAMENTOS
        yield d, SKOS.notation, Literal(codigo)
        yield d, SKOS.prefLabel, _es(nombre)


MAPEOS = {
    "instituciones": instituciones,
    "instrumentos": instrumentos,
    "temas": temas,
    "ejes": ejes,
    "mandatos": mandatos,
    "acciones": acciones,
    "municipios": municipios,
}


def paquete_a_tripletas(paquete: Paquete) -> Iterator[Tripleta]:
    """Todas las tripletas de datos de un paquete revisado, más la versión de los datos."""
    yield CONJUNTO, RDF.type, GR.ConjuntoDatos
    yield CONJUNTO, GR.versionDatos, Literal(paquete.huella())
    for nombre, funcion in MAPEOS.items():
        if nombre in paquete.tablas:
            yield from funcion(paquete.tablas[nombre])
