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


from grafo.clases import POR_CLAVE
from grafo.consultas.ids import ids_de, literal
from grafo.consultas.ids import resolver as ids_resolver
from grafo.errores import ConsultaInvalida, ParametroInvalido, opcion
from grafo.motores import Fuente
from grafo.texto import forma_de_busqueda

if TYPE_CHECKING:
    import pandas as pd

    from grafo.motores.celdas import Filas

__all__ = ["Consulta", "Parametro", "cargar", "ejecutar", "ejecutar_filas", "ejecutar_libre", "ejecutar_varias",
           "ids_de", "listar", "literal"]
SEPARADOR_LISTA = ";"
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
        if hallado is None or hallado["clase"] not in POR_CLAVE:
            # Error del paquete, no del usuario: que salga con su traza.
            raise ValueError(f"{nombre}.rq: parámetro mal declarado «{parte.strip()}»")
        parametros.append(Parametro(hallado["nombre"], hallado["variable"], hallado["clase"], bool(hallado["varios"])))
    return tuple(parametros)


def listar() -> list[str]:
    """Nombres de las consultas incluidas (las `.rq` y las que escribe el registro de clases), en orden alfabético."""
    from grafo.consultas.generadas import GENERADAS

    carpeta = resources.files(__name__)
    return sorted({*(r.name.removesuffix(".rq") for r in carpeta.iterdir() if r.name.endswith(".rq")), *GENERADAS})


def _pista(nombre: str) -> str:
    """Las consultas de nombre parecido, y las que hablan de eso en su título o descripción («aliados» es la
    matriz de aliados: `fundamentos`)."""
    from grafo.texto import forma_de_busqueda

    parecidas = difflib.get_close_matches(nombre, listar(), n=3)
    buscado = forma_de_busqueda(nombre).replace("-", " ").strip()
    if len(buscado) >= 4:
        for otra in listar():
            meta = _cabeceras(cargar(otra).texto) if otra not in parecidas else {}
            if buscado in forma_de_busqueda(f"{meta.get('titulo', '')} {meta.get('descripcion', '')}"):
                parecidas.append(otra)
    return f" ¿Quiso decir {', '.join(parecidas[:4])}?" if parecidas else ""


def cargar(nombre: str) -> Consulta:
    """Lee una consulta por su nombre; un nombre desconocido sugiere los parecidos."""
    from grafo.consultas.generadas import GENERADAS

    recurso = resources.files(__name__).joinpath(f"{nombre}.rq")
    if nombre in GENERADAS:
        texto = GENERADAS[nombre]()
    elif recurso.is_file():
        texto = recurso.read_text(encoding="utf-8")
    else:
        raise ConsultaInvalida(f"No existe la consulta «{nombre}».{_pista(nombre)} Vea la lista con «grafo consultas».")
    meta = _cabeceras(texto)
    listas = tuple(c.strip() for c in meta.get("listas", "").split(",") if c.strip())
    parametros = _leer_parametros(nombre, meta.get("parametros", ""))
    if parametros and not _WHERE_EXTERIOR.search(texto):
        raise ValueError(f"{nombre}.rq: una consulta con parámetros necesita una línea «WHERE {{» sin sangría")
    return Consulta(nombre, meta.get("titulo", nombre), meta.get("descripcion", ""), parametros, listas, texto)


def _nombre_de_parametro(nombre: str, conocidos: Mapping[str, Parametro]) -> str:
    normal = forma_de_busqueda(nombre.strip()).replace("-", "_")
    return normal if normal in conocidos else nombre


def enlazar(fuente: Fuente, consulta: Consulta, valores: Mapping[str, str | Sequence[str]]) -> str:
    """Texto de la consulta con los parámetros como un bloque VALUES de términos RDF al comienzo del WHERE.

    Cada valor es un id que debe existir en el grafo; el término se escribe con `literal()` (como `Literal.n3()` de rdflib),
    así que ningún texto del usuario llega a ser SPARQL.
    """
    return con_valores(consulta, *valores_enlazados(fuente, consulta, valores))


def con_valores(consulta: Consulta, columnas: Sequence[str], datos: Sequence[Sequence[str]]) -> str:
    """El texto de la consulta con esos ids (ya comprobados) en sus variables, como un bloque VALUES."""
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
    pedidos: list[tuple[Parametro, list[str]]] = []
    for nombre, crudo in valores.items():
        parametro = por_nombre[nombre]
        ids = [v.strip() for v in ([crudo] if isinstance(crudo, str) else crudo) if v.strip()]
        if not ids:
            problemas.append(f"El parámetro «{nombre}» está vacío. Escriba un id, por ejemplo "
                             f"{opcion('parametro')}{nombre}=IGM.")
        elif len(ids) > 1 and not parametro.varios:
            problemas.append(f"El parámetro «{nombre}» acepta un solo id y recibió {len(ids)}: {', '.join(ids)}.")
        else:
            pedidos.append((parametro, ids))
    de_forma = bool(problemas)
    try:
        resueltos = ids_resolver(fuente, [(p.clase, i, f"parámetro «{p.nombre}»") for p, lista in pedidos
                                          for i in lista])
    except ConsultaInvalida as error:
        problemas.append(str(error))
        resueltos = []
    if problemas:
        # Un parámetro mal escrito es un error de uso (código 2); un id que no está en los datos, de datos (1).
        raise (ParametroInvalido if de_forma else ConsultaInvalida)("\n".join(problemas))
    en_orden = iter(resueltos)  # en el orden de los pedidos: los de cada parámetro, seguidos
    return [p.variable for p, _ in pedidos], [sorted({str(next(en_orden)) for _ in lista}) for _, lista in pedidos]


def ejecutar(fuente: Fuente, consulta: Consulta, parametros: Mapping[str, str | Sequence[str]] | None = None,
             *, tal_cual: bool = False) -> pd.DataFrame:
    """Ejecuta una consulta con nombre; las columnas de lista salen como listas ordenadas.

    `tal_cual` corre el .rq aunque grafo lo resuelva por partes (las pruebas comparan ambos caminos).
    """
    from grafo.consultas.compuestas import COMPUESTAS

    compuesta = COMPUESTAS.get(consulta.nombre)
    if compuesta is not None and compuesta.siempre and not tal_cual:
        # Las mismas filas que su .rq, de consultas lineales unidas en Python (ver compuestas).
        columnas, datos = valores_enlazados(fuente, consulta, parametros or {})
        if compuesta.enlaza:  # cada base parte de los mismos ids (la misma variable en su .rq)
            bases = {b.nombre: _ejecutar_texto(fuente, b, con_valores(b, columnas, datos))
                     for b in map(cargar, compuesta.bases)}
        else:
            bases = ejecutar_varias(fuente, compuesta.bases)
        return compuesta.armar(bases, dict(zip(columnas, datos, strict=True)))
    return _ejecutar_texto(fuente, consulta, enlazar(fuente, consulta, parametros or {}))


def ejecutar_con(fuente: Fuente, consulta: Consulta, parametro: str, ids: Sequence[str]) -> pd.DataFrame:
    """La consulta con los ids de un parámetro como VALUES, sin comprobarlos (salen del grafo mismo: los temas que
    cubre una institución, las acciones que nombra); sin ids, ninguna fila y las mismas columnas."""
    variable = next(p.variable for p in consulta.parametros if p.nombre == parametro)
    return _ejecutar_texto(fuente, consulta, con_valores(consulta, [variable], [sorted(set(ids))]))


def _ejecutar_texto(fuente: Fuente, consulta: Consulta, texto: str) -> pd.DataFrame:
    """Las filas de ese texto de la consulta, con sus columnas de lista como listas ordenadas."""
    tabla = fuente.seleccionar(texto)
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
    from grafo.consultas.compuestas import por_partes
    from grafo.motores.celdas import Filas

    if por_partes(consulta.nombre, ()):  # pedida sola: las que siempre se arman en Python
        return Filas.de_tabla(ejecutar(fuente, consulta, parametros))
    filas = fuente.seleccionar_filas(enlazar(fuente, consulta, parametros or {}))
    for columna in consulta.listas if filas.filas else ():
        if columna in filas.columns:
            i = filas.columns.index(columna)
            for fila in filas.filas:
                fila[i] = como_lista(fila[i])
    return filas


def ejecutar_varias(fuente: Fuente, nombres: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Las tablas de varias consultas con nombre, sin parámetros, con las menos consultas al motor: las que se
    arman de otras pedidas aquí (`compuestas`) no se consultan (y la fuente de un proyecto no repite ninguna)."""
    from grafo.consultas.compuestas import COMPUESTAS, por_partes

    hechas: dict[str, pd.DataFrame] = {}

    def tabla(nombre: str) -> pd.DataFrame:
        if nombre not in hechas:
            if por_partes(nombre, nombres):
                compuesta = COMPUESTAS[nombre]
                hechas[nombre] = compuesta.armar({b: tabla(b) for b in compuesta.bases}, {})
            else:
                hechas[nombre] = ejecutar(fuente, cargar(nombre))
        return hechas[nombre]

    return {n: tabla(n) for n in nombres}


from grafo.consultas.libre import (  # noqa: E402  (la consulta libre, en su módulo)
    comprobar_solo_lectura, ejecutar_libre, normalizar_consulta, revisar_libre)
