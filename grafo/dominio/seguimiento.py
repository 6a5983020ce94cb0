"""Seguimiento de la Política a una fecha: acuerdos vencidos, acciones sin seguimiento, quién no se reúne, avance.

Todo es puro: recibe las tablas de las consultas (reuniones, acuerdos, avance de las acciones y los
catálogos) y una fecha, y devuelve un `Informe`. A una fecha solo cuenta lo que ya había pasado:
las reuniones de después (y sus acuerdos) no existen todavía.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from grafo.dominio.citas import LEYENDA_GRADOS, con_grado
from grafo.dominio.informes import SINGULARES, Informe, Seccion
from grafo.dominio.matrices import Matriz
from grafo.dominio.tablas import Tablas, nombres as nombres_de, registros
from grafo.paquete.esquema import en_palabras
from grafo.texto import cuantos, fecha_en_palabras, si_no

CONSULTAS_SEGUIMIENTO = ("reuniones", "acuerdos", "avance-acciones", "acciones", "instituciones")
ABIERTOS = ("pendiente", "en_curso")
CERRADOS = ("cumplido", "cancelado")
MESES_SIN_REUNION = 3


def restar_meses(fecha: dt.date, meses: int) -> dt.date:
    """La misma fecha `meses` antes (el 31 de mayo menos 3 meses es el 28 o 29 de febrero)."""
    total = fecha.year * 12 + fecha.month - 1 - meses
    anio, mes = divmod(total, 12)
    return dt.date(anio, mes + 1, min(fecha.day, calendar.monthrange(anio, mes + 1)[1]))


def _fecha(valor: Any) -> dt.date | None:
    if valor is None or (isinstance(valor, float) and pd.isna(valor)) or valor == "":
        return None
    if isinstance(valor, dt.date):
        return valor if not isinstance(valor, dt.datetime) else valor.date()
    return dt.date.fromisoformat(str(valor)[:10])


def _lista(valores: Any) -> list[str]:
    return [v for v in valores if v] if isinstance(valores, list) else []


def _texto(valores: Iterable[str]) -> str:
    return ", ".join(valores) or "—"


def _cita(reunion: dict[str, Any]) -> str:
    return f"{reunion['reunion']} ({_fecha(reunion['fecha']).isoformat()})"  # type: ignore[union-attr]


def _memoria(valor: Any) -> str:
    return str(valor) if isinstance(valor, str) and valor else "sin memoria registrada"


class _Vista:
    """Las tablas del seguimiento vistas a una fecha."""

    def __init__(self, tablas: Tablas, al: dt.date) -> None:
        self.al = al
        self.nombres = nombres_de(tablas)
        self.reuniones = [r for r in registros(tablas["reuniones"]) if _fecha(r["fecha"]) <= al]  # type: ignore[operator]
        hechas = {r["reunion"] for r in self.reuniones}
        self.acuerdos = [a for a in registros(tablas["acuerdos"]) if a["reunion"] in hechas]
        self.avance = {f["accion"]: f for f in registros(tablas["avance-acciones"])}
        self.acciones = {f["accion"]: f for f in registros(tablas["acciones"])}

    def ejes_de(self, acciones: list[str]) -> str:
        return _texto(sorted({self.avance[a]["eje"] for a in acciones if a in self.avance and self.avance[a]["eje"]}))

    def institucion(self, sigla: str) -> str:
        nombre = self.nombres.get(sigla)
        return f"{sigla} — {nombre}" if nombre else sigla


def _vencidos(v: _Vista) -> Seccion:
    filas = []
    vencidos = [a for a in v.acuerdos if a["estado"] in ABIERTOS and _fecha(a["plazo"]) is not None
                and _fecha(a["plazo"]) < v.al]  # type: ignore[operator]
    grado_de = {r["reunion"]: r for r in v.reuniones}
    # Una fila por acuerdo, con todas sus encargadas: la cuenta del título es la de sus filas.
    for a in vencidos:
        plazo = _fecha(a["plazo"])
        filas.append({
            "Acuerdo": con_grado(a["acuerdo"] + (" (ilustrativo)" if a["ilustrativa"] is True else ""), a),
            "Encargadas": _texto(_lista(a["responsables"])) if _lista(a["responsables"]) else "sin encargada",
            "Eje": v.ejes_de(_lista(a["acciones"])), "Qué se acordó": a["descripcion"],
            "Plazo": plazo.isoformat(), "Días de atraso": (v.al - plazo).days,  # type: ignore[union-attr,operator]
            "Estado": en_palabras(a["estado"]),
            "Reunión y memoria": con_grado(a["reunion"], grado_de.get(a["reunion"], {}))
                                 + f" ({_fecha(a['fecha_reunion']).isoformat()}); "  # type: ignore[union-attr]
                                 f"memoria: {_memoria(a['memoria'])}",
        })
    filas.sort(key=lambda f: (f["Plazo"], f["Acuerdo"]))
    columnas = ["Acuerdo", "Encargadas", "Eje", "Qué se acordó", "Plazo", "Días de atraso", "Estado",
                "Reunión y memoria"]
    return Seccion(f"Acuerdos vencidos al {fecha_en_palabras(v.al)}",
                   "Acuerdos pendientes o en curso cuyo plazo ya pasó, uno por fila con sus instituciones encargadas; "
                   "cada fila cita la reunión que lo tomó y su memoria. «(ilustrativo)»: un ejemplo, no un acuerdo "
                   "registrado.",
                   pd.DataFrame(filas, columns=columnas, dtype=object), consulta="acuerdos", unidad="acuerdos",
                   cuantos=len(vencidos))


def _sin_seguimiento(v: _Vista) -> Seccion:
    tratadas = {a for r in v.reuniones for a in _lista(r["acciones"])}
    tratadas |= {a for ac in v.acuerdos for a in _lista(ac["acciones"])}
    filas = [{
        "Acción": con_grado(accion, f), "Descripción": f["descripcion"], "Eje": f["eje"] or "—",
        "Responsables": _texto(_lista(f["responsables"])), "Ilustrativa": si_no(f["ilustrativa"]),
    } for accion, f in sorted(v.acciones.items())
        if accion not in tratadas and (v.avance.get(accion) or {}).get("estado") != "cancelado"]
    return Seccion("Acciones sin reunión ni acuerdo",
                   f"Acciones que ninguna reunión registrada en los datos hasta el {fecha_en_palabras(v.al)} trató y a "
                   "las que no sirve ningún acuerdo registrado (las canceladas no se cuentan). Una reunión que no "
                   "está en los datos no cuenta: esto dice qué falta registrar o tratar, no que no hubo coordinación.",
                   pd.DataFrame(filas, columns=["Acción", "Descripción", "Eje", "Responsables", "Ilustrativa"],
                                dtype=object), consulta="reuniones", unidad="acciones")


def _ultima_reunion(v: _Vista) -> dict[str, dict[str, Any]]:
    ultima: dict[str, dict[str, Any]] = {}
    for r in sorted(v.reuniones, key=lambda r: (_fecha(r["fecha"]), r["reunion"])):
        for institucion in {*_lista(r["participantes"]), *([r["convoca"]] if r["convoca"] else [])}:
            ultima[institucion] = r
    return ultima


def _sin_reunirse(v: _Vista, meses: int) -> Seccion:
    limite = restar_meses(v.al, meses)
    ultima = _ultima_reunion(v)
    acciones_de: dict[str, list[str]] = {}
    for accion, f in v.avance.items():
        if f["estado"] in CERRADOS:
            continue
        for responsable in _lista(f["responsables"]):
            acciones_de.setdefault(responsable, []).append(accion)
    filas = []
    for institucion, acciones in sorted(acciones_de.items()):
        r = ultima.get(institucion)
        fecha = _fecha(r["fecha"]) if r else None
        if fecha is not None and fecha >= limite:
            continue
        meses_sin = (v.al.year - fecha.year) * 12 + v.al.month - fecha.month if fecha else None
        filas.append({
            "Institución": v.institucion(institucion), "Acciones a su cargo": _texto(sorted(acciones)),
            "Última reunión": _cita(r) if r else "ninguna registrada",
            "Memoria": _memoria(r["memoria"]) if r else "—",
            "Meses sin reunión registrada": meses_sin if meses_sin is not None else "—",
        })
    fechas = [f for f in (_fecha(r["fecha"]) for r in v.reuniones) if f is not None]
    # Si los datos no tienen ninguna reunión reciente, la falta puede ser de los datos: se dice.
    hasta = (f" Ojo: la última reunión registrada en los datos es del {fecha_en_palabras(max(fechas))}; las "
             "posteriores, si las hubo, no están cargadas." if fechas and max(fechas) < limite else "")
    return Seccion(f"Responsables sin reunión registrada en {cuantos(meses, 'mes', 'meses')}",
                   f"Instituciones responsables de acciones abiertas cuya última reunión registrada es anterior al "
                   f"{fecha_en_palabras(limite)}, o que no tienen ninguna (como participantes o como quien "
                   f"convoca).{hasta}",
                   pd.DataFrame(filas, columns=["Institución", "Acciones a su cargo", "Última reunión", "Memoria",
                                                "Meses sin reunión registrada"], dtype=object),
                   consulta="reuniones", unidad="instituciones")


def _avance(grupos: dict[str, list[dict[str, Any]]], clave: str) -> tuple[pd.DataFrame, list[str]]:
    """Una fila por grupo con algún estado o avance, y los grupos sin ninguno (se nombran en una frase, no en ceros)."""
    filas, en_blanco = [], []
    for grupo, acciones in sorted(grupos.items(), key=lambda g: (g[0].startswith("("), g[0])):
        estados = [a["estado"] for a in acciones]
        avances = [float(a["avance"]) for a in acciones if a["avance"] is not None and not pd.isna(a["avance"])]
        if not any(estados) and not avances:
            en_blanco.append(grupo)
            continue
        filas.append({
            clave: grupo, "Acciones": len(acciones), "Sin estado": sum(1 for e in estados if not e),
            **{en_palabras(e).capitalize(): estados.count(e) for e in (*ABIERTOS, *CERRADOS)},
            "Con avance": len(avances), "Avance medio (%)": round(sum(avances) / len(avances), 1) if avances else "—",
        })
    columnas = [clave, "Acciones", "Sin estado", "Pendiente", "En curso", "Cumplido", "Cancelado", "Con avance",
                "Avance medio (%)"]
    return pd.DataFrame(filas, columns=columnas, dtype=object), en_blanco


def _avances(v: _Vista) -> tuple[Seccion, Seccion]:
    por_eje: dict[str, list[dict[str, Any]]] = {}
    por_institucion: dict[str, list[dict[str, Any]]] = {}
    for f in v.avance.values():
        f = {**f, "estado": f["estado"] if isinstance(f["estado"], str) else ""}
        por_eje.setdefault(f["eje"] or "(acciones sin eje)", []).append(f)
        for responsable in _lista(f["responsables"]) or ["(acciones sin responsable)"]:
            por_institucion.setdefault(v.institucion(responsable), []).append(f)
    explicacion = ("Cuántas acciones hay en cada estado y su avance medio (de las que lo traen), según las "
                   "columnas estado y avance de la tabla de acciones.")
    return (_seccion_avance("Avance por eje", explicacion, *_avance(por_eje, "Eje"), "ejes"),
            _seccion_avance("Avance por institución responsable", explicacion,
                            *_avance(por_institucion, "Institución"), "instituciones"))


def _seccion_avance(titulo: str, explicacion: str, tabla: pd.DataFrame, en_blanco: list[str], unidad: str) -> Seccion:
    """Los grupos sin estado ni avance en ninguna acción no son filas de ceros: una frase los nombra."""
    if en_blanco and tabla.empty:
        explicacion += (" Ninguna acción trae estado ni avance en los datos: no hay avance que resumir "
                        f"({cuantos(len(en_blanco), SINGULARES.get(unidad, unidad), unidad)} sin dato).")
    elif en_blanco:
        explicacion += f" Sin estado ni avance en ninguna de sus acciones: {', '.join(en_blanco)}."
    return Seccion(titulo, explicacion, tabla, consulta="avance-acciones", unidad=unidad)


def armar_seguimiento(tablas: Tablas, *, al: dt.date, meses: int = MESES_SIN_REUNION, version_datos: str,
                      fecha: str) -> Informe:
    """El informe de seguimiento a la fecha `al`."""
    v = _Vista(tablas, al)
    ilustrativos = sum(1 for a in v.acuerdos if a["ilustrativa"] is True)
    ultima = max(v.reuniones, key=lambda r: (_fecha(r["fecha"]), r["reunion"]), default=None)
    introduccion = (
        f"Al {fecha_en_palabras(al)}: {cuantos(len(v.reuniones), 'reunión', 'reuniones')} registradas"
        + (f" (la última, {_cita(ultima)})" if ultima else "")
        + f" y {cuantos(len(v.acuerdos), 'acuerdo')}"
        + ((", 1 de ellos ilustrativo (un ejemplo, no un acuerdo registrado)" if ilustrativos == 1 else
            f", {ilustrativos} de ellos ilustrativos (ejemplos, no acuerdos registrados)") if ilustrativos else "")
        + f". Un acuerdo está vencido si sigue pendiente o en curso y su plazo ya pasó. {LEYENDA_GRADOS}")
    return Informe(f"Seguimiento de la Política Migratoria al {fecha_en_palabras(al)}", introduccion, version_datos, fecha,
                   (_vencidos(v), _sin_seguimiento(v), _sin_reunirse(v, meses), *_avances(v)))


def matriz_seguimiento(tablas: Tablas, *, al: dt.date) -> Matriz:
    """La hoja «Seguimiento» del libro de matrices: cada acuerdo con su reunión, encargados, plazo y estado."""
    v = _Vista(tablas, al)
    filas = []
    for a in sorted(v.acuerdos, key=lambda a: (_fecha(a["fecha_reunion"]), a["acuerdo"])):
        plazo = _fecha(a["plazo"])
        vencido = a["estado"] in ABIERTOS and plazo is not None and plazo < al
        filas.append({
            "Acuerdo": a["acuerdo"], "Reunión": f"{a['reunion']} ({_fecha(a['fecha_reunion']).isoformat()})",  # type: ignore[union-attr]
            "Qué se acordó": a["descripcion"], "Encargados": _texto(_lista(a["responsables"])),
            "Plazo": plazo.isoformat() if plazo else "—", "Estado": en_palabras(a["estado"]),
            "Vencido": si_no(vencido), "Días de atraso": (al - plazo).days if vencido and plazo else "—",
            "Acciones": _texto(_lista(a["acciones"])), "Memoria": _memoria(a["memoria"]),
            "Ilustrativo": si_no(a["ilustrativa"]),
        })
    columnas = ["Acuerdo", "Reunión", "Qué se acordó", "Encargados", "Plazo", "Estado", "Vencido", "Días de atraso",
                "Acciones", "Memoria", "Ilustrativo"]
    return Matriz(
        hoja="Seguimiento", titulo=f"Acuerdos de las reuniones y su estado al {fecha_en_palabras(al)}",
        tabla=pd.DataFrame(filas, columns=columnas, dtype=object), fijas=1,
        leyenda=(("Vencido", f"«sí»: pendiente o en curso con el plazo ya pasado al {fecha_en_palabras(al)}."),
                 ("Ilustrativo", "«sí»: un ejemplo redactado por el proyecto, no un acuerdo registrado."),
                 ("Memoria", "Dónde está la memoria de la reunión que tomó el acuerdo.")),
        anchos=(("Qué se acordó", 60), ("Reunión", 24), ("Memoria", 40)),
        citadas=frozenset({("acuerdos", a["acuerdo"]) for a in v.acuerdos} | {("reuniones", a["reunion"]) for a in v.acuerdos}),
    )
