"""La plantilla de datos en Excel: instrucciones, una hoja por tabla, listas desplegables y comentarios.

Cada celda de datos se escribe como texto (un `0101` o un `=x` quedan como se escribieron), salvo
las fechas, que van como fechas de Excel; así `grafo construir --datos plantilla.xlsx` da el mismo
grafo que los CSV de los que salió.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from typing import Any

from grafo.formatos.estilo import PALETA
from grafo.formatos import renderizador
from grafo.marcos import HOJA as HOJA_MARCOS
from grafo.paquete.esquema import TABLAS, Columna
from grafo.paquete.plantilla import HojaDeDatos, Plantilla
from grafo.paquete.tablas import letra
from grafo.formatos.papel import papel

ANCHO_ETIQUETA, ANCHO_TEXTO = 15, 80
FILAS_CON_LISTA = 2000  # filas de más, debajo de los datos, que ya traen las listas desplegables
ANCHO_MINIMO, ANCHO_MAXIMO = 10, 45
_CREADO = dt.datetime(2024, 1, 1)  # fijo: la misma plantilla da el mismo archivo, byte por byte
_FECHA = re.compile(r"\d{4}-\d{2}-\d{2}")


def _comentario(columna: Columna) -> str:
    partes = [columna.ayuda or columna.nombre]
    partes.append("Obligatoria." if columna.requerida else "Opcional.")
    if columna.valores is not None:
        partes.append("Valores: " + ", ".join(columna.valores) + ".")
    if columna.referencia is not None:
        partes.append(f"Ids de la hoja «{columna.referencia}»" + (", separados por «;»." if columna.lista else "."))
    return " ".join(partes)


def _validacion(columna: Columna, filas: int) -> dict[str, Any] | None:
    """La lista desplegable de una columna: una lista cerrada o los ids de otra hoja (o un número en su rango)."""
    if columna.rango is not None:
        minimo, maximo = columna.rango
        return {"validate": "decimal", "criteria": "between", "minimum": minimo, "maximum": maximo,
                "input_title": "Un número", "input_message": f"De {minimo:g} a {maximo:g}, sin «%» (40 para el 40 %).",
                "error_title": "Fuera de rango", "error_message": f"Escriba un número de {minimo:g} a {maximo:g}."}
    if columna.valores is not None:
        return {"validate": "list", "source": list(columna.valores), "error_title": "Valor no permitido",
                "error_message": "Elija uno de la lista: " + ", ".join(columna.valores) + "."}
    if columna.catalogo is not None:  # la columna E de la hoja de ayuda: cada valor una vez
        return {"validate": "list", "source": f"='{columna.catalogo}'!$E$2:$E${1 + len(_valores_del_catalogo())}",
                "error_title": "Valor desconocido", "error_message": f"Use un valor de la hoja «{columna.catalogo}»."}
    if columna.referencia is None:
        return None
    destino = TABLAS[columna.referencia]
    indice = [c.nombre for c in destino.columnas].index(destino.clave)
    rango = f"='{columna.referencia}'!${letra(indice + 1)}$2:${letra(indice + 1)}${filas}"
    if columna.lista:  # varios ids con «;»: la lista ayuda a elegir el primero y no impide escribir más
        return {"validate": "list", "source": rango, "show_error": False, "input_title": "Varios ids",
                "input_message": "Elija uno de la lista; para varios, escríbalos separados por «;»."}
    return {"validate": "list", "source": rango, "error_title": "Id desconocido",
            "error_message": f"Use un id de la hoja «{columna.referencia}» (o agréguelo allí primero)."}


TEXTOS_LARGOS = frozenset({"nombre", "titulo", "descripcion", "fuente"})  # anchas aunque la hoja vaya vacía


def _ancho(nombre: str, valores: list[str]) -> float:
    largo = max([len(nombre) + 2, *(len(v) for v in valores[:500])])
    minimo = 30 if nombre in TEXTOS_LARGOS else ANCHO_MINIMO
    return max(minimo, min(ANCHO_MAXIMO, largo + 1))


def _hoja(libro: Any, f: dict[str, Any], hoja_datos: HojaDeDatos) -> None:
    hoja = libro.add_worksheet(hoja_datos.nombre)
    definicion = hoja_datos.definicion
    por_nombre = {c.nombre: c for c in definicion.columnas}
    ultima = max([n for n, _celdas in hoja_datos.filas], default=1)
    filas = ultima + FILAS_CON_LISTA
    anchos = [_ancho(nombre, [celdas[j] for _n, celdas in hoja_datos.filas])
              for j, nombre in enumerate(hoja_datos.columnas)]
    for j, nombre in enumerate(hoja_datos.columnas):
        columna = por_nombre.get(nombre, Columna(nombre, ayuda="Columna de más: se conserva."))
        ancho = anchos[j]
        # La columna de fecha va sin formato: Excel reconoce la fecha que se teclea y deja un año (2016)
        # como número; con formato de fecha, 2016 sería el 8 de julio de 1905.
        hoja.set_column(j, j, ancho, None if columna.fecha else f["texto"])
        hoja.write_string(0, j, nombre, f["obligatoria"] if columna.requerida else f["opcional"])
        hoja.write_comment(0, j, _comentario(columna), {"x_scale": 2, "y_scale": 1.5})
        validacion = _validacion(columna, filas)
        if validacion is not None:
            hoja.data_validation(1, j, filas - 1, j, validacion)
        for numero, celdas in hoja_datos.filas:
            valor = celdas[j]
            if not valor:
                continue
            if columna.fecha and _FECHA.fullmatch(valor):
                try:
                    hoja.write_datetime(numero - 1, j, dt.datetime.fromisoformat(valor), f["fecha"])
                    continue
                except ValueError:
                    pass  # una fecha imposible queda como texto y la revisión la señala
            hoja.write_string(numero - 1, j, valor, f["texto"])
    hoja.freeze_panes(1, 0)
    hoja.autofilter(0, 0, max(ultima - 1, 1), len(hoja_datos.columnas) - 1)
    hoja.set_row(0, 30)
    for numero, celdas in hoja_datos.filas:  # Excel no agranda la fila al abrir: el alto va escrito
        lineas = max(math.ceil(len(v) / (a * 0.95)) if v else 1 for v, a in zip(celdas, anchos))
        if lineas > 1:
            hoja.set_row(numero - 1, 15 * lineas)
    # Para imprimir: apaisado, a lo ancho de la hoja y con el encabezado en cada página.
    hoja.set_landscape()
    hoja.set_paper(papel(None).codigo)  # el de todo grafo (formatos.papel): carta
    hoja.fit_to_pages(1, 0)
    hoja.repeat_rows(0)


def _valores_del_catalogo() -> list[str]:
    """Los objetivos que valen en `alineaciones.objetivo`, cada uno una vez, en el orden de la ONU."""
    from grafo.marcos import MARCOS, orden

    return sorted({o for m in MARCOS.values() for o in m.objetivos}, key=orden)


def _marcos(libro: Any, f: dict[str, Any]) -> None:
    """La hoja de ayuda (`grafo.marcos.HOJA`): cada objetivo del Pacto y cada objetivo y meta de los ODS con su
    nombre, para elegir el `objetivo` de una alineación (grafo no la lee como tabla: empieza con «_»)."""
    from grafo.marcos import MARCOS

    hoja = libro.add_worksheet(HOJA_MARCOS)
    for j, (titulo, ancho) in enumerate((("marco", 8), ("objetivo", 10), ("nombre", 90), ("", 2),
                                         ("objetivos válidos", 16))):
        hoja.set_column(j, j, ancho, f["ajustado"] if titulo == "nombre" else f["texto"])
        if titulo:
            hoja.write_string(0, j, titulo, f["opcional"])
    fila = 1
    for marco in MARCOS.values():
        for ident, nombre in marco.objetivos.items():
            hoja.write_string(fila, 0, marco.clave, f["texto"])
            hoja.write_string(fila, 1, ident, f["texto"])
            hoja.write_string(fila, 2, nombre, f["ajustado"])
            fila += 1
    for i, ident in enumerate(_valores_del_catalogo(), start=1):
        hoja.write_string(i, 4, ident, f["texto"])
    hoja.freeze_panes(1, 0)
    hoja.autofilter(0, 0, fila - 1, 2)


def _instrucciones(libro: Any, f: dict[str, Any], plantilla: Plantilla) -> None:
    hoja = libro.add_worksheet("Instrucciones")
    hoja.set_column(0, 0, ANCHO_ETIQUETA)
    hoja.set_column(1, 1, ANCHO_TEXTO, f["ajustado"])
    hoja.set_paper(papel(None).codigo)
    hoja.fit_to_pages(1, 0)
    hoja.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    lineas: list[tuple[str, str, str]] = [
        ("titulo", "Datos de grafo: mandatos institucionales y Política Migratoria", ""),
        ("", "Cómo llenar este libro", ""),
        ("paso", "1.", "Cada hoja es una tabla. No cambie el nombre de las hojas ni de los encabezados (fila 1)."),
        ("paso", "2.", "Las columnas con encabezado azul oscuro son obligatorias; las de azul claro, opcionales. "
                       "El comentario de cada encabezado dice qué va ahí."),
        ("paso", "3.", "Cada fila necesita un id corto y estable (IGM, DEC-44-2016, A-2024-017): es la llave que "
                       "usan las demás hojas. No use el nombre como id."),
        ("paso", "4.", "Las columnas con lista desplegable aceptan solo esos valores o ids de otra hoja. "
                       "Para varios ids en una celda, sepárelos con «;» (IGM; MINEX)."),
        ("paso", "5.", "Cite en «fuente» de dónde sale cada dato. Si un artículo no está comprobado en el texto "
                       "oficial, ponga «no» en «verificado»; si una acción es un ejemplo, «si» en «ilustrativa»."),
        ("paso", "6.", "Guarde como «Libro de Excel (.xlsx)» y construya el grafo con este libro como sus datos "
                       "(la orden «grafo construir» del README). Si algo está mal, grafo dice hoja, fila, columna y "
                       "cómo corregirlo, y no escribe nada."),
        ("paso", "7.", "En «alineaciones», cada fila une una acción (o un mandato) con un objetivo del Pacto Mundial "
                       "para la Migración (marco pmm, 1 a 23) o de los ODS (marco ods, p. ej. 10.7). "
                       f"La hoja «{HOJA_MARCOS}» "
                       "los lista con su nombre. Si ninguna fuente dice esa alineación, escriba «propuesta» en "
                       "«fiabilidad»: grafo la mostrará siempre como propuesta."),
        ("", "Las hojas", ""),
    ]
    for h in plantilla.hojas:
        obligatorias = ", ".join(c.nombre for c in h.definicion.columnas if c.requerida)
        lineas.append(("hoja", h.nombre, f"{h.descripcion} Columnas obligatorias: {obligatorias}."))
    if plantilla.origen:
        lineas.append(("meta", "", f"Filas tomadas de {plantilla.origen} (datos versión {plantilla.version})."))
    for i, (estilo, a, b) in enumerate(lineas):
        if estilo == "titulo":
            hoja.merge_range(i, 0, i, 1, a, f["titulo"])
            hoja.set_row(i, 24)
        elif estilo == "":
            hoja.write_string(i, 0, a, f["seccion"])
            hoja.set_row(i, 22)
        else:
            hoja.write_string(i, 0, a, f["negrita"] if estilo in ("paso", "hoja") else f["meta"])
            hoja.write_string(i, 1, b, f["meta"] if estilo == "meta" else f["ajustado"])
            # Excel y LibreOffice no agrandan la fila al abrir: el alto se escribe según las líneas.
            hoja.set_row(i, 15 * max(1, math.ceil(len(b) / (ANCHO_TEXTO * 0.95))) + 2)
    hoja.activate()


@renderizador(Plantilla, "xlsx")
def plantilla_xlsx(plantilla: Plantilla) -> bytes:
    """El libro de la plantilla: Instrucciones primero y una hoja por tabla."""
    import xlsxwriter

    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    libro.set_properties({"title": "Plantilla de datos de grafo", "created": _CREADO})
    f = {
        "titulo": libro.add_format({"bold": True, "font_size": 14}),
        "seccion": libro.add_format({"bold": True, "font_size": 12, "font_color": PALETA["azul"]}),
        "negrita": libro.add_format({"bold": True, "valign": "top"}),
        "ajustado": libro.add_format({"text_wrap": True, "valign": "top"}),
        "meta": libro.add_format({"italic": True, "font_color": PALETA["tenue"]}),
        "obligatoria": libro.add_format({"bold": True, "bg_color": PALETA["azul"], "font_color": "#FFFFFF",
                                         "valign": "vcenter", "border": 1}),
        "opcional": libro.add_format({"bold": True, "bg_color": "#C5D5EA", "font_color": PALETA["azul"],
                                      "valign": "vcenter", "border": 1}),
        "texto": libro.add_format({"num_format": "@", "valign": "top", "text_wrap": True}),
        "fecha": libro.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"}),
    }
    _instrucciones(libro, f, plantilla)
    for hoja_datos in plantilla.hojas:
        _hoja(libro, f, hoja_datos)
    _marcos(libro, f)
    libro.close()
    return salida.getvalue()
