"""Lo que arma cada página, desde los productos y las consultas con nombre (una vez por versión de los datos).

Aquí no hay SPARQL ni cálculo propio: cada función junta lo que la CLI ya da (`productos.brechas`,
`Proyecto.buscar`, la consulta `reuniones`) en lo que una página muestra.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from grafo.dominio.informes import Informe
    from grafo.dominio.recurso import Indice, Recurso
    from grafo.proyecto import Proyecto

RECIENTES = 5  # reuniones en el inicio


@dataclass(frozen=True)
class Inicio:
    cuentas: list[tuple[str, int, str]]  # (clase en plural, cuántas, dirección de su lista)
    brechas: Informe
    traslapes: Informe
    vencidos: Any  # la sección de acuerdos vencidos del seguimiento
    reuniones: pd.DataFrame
    avisos: list[str]  # los de la lectura de los datos (lo que se arregló o se dejó fuera), como en la CLI
    alineaciones: bool = False  # si los datos traen alineaciones (el inicio muestra entonces el informe del Pacto)


def inicio(p: Proyecto) -> Inicio:
    from grafo import productos
    from grafo.clases import ENTIDADES
    from grafo.texto import con_mayuscula

    plural = {con_mayuscula(c.plural): c.plural for c in ENTIDADES}  # como lo dice `resumen-clases`
    resumen = p.tabla("resumen-clases")
    cuentas = [(str(c), int(n), f"/{plural[c]}" if c in plural else "") for c, n in
               zip(resumen["clase"], resumen["cantidad"], strict=True)]
    seguimiento = productos.seguimiento(p)
    reuniones = p.tabla("reuniones").sort_values(["fecha", "reunion"], ascending=False).head(RECIENTES)
    avisos = [str(a) for a in p.paquete.avisos] if p.paquete is not None else []
    return Inicio(cuentas, productos.brechas(p), productos.traslapes(p), seguimiento.secciones[0],
                  reuniones[["reunion", "fecha", "titulo", "participantes"]], avisos,
                  not p.tabla("alineaciones").empty)


def buscar(p: Proyecto, texto: str) -> tuple[pd.DataFrame, str]:
    """Lo hallado y, si no se halló nada, lo que conviene probar: lo de `grafo buscar`."""
    hallados, sugerencia = p.hallar(texto)
    return hallados.filas, sugerencia


def facetas(p: Proyecto) -> tuple[dict[tuple[str, str], dict[str, set[str]]], dict[str, dict[str, str]]]:
    from grafo.dominio import facetas as dominio

    tablas = p.tablas(dominio.CONSULTAS_FACETAS)
    return dominio.atributos(tablas), dominio.nombres_de_valores(tablas)


def recurso(p: Proyecto, clase: str, ident: str, indice: Indice) -> Recurso | None:
    from grafo.consultas.recurso import describir
    from grafo.dominio.recurso import armar

    return armar(describir(p.fuente, clase, ident).to_dict(), clase=clase, ident=ident, nombres=indice.nombres)


def articulos(p: Proyecto, instrumento: str) -> pd.DataFrame:
    """Los artículos del instrumento y los mandatos que fundan, con su institución y si el artículo se verificó."""
    fundamentos = p.tabla("fundamentos")
    propias = fundamentos[fundamentos["instrumento"] == instrumento]
    columnas = ["articulo", "verificado", "mandato", "institucion", "descripcion"]
    return propias[columnas].sort_values(["articulo", "mandato"]).reset_index(drop=True)
