"""Los productos para la reunión: el mapa con sus filtros, la minuta en Word, los informes y el libro de matrices.

Cada uno es la misma función de `grafo.productos` que la orden de la CLI, escrita con el mismo renderizador.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, request

from grafo.errores import ErrorGrafo
from grafo.productos import hoy
from grafo.web.paginas import CAMPO, descarga, escribir, explorador, indice, mostrar

if TYPE_CHECKING:
    from flask import Response

    from grafo.dominio.informes import Informe
    from grafo.dominio.mapa import Filtro
    from grafo.proyecto import Proyecto

rutas = Blueprint("productos", __name__)
# Dónde se pidió un id, en un mensaje de ids desconocidos: el campo del formulario.
DONDE = "el campo «{}»"
_CAMPOS_MAPA = ("vista", "foco", "eje", "tema", "periodo", "color")


def _ids(campo: str) -> list[str]:
    from grafo.texto import separar_ids

    return [i for v in request.args.getlist(campo) for i in separar_ids(v)]


def _filtro() -> Filtro:
    from grafo.dominio.mapa import COLOREOS, NOMBRES_VISTA, Filtro

    pedido = {c: (request.args.get(c) or "").strip() or None for c in _CAMPOS_MAPA}
    if pedido["vista"] not in NOMBRES_VISTA:
        pedido["vista"] = "instituciones"
    if pedido["color"] not in COLOREOS:
        pedido["color"] = None
    return Filtro(**pedido)  # type: ignore[arg-type]


@rutas.get("/mapa")
def mapa() -> Response:
    from urllib.parse import urlencode

    from grafo.dominio.mapa import COLOREOS, NOMBRES_VISTA

    filtro = _filtro()
    ix = indice()
    periodos = explorador().producto("periodos", lambda p: sorted({x for x in p.tabla("acciones")["periodo"] if x}))
    pedido = {c: getattr(filtro, c) for c in _CAMPOS_MAPA if getattr(filtro, c)}
    return mostrar("pagina-mapa.html", filtro=filtro, vistas=NOMBRES_VISTA, coloreos=COLOREOS, periodos=periodos,
                   instituciones=sorted(ix.ids.get("institucion", ())), ejes=sorted(ix.ids.get("eje", ())),
                   temas=sorted(ix.ids.get("tema", ())), nombres=ix.nombres, ver=f"/mapa/ver?{urlencode(pedido)}")


@rutas.get("/mapa/ver")
def mapa_ver() -> Response:
    """La página del mapa que escribe `grafo mapa` (sola, con vis-network en línea), para el marco de /mapa."""
    from flask import make_response

    from grafo import productos

    filtro = _filtro()
    pagina = explorador().producto(("mapa", filtro, hoy()), lambda p: escribir(
        productos.dibujar_mapa(p, filtro, donde=DONDE), "html"))
    respuesta = make_response(pagina)
    respuesta.mimetype = "text/html"
    return respuesta


@rutas.get("/reunion")
def reunion() -> Response:
    return mostrar("reunion.html", instituciones=_opciones("institucion"), elegidas=_ids("instituciones"), error="")


@rutas.get("/reunion.docx")
def reunion_docx() -> Response:
    from grafo import productos
    from grafo.formatos import POR_NOMBRE
    ids = _ids("instituciones")
    if not ids:  # como la CLI: una minuta para nadie no se escribe
        return mostrar("reunion.html", instituciones=_opciones("institucion"), elegidas=[], estado=400,
                       error="Elija al menos una institución que se reúne.")
    titulo = (request.args.get("titulo") or "").strip() or None
    fecha = _fecha(request.args.get("fecha"))
    try:
        minuta = explorador().producto(("reunion", tuple(ids), fecha), lambda p: productos.preparar_reunion(
            p, ids, titulo=titulo, fecha=fecha, donde=DONDE.format("instituciones")), guardar=titulo is None)
    except ErrorGrafo as error:  # un id que no existe: se dice en el formulario, para corregirlo ahí
        return mostrar("reunion.html", instituciones=_opciones("institucion"), elegidas=ids, estado=400,
                       error=error.texto(CAMPO))
    return descarga(escribir(minuta, "docx"), f"{minuta.nombre}.docx", POR_NOMBRE["docx"].tipo_medio)


def _fecha(valor: str | None) -> str | None:
    """La fecha de un campo de fecha o None; otra cosa es un error que dice cómo escribirla (como en la CLI)."""
    from grafo.errores import OpcionInvalida
    from grafo.texto import leer_fecha

    if not valor:
        return None
    try:
        return leer_fecha(valor)
    except ValueError as error:
        raise OpcionInvalida(str(error)) from None


def _opciones(clase: str) -> list[tuple[str, str]]:
    ix = indice()
    return sorted((i, ix.nombres.get((clase, i), "")) for i in ix.ids.get(clase, ()))


def _informe(nombre: Any, armar: Any, **extra: Any) -> Response:
    informe = explorador().producto(nombre, armar)
    return mostrar("pagina-informe.html", informe=informe, **extra)


@rutas.get("/brechas")
def brechas() -> Response:
    from grafo import productos

    return _informe("brechas", productos.brechas)


@rutas.get("/traslapes")
def traslapes() -> Response:
    from grafo import productos

    return _informe("traslapes", productos.traslapes)


@rutas.get("/seguimiento")
def seguimiento() -> Response:
    from grafo import productos

    al = _fecha(request.args.get("al"))
    return _informe(("seguimiento", al, hoy()), lambda p: productos.seguimiento(p, al=al), al=al)


def _marco() -> str:
    from grafo.errores import OpcionInvalida
    from grafo.marcos import MARCOS

    marco = request.args.get("marco", "pmm")
    if marco not in MARCOS:
        raise OpcionInvalida(f"«{marco[:40]}» no es un marco: use pmm (Pacto Mundial para la Migración) u ods.")
    return marco


def informe_marco(marco: str) -> Informe:
    """El informe `grafo marcos` de un marco, uno por versión de los datos y día: lo comparten /marcos, su Word, el
    inicio y las páginas de los objetivos."""
    from grafo import productos

    return explorador().producto(("marcos", marco, hoy()), lambda p: productos.marcos(p, marco=marco))


@rutas.get("/marcos")
def marcos() -> Response:
    marco = _marco()
    return mostrar("pagina-informe.html", informe=informe_marco(marco), marco=marco)


@rutas.get("/marcos.docx")
def marcos_docx() -> Response:
    """El informe `grafo marcos` en Word, para llevarlo a una reunión o editarlo."""
    from grafo.formatos import POR_NOMBRE

    marco = _marco()
    return descarga(escribir(informe_marco(marco), "docx"), f"marcos-{marco}.docx", POR_NOMBRE["docx"].tipo_medio)


@rutas.get("/matrices/elegir")
def elegir_matrices() -> Response:
    return mostrar("matrices.html", instituciones=_opciones("institucion"), elegidas=_ids("instituciones"))


@rutas.get("/matrices")
def matrices() -> Response:
    """Baja el libro de matrices (el de `grafo matriz`), con la de fundamentos de las instituciones pedidas."""
    from grafo import productos
    from grafo.formatos import POR_NOMBRE

    ids = _ids("instituciones")

    def armar(p: Proyecto) -> bytes | str:
        return escribir(productos.armar_matrices(p, instituciones=ids, donde=DONDE.format("instituciones")), "xlsx")

    return descarga(explorador().producto(("matrices", tuple(ids), hoy()), armar), "matrices.xlsx",
                    POR_NOMBRE["xlsx"].tipo_medio)
