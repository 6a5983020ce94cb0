"""La revisión de la evidencia del paquete: lo completo de los mandatos y el grado de cada fila (grafo.evidencia)."""

from __future__ import annotations

from grafo.errores import Problema
from grafo.evidencia import MARCA_DE, grado
from grafo.paquete.fuentes import COLUMNA_FILA, TablaLeida, normalizar_nombre
from grafo.texto import es_si

_MUESTRA = 8  # filas nombradas en el aviso de una tabla sin grado; las demás se cuentan


def revisar_cargas(tablas: dict[str, TablaLeida], problemas: list[Problema]) -> None:
    """`mandatos_cargados` no contradice la tabla de mandatos: «ninguno» sin mandatos, «completos» con alguno."""
    instituciones, mandatos = tablas.get("instituciones"), tablas.get("mandatos")
    if instituciones is None or mandatos is None or "mandatos_cargados" not in instituciones.datos.columns:
        return
    con_mandatos = {f["institucion"] for f in mandatos.filas()}
    for f in instituciones.filas():
        declarada = normalizar_nombre(f["mandatos_cargados"]) if f["mandatos_cargados"] else ""
        if declarada == "ninguno" and f["id"] in con_mandatos:
            problemas.append(instituciones.problema(
                int(f[COLUMNA_FILA]), "mandatos_cargados",
                f"{f['id']} dice «ninguno», pero la tabla mandatos tiene mandatos suyos.",
                "escriba «parciales» o «completos», o deje la celda vacía."))
        elif declarada in ("completos", "parciales") and f["id"] not in con_mandatos:
            problemas.append(instituciones.problema(
                int(f[COLUMNA_FILA]), "mandatos_cargados",
                f"{f['id']} dice «{declarada}», pero la tabla mandatos no tiene ningún mandato suyo.",
                "cargue sus mandatos en la tabla mandatos, o escriba «ninguno»."))


def sin_grado(tablas: dict[str, TablaLeida]) -> list[Problema]:
    """Un aviso por tabla con filas sin grado (ni `fiabilidad` ni marca en `fuente`): se leen sin grado."""
    avisos: list[Problema] = []
    for nombre in sorted(tablas):
        tabla = tablas[nombre]
        if "fuente" not in tabla.datos.columns:
            continue
        filas = [int(f[COLUMNA_FILA]) for f in tabla.filas()
                 if not grado(f["fuente"], normalizar_nombre(f.get("fiabilidad") or ""),
                              propuesta=_es_propuesta(f))]
        if not filas:
            continue
        nombradas = ", ".join(map(str, filas[:_MUESTRA])) + (f" y {len(filas) - _MUESTRA} más" if len(filas) > _MUESTRA else "")
        avisos.append(tabla.problema(
            filas[0], "fiabilidad",
            f"{len(filas)} fila(s) sin grado de la fuente (filas {nombradas}): se citan sin marca de grado y las listas "
            "de fuentes dicen «sin grado».",
            f"escriba en fiabilidad oficial, secundaria, debil o propuesta, o termine la fuente con "
            f"{MARCA_DE['oficial']}, {MARCA_DE['secundaria']} o {MARCA_DE['debil']}."))
    return avisos


def _es_propuesta(fila: dict[str, str]) -> bool:
    """Una fila ilustrativa es una propuesta del proyecto (antes de normalizar la celda: «Sí» también es sí)."""
    return es_si(fila.get("ilustrativa") or "")
