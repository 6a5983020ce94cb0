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
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING


from grafo.errores import ConsultaInvalida, ParametroInvalido
from grafo.texto import forma_de_busqueda
from grafo.motores import Fuente
from grafo.rdf.espacios import DCTERMS, ELI, ESQUEMA_EJES, ESQUEMA_MUNICIPIOS, ESQUEMA_TEMAS, GR, ORG, SKOS

if TYPE_CHECKING:
    import pandas as pd

    from grafo.motores.celdas import Filas

SEPARADOR_LISTA = ";"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def literal(texto: str) -> str:
    """Un texto como literal SPARQL entre comillas, con sus escapes (ECHAR): nunca llega a ser SPARQL."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in texto) + '"'


# Cómo reconocer en el grafo las entidades de cada clase de parámetro (texto fijo, nunca del usuario).
_CLASES = {
    "institucion": f"?x a <{ORG}Organization> .",
    "instrumento": f"?x a <{ELI}LegalResource> .",
    "mandato": f"?x a <{GR}Mandato> .",
    "accion": f"?x a <{GR}AccionPolitica> .",
    "tema": f"?x <{SKOS}inScheme> <{ESQUEMA_TEMAS}> .",
    "eje": f"?x <{SKOS}inScheme> <{ESQUEMA_EJES}> .",
    "municipio": f"?x <{SKOS}inScheme> <{ESQUEMA_MUNICIPIOS}> .",
    "reunion": f"?x a <{GR}Reunion> .",
    "acuerdo": f"?x a <{GR}Acuerdo> .",
}
_NOMBRES_CLASE = {"institucion": "institución", "accion": "acción", "reunion": "reunión"}
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


def ids_de(fuente: Fuente, clase: str) -> list[str]:
    """Los ids (dcterms:identifier) de las entidades de una clase de parámetro, ordenados."""
    texto = f"SELECT DISTINCT ?id WHERE {{ {_CLASES[clase]} ?x <{DCTERMS}identifier> ?id . }} ORDER BY ?id"
    return [str(v) for v in ejecutar_texto(fuente, texto)["id"]]


def _existentes(fuente: Fuente, clase: str, ids: Sequence[str]) -> set[str]:
    valores = " ".join(literal(v) for v in ids)
    texto = (f"SELECT DISTINCT ?id WHERE {{ VALUES ?id {{ {valores} }} "
             f"?x <{DCTERMS}identifier> ?id . {_CLASES[clase]} }}")
    return {str(v) for v in ejecutar_texto(fuente, texto)["id"]}


def problemas_de_ids(fuente: Fuente, clase: str, ids: Sequence[str], donde: str) -> list[str]:
    """Un mensaje por id que no existe en el grafo, con los parecidos; vacío si todos existen."""
    existentes = _existentes(fuente, clase, ids)
    problemas = []
    for valor in ids:
        if valor not in existentes:
            # Listar todos los ids solo hace falta para sugerir parecidos.
            cercanos = parecidos(valor, ids_de(fuente, clase))
            cercanos += [i for i in por_texto(fuente, clase, valor) if i not in cercanos]
            pista = f" ¿Quiso decir {', '.join(cercanos[:5])}?" if cercanos else ""
            problemas.append(f"No hay {nombre_clase(clase)} con id «{valor}» ({donde}).{pista}")
    return problemas


def por_texto(fuente: Fuente, clase: str, valor: str) -> list[str]:
    """Los ids de la clase cuyo nombre contiene `valor`, o con palabras de la misma raíz que las suyas.

    Sin tildes ni mayúsculas y sin las dos últimas letras de cada palabra: `retorno` sugiere
    RECEPCION-RETORNADOS; el nombre completo («Instituto Guatemalteco de Migración») sugiere IGM.
    """
    buscado = forma_de_busqueda(valor).strip()
    raices = [p[: max(4, len(p) - 2)] for p in re.split(r"\W+", buscado) if len(p) >= 4]
    if not raices:
        return []
    textos = ejecutar(fuente, cargar("textos"))
    textos = textos[textos["clase"] == clase]
    hallados = set()
    for ident, texto in zip(textos["id"], textos["texto"]):
        forma = forma_de_busqueda(f"{ident} {texto}")
        palabras = re.split(r"\W+", forma)
        if buscado in forma or all(any(p.startswith(r) for p in palabras) for r in raices):
            hallados.add(ident)
    return sorted(hallados)


def resolver(fuente: Fuente, clase: str, valor: str | None) -> str | None:
    """Un id como está en el grafo (`igm` → IGM, si es el único que difiere solo en mayúsculas o tildes)."""
    return None if valor is None else resolver_ids(fuente, clase, [valor])[0]


def resolver_ids(fuente: Fuente, clase: str, ids: Sequence[str]) -> list[str]:
    """Cada id como está en el grafo: `igm` es IGM si hay uno solo que difiere en mayúsculas o tildes."""
    existentes = _existentes(fuente, clase, ids)
    if all(i in existentes for i in ids):
        return list(ids)
    por_forma: dict[str, list[str]] = {}
    for conocido in ids_de(fuente, clase):
        por_forma.setdefault(forma_de_busqueda(conocido), []).append(conocido)
    resueltos = []
    for valor in ids:
        unico = por_forma.get(forma_de_busqueda(valor), [])
        resueltos.append(unico[0] if valor not in existentes and len(unico) == 1 else valor)
    return resueltos


def comprobar_ids(fuente: Fuente, pedidos: Sequence[tuple[str, str | None, str]]) -> None:
    """Todos los ids desconocidos de (clase, valor, dónde) a la vez, con parecidos; los None no se miran."""
    problemas = [p for clase, valor, donde in pedidos if valor is not None
                 for p in problemas_de_ids(fuente, clase, [valor], donde)]
    if problemas:
        raise ConsultaInvalida("\n".join(problemas))


def parecidos(valor: str, conocidos: Sequence[str]) -> list[str]:
    """Hasta cinco ids parecidos (sin distinguir mayúsculas) para sugerir al usuario."""
    por_minuscula = {c.casefold(): c for c in conocidos}
    exactos = [por_minuscula[valor.casefold()]] if valor.casefold() in por_minuscula else []
    cercanos = difflib.get_close_matches(valor.casefold(), list(por_minuscula), n=5, cutoff=0.6)
    return list(dict.fromkeys(exactos + [por_minuscula[c] for c in cercanos]))[:5]


def _nombre_de_parametro(nombre: str, conocidos: Mapping[str, Parametro]) -> str:
    normal = forma_de_busqueda(nombre.strip()).replace("-", "_")
    return normal if normal in conocidos else nombre


def enlazar(fuente: Fuente, consulta: Consulta, valores: Mapping[str, str | Sequence[str]]) -> str:
    """Texto de la consulta con los parámetros como un bloque VALUES de términos RDF al comienzo del WHERE.

    Cada valor es un id que debe existir en el grafo; el término se escribe con `literal()` (como `Literal.n3()` de rdflib),
    así que ningún texto del usuario llega a ser SPARQL.
    """
    columnas, datos = valores_enlazados(fuente, consulta, valores)
    if not columnas:
        return consulta.texto
    filas = " ".join("(" + " ".join(literal(v) for v in fila) + ")" for fila in itertools.product(*datos))
    variables = " ".join(f"?{c}" for c in columnas)
    # Al comienzo del WHERE y no como VALUES final: así el motor parte del id y no filtra al
    # final (medido en ×100 datos/: 0,0003 s contra 0,02–0,1 s; ver README, «Para desarrollar»).
    bloque = f"\n  VALUES ({variables}) {{ {filas} }}"
    return _WHERE_EXTERIOR.sub(lambda m: m.group(0) + bloque, consulta.texto, count=1)


def valores_enlazados(fuente: Fuente, consulta: Consulta, valores: Mapping[str, str | Sequence[str]],
                      ) -> tuple[list[str], list[list[str]]]:
    """Las variables y sus ids (resueltos y comprobados) de los parámetros dados; todos los problemas a la vez."""
    por_nombre = {p.nombre: p for p in consulta.parametros}
    # `-p Institución=…` es `institucion`: el nombre del parámetro sin tildes ni mayúsculas.
    valores = {_nombre_de_parametro(n, por_nombre): v for n, v in valores.items()}
    desconocidos = sorted(set(valores) - set(por_nombre))
    if desconocidos:
        aceptados = ", ".join(sorted(por_nombre)) or "ninguno"
        raise ParametroInvalido(
            f"La consulta «{consulta.nombre}» no tiene el parámetro «{desconocidos[0]}». "
            f"Parámetros que acepta: {aceptados}.")
    problemas: list[str] = []
    columnas: list[str] = []
    datos: list[list[str]] = []
    de_forma = False
    for nombre, crudo in valores.items():
        parametro = por_nombre[nombre]
        ids = [v.strip() for v in ([crudo] if isinstance(crudo, str) else crudo) if v.strip()]
        if not ids:
            problemas.append(f"El parámetro «{nombre}» está vacío. Escriba un id, por ejemplo -p {nombre}=IGM.")
            de_forma = True
            continue
        if len(ids) > 1 and not parametro.varios:
            problemas.append(f"El parámetro «{nombre}» acepta un solo id y recibió {len(ids)}: {', '.join(ids)}.")
            de_forma = True
            continue
        ids = resolver_ids(fuente, parametro.clase, ids)
        problemas += problemas_de_ids(fuente, parametro.clase, ids, f"parámetro «{nombre}»")
        columnas.append(parametro.variable)
        datos.append(sorted(set(ids)))
    if problemas:
        # Un -p mal escrito es un error de uso (código 2); un id que no está en los datos, de datos (1).
        raise (ParametroInvalido if de_forma else ConsultaInvalida)("\n".join(problemas))
    return columnas, datos


def ejecutar_texto(fuente: Fuente, texto: str) -> pd.DataFrame:
    """Ejecuta un SELECT y devuelve un DataFrame con una columna por variable."""
    return fuente.seleccionar(texto)


def ejecutar(fuente: Fuente, consulta: Consulta, parametros: Mapping[str, str | Sequence[str]] | None = None,
             *, tal_cual: bool = False) -> pd.DataFrame:
    """Ejecuta una consulta con nombre; las columnas de lista salen como listas ordenadas.

    `tal_cual` corre el .rq aunque grafo lo resuelva por partes (las pruebas comparan ambos caminos).
    """
    from grafo.consultas.compuestas import COMPUESTAS

    if consulta.nombre in COMPUESTAS and not tal_cual:
        # Las mismas filas que su .rq, de dos consultas lineales unidas en Python (ver compuestas).
        mitades, unir = COMPUESTAS[consulta.nombre]
        columnas, datos = valores_enlazados(fuente, consulta, parametros or {})
        return unir({n: ejecutar(fuente, cargar(n)) for n in mitades}, dict(zip(columnas, datos, strict=True)))
    tabla = ejecutar_texto(fuente, enlazar(fuente, consulta, parametros or {}))
    for columna in consulta.listas if len(tabla) else ():
        if columna in tabla.columns:
            tabla[columna] = tabla[columna].map(como_lista)
    return tabla


def como_lista(valor: object) -> list[str]:
    """Una celda de lista (`IGM;DEPM`, de GROUP_CONCAT) como lista ordenada y sin repetidos."""
    return sorted(set(filter(None, str(valor or "").split(SEPARADOR_LISTA))))


def ejecutar_filas(fuente: Fuente, consulta: Consulta, parametros: Mapping[str, str | Sequence[str]] | None = None,
                   ) -> Filas:
    """Como `ejecutar`, sin pandas: lo que usa `grafo consultar` (arranca 0,3 s antes)."""
    from grafo.consultas.compuestas import COMPUESTAS
    from grafo.motores.celdas import Filas

    if consulta.nombre in COMPUESTAS:
        return Filas.de_tabla(ejecutar(fuente, consulta, parametros))
    filas = fuente.seleccionar_filas(enlazar(fuente, consulta, parametros or {}))
    for columna in consulta.listas if filas.filas else ():
        if columna in filas.columns:
            i = filas.columns.index(columna)
            for fila in filas.filas:
                fila[i] = como_lista(fila[i])
    return filas


def ejecutar_varias(fuente: Fuente, nombres: Sequence[str], *, ya: Mapping[str, pd.DataFrame] | None = None,
                    ) -> dict[str, pd.DataFrame]:
    """Las tablas de varias consultas con nombre, sin parámetros; las que ya están en `ya` no se repiten."""
    ya = ya or {}
    return {n: ya[n] if n in ya else ejecutar(fuente, cargar(n)) for n in nombres}


from grafo.consultas.libre import (  # noqa: E402  (la consulta libre, en su módulo)
    comprobar_solo_lectura, ejecutar_libre, normalizar_consulta, revisar_libre)
