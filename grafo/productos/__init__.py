"""Los productos de grafo: cada uno una función que recibe el proyecto abierto (`grafo.abrir`) y lo devuelve armado.

Todas siguen la misma convención: el módulo de dominio declara las consultas con nombre que necesita
(`CONSULTAS_…`), el proyecto las trae con el menor número de consultas (`Proyecto.tablas`) y la función
pura del dominio arma el producto. Escribirlo en un formato es cosa de `grafo.formatos`; la CLI (y el
explorador web) solo llaman a una de estas funciones y la escriben.

    import grafo
    from grafo import productos

    p = grafo.abrir("datos")
    informe = productos.brechas(p)

Cada nombre se importa al pedirlo: `grafo consultar` no carga networkx ni los documentos.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

# Listas que la CLI ofrece como opciones: aquí, para que mostrarlas no cargue los productos.
TIPOS_MATRIZ = ("todas", "responsabilidades", "mandatos", "fundamentos", "priorizacion", "red", "seguimiento",
                "pmm")
SECCIONES_SEGUIMIENTO = ("vencidos", "sin-seguimiento", "sin-reunirse", "avance-eje", "avance-institucion")

# Producto → el módulo de esta carpeta donde está.
_MODULOS = {
    "tripletas": "datos", "resumir": "datos", "publicar": "datos", "plantilla": "datos",
    "catalogo": "datos", "estado_cache": "datos", "borrar_cache": "datos",
    "brechas": "informes", "traslapes": "informes", "marcos": "informes", "seguimiento": "informes",
    "seccion_de_seguimiento": "informes",
    "armar_acta": "informes", "comparar": "informes", "comparar_versiones": "informes",
    "medir_red": "red", "ruta": "red", "comunidades": "red", "dibujar_mapa": "red", "modelo_del_mapa": "red",
    "mapa_para_la_sala": "red",
    "presentar": "red", "leer_guion": "red",
    "preparar_reunion": "documentos", "armar_fichas": "documentos", "armar_matrices": "documentos",
    "priorizar": "documentos", "red_medible": "documentos",
}
__all__ = sorted({*_MODULOS, "SECCIONES_SEGUIMIENTO", "TIPOS_MATRIZ", "hoy"})


def hoy(fecha: str | None = None) -> str:
    """La fecha pedida o la de hoy (AAAA-MM-DD): la de un informe que no dice otra."""
    return fecha or date.today().isoformat()


def __getattr__(nombre: str) -> Any:
    if nombre not in _MODULOS:
        raise AttributeError(f"grafo.productos no tiene «{nombre}»")
    return getattr(importlib.import_module(f"{__name__}.{_MODULOS[nombre]}"), nombre)


def __dir__() -> list[str]:
    return __all__
