"""Las páginas de lo que hay: el inicio, la búsqueda con facetas, las listas por clase y una página por entidad."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, request

from grafo.clases import ENTIDADES, POR_CLAVE
from grafo.web import seguridad
from grafo.web.paginas import (
    descarga,
    escribir,
    explorador,
    indice,
    mostrar,
    mostrar_error,
)

if TYPE_CHECKING:
    from flask import Response

    from grafo.dominio.ficha import Ficha
    from grafo.proyecto import Proyecto

rutas = Blueprint("entidades", __name__)
# Una búsqueda de más no es de una persona: cada palabra sin resultado cuesta una comparación con todo el texto.
LARGO_BUSQUEDA, PALABRAS_BUSQUEDA = 200, 12


@rutas.get("/")
def inicio() -> Response:
    from grafo.productos import hoy
    from grafo.web import resumenes

    from grafo.web.rutas_productos import informe_marco

    datos = explorador().producto(("inicio", hoy()), resumenes.inicio)
    return mostrar("inicio.html", inicio=datos, marcos=informe_marco("pmm") if datos.alineaciones else None)


@rutas.get("/buscar")
def buscar() -> Response:
    from grafo.dominio import facetas
    from grafo.web import resumenes

    texto = request.args.get("q", "").strip()
    elegidas = {clave: request.args.getlist(clave) for clave, _ in facetas.FACETAS}
    if not texto:
        return mostrar("buscar.html", q="", hallados=None, facetas=(), sugerencia="", elegidas=elegidas)
    if len(texto) > LARGO_BUSQUEDA or len(texto.split()) > PALABRAS_BUSQUEDA:
        return mostrar("buscar.html", q=texto[:LARGO_BUSQUEDA], hallados=None, facetas=(), elegidas=elegidas,
                       estado=400, sugerencia=f"Escriba hasta {PALABRAS_BUSQUEDA} palabras ({LARGO_BUSQUEDA} "
                                              "caracteres): las que distinguen lo que busca.")
    hallados, sugerencia = explorador().producto(("buscar", texto), lambda p: resumenes.buscar(p, texto))
    attrs, nombres = explorador().producto("facetas", resumenes.facetas)
    filas, lista = facetas.acotar(hallados, attrs, elegidas, nombres)
    filas = filas.assign(clase=[facetas.clase_de_fila(t) for t in filas["tipo"]])
    return mostrar("buscar.html", q=texto, hallados=filas, facetas=lista, sugerencia=sugerencia, elegidas=elegidas)


@rutas.get("/<plural>")
def lista(plural: str) -> Response:
    clase = next((c for c in ENTIDADES if c.plural == plural), None)
    if clase is None:
        abort(404)
    ix = indice()
    ids = sorted(ix.ids.get(clase.clave, ()))
    return mostrar("lista.html", clase=clase, filas=[(i, ix.nombres.get((clase.clave, i), "")) for i in ids])


@rutas.get("/institucion/<ident>.docx")
def ficha_docx(ident: str) -> Response:
    if not seguridad.id_valido(ident):
        abort(404)
    ficha = _ficha(ident)
    if ficha is None:
        return _no_hay("institucion", ident)
    from grafo.formatos import POR_NOMBRE

    return descarga(escribir(ficha, "docx"), f"ficha-{ficha.sigla}.docx", POR_NOMBRE["docx"].tipo_medio)


@rutas.get("/<clase>/<ident>")
def entidad(clase: str, ident: str) -> Response:
    from grafo.web import resumenes

    if clase not in POR_CLAVE or not seguridad.id_valido(ident):
        abort(404)  # «página no encontrada», no «los datos no tienen…»: un id así no se busca
    recurso = explorador().producto(("recurso", clase, ident), lambda p: resumenes.recurso(p, clase, ident, indice()))
    if recurso is None:
        return _no_hay(clase, ident)
    extra: dict[str, Any] = {}
    if clase == "institucion":
        extra["ficha"] = _ficha(ident)
    if clase == "tema":  # la cobertura del contrato: el mandato nombra el tema o uno más amplio (tema_padre)
        extra["cubren"] = explorador().producto(("cubren", ident),
                                                lambda p: p.consulta("mandatos-por-tema", tema=ident).filas)
    if clase == "municipio":  # sus indicadores están en la tabla del paquete, no en el grafo
        extra["priorizacion"] = _priorizacion(ident)
    if clase == "instrumento":
        extra["articulos"] = explorador().producto(("articulos", ident), lambda p: resumenes.articulos(p, ident))
    extra.update(_marcos(clase, recurso.ident))
    return mostrar("entidad.html", recurso=recurso, **extra)


def _marcos(clase: str, ident: str) -> dict[str, Any]:
    """En la página de un objetivo, lo que dice de él el informe `grafo marcos`; en la de una acción o un mandato, sus
    alineaciones con los marcos internacionales."""
    from grafo.dominio import marcos

    if clase in marcos.MARCOS:
        from grafo.web.rutas_productos import informe_marco

        return {"marco": marcos.MARCOS[clase], "del_objetivo": marcos.del_objetivo(informe_marco(clase), ident),
                "sin_accion": marcos.SIN_ACCION}
    if clase in ("accion", "mandato"):
        tablas = explorador().producto("alineaciones", lambda p: p.tablas(("alineaciones",)))
        return {"alineaciones": marcos.alineaciones_de(tablas, clase, ident), "marcos": marcos.MARCOS}
    return {}


def _priorizacion(codigo: str) -> Any:
    """La fila del municipio en la priorización de `grafo priorizar` (None si los datos no traen sus tablas)."""
    from grafo import productos
    from grafo.errores import ErrorGrafo

    def armar(p: Proyecto) -> Any:
        try:
            return productos.priorizar(p).filas
        except ErrorGrafo:  # sin las tablas municipios y criterios (un servidor): la página no la muestra
            return False

    todas = explorador().producto("priorizacion", armar)
    return None if todas is False else todas[todas["codigo"] == codigo].assign(de=len(todas))


def _ficha(ident: str) -> Ficha | None:
    """La ficha de la institución. En una red que se mide entera, las de todas se arman juntas la primera vez (la
    red se mide una sola vez); en una más grande, cada una sale de lo que toca a su institución, cuando se pide."""
    from grafo import productos

    def todas(p: Proyecto) -> dict[str, Ficha]:
        return {f.sigla: f for f in productos.armar_fichas(p)}

    def sola(p: Proyecto) -> Ficha:
        (ficha,) = productos.armar_fichas(p, [ident])
        return ficha

    # Solo un id que está en los datos tal cual (`igm` no: la página de IGM está en /institucion/IGM); cualquier otro
    # error (una consulta que pasó su tiempo límite) sale como error, no como «no hay esa institución».
    if not seguridad.id_valido(ident) or ident not in indice().ids.get("institucion", ()):
        return None
    if explorador().producto("red-medible", productos.red_medible):
        return explorador().producto("fichas", todas).get(ident)
    return explorador().producto(("ficha", ident), sola)


def _no_hay(clase: str, ident: str) -> Response:
    from grafo.consultas.ids import parecidos

    ix = indice()
    cerca = parecidos(ident, sorted(ix.ids.get(clase, ()))) if clase in POR_CLAVE else []
    singular = POR_CLAVE[clase].singular if clase in POR_CLAVE else "entidad"
    return mostrar_error(404, f"No hay {singular} «{ident}»", f"Los datos no tienen {singular} con el id «{ident}».",
                         parecidos=[(clase, c) for c in cerca])
