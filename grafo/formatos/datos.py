"""Renderizadores del grafo mismo: el resumen, el informe de validación y las tripletas RDF."""

from __future__ import annotations

from typing import Any

from grafo.dominio.productos import Tripletas
from grafo.dominio.resumen import Resumen
from grafo.formatos import renderizador
from grafo.formatos.tabular import a_json_objeto
from grafo.formatos.terminal import mostrar_tabla
from grafo.rdf import almacen, validacion


@renderizador(Resumen, "tabla", terminal=True)
def resumen_terminal(producto: Resumen, consola: Any) -> None:
    consola.print(f"Versión de los datos: {producto.version_datos} · {producto.tripletas} tripletas")
    mostrar_tabla(consola, "Entidades por clase", producto.clases)
    mostrar_tabla(consola, "Acciones por eje", producto.ejes)
    mostrar_tabla(consola, "Instituciones por tipo", producto.tipos)


@renderizador(Resumen, "json")
def resumen_json(producto: Resumen) -> str:
    return a_json_objeto(producto.a_dict())


@renderizador(validacion.InformeValidacion, "texto", legible=True)
def validacion_texto(producto: validacion.InformeValidacion) -> str:
    return producto.texto()


@renderizador(validacion.InformeValidacion, "json")
def validacion_json(producto: validacion.InformeValidacion) -> str:
    return a_json_objeto({
        # conforme: el veredicto de grafo (sin violaciones); sh_conforms: el de SHACL (sin ningún resultado).
        "conforme": producto.conforme,
        "sh_conforms": producto.sh_conforms,
        "violaciones": len(producto.errores()),
        "advertencias": len(producto.advertencias()),
        "resultados": [{
            "severidad": r.severidad, "archivo": r.problema.archivo, "hoja": r.problema.hoja,
            "fila": r.problema.fila, "columna": r.problema.columna, "mensaje": r.problema.mensaje,
            "valor": r.valor, "foco": r.foco,
        } for r in producto.resultados],
    })


def _rdf(formato: str) -> Any:
    def escribir(producto: Tripletas) -> bytes:
        return almacen.serializar(producto.grafo, formato=formato)
    return escribir


for _formato in almacen.FORMATOS:
    renderizador(Tripletas, _formato)(_rdf(_formato))
