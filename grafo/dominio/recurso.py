"""La página de una entidad, armada de las filas de `consultas.recurso` (puro): lo que dice y lo que la nombra.

Cada valor que es otra entidad del grafo lleva su clase y su id (el explorador lo vuelve un enlace); los
conceptos (fiabilidad, cómo se sabe, tipo) se dicen con su etiqueta; la fila de origen, como el usuario la ve
en Excel. Lo que la nombra se agrupa por quién y por qué («Mandatos que nombran este tema»).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from grafo.clases import CLASES, POR_CLAVE
from grafo.evidencia import MARCA_DE
from grafo.rdf.espacios import DCTERMS, ELI, GR, ID, ORG, PROV, SKOS, XSD
from grafo.texto import si_no

BOOLEANO = f"{XSD}boolean"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# Lo que la cabecera ya dice (el id, la clase) o dice mejor (la fila de origen).
_EN_CABECERA = frozenset({_RDF_TYPE, f"{DCTERMS}identifier", f"{PROV}wasDerivedFrom"})
# Las propiedades de vocabularios W3C no traen etiqueta en español en la ontología: aquí, una vez.
ETIQUETAS = {
    f"{SKOS}prefLabel": "nombre", f"{SKOS}altLabel": "también llamada", f"{SKOS}broader": "dentro de",
    f"{SKOS}topConceptOf": "concepto principal de", f"{SKOS}editorialNote": "nota",
    f"{SKOS}exactMatch": "el mismo, en el registro de la ONU",
    f"{SKOS}inScheme": "esquema", f"{SKOS}notation": "código", f"{SKOS}definition": "definición",
    f"{DCTERMS}source": "fuente", f"{DCTERMS}title": "título", f"{DCTERMS}alternative": "nombre corto",
    f"{DCTERMS}description": "descripción", f"{DCTERMS}subject": "tema", f"{DCTERMS}date": "fecha",
    f"{ORG}classification": "tipo", f"{ORG}subOrganizationOf": "depende de",
    f"{ELI}type_document": "tipo de documento", f"{ELI}number": "número", f"{ELI}date_document": "fecha del documento",
    f"{ELI}is_part_of": "parte de", f"{PROV}wasGeneratedBy": "salió de",
}
# (clase de quien nombra, propiedad) → cómo se titula el grupo en la página de la entidad nombrada.
ENTRANTES = {
    ("mandato", f"{GR}asignadoA"): "Mandatos asignados a esta institución",
    ("accion", f"{GR}responsable"): "Acciones de las que es responsable",
    ("accion", f"{GR}vinculada"): "Acciones a las que está vinculada",
    ("institucion", f"{ORG}subOrganizationOf"): "Unidades que dependen de ella",
    ("reunion", f"{GR}convoca"): "Reuniones que convocó",
    ("reunion", f"{GR}participante"): "Reuniones en que participó",
    ("acuerdo", f"{GR}encargado"): "Acuerdos a su cargo",
    ("mandato", f"{GR}instrumento"): "Mandatos que se fundan en este instrumento",
    ("articulo", f"{ELI}is_part_of"): "Artículos de este instrumento",
    ("mandato", f"{GR}articulo"): "Mandatos que se fundan en este artículo",
    ("mandato", f"{DCTERMS}subject"): "Mandatos que nombran este tema",
    ("accion", f"{DCTERMS}subject"): "Acciones que tratan este tema",
    ("tema", f"{SKOS}broader"): "Temas más específicos, dentro de este",
    ("ods", f"{SKOS}broader"): "Metas de este objetivo",
    ("accion", f"{GR}eje"): "Acciones de este eje",
    ("reunion", f"{GR}trata"): "Reuniones que trataron esta acción",
    ("acuerdo", f"{GR}trata"): "Acuerdos sobre esta acción",
    ("acuerdo", f"{PROV}wasGeneratedBy"): "Acuerdos de esta reunión",
}


@dataclass(frozen=True)
class Valor:
    """Un valor de la página: un texto y, si es una entidad del grafo, su clase y su id (un enlace)."""

    texto: str
    clase: str | None = None
    ident: str | None = None


@dataclass(frozen=True)
class Grupo:
    titulo: str
    valores: tuple[Valor, ...]


@dataclass(frozen=True)
class Recurso:
    """Una entidad: su clase, su id, su nombre, lo que dice de sí, de qué fila sale y lo que la nombra."""

    clase: str
    ident: str
    nombre: str
    dice: tuple[Grupo, ...]
    origen: str
    nombrada_por: tuple[Grupo, ...]

    @property
    def titulo_clase(self) -> str:
        return POR_CLAVE[self.clase].titulo


def entidad_de(iri: str) -> tuple[str, str] | None:
    """`…/id/institucion/IGM` → ("institucion", "IGM"); None si no es una entidad de una clase registrada."""
    if not iri.startswith(ID):
        return None
    clase, barra, resto = iri[len(ID):].partition("/")
    return (clase, unquote(resto)) if barra and clase in POR_CLAVE and resto and "/" not in resto else None


def _valor(fila: Mapping[str, object], nombres: Mapping[tuple[str, str], str]) -> Valor:
    v = str(fila["v"])
    if not fila["es_iri"]:
        return Valor(si_no(v.casefold() in ("true", "1")) if fila.get("tipo") == BOOLEANO else v)
    entidad = entidad_de(v)
    if entidad is not None:
        nombre = nombres.get(entidad)
        return Valor(f"{entidad[1]} — {nombre}" if nombre else entidad[1], *entidad)
    if fila["archivo"] is not None:
        return Valor(_origen(fila))
    return Valor(str(fila["etiqueta_v"] or v.rsplit("/", 1)[-1].rsplit("#", 1)[-1]))


def _origen(fila: Mapping[str, object]) -> str:
    hoja = f", hoja «{fila['hoja']}»" if fila.get("hoja") else ""
    return f"{fila['archivo']}{hoja}, fila {fila['fila']}"


def _etiqueta(fila: Mapping[str, object]) -> str:
    p = str(fila["p"])
    return str(fila["etiqueta_p"] or ETIQUETAS.get(p) or p.rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def _agrupar(pares: Iterable[tuple[str, Valor]]) -> tuple[Grupo, ...]:
    grupos: dict[str, list[Valor]] = {}
    for titulo, valor in pares:
        if valor not in grupos.setdefault(titulo, []):
            grupos[titulo].append(valor)
    return tuple(Grupo(t, tuple(vs)) for t, vs in grupos.items())


def _titulo_entrante(fila: Mapping[str, object], valor: Valor) -> str:
    clave = (valor.clase or "", str(fila["p"]))
    if clave in ENTRANTES:
        return ENTRANTES[clave]
    plural = POR_CLAVE[valor.clase].plural if valor.clase else "Otros recursos"
    return f"{plural[:1].upper()}{plural[1:]} que remiten aquí («{_etiqueta(fila)}»)"


def armar(filas: Iterable[Mapping[str, object]], *, clase: str, ident: str,
          nombres: Mapping[tuple[str, str], str]) -> Recurso | None:
    """La página de la entidad desde las filas de su consulta; None si el grafo no la tiene."""
    filas = list(filas)
    if not filas:
        return None
    salen = [f for f in filas if f["sentido"] == "sale"]
    origen = next((_origen(f) for f in salen if str(f["p"]) == f"{PROV}wasDerivedFrom" and f["archivo"]), "")
    dice = _agrupar((_etiqueta(f), _valor(f, nombres)) for f in salen if str(f["p"]) not in _EN_CABECERA)
    entran = [(f, _valor(f, nombres)) for f in filas if f["sentido"] == "entra"]
    nombrada = _agrupar((_titulo_entrante(f, v), v) for f, v in entran)
    return Recurso(clase, ident, nombres.get((clase, ident), ident), dice, origen,
                   tuple(sorted(nombrada, key=lambda g: g.titulo)))


# Cómo se nombra una entidad en un enlace: el campo de `textos` que la nombra (mandatos y acciones, su descripción).
CAMPO_NOMBRE = {c.clave: c.textos[0][0] for c in CLASES if c.textos}
# Los ids de estas clases son palabras o números comunes («0101»): en un texto libre no se vuelven enlaces.
_SOLO_EN_COLUMNA = frozenset({"municipio", "pmm", "ods"})
LARGO_NOMBRE = 90  # caracteres del nombre de un mandato o una acción (su descripción) en un enlace


@dataclass(frozen=True)
class Indice:
    """Cada entidad del grafo por clase e id, con su nombre: para decir y enlazar un id donde aparezca."""

    nombres: Mapping[tuple[str, str], str]
    ids: Mapping[str, frozenset[str]]
    unicos: Mapping[str, str]  # id → clase, los que en un texto libre solo pueden ser una entidad
    ilustrativas: frozenset[tuple[str, str]] = frozenset()  # (clase, id) de lo que el proyecto redactó como ejemplo

    def marca(self, clase: str, ident: str) -> str:
        """« (ilustrativa) [PROP]» si la entidad la redactó el proyecto como ejemplo; "" si no."""
        if (clase, ident) not in self.ilustrativas:
            return ""
        return f" ({'ilustrativo' if clase == 'acuerdo' else 'ilustrativa'}) {MARCA_DE['propuesta']}"

    def clase_de(self, ident: str, clase: str | None = None) -> str | None:
        """La clase de `ident` (la pedida, si lo tiene); None si no es un id conocido o es ambiguo en un texto."""
        if clase is not None:
            return clase if ident in self.ids.get(clase, ()) else None
        return self.unicos.get(ident)


def indexar(textos: Iterable[Mapping[str, object]], *, acciones: Iterable[Mapping[str, object]] = (),
            acuerdos: Iterable[Mapping[str, object]] = ()) -> Indice:
    """El índice desde la consulta `textos`: el campo que nombra cada entidad (un mandato, una acción o un acuerdo se
    nombran por su descripción, recortada en una palabra); de las consultas `acciones` y `acuerdos`, lo que el
    proyecto redactó como ejemplo (su columna `ilustrativa`)."""
    from grafo.texto import partir

    nombres: dict[tuple[str, str], str] = {}
    for fila in textos:
        clase, ident, campo = str(fila["clase"]), str(fila["id"]), str(fila["campo"])
        if CAMPO_NOMBRE.get(clase) == campo and (clase, ident) not in nombres:
            texto = str(fila["texto"])
            nombres[(clase, ident)] = texto if len(texto) <= LARGO_NOMBRE else \
                partir(texto, ancho=LARGO_NOMBRE, lineas=1)
    ids: dict[str, set[str]] = {}
    clases_de: dict[str, list[str]] = {}
    for clase, ident in nombres:
        ids.setdefault(clase, set()).add(ident)
        if clase not in _SOLO_EN_COLUMNA:
            clases_de.setdefault(ident, []).append(clase)
    unicos = {i: cs[0] for i, cs in clases_de.items() if len(cs) == 1}
    marcadas = frozenset([*(("accion", str(a["accion"])) for a in acciones if a["ilustrativa"] is True),
                          *(("acuerdo", str(a["acuerdo"])) for a in acuerdos if a["ilustrativa"] is True)])
    return Indice(nombres, {c: frozenset(v) for c, v in ids.items()}, unicos, marcadas)
