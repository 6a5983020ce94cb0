"""Informes: brechas, traslapes, la Política ante un marco internacional, seguimiento a una fecha, el acta de una
reunión y qué cambió entre versiones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from grafo.dominio.productos import Tabla
from grafo.productos import SECCIONES_SEGUIMIENTO, hoy
from grafo.errores import ErrorGrafo, TablaFaltante

if TYPE_CHECKING:
    from grafo.dominio.acta import Acta
    from grafo.dominio.informes import Informe
    from grafo.proyecto import Proyecto

def brechas(p: Proyecto, *, fecha: str | None = None) -> Informe:
    """El informe de brechas de coordinación."""
    from grafo.dominio import informes

    tablas = p.tablas((*informes.CONSULTAS_BRECHAS, *informes.CATALOGOS))
    return informes.armar_brechas(tablas, version_datos=p.version(), fecha=hoy(fecha))


def traslapes(p: Proyecto, *, fecha: str | None = None) -> Informe:
    """El informe de traslapes de mandatos y responsabilidades."""
    from grafo.dominio import informes

    tablas = p.tablas((*informes.CONSULTAS_TRASLAPES, *informes.CATALOGOS))
    return informes.armar_traslapes(tablas, version_datos=p.version(), fecha=hoy(fecha))


def marcos(p: Proyecto, *, marco: str = "pmm", fecha: str | None = None) -> Informe:
    """La Política ante un marco internacional (`pmm`: el Pacto Mundial para la Migración; `ods`): objetivos, acciones,
    instituciones, mandatos, cómo va cada acción y qué objetivos no alcanza ninguna."""
    import pandas as pd

    from grafo.dominio import marcos as dominio

    tablas = dict(p.tablas((dominio.consulta_de(marco), *dominio.CATALOGOS_MARCOS)))
    alineadas = {a for a, m, t in zip(tablas["alineaciones"]["elemento"], tablas["alineaciones"]["marco"],
                                      tablas["alineaciones"]["tipo"], strict=True) if m == marco and t == "accion"}
    responsables = sorted({r for a, rs in zip(tablas["acciones"]["accion"], tablas["acciones"]["responsables"],
                                              strict=True) if a in alineadas for r in rs})
    tablas["fundamentos"] = (p.tabla("fundamentos", {"instituciones": responsables}) if responsables
                             else pd.DataFrame(columns=["institucion", "mandato", "acciones"]))
    return dominio.armar_marco(tablas, marco=marco, version_datos=p.version(), fecha=hoy(fecha))


def seguimiento(p: Proyecto, *, al: str | None = None, meses: int = 3, fecha: str | None = None) -> Informe:
    """El informe de seguimiento a una fecha: acuerdos vencidos, acciones sin seguimiento, quién no se reúne, avance."""
    from grafo.dominio import seguimiento as dominio

    tablas = p.tablas(dominio.CONSULTAS_SEGUIMIENTO)
    return dominio.armar_seguimiento(tablas, al=date.fromisoformat(hoy(al)), meses=meses,
                                     version_datos=p.version(), fecha=hoy(fecha))


def seccion_de_seguimiento(p: Proyecto, seccion: str, *, al: str | None = None, meses: int = 3) -> Tabla:
    """Una sola sección del seguimiento (una de `SECCIONES_SEGUIMIENTO`), como tabla."""
    elegida = seguimiento(p, al=al, meses=meses).secciones[SECCIONES_SEGUIMIENTO.index(seccion)]
    return Tabla(elegida.titulo, elegida.tabla)


def armar_acta(p: Proyecto, reunion: str, *, fecha: str | None = None) -> Acta:
    """El acta de una reunión registrada, con los mandatos de los responsables de las acciones tratadas."""
    import pandas as pd

    from grafo.dominio import acta as dominio

    tablas = p.tablas(dominio.CONSULTAS_ACTA)
    if tablas["reuniones"].empty:
        raise TablaFaltante("Los datos no tienen reuniones: el acta sale de la tabla «reuniones». Cómo corregirlo: "
                            "agregue la reunión a esa tabla (o a la hoja «reuniones» del libro).")
    (reunion,) = p.ids([("reunion", reunion, "REUNION")])
    assert reunion is not None
    fila = tablas["reuniones"][tablas["reuniones"]["reunion"] == reunion].iloc[0]
    responsables = sorted({r for a in tablas["acciones"].itertuples() if a.accion in fila["acciones"]
                           for r in a.responsables})
    fundamentos = (p.tabla("fundamentos", {"instituciones": responsables}) if responsables
                   else pd.DataFrame(columns=["institucion", "acciones"]))
    return dominio.armar_acta(tablas, fundamentos, reunion=reunion, version_datos=p.version(), generado=hoy(fecha))


def comparar(antes: Proyecto, despues: Proyecto, *, nombre_antes: str | None = None, nombre_despues: str | None = None,
             fecha: str | None = None) -> Informe:
    """Qué cambió de una versión de los datos a otra: entidades, responsabilidades, brechas y traslapes."""
    from grafo.dominio import comparacion

    nombres = (nombre_antes or antes.origen.nombre, nombre_despues or despues.origen.nombre)
    tablas = []
    for lado, proyecto, nombre in zip(("ANTES", "DESPUÉS"), (antes, despues), nombres, strict=True):
        try:
            tablas.append(proyecto.tablas(comparacion.CONSULTAS_COMPARAR))
        except ErrorGrafo as error:  # que se sepa de cuál de las dos versiones es el problema
            raise ErrorGrafo(f"En {lado} ({nombre}): {error.marcado}") from None
    return comparacion.armar_comparacion(*tablas, nombre_antes=nombres[0], nombre_despues=nombres[1],
                                         version_antes=antes.version(), version_despues=despues.version(),
                                         fecha=hoy(fecha))


def comparar_versiones(datos: Path, revisiones: Sequence[str], **opciones: object) -> Informe:
    """Qué cambió en una carpeta (o un libro) de datos entre dos revisiones de git (`revisiones`: antes, después).

    `opciones` van a `grafo.abrir` para cada versión (avisar, traza, cache).
    """
    import tempfile

    import grafo
    from grafo.paquete import versiones

    antes, despues = revisiones
    with tempfile.TemporaryDirectory(prefix="grafo-comparar-") as temporal:
        rutas = [versiones.extraer(datos, r, Path(temporal) / f"r{i}") for i, r in enumerate((antes, despues))]
        proyectos = [grafo.abrir(ruta, **opciones) for ruta in rutas]  # type: ignore[arg-type]
        return comparar(*proyectos, nombre_antes=f"{datos} en {antes}", nombre_despues=f"{datos} en {despues}")
