"""El registro de las clases de entidad: cada una declarada una vez, con todo lo que el resto necesita saber de ella.

Su clave (`institucion`) es la del IRI (`…/id/institucion/IGM`), la de un parámetro de consulta
(`institucion=?institucion (institucion)`) y la de una dirección del explorador (`/institucion/IGM`). De
aquí salen: cómo reconocerla en SPARQL (ids, parámetros, la consulta `textos` que recorre la búsqueda, la
de `resumen-clases`), cómo se dice en español, su tabla del paquete, su prefijo en Turtle, cómo se dibuja
en el mapa y cómo se nombra al comparar versiones. Una clase nueva (los objetivos de un marco
internacional) es una entrada aquí, su mapeo en `rdf/mapeo.py` y sus consultas.
"""

from __future__ import annotations

from dataclasses import dataclass

from grafo.rdf.espacios import (DCTERMS, ELI, ESQUEMA_EJES, ESQUEMA_MUNICIPIOS, ESQUEMA_ODS, ESQUEMA_PMM,
                                ESQUEMA_TEMAS, GR, ID, ORG, SKOS)
from grafo.texto import con_mayuscula


@dataclass(frozen=True)
class Estilo:
    """Cómo se dibuja un nodo de la clase en los mapas (forma y color de vis-network) y cómo lo dice la leyenda."""

    forma: str
    color: str
    leyenda: str
    orden: int  # su lugar en la leyenda: la cadena que el mapa muestra (institución → mandato → tema → acción)


@dataclass(frozen=True)
class Clase:
    """Una clase de entidad del grafo."""

    clave: str  # ASCII: IRIs, parámetros, direcciones
    singular: str
    plural: str
    reconocer: tuple[str, str]  # ("a", clase RDF) o ("esquema", esquema SKOS): cómo se sabe que algo es de ella
    prefijo: str  # el de sus IRIs en Turtle
    tabla: str | None = None  # la tabla del paquete de la que sale cada entidad (None: sale de otra tabla)
    textos: tuple[tuple[str, str], ...] = ()  # (campo, propiedad) que la búsqueda recorre
    estilo: Estilo | None = None  # None: no es un nodo de los mapas
    en_resumen: int | None = None  # su lugar en «Entidades por clase» de `grafo resumen`; None: no se cuenta

    @property
    def patron(self) -> str:
        """El SPARQL que reconoce `?x` como de esta clase (texto fijo, nunca del usuario)."""
        como, iri = self.reconocer
        return f"?x a <{iri}> ." if como == "a" else f"?x <{SKOS}inScheme> <{iri}> ."

    @property
    def columna_id(self) -> str:
        """La columna de su tabla que identifica cada entidad (la clave de la tabla en el contrato)."""
        # Aquí: `grafo --help` lee el registro sin cargar el contrato de las tablas.
        from grafo.paquete.esquema import TABLAS

        return TABLAS[str(self.tabla)].clave

    @property
    def titulo(self) -> str:
        """El singular con mayúscula: «Acción»."""
        return con_mayuscula(self.singular)

    @property
    def base_iri(self) -> str:
        """El comienzo de los IRIs de sus entidades."""
        return f"{ID}{self.clave}/"


def _tipo(iri: str) -> tuple[str, str]:
    return ("a", iri)


def _esquema(iri: str) -> tuple[str, str]:
    return ("esquema", iri)


_NOMBRE = ("nombre", f"{SKOS}prefLabel")
_DESCRIPCION = ("descripcion", f"{DCTERMS}description")

# En el orden en que se muestran (búsqueda, menús): primero lo que se nombra, luego lo que se describe.
CLASES: tuple[Clase, ...] = (
    Clase("institucion", "institución", "instituciones", _tipo(f"{ORG}Organization"), "inst", "instituciones",
          textos=(_NOMBRE, ("alias", f"{SKOS}altLabel")), estilo=Estilo("dot", "#1f5aa6", "Institución", 1), en_resumen=1),
    Clase("instrumento", "instrumento", "instrumentos", _tipo(f"{ELI}LegalResource"), "instr", "instrumentos",
          textos=(("titulo", f"{DCTERMS}title"), ("corto", f"{DCTERMS}alternative")), en_resumen=2),
    Clase("tema", "tema", "temas", _esquema(ESQUEMA_TEMAS), "tema", "temas", textos=(_NOMBRE,),
          estilo=Estilo("triangle", "#ef8f00", "Tema", 3), en_resumen=5),
    Clase("eje", "eje", "ejes", _esquema(ESQUEMA_EJES), "eje", "ejes", textos=(_NOMBRE,), en_resumen=6),
    Clase("mandato", "mandato", "mandatos", _tipo(f"{GR}Mandato"), "mand", "mandatos", textos=(_DESCRIPCION,),
          estilo=Estilo("square", "#2e7d32", "Mandato (instrumento y artículo)", 2), en_resumen=4),
    Clase("accion", "acción", "acciones", _tipo(f"{GR}AccionPolitica"), "acc", "acciones", textos=(_DESCRIPCION,),
          estilo=Estilo("diamond", "#6a3d9a", "Acción de la política", 4), en_resumen=7),
    Clase("municipio", "municipio", "municipios", _esquema(ESQUEMA_MUNICIPIOS), "mun", "municipios",
          textos=(_NOMBRE,), en_resumen=8),
    Clase("reunion", "reunión", "reuniones", _tipo(f"{GR}Reunion"), "reu", "reuniones",
          textos=(("titulo", f"{DCTERMS}title"),), estilo=Estilo("star", "#00838f", "Reunión (fecha y tema)", 5)),
    Clase("acuerdo", "acuerdo", "acuerdos", _tipo(f"{GR}Acuerdo"), "acu", "acuerdos", textos=(_DESCRIPCION,)),
    # Los marcos internacionales: vocabularios del paquete (ontologia/marco-*.ttl), no filas de datos/.
    Clase("pmm", "objetivo del Pacto Mundial para la Migración", "objetivos del Pacto Mundial para la Migración",
          _esquema(ESQUEMA_PMM), "pmm", textos=(_NOMBRE, ("corto", f"{SKOS}altLabel"))),
    Clase("ods", "objetivo o meta de los ODS", "objetivos y metas de los ODS", _esquema(ESQUEMA_ODS), "ods",
          textos=(_NOMBRE,)),
    # Un artículo sale de la columna `articulo` de un mandato: una parte de su instrumento, no una fila propia.
    Clase("articulo", "artículo", "artículos", _tipo(f"{ELI}LegalResourceSubdivision"), "art", en_resumen=3),
)
POR_CLAVE: dict[str, Clase] = {c.clave: c for c in CLASES}
# Las que son filas de una tabla del paquete: las entidades que se consultan, se buscan y se comparan por id.
ENTIDADES: tuple[Clase, ...] = tuple(c for c in CLASES if c.tabla is not None)
BUSCABLES: tuple[Clase, ...] = tuple(c for c in CLASES if c.textos)
# Las que son nodos de los mapas, en el orden de su leyenda.
DIBUJADAS: tuple[Clase, ...] = tuple(sorted((c for c in CLASES if c.estilo), key=lambda c: c.estilo.orden if c.estilo else 0))


@dataclass(frozen=True)
class Relacion:
    """Un vínculo entre dos clases que los datos declaran en una celda de lista (`IGM;MINEX`): cómo se llama, qué
    propiedad RDF lo dice y de qué columna sale. El siguiente paso (cómo se sabe cada vínculo: declarado por una
    fila, inferido por grafo o propuesto) se agrega aquí y en `dominio.vinculos.Vinculo`, no en cada consulta."""

    clave: str
    desde: str  # clave de la clase que lo declara (la fila)
    hacia: str  # clave de la clase a la que apunta
    propiedad: str  # IRI
    columna: str  # la columna de lista de la tabla de `desde`
    frase: str  # cómo se dice uno: «{hacia} responsable de {desde}»


# Los papeles en una acción, el tema que nombra un mandato (su cobertura sale de aquí y de tema_padre), el tema de
# una acción, y los de las reuniones y los acuerdos. Las consultas .rq nombran estas mismas propiedades.
RELACIONES: tuple[Relacion, ...] = (
    Relacion("responsable", "accion", "institucion", f"{GR}responsable", "responsables", "{hacia} responsable de {desde}"),
    Relacion("vinculada", "accion", "institucion", f"{GR}vinculada", "vinculadas", "{hacia} vinculada de {desde}"),
    Relacion("cubre", "mandato", "tema", f"{DCTERMS}subject", "temas", "{desde} nombra {hacia}"),
    Relacion("trata", "accion", "tema", f"{DCTERMS}subject", "temas", "{desde} trata {hacia}"),
    Relacion("participa", "reunion", "institucion", f"{GR}participante", "participantes", "{hacia} participó en {desde}"),
    Relacion("tratada", "reunion", "accion", f"{GR}trata", "acciones", "{desde} trató {hacia}"),
    Relacion("encargado", "acuerdo", "institucion", f"{GR}encargado", "responsables", "{hacia} encargada de {desde}"),
    Relacion("acuerda", "acuerdo", "accion", f"{GR}trata", "acciones", "{desde} trata {hacia}"),
)
RELACION: dict[str, Relacion] = {r.clave: r for r in RELACIONES}


def relaciones_de(clase: str) -> tuple[Relacion, ...]:
    """Las relaciones que declara una clase (las celdas de lista de su tabla), en su orden."""
    return tuple(r for r in RELACIONES if r.desde == clase)
