"""Consultas SPARQL con nombre: archivos `.rq` dentro del paquete, con cabeceras de metadatos.

Cada archivo empieza con comentarios `# titulo:`, `# descripcion:`, `# parametros:` y,
si devuelve listas, `# listas:` (columnas cuyo valor es una lista de ids separada por `;`).

Parámetros: `# parametros: institucion=?institucion (institucion)`; una lista lleva
`varios` (`instituciones=?institucion (institucion, varios)`); varios se separan con `;`.
La variable es una columna del resultado con el id tal como está en los datos; debe quedar
ligada en todas las filas y no asignarse con BIND en el grupo exterior, porque el valor se
añade como un bloque VALUES al comienzo del `WHERE {` exterior (una línea sin sangría). Un
parámetro ausente no filtra: el archivo corre tal cual en cualquier motor SPARQL 1.1.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import pandas as pd
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyparsing import ParseException
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, SKOS

from grafo import celdas, remoto
from grafo.celdas import Celda
from grafo.errores import ConsultaInvalida
from grafo.remoto import Servidor
from grafo.vocabulario import ELI, ESQUEMA_EJES, ESQUEMA_MUNICIPIOS, ESQUEMA_TEMAS, GR

SEPARADOR_LISTA = ";"
# Dónde se consulta: el grafo local (rdflib sobre Oxigraph) o un servidor SPARQL 1.1.
Origen = Graph | Servidor

# Cómo reconocer en el grafo las entidades de cada clase de parámetro (texto fijo, nunca del usuario).
_CLASES = {
    "institucion": f"?x a <{ORG.Organization}> .",
    "instrumento": f"?x a <{ELI.LegalResource}> .",
    "mandato": f"?x a <{GR.Mandato}> .",
    "accion": f"?x a <{GR.AccionPolitica}> .",
    "tema": f"?x <{SKOS.inScheme}> <{ESQUEMA_TEMAS}> .",
    "eje": f"?x <{SKOS.inScheme}> <{ESQUEMA_EJES}> .",
    "municipio": f"?x <{SKOS.inScheme}> <{ESQUEMA_MUNICIPIOS}> .",
}
_NOMBRES_CLASE = {"institucion": "institución", "accion": "acción"}
_WHERE_EXTERIOR = re.compile(r"(?m)^WHERE\s*\{")
_PARAMETRO = re.compile(r"^(?P<nombre>[a-z_]+)\s*=\s*\?(?P<variable>\w+)\s*\((?P<clase>[a-z_]+)(?P<varios>\s*,\s*varios)?\)$")


@dataclass(frozen=True)
class Parametro:
    """Un parámetro de consulta: se enlaza a la variable como término RDF, tras validar el id."""

    nombre: str
    variable: str
    clase: str
    varios: bool = False

    def __str__(self) -> str:
        return f"{self.nombre}=ID[,ID…] ({self.clase})" if self.varios else f"{self.nombre}=ID ({self.clase})"


@dataclass(frozen=True)
class Consulta:
    """Una consulta con nombre, como las `canned queries` de datasette."""

    nombre: str
    titulo: str
    descripcion: str
    parametros: tuple[Parametro, ...]
    listas: tuple[str, ...]
    texto: str

    def describir_parametros(self) -> str:
        """Los parámetros en una línea, o «ninguno»."""
        return "; ".join(str(p) for p in self.parametros) or "ninguno"


def _cabeceras(texto: str) -> dict[str, str]:
    valores: dict[str, str] = {}
    for linea in texto.splitlines():
        if not linea.startswith("#"):
            break
        clave, _, valor = linea.lstrip("# ").partition(":")
        if valor:
            valores[clave.strip().lower()] = valor.strip()
    return valores


def _leer_parametros(nombre: str, cabecera: str) -> tuple[Parametro, ...]:
    if cabecera.strip() in ("", "ninguno"):
        return ()
    parametros = []
    for parte in cabecera.split(";"):
        hallado = _PARAMETRO.match(parte.strip())
        if hallado is None or hallado["clase"] not in _CLASES:
            # Error del paquete, no del usuario: que salga con su traza.
            raise ValueError(f"{nombre}.rq: parámetro mal declarado «{parte.strip()}»")
        parametros.append(Parametro(hallado["nombre"], hallado["variable"], hallado["clase"], bool(hallado["varios"])))
    return tuple(parametros)


def listar() -> list[str]:
    """Nombres de las consultas incluidas, en orden alfabético."""
    carpeta = resources.files(__name__)
    return sorted(r.name.removesuffix(".rq") for r in carpeta.iterdir() if r.name.endswith(".rq"))


def cargar(nombre: str) -> Consulta:
    """Lee una consulta por su nombre; un nombre desconocido sugiere los parecidos."""
    recurso = resources.files(__name__).joinpath(f"{nombre}.rq")
    if not recurso.is_file():
        parecidas = difflib.get_close_matches(nombre, listar(), n=3)
        pista = f" ¿Quiso decir {', '.join(parecidas)}?" if parecidas else ""
        raise ConsultaInvalida(f"No existe la consulta «{nombre}».{pista} Vea la lista con «grafo consultas».")
    texto = recurso.read_text(encoding="utf-8")
    meta = _cabeceras(texto)
    listas = tuple(c.strip() for c in meta.get("listas", "").split(",") if c.strip())
    parametros = _leer_parametros(nombre, meta.get("parametros", ""))
    if parametros and not _WHERE_EXTERIOR.search(texto):
        raise ValueError(f"{nombre}.rq: una consulta con parámetros necesita una línea «WHERE {{» sin sangría")
    return Consulta(nombre, meta.get("titulo", nombre), meta.get("descripcion", ""), parametros, listas, texto)


def nombre_clase(clase: str) -> str:
    """La clase como la lee el usuario (`accion` → `acción`)."""
    return _NOMBRES_CLASE.get(clase, clase)


def ids_de(grafo: Origen, clase: str) -> list[str]:
    """Los ids (dcterms:identifier) de las entidades de una clase de parámetro, ordenados."""
    texto = f"SELECT DISTINCT ?id WHERE {{ {_CLASES[clase]} ?x <{DCTERMS.identifier}> ?id . }} ORDER BY ?id"
    return [str(v) for v in ejecutar_texto(grafo, texto)["id"]]


def _existentes(grafo: Origen, clase: str, ids: Sequence[str]) -> set[str]:
    valores = " ".join(Literal(v).n3() for v in ids)
    texto = (f"SELECT DISTINCT ?id WHERE {{ VALUES ?id {{ {valores} }} "
             f"?x <{DCTERMS.identifier}> ?id . {_CLASES[clase]} }}")
    return {str(v) for v in ejecutar_texto(grafo, texto)["id"]}


def problemas_de_ids(grafo: Origen, clase: str, ids: Sequence[str], donde: str) -> list[str]:
    """Un mensaje por id que no existe en el grafo, con los parecidos; vacío si todos existen."""
    existentes = _existentes(grafo, clase, ids)
    problemas = []
    for valor in ids:
        if valor not in existentes:
            # Listar todos los ids solo hace falta para sugerir parecidos.
            cercanos = parecidos(valor, ids_de(grafo, clase))
            pista = f" ¿Quiso decir {', '.join(cercanos)}?" if cercanos else ""
            problemas.append(f"No hay {nombre_clase(clase)} con id «{valor}» ({donde}).{pista}")
    return problemas


def parecidos(valor: str, conocidos: Sequence[str]) -> list[str]:
    """Hasta cinco ids parecidos (sin distinguir mayúsculas) para sugerir al usuario."""
    por_minuscula = {c.casefold(): c for c in conocidos}
    exactos = [por_minuscula[valor.casefold()]] if valor.casefold() in por_minuscula else []
    cercanos = difflib.get_close_matches(valor.casefold(), list(por_minuscula), n=5, cutoff=0.6)
    return list(dict.fromkeys(exactos + [por_minuscula[c] for c in cercanos]))[:5]


def enlazar(grafo: Origen, consulta: Consulta, valores: Mapping[str, str | Sequence[str]]) -> str:
    """Texto de la consulta con los parámetros como un bloque VALUES de términos RDF al comienzo del WHERE.

    Cada valor es un id que debe existir en el grafo; el término se escribe con `Literal.n3()`,
    así que ningún texto del usuario llega a ser SPARQL.
    """
    por_nombre = {p.nombre: p for p in consulta.parametros}
    desconocidos = sorted(set(valores) - set(por_nombre))
    if desconocidos:
        aceptados = ", ".join(sorted(por_nombre)) or "ninguno"
        raise ConsultaInvalida(
            f"La consulta «{consulta.nombre}» no tiene el parámetro «{desconocidos[0]}». "
            f"Parámetros que acepta: {aceptados}.")
    problemas: list[str] = []
    columnas: list[str] = []
    datos: list[list[str]] = []
    for nombre, crudo in valores.items():
        parametro = por_nombre[nombre]
        ids = [v.strip() for v in ([crudo] if isinstance(crudo, str) else crudo) if v.strip()]
        if not ids:
            problemas.append(f"El parámetro «{nombre}» está vacío. Escriba un id, por ejemplo -p {nombre}=IGM.")
            continue
        if len(ids) > 1 and not parametro.varios:
            problemas.append(f"El parámetro «{nombre}» acepta un solo id y recibió {len(ids)}: {', '.join(ids)}.")
            continue
        problemas += problemas_de_ids(grafo, parametro.clase, ids, f"parámetro «{nombre}»")
        columnas.append(parametro.variable)
        datos.append(sorted(set(ids)))
    if problemas:
        raise ConsultaInvalida("\n".join(problemas))
    if not columnas:
        return consulta.texto
    filas = " ".join("(" + " ".join(Literal(v).n3() for v in fila) + ")" for fila in itertools.product(*datos))
    variables = " ".join(f"?{c}" for c in columnas)
    # Al comienzo del WHERE y no como VALUES final: así el motor parte del id y no filtra al
    # final (medido en ×100 datos/: 0,0003 s contra 0,02–0,1 s; ver README, «Para desarrollar»).
    bloque = f"\n  VALUES ({variables}) {{ {filas} }}"
    return _WHERE_EXTERIOR.sub(lambda m: m.group(0) + bloque, consulta.texto, count=1)


def _columna(serie: pd.Series, tipo: str) -> pd.Series:
    vacias = serie == ""
    if tipo == "numero":
        numeros = pd.to_numeric(serie.where(~vacias), errors="coerce")
        if numeros[~vacias].notna().all():
            enteros = numeros.dropna()
            if (enteros == enteros.round()).all() and not serie[~vacias].str.contains(r"[.eE]").any():
                return numeros.astype("Int64").astype(object).where(~vacias, None)
            return numeros.astype(object).where(~vacias, None)
    elif tipo == "booleano" and serie[~vacias].isin(list(celdas.BOOLEANOS)).all():
        return serie.map(celdas.BOOLEANOS).astype(object).where(~vacias, None)
    return serie.astype(object).where(~vacias, None)


def _ejecutar_oxigraph(almacen: ox.Store, texto: str) -> pd.DataFrame:
    soluciones = almacen.query(texto)
    if not isinstance(soluciones, ox.QuerySolutions):
        raise ConsultaInvalida("Solo las consultas SELECT devuelven una tabla; use «grafo sparql» para ASK o CONSTRUCT.")
    return _tabla_de_soluciones(soluciones)


# Hasta aquí, las filas se convierten una a una; más allá, por CSV (ver _tabla_de_soluciones).
FILAS_DIRECTAS = 2_000


def _celda(termino: object) -> Celda:
    if termino is None:
        return None
    if isinstance(termino, ox.Literal):
        return termino.value, termino.datatype.value
    return _texto_ox(termino), ""


def _tabla_de_soluciones(soluciones: ox.QuerySolutions) -> pd.DataFrame:
    columnas = [v.value for v in soluciones.variables]
    # Un resultado pequeño se convierte celda a celda: el camino CSV tiene un costo fijo de
    # ~0,8 ms que, en datos/, multiplicaba por 9 el tiempo de consultas de 0,1 ms.
    cabeza = list(itertools.islice(soluciones, FILAS_DIRECTAS + 1))
    if len(cabeza) <= FILAS_DIRECTAS:
        return celdas.tabla(columnas, [[_celda(f[i]) for i in range(len(columnas))] for f in cabeza])
    tipos = [celdas.tipo_de(_celda(cabeza[0][i])) for i in range(len(columnas))]
    # Las filas restantes pasan por el serializador CSV de Oxigraph (en Rust) y pandas, sin
    # un objeto Python por celda: convertir término a término costaba más que la consulta.
    resto = pd.read_csv(io.BytesIO(soluciones.serialize(format=ox.QueryResultsFormat.CSV)),
                        dtype=str, keep_default_na=False, encoding="utf-8")
    resto.columns = columnas
    leidas = pd.DataFrame([[_texto_ox(f[i]) for i in range(len(columnas))] for f in cabeza], columns=columnas,
                          dtype=str)
    crudo = pd.concat([leidas, resto], ignore_index=True)
    return pd.DataFrame({c: _columna(crudo[c], t) for c, t in zip(columnas, tipos, strict=True)}, columns=columnas)


def _texto_ox(termino: object) -> str:
    if termino is None:
        return ""
    if isinstance(termino, ox.BlankNode):
        return f"_:{termino.value}"
    return getattr(termino, "value", str(termino))


def _de_rdflib(termino: object) -> object:
    # Como en el CSV de Oxigraph, un texto vacío y una variable sin valor salen iguales.
    if termino is None or termino == Literal(""):
        return None
    if isinstance(termino, Literal):
        valor = termino.toPython()
        return valor if isinstance(valor, (int, float, bool)) else str(termino)
    return str(termino)


def ejecutar_texto(grafo: Origen, texto: str) -> pd.DataFrame:
    """Ejecuta un SELECT y devuelve un DataFrame con una columna por variable."""
    if isinstance(grafo, Servidor):
        return remoto.tabla(grafo, texto)
    almacen = grafo.store
    if isinstance(almacen, OxigraphStore):
        # Directo a pyoxigraph: prepareQuery e initBindings de rdflib caen al motor lento de rdflib.
        return _ejecutar_oxigraph(almacen._inner, texto)
    resultado = grafo.query(texto)
    if resultado.type != "SELECT":
        raise ConsultaInvalida("Solo las consultas SELECT devuelven una tabla; use «grafo sparql» para ASK o CONSTRUCT.")
    columnas = [str(v) for v in resultado.vars or []]
    filas = [[_de_rdflib(t) for t in fila] for fila in resultado]  # type: ignore[union-attr]
    return pd.DataFrame(filas, columns=columnas, dtype=object) if filas else pd.DataFrame(
        {c: pd.Series([], dtype=object) for c in columnas})


def ejecutar(grafo: Origen, consulta: Consulta, parametros: Mapping[str, str | Sequence[str]] | None = None,
             ) -> pd.DataFrame:
    """Ejecuta una consulta con nombre; las columnas de lista salen como listas ordenadas."""
    tabla = ejecutar_texto(grafo, enlazar(grafo, consulta, parametros or {}))
    for columna in consulta.listas if len(tabla) else ():
        if columna in tabla.columns:
            tabla[columna] = tabla[columna].map(
                lambda v: sorted(set(filter(None, str(v or "").split(SEPARADOR_LISTA)))))
    return tabla


def ejecutar_varias(grafo: Origen, nombres: Sequence[str], *, ya: Mapping[str, pd.DataFrame] | None = None,
                    ) -> dict[str, pd.DataFrame]:
    """Las tablas de varias consultas con nombre, sin parámetros; las que ya están en `ya` no se repiten."""
    ya = ya or {}
    return {n: ya[n] if n in ya else ejecutar(grafo, cargar(n)) for n in nombres}


# Lo que una consulta libre no puede ser: una actualización, una carga o una llamada a otro servidor.
_PROHIBIDAS = re.compile(
    r"(?<![\w:?$.])(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:])", re.IGNORECASE)
# IRIs, textos y comentarios, en el orden en que la gramática los reconoce: ahí una palabra no es orden.
_INERTES = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*', re.DOTALL)


def comprobar_solo_lectura(texto: str) -> None:
    """Rechaza actualizaciones, LOAD y SERVICE con un mensaje en español."""
    hallada = _PROHIBIDAS.search(_INERTES.sub(" ", texto))
    if hallada is not None:
        palabra = hallada.group(1).upper()
        motivo = ("consulta otro servidor" if palabra == "SERVICE" else "modificaría el grafo o cargaría datos")
        raise ConsultaInvalida(
            f"Consulta rechazada: «{palabra}» {motivo}, y grafo sparql solo lee el grafo local. "
            "Use SELECT, ASK, CONSTRUCT o DESCRIBE; para cambiar datos, edite el paquete y reconstruya.")


def _error_de_sintaxis(detalle: str) -> str:
    lugar = re.match(r"error at (\d+):(\d+): (.*)", detalle, re.DOTALL)
    if lugar is None:
        return f"La consulta SPARQL no es válida (el motor dice: {detalle}). Revise la sintaxis."
    linea, columna, motivo = lugar.groups()
    return (f"La consulta SPARQL no es válida cerca de la línea {linea}, columna {columna} "
            f"(el motor dice: {motivo}). Revise la sintaxis.")


@dataclass(frozen=True)
class Resultado:
    """Lo que devuelve una consulta libre: una tabla (SELECT), un sí/no (ASK) o tripletas."""

    tabla: pd.DataFrame | None = None
    booleano: bool | None = None
    tripletas: Graph | None = None


def ejecutar_libre(grafo: Origen, texto: str) -> Resultado:
    """Ejecuta una consulta SPARQL de solo lectura (SELECT, ASK, CONSTRUCT o DESCRIBE)."""
    comprobar_solo_lectura(texto)
    if isinstance(grafo, Servidor):
        respuesta = remoto.libre(grafo, texto)
        if isinstance(respuesta, bool):
            return Resultado(booleano=respuesta)
        if isinstance(respuesta, bytes):
            tripletas = Graph()
            tripletas.parse(data=respuesta.decode("utf-8"), format="nt")
            return Resultado(tripletas=tripletas)
        return Resultado(tabla=respuesta)
    almacen = grafo.store
    try:
        if isinstance(almacen, OxigraphStore):
            crudo = almacen._inner.query(texto)
            if isinstance(crudo, ox.QuerySolutions):
                return Resultado(tabla=_tabla_de_soluciones(crudo))
            if isinstance(crudo, ox.QueryBoolean):
                return Resultado(booleano=bool(crudo))
            tripletas = Graph()
            tripletas.parse(data=crudo.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
            return Resultado(tripletas=tripletas)
        resultado = grafo.query(texto)
    except SyntaxError as error:
        raise ConsultaInvalida(_error_de_sintaxis(str(error))) from error
    except ParseException as error:  # el analizador de rdflib
        raise ConsultaInvalida(f"La consulta SPARQL no es válida: {error}") from error
    if resultado.type == "ASK":
        return Resultado(booleano=bool(resultado.askAnswer))
    if resultado.type in ("CONSTRUCT", "DESCRIBE"):
        tripletas = Graph()
        for t in resultado:
            tripletas.add(t)  # type: ignore[arg-type]
        return Resultado(tripletas=tripletas)
    return Resultado(tabla=ejecutar_texto(grafo, texto))
