"""Las consultas con nombre como formularios (como las `canned queries` de datasette) y SPARQL de solo lectura.

Cada parámetro de una `.rq` es un selector de los ids que existen, con su nombre (varios, con casillas,
donde la consulta acepta varios). El resultado es una tabla con enlaces, y `.csv` / `.json` dan las
mismas filas que `grafo consultar --formato csv|json`: el mismo producto (`Proyecto.consulta`) con el
mismo renderizador.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, request

from grafo.errores import ErrorGrafo
from grafo.web.paginas import CAMPO, descarga, escribir, explorador, indice, mostrar

if TYPE_CHECKING:
    from flask import Response

    from grafo.consultas import Consulta
    from grafo.dominio.productos import Respuesta, Tabla, Tripletas

rutas = Blueprint("consultas", __name__)
# Hasta cuántas opciones un parámetro de varios valores se elige con casillas (más: una lista de selección).
CASILLAS = 80
FORMATOS = ("csv", "json")
# Cuántas consultas libres abandonadas (pasaron el tiempo límite y siguen corriendo) aguanta el equipo: cada una
# ocupa un núcleo hasta terminar, y Oxigraph no sabe cortarlas.
ABANDONADAS = 1


class Ocupado(ErrorGrafo):
    """El motor sigue con una consulta libre que pasó su tiempo límite: otra, más tarde."""


@rutas.get("/consultas")
def catalogo() -> Response:
    from grafo import consultas

    return mostrar("consultas.html", consultas=[consultas.cargar(n) for n in consultas.listar()])


def _consulta(nombre: str) -> Consulta:
    from grafo import consultas
    from grafo.errores import ConsultaInvalida

    try:
        return consultas.cargar(nombre)
    except ConsultaInvalida:
        abort(404)


def valores_pedidos(consulta: Consulta) -> dict[str, list[str]]:
    """Los ids de cada parámetro en la dirección: repetidos (`?instituciones=A&instituciones=B`) o con comas."""
    from grafo.texto import separar_ids

    pedidos = {p.nombre: [i for v in request.args.getlist(p.nombre) for i in separar_ids(v)]
               for p in consulta.parametros}
    return {nombre: ids for nombre, ids in pedidos.items() if ids}  # «(todas)» llega vacío: no filtra


def _tabla(consulta: Consulta, valores: dict[str, list[str]]) -> Tabla:
    clave = ("consulta", consulta.nombre, tuple(sorted((k, tuple(v)) for k, v in valores.items())))
    return explorador().producto(clave, lambda p: p.consulta(consulta.nombre, **valores))


@rutas.get("/consultas/<nombre>.<formato>")
def consulta_archivo(nombre: str, formato: str) -> Response:
    from grafo.formatos import POR_NOMBRE

    if formato not in FORMATOS:
        abort(404)
    consulta = _consulta(nombre)
    tabla = _tabla(consulta, valores_pedidos(consulta))
    return descarga(escribir(tabla, formato), f"{consulta.nombre}.{formato}", POR_NOMBRE[formato].tipo_medio)


@rutas.get("/consultas/<nombre>")
def consulta(nombre: str) -> Response:
    consulta = _consulta(nombre)
    valores = valores_pedidos(consulta)
    pedida = bool(valores) or not consulta.parametros or "ver" in request.args
    tabla, error = None, ""
    if pedida:
        try:
            tabla = _tabla(consulta, valores)
        except ErrorGrafo as problema:  # un id que no existe: se dice junto al formulario, para corregirlo ahí
            error = problema.texto(CAMPO)
    ix = indice()
    opciones = {p.nombre: sorted((i, ix.nombres.get((p.clase, i), "")) for i in ix.ids.get(p.clase, ()))
                for p in consulta.parametros}
    return mostrar("consulta.html", consulta=consulta, valores=valores, opciones=opciones, tabla=tabla, error=error,
                   casillas=CASILLAS, consulta_url=request.query_string.decode("ascii", "replace"),
                   estado=400 if error else 200)


def _sparql(texto: str) -> Tabla | Respuesta | Tripletas:
    """La consulta libre revisada (solo lectura, sin SERVICE) y ejecutada, como `grafo sparql`; ante un servidor,
    también se rechaza lo que no es SPARQL 1.1 (su sintaxis propia puede traer datos de otra dirección)."""
    from grafo import consultas
    from grafo.motores.plazo import abandonados

    if abandonados() >= ABANDONADAS:
        raise Ocupado("Una consulta anterior pasó el tiempo límite y el motor sigue terminándola (no se puede "
                      "cortar a la mitad). Cómo corregirlo: espere un momento y vuelva a consultar; acote la consulta "
                      "(un LIMIT, un FILTER) para que no vuelva a pasar.")
    p = explorador().proyecto
    revisada = consultas.revisar_libre(texto, p.tiempo_limite, estricta=p.origen.endpoint is not None)
    return p.sparql(revisada, revisada=True)


def _texto_sparql() -> str:
    return request.args.get("query") or request.args.get("q", "")  # `query`, como el protocolo SPARQL


@rutas.get("/sparql")
def sparql() -> Response:
    """Una consulta SPARQL libre de solo lectura, con la misma revisión y el mismo tiempo límite que `grafo sparql`."""
    from grafo.dominio.productos import Tripletas

    texto = _texto_sparql()
    if not texto.strip():
        return mostrar("sparql.html", q="", resultado=None, error="")
    try:
        resultado = _sparql(texto)
    except ErrorGrafo as error:
        return mostrar("sparql.html", q=texto, resultado=None, error=error.texto(CAMPO),
                       estado=503 if isinstance(error, Ocupado) else 400)
    tripletas = isinstance(resultado, Tripletas)
    return mostrar("sparql.html", q=texto, resultado=resultado, error="", consulta_url=request.query_string.decode(
        "ascii", "replace"), tripletas=tripletas, turtle=escribir(resultado, "ttl") if tripletas else "")


@rutas.get("/sparql.<formato>")
def sparql_archivo(formato: str) -> Response:
    """El resultado para bajar: CSV o JSON de un SELECT o un ASK; Turtle o N-Triples de un CONSTRUCT."""
    from grafo.dominio.productos import Tripletas
    from grafo.formatos import POR_NOMBRE

    texto = _texto_sparql()
    if formato not in (*FORMATOS, "ttl", "nt") or not texto.strip():
        abort(404)
    resultado = _sparql(texto)
    if isinstance(resultado, Tripletas) != (formato in ("ttl", "nt")):
        abort(404)
    return descarga(escribir(resultado, formato), f"resultado.{formato}", POR_NOMBRE[formato].tipo_medio)
