"""Tablas → tripletas RDF. Funciones puras: sin E/S, IRIs acuñados de los ids, sin nodos en blanco.

Las tripletas son términos de pyoxigraph, el almacén donde terminan: crear términos de rdflib
y convertirlos después costaba más que la carga misma (medido con `make bench`: a 1 millón de
tripletas, 9,2 s contra 2,6 s de la carga).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD, DefinedNamespace

from grafo.clases import ENTIDADES, relaciones_de
from grafo.evidencia import como_de, grado
from grafo.texto import de_si_no
from grafo.paquete.fuentes import COLUMNA_FILA, Paquete, TablaLeida, dividir_lista
from grafo.rdf.vocabulario import (
    CONJUNTO,
    ELI,
    ESQUEMA_DEPARTAMENTOS,
    ESQUEMA_EJES,
    ESQUEMA_MUNICIPIOS,
    ESQUEMA_TEMAS,
    GR,
    ID,
    iri_alineacion,
    iri_articulo,
    iri_registro,
    segmento,
)

Termino = ox.NamedNode | ox.Literal
Tripleta = tuple[ox.NamedNode, ox.NamedNode, Termino]


def n(termino: URIRef) -> ox.NamedNode:
    """Un término de rdflib como nodo de Oxigraph."""
    return ox.NamedNode(str(termino))


class _Nodos:
    """Un espacio de nombres cerrado de rdflib, con sus términos como nodos de Oxigraph.

    Cada término se busca (y se rechaza si está mal escrito) la primera vez y queda guardado
    como atributo: el acceso de `DefinedNamespace` costaba un 15 % del mapeo.
    """

    def __init__(self, espacio: type[DefinedNamespace]) -> None:
        self._espacio = espacio

    def __getattr__(self, nombre: str) -> ox.NamedNode:
        nodo = n(getattr(self._espacio, nombre))
        setattr(self, nombre, nodo)
        return nodo


ox_rdf, ox_skos, ox_dc, ox_org, ox_prov = _Nodos(RDF), _Nodos(SKOS), _Nodos(DCTERMS), _Nodos(ORG), _Nodos(PROV)
ox_gr, ox_eli = _Nodos(GR), _Nodos(ELI)
_BASE_ID = str(ID)


def iri(clase: str, ident: str) -> ox.NamedNode:
    """IRI estable de una entidad, igual a `vocabulario.iri` (una prueba lo compara)."""
    return ox.NamedNode(f"{_BASE_ID}{clase}/{segmento(ident)}")


_CONJUNTO, _ESQUEMA_TEMAS, _ESQUEMA_EJES = n(CONJUNTO), n(ESQUEMA_TEMAS), n(ESQUEMA_EJES)
# Lo que declara cada clase en sus celdas de lista, con su propiedad como nodo (una vez, no por fila).
_VINCULOS_DE = {c.clave: tuple((r, ox.NamedNode(r.propiedad)) for r in relaciones_de(c.clave)) for c in ENTIDADES}
_ESQUEMA_MUNICIPIOS, _ESQUEMA_DEPARTAMENTOS = n(ESQUEMA_MUNICIPIOS), n(ESQUEMA_DEPARTAMENTOS)
_ENTERO = n(XSD.integer)
_BOOLEANO = n(XSD.boolean)
_FECHA = n(XSD.date)
_ANIO = n(XSD.gYear)
_DECIMAL = n(XSD.decimal)


def _es(texto: str) -> ox.Literal:
    return ox.Literal(texto, language="es")


def _comunes(s: ox.NamedNode, tabla: TablaLeida, fila: dict[str, str], ident: str | None) -> Iterator[Tripleta]:
    """Identificador (si la fila es una entidad con id), fuente y procedencia (archivo, hoja, fila)."""
    numero = int(fila[COLUMNA_FILA])
    registro = ox.NamedNode(iri_registro(tabla.nombre, numero))
    if ident is not None:
        yield s, ox_dc.identifier, ox.Literal(ident)
    if fila.get("fuente"):
        yield s, ox_dc.source, ox.Literal(fila["fuente"])
    yield from _evidencia(s, fila)
    yield s, ox_prov.wasDerivedFrom, registro
    yield registro, ox_rdf.type, ox_gr.Registro
    yield registro, ox_gr.tabla, ox.Literal(tabla.nombre)
    yield registro, ox_gr.fila, ox.Literal(str(numero), datatype=_ENTERO)
    yield registro, ox_gr.archivo, ox.Literal(tabla.archivo)
    if tabla.hoja:
        yield registro, ox_gr.hoja, ox.Literal(tabla.hoja)


def _evidencia(s: ox.NamedNode, fila: dict[str, str]) -> Iterator[Tripleta]:
    """El grado de la fuente de la fila (si lo hay) y cómo se saben los vínculos que declara (grafo.evidencia)."""
    ilustrativa = de_si_no(fila.get("ilustrativa", "")) is True
    g = grado(fila.get("fuente", ""), fila.get("fiabilidad", ""), propuesta=ilustrativa)
    if g:
        yield s, ox_gr.fiabilidad, _concepto("fiabilidad", g)
    yield s, ox_gr.comoSeSabe, _concepto("como", como_de(g, propuesta=ilustrativa))


@cache
def _concepto(lista: str, valor: str) -> ox.NamedNode:
    """El concepto de una lista cerrada (uno por valor, no uno por fila)."""
    return iri(lista, valor)


# Clase del registro (grafo.clases) → cómo su tabla se vuelve tripletas; cada función se registra con `@mapea`.
# Una prueba exige una por cada clase que es fila de una tabla.
Mapeo = Callable[[TablaLeida], Iterator[Tripleta]]
MAPEOS: dict[str, Mapeo] = {}


def mapea(clave: str) -> Callable[[Mapeo], Mapeo]:
    """Registra la función decorada como el mapeo de la clase `clave`."""
    def registrar(funcion: Mapeo) -> Mapeo:
        MAPEOS[clave] = funcion
        return funcion
    return registrar


def _vinculos(s: ox.NamedNode, clase: str, fila: dict[str, str]) -> Iterator[Tripleta]:
    """Las relaciones que declara una fila de `clase` (grafo.clases.RELACIONES): cada id de la celda de lista, una
    tripleta."""
    for relacion, propiedad in _VINCULOS_DE[clase]:
        for ident in dividir_lista(fila.get(relacion.columna, "")):
            yield s, propiedad, iri(relacion.hacia, ident)


def _si_no(valor: str) -> ox.Literal | None:
    booleano = de_si_no(valor)
    return None if booleano is None else ox.Literal("true" if booleano else "false", datatype=_BOOLEANO)


@mapea("institucion")
def instituciones(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("institucion", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_org.Organization
        yield s, ox_rdf.type, ox_org.OrganizationalUnit if f["tipo"] == "dependencia" else ox_org.FormalOrganization
        yield s, ox_skos.prefLabel, _es(f["nombre"])
        for alias in dividir_lista(f.get("alias", "")):
            yield s, ox_skos.altLabel, _es(alias)  # otro nombre con que se la busca («Cancillería»)
        yield s, ox_org.classification, iri("tipo-institucion", f["tipo"])
        if f.get("nivel"):
            yield s, ox_gr.nivel, iri("nivel", f["nivel"])
        if f.get("depende_de"):
            yield s, ox_org.subOrganizationOf, iri("institucion", f["depende_de"])
        if f.get("mandatos_cargados"):
            yield s, ox_gr.mandatosCargados, _concepto("carga", f["mandatos_cargados"])


def _fecha(texto: str) -> tuple[ox.NamedNode, ox.Literal]:
    """Fecha completa como `eli:date_document`; un año o un texto libre como `dcterms:date`."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", texto):
        return ox_eli.date_document, ox.Literal(texto, datatype=_FECHA)
    if re.fullmatch(r"\d{4}", texto):
        return ox_dc.date, ox.Literal(texto, datatype=_ANIO)
    return ox_dc.date, ox.Literal(texto)


@mapea("instrumento")
def instrumentos(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("instrumento", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_eli.LegalResource
        yield s, ox_dc.title, _es(f["titulo"])
        if f.get("corto"):
            yield s, ox_dc.alternative, _es(f["corto"])
        yield s, ox_eli.type_document, iri("tipo-instrumento", f["tipo"])
        if f.get("numero"):
            yield s, ox_eli.number, ox.Literal(f["numero"])  # eli:number: el número oficial (44-2016)
        if f.get("fecha"):
            yield s, *_fecha(f["fecha"])


@mapea("tema")
def temas(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("tema", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_skos.Concept
        yield s, ox_skos.inScheme, _ESQUEMA_TEMAS
        yield s, ox_skos.prefLabel, _es(f["nombre"])
        if f.get("tema_padre"):
            yield s, ox_skos.broader, iri("tema", f["tema_padre"])
        else:
            yield s, ox_skos.topConceptOf, _ESQUEMA_TEMAS


@mapea("eje")
def ejes(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("eje", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_skos.Concept
        yield s, ox_skos.inScheme, _ESQUEMA_EJES
        yield s, ox_skos.topConceptOf, _ESQUEMA_EJES
        yield s, ox_skos.prefLabel, _es(f["nombre"])


@mapea("mandato")
def mandatos(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("mandato", f["id"])
        instrumento = iri("instrumento", f["instrumento"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_gr.Mandato
        yield s, ox_gr.asignadoA, iri("institucion", f["institucion"])
        yield s, ox_gr.instrumento, instrumento
        yield s, ox_dc.description, _es(f["descripcion"])
        yield from _vinculos(s, "mandato", f)
        verificado = _si_no(f.get("verificado", ""))
        if verificado is not None:
            yield s, ox_gr.verificado, verificado
        if f.get("articulo"):
            articulo = ox.NamedNode(iri_articulo(f["instrumento"], f["articulo"]))
            yield s, ox_gr.articulo, articulo
            yield articulo, ox_rdf.type, ox_eli.LegalResourceSubdivision
            yield articulo, ox_eli.is_part_of, instrumento
            yield articulo, ox_eli.number, ox.Literal(f["articulo"])


@mapea("accion")
def acciones(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("accion", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_gr.AccionPolitica
        yield s, ox_dc.description, _es(f["descripcion"])
        if f.get("eje"):
            yield s, ox_gr.eje, iri("eje", f["eje"])
        yield from _vinculos(s, "accion", f)
        if f.get("periodo"):
            yield s, ox_gr.periodo, ox.Literal(f["periodo"])
        ilustrativa = _si_no(f.get("ilustrativa", ""))
        if ilustrativa is not None:
            yield s, ox_gr.ilustrativa, ilustrativa
        if f.get("estado"):
            yield s, ox_gr.estado, iri("estado", f["estado"])
        if f.get("avance"):
            yield s, ox_gr.avance, ox.Literal(_decimal(f["avance"]), datatype=_DECIMAL)


def _decimal(texto: str) -> str:
    """`40` → `40`, `12.50` → `12.5`: la forma canónica de xsd:decimal (la revisión ya vio que es número)."""
    valor = float(texto.replace(" ", ""))
    return str(int(valor)) if valor.is_integer() else repr(valor)


@mapea("reunion")
def reuniones(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("reunion", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_gr.Reunion
        yield s, ox_dc.title, _es(f["titulo"])
        yield s, ox_dc.date, ox.Literal(f["fecha"], datatype=_FECHA)
        if f.get("modalidad"):
            yield s, ox_gr.modalidad, iri("modalidad", f["modalidad"])
        if f.get("convoca"):
            yield s, ox_gr.convoca, iri("institucion", f["convoca"])
        yield from _vinculos(s, "reunion", f)
        if f.get("memoria"):
            yield s, ox_gr.memoria, ox.Literal(f["memoria"])


@mapea("acuerdo")
def acuerdos(tabla: TablaLeida) -> Iterator[Tripleta]:
    for f in tabla.filas():
        s = iri("acuerdo", f["id"])
        yield from _comunes(s, tabla, f, f["id"])
        yield s, ox_rdf.type, ox_gr.Acuerdo
        yield s, ox_prov.wasGeneratedBy, iri("reunion", f["reunion"])
        yield s, ox_dc.description, _es(f["descripcion"])
        yield s, ox_gr.estado, iri("estado", f["estado"])
        yield from _vinculos(s, "acuerdo", f)
        if f.get("plazo"):
            yield s, ox_gr.plazo, ox.Literal(f["plazo"], datatype=_FECHA)
        ilustrativa = _si_no(f.get("ilustrativa", ""))
        if ilustrativa is not None:
            yield s, ox_gr.ilustrativa, ilustrativa


@mapea("municipio")
def municipios(tabla: TablaLeida) -> Iterator[Tripleta]:
    departamentos: dict[str, str] = {}
    for f in tabla.filas():
        s = iri("municipio", f["codigo"])
        departamento = iri("departamento", f["codigo"][:2])
        departamentos.setdefault(f["codigo"][:2], f["departamento"])
        yield from _comunes(s, tabla, f, f["codigo"])
        yield s, ox_rdf.type, ox_skos.Concept
        yield s, ox_skos.inScheme, _ESQUEMA_MUNICIPIOS
        yield s, ox_skos.notation, ox.Literal(f["codigo"])
        yield s, ox_skos.prefLabel, _es(f["nombre"])
        yield s, ox_skos.broader, departamento
    for codigo, nombre in sorted(departamentos.items()):
        d = iri("departamento", codigo)
        yield d, ox_rdf.type, ox_skos.Concept
        yield d, ox_skos.inScheme, _ESQUEMA_DEPARTAMENTOS
        yield d, ox_skos.notation, ox.Literal(codigo)
        yield d, ox_skos.prefLabel, _es(nombre)


def alineaciones(tabla: TablaLeida) -> Iterator[Tripleta]:
    """Cada fila, un vínculo con su evidencia: la acción o el mandato, el objetivo del marco, la fuente y cómo se sabe
    (declarado por la fuente, o propuesto). Un nodo propio por fila, sin id: el vínculo no es una entidad."""
    for f in tabla.filas():
        clase, ident = ("accion", f["accion"]) if f.get("accion") else ("mandato", f["mandato"])
        s = ox.NamedNode(iri_alineacion(clase, ident, f["marco"], f["objetivo"]))
        yield from _comunes(s, tabla, f, None)
        yield s, ox_rdf.type, ox_gr.Alineacion
        yield s, ox_gr.alinea, iri(clase, ident)
        yield s, ox_gr.objetivo, iri(f["marco"], f["objetivo"])


def paquete_a_tripletas(paquete: Paquete) -> Iterator[Tripleta]:
    """Todas las tripletas de datos de un paquete revisado, más la versión de los datos."""
    yield _CONJUNTO, ox_rdf.type, ox_gr.ConjuntoDatos
    yield _CONJUNTO, ox_gr.versionDatos, ox.Literal(paquete.huella())
    for clase in ENTIDADES:
        if clase.tabla in paquete.tablas:
            yield from MAPEOS[clase.clave](paquete.tablas[clase.tabla])
    if "alineaciones" in paquete.tablas:
        yield from alineaciones(paquete.tablas["alineaciones"])
