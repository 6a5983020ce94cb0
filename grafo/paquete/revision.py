"""Revisión del paquete leído: columnas, celdas, ids, referencias entre tablas, ciclos y criterios.

Junta todos los problemas, cada uno con archivo, hoja, fila, columna y cómo corregirlo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from grafo.errores import Problema
from grafo.paquete import alineaciones, grados
from grafo.paquete.esquema import TABLAS, Columna, DefTabla
from grafo.paquete.fuentes import COLUMNA_FILA, TablaLeida, como_agregar, dividir_lista, normalizar_nombre
from grafo.texto import ficha  # cómo se acuña el IRI de un artículo
from grafo.texto import ANIOS, forma_de_busqueda

def _sugerencias(valor: str, opciones: Iterable[str]) -> str:
    opciones = sorted(opciones)
    por_caso = [o for o in opciones if o.lower() == valor.lower()]
    parecidas = por_caso or difflib.get_close_matches(valor, opciones, n=3, cutoff=0.6)
    if not parecidas:
        return ""
    return " ¿Quiso decir " + " o ".join(f"«{p}»" for p in parecidas) + "?"


def _revisar_columnas(tabla: TablaLeida, definicion: DefTabla, problemas: list[Problema]) -> bool:
    faltan = [c.nombre for c in definicion.columnas if c.requerida and c.nombre not in tabla.datos.columns]
    for columna in faltan:
        problemas.append(tabla.problema(
            tabla.fila_encabezado, columna, "falta esta columna obligatoria en el encabezado.",
            f"agregue «{columna}» a la fila de encabezados (columnas obligatorias: "
            + ", ".join(c.nombre for c in definicion.columnas if c.requerida) + ").",
        ))
    return not faltan


def _revisar_celdas(tabla: TablaLeida, definicion: DefTabla, problemas: list[Problema]) -> None:
    vistos: dict[str, int] = {}
    parecidos: dict[str, tuple[str, int]] = {}
    for fila in tabla.filas():
        numero = int(fila[COLUMNA_FILA])
        for columna in definicion.columnas:
            valor = fila.get(columna.nombre, "")
            if columna.requerida and not valor:
                problemas.append(tabla.problema(numero, columna.nombre, "la celda está vacía y es obligatoria.",
                                                f"escriba un valor en «{columna.nombre}»."))
            if valor and columna.fecha and not columna.exacta and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor) \
                    and not _es_fecha(valor):
                problemas.append(tabla.problema(numero, columna.nombre, f"«{valor}» no es una fecha real.",
                                                "escriba una fecha que exista (AAAA-MM-DD), solo el año, o deje la celda vacía."))
            if valor and columna.fecha and re.match(r"\d{4}(-|$)", valor) and not ANIOS[0] <= int(valor[:4]) <= ANIOS[1]:
                # Excel no tiene fechas antes de 1900: la plantilla no podría escribirla (ni leerla después).
                problemas.append(tabla.problema(numero, columna.nombre, f"«{valor}» está fuera de {ANIOS[0]}–{ANIOS[1]}.",
                                                f"revise el año; escriba una fecha entre {ANIOS[0]} y {ANIOS[1]}."))
            elif valor and columna.exacta and not _es_fecha(valor):
                problemas.append(tabla.problema(
                    numero, columna.nombre, f"«{valor}» no es una fecha completa y real.",
                    "escriba la fecha como AAAA-MM-DD (p. ej. 2024-09-18) o como fecha de Excel."))
            if valor and columna.rango is not None:
                minimo, maximo = columna.rango
                cifra = _numero(valor)
                if cifra is None or not minimo <= cifra <= maximo:
                    problemas.append(tabla.problema(
                        numero, columna.nombre, f"«{valor}» no es un número entre {minimo:g} y {maximo:g}.",
                        f"escriba un número de {minimo:g} a {maximo:g} (p. ej. 40), sin «%», o deje la celda vacía."))
            if valor and columna.valores is not None:
                normal = normalizar_nombre(valor)
                if normal not in columna.valores:
                    problemas.append(tabla.problema(
                        numero, columna.nombre, f"el valor «{valor}» no está en la lista permitida.",
                        "use uno de: " + ", ".join(columna.valores) + "." + _sugerencias(normal, columna.valores),
                    ))
        clave = fila.get(definicion.clave, "")
        if not clave or not definicion.unica:
            continue
        if ";" in clave or any(unicodedata.category(c) == "Cc" for c in clave):
            problemas.append(tabla.problema(numero, definicion.clave, f"el id «{clave}» contiene «;» o un carácter de control.",
                                            "use un código corto sin «;» (por ejemplo «IGM» o «DEC-44-2016»)."))
        if set(clave) <= {".", " "}:
            # «.» y «..» como segmento de IRI se resuelven como «esta carpeta» y «la de arriba».
            problemas.append(tabla.problema(numero, definicion.clave, f"el id «{clave}» es solo puntos.",
                                            "use un código con letras o números (por ejemplo «IGM»)."))
        if clave in vistos:
            problemas.append(tabla.problema(
                numero, definicion.clave, f"el id «{clave}» está repetido (ya aparece en la fila {vistos[clave]}).",
                "cada fila necesita un id distinto; cambie uno de los dos o una las filas.",
            ))
        elif forma_de_busqueda(clave) in parecidos:
            # grafo lee `igm` como IGM (-p institucion=igm) y Windows no distingue los nombres de archivo.
            otro, fila_otro = parecidos[forma_de_busqueda(clave)]
            problemas.append(tabla.problema(
                numero, definicion.clave, f"el id «{clave}» solo difiere en mayúsculas o tildes de «{otro}» "
                f"(fila {fila_otro}).", "use ids que se distingan por letras o números, no solo por mayúsculas."))
        else:
            vistos[clave] = numero
            parecidos[forma_de_busqueda(clave)] = (clave, numero)


def _revisar_referencias(tablas: dict[str, TablaLeida], problemas: list[Problema], forma: str = "csv",
                         ausentes: frozenset[str] | set[str] = frozenset()) -> None:
    """Cada id que una columna nombra existe en su tabla; si la tabla es opcional y falta, un mensaje por columna.

    `ausentes` son las tablas que no están en el paquete (no las que tienen otro error: esas ya lo dicen).
    """
    ids = {
        nombre: set(t.datos[TABLAS[nombre].clave])
        for nombre, t in tablas.items()
        if nombre in TABLAS and TABLAS[nombre].clave in t.datos.columns
    }
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        if definicion is None:
            continue
        for columna in definicion.columnas:
            if columna.referencia is None or columna.nombre not in tabla.datos.columns:
                continue
            destino = columna.referencia
            if destino not in ids:
                usada = any(fila[columna.nombre] for fila in tabla.filas())
                if usada and destino in ausentes and not TABLAS[destino].obligatoria:
                    problemas.append(tabla.problema(
                        0, columna.nombre, f"nombra ids de «{destino}», pero el paquete no tiene esa tabla.",
                        f"{como_agregar(destino, forma)}, o vacíe la columna «{columna.nombre}»."))
                continue  # una tabla obligatoria que falta ya tiene su mensaje: no se repite por cada referencia
            conocidos = ids[destino]
            for fila in tabla.filas():
                celda = fila[columna.nombre]
                valores = dividir_lista(celda) if columna.lista else ([celda] if celda else [])
                for valor in valores:
                    if valor not in conocidos:
                        problemas.append(_id_desconocido(tabla, fila, columna, valor, destino, conocidos))


def _id_desconocido(tabla: TablaLeida, fila: dict[str, str], columna: Columna, valor: str, destino: str,
                    conocidos: set[str]) -> Problema:
    """El problema de un id que no existe; «IGM, MINEDUC» en una lista es una lista con comas, no un id parecido
    a MINEDUC (antes se sugería MINEDUC y se perdía IGM)."""
    partes = [p.strip() for p in valor.split(",") if p.strip()]
    if columna.lista and len(partes) > 1:
        ajenas = [p for p in partes if p not in conocidos]
        return tabla.problema(
            int(fila[COLUMNA_FILA]), columna.nombre,
            f"«{valor}» tiene comas: en grafo las listas de ids se separan con «;», no con comas.",
            f"escriba «{'; '.join(partes)}»."
            + (f" Además, {', '.join(f'«{p}»' for p in ajenas)} no {'está' if len(ajenas) == 1 else 'están'} en la "
               f"tabla «{destino}».{_sugerencias(ajenas[0], conocidos)}" if ajenas else ""))
    tipo = "la institución" if destino == "instituciones" else "el id"
    return tabla.problema(int(fila[COLUMNA_FILA]), columna.nombre, f"{tipo} «{valor}» no existe en la tabla «{destino}».",
                          f"agregue ese id a la tabla «{destino}» o corrija el valor.{_sugerencias(valor, conocidos)}")


def _revisar_articulos(tablas: dict[str, TablaLeida], problemas: list[Problema]) -> None:
    """Dos artículos escritos distinto («122-C» y «122 c)») del mismo instrumento no pueden dar el mismo IRI."""
    mandatos = tablas.get("mandatos")
    if mandatos is None or "articulo" not in mandatos.datos.columns:
        return
    vistos: dict[tuple[str, str], tuple[str, int]] = {}
    for f in mandatos.filas():
        if not f["articulo"]:
            continue
        clave = (f["instrumento"], ficha(f["articulo"]))
        anterior = vistos.setdefault(clave, (f["articulo"], int(f[COLUMNA_FILA])))
        if anterior[0] != f["articulo"]:
            problemas.append(mandatos.problema(
                int(f[COLUMNA_FILA]), "articulo",
                f"«{f['articulo']}» y «{anterior[0]}» (fila {anterior[1]}) son el mismo artículo de {f['instrumento']} "
                "escrito de dos formas: darían un solo artículo en el grafo.",
                f"escríbalos igual en las dos filas (por ejemplo «{anterior[0]}»)."))


def _revisar_ciclos(tabla: TablaLeida, definicion: DefTabla, problemas: list[Problema]) -> None:
    for columna in definicion.ciclos:
        if columna not in tabla.datos.columns:
            continue
        padre = {f[definicion.clave]: f[columna] for f in tabla.filas() if f[columna]}
        fila_de = {f[definicion.clave]: int(f[COLUMNA_FILA]) for f in tabla.filas()}
        informados: set[str] = set()
        for inicio in sorted(padre):
            camino: list[str] = []
            actual: str | None = inicio
            while actual is not None and actual not in camino and actual not in informados:
                camino.append(actual)
                actual = padre.get(actual)
            if actual is None or actual in informados:
                continue
            ciclo = camino[camino.index(actual):]
            informados.update(ciclo)
            primero = min(ciclo, key=lambda i: fila_de.get(i, 0))
            ciclo = ciclo[ciclo.index(primero):] + ciclo[: ciclo.index(primero)]
            problemas.append(tabla.problema(
                fila_de.get(primero, 0), columna,
                "hay un ciclo: " + " → ".join([*ciclo, ciclo[0]]) + ".",
                f"un elemento no puede depender de sí mismo; quite «{padre[primero]}» de «{columna}» en «{primero}» "
                "o en otra fila del ciclo.",
            ))


def _es_fecha(texto: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", texto):
        return False
    try:
        dt.date.fromisoformat(texto)
    except ValueError:
        return False
    return True


def _numero(texto: str) -> float | None:
    try:
        valor = float(texto.replace(" ", ""))
    except ValueError:
        return None
    return valor if math.isfinite(valor) else None


def _revisar_municipios_y_criterios(tablas: dict[str, TablaLeida], problemas: list[Problema], forma: str) -> None:
    municipios = tablas.get("municipios")
    if municipios is not None and "codigo" in municipios.datos.columns:
        for fila in municipios.filas():
            codigo = fila["codigo"]
            if codigo and not re.fullmatch(r"\d{4}", codigo):
                problemas.append(municipios.problema(
                    int(fila[COLUMNA_FILA]), "codigo", f"el código «{codigo}» no tiene 4 dígitos.",
                    "use el código INE del municipio: 2 dígitos del departamento y 2 del municipio (ej. «1301»).",
                ))
    criterios = tablas.get("criterios")
    if criterios is None:
        return
    columnas_municipio = set(municipios.datos.columns) if municipios is not None else set()
    vistas: dict[str, int] = {}
    for fila in criterios.filas():
        numero = int(fila[COLUMNA_FILA])
        columna = normalizar_nombre(fila.get("columna", ""))
        if columna and municipios is None:
            problemas.append(criterios.problema(numero, "columna", "los criterios necesitan la tabla «municipios».",
                                                f"{como_agregar('municipios', forma)} o quite la tabla de criterios."))
        elif columna and columna not in columnas_municipio:
            opciones = sorted(c for c in columnas_municipio if not c.startswith("_"))
            problemas.append(criterios.problema(
                numero, "columna", f"la columna «{fila['columna']}» no existe en la tabla «municipios».",
                "use una de: " + ", ".join(opciones) + "." + _sugerencias(columna, opciones),
            ))
        elif columna and municipios is not None:
            for mfila in municipios.filas():
                celda = mfila[columna]
                if celda and _numero(celda) is None:
                    problemas.append(municipios.problema(
                        int(mfila[COLUMNA_FILA]), columna,
                        f"el valor «{celda}» no es un número y la columna es un criterio de priorización.",
                        "escriba un número con punto decimal (ej. 12.5) o deje la celda vacía si no hay dato.",
                    ))
        if columna and columna in vistas:
            problemas.append(criterios.problema(numero, "columna", f"la columna «{fila['columna']}» ya es un criterio "
                                                f"(fila {vistas[columna]}): contaría dos veces.",
                                                "deje un solo criterio por columna y súmele el peso."))
        vistas.setdefault(columna, numero)
        peso = fila.get("peso", "")
        if peso:
            valor = _numero(peso)
            if valor is None or not 0 <= valor <= 1e6:
                problemas.append(criterios.problema(numero, "peso", f"el peso «{peso}» no es un número de 0 a 1000000.",
                                                    "escriba un número como 0.5 o 2."))


def _archivo(tablas: dict[str, TablaLeida], carpeta: Path, forma: str) -> str:
    if forma == "xlsx":
        return next((t.archivo for t in tablas.values()), carpeta.name)
    return str(carpeta)


def incoherencias(tablas: dict[str, TablaLeida]) -> list[Problema]:
    """Lo que no es un error pero no cuadra (un aviso): un plazo anterior a su reunión, un avance que contradice el estado."""
    avisos: list[Problema] = []
    reuniones, acuerdos, acciones = (tablas.get(n) for n in ("reuniones", "acuerdos", "acciones"))
    if reuniones is not None and acuerdos is not None and "plazo" in acuerdos.datos.columns:
        fecha_de = {f["id"]: f["fecha"] for f in reuniones.filas()}
        for f in acuerdos.filas():
            if f["plazo"] and fecha_de.get(f["reunion"], "") > f["plazo"]:
                avisos.append(acuerdos.problema(int(f[COLUMNA_FILA]), "plazo", f"el plazo {f['plazo']} es anterior a la "
                                                f"reunión {f['reunion']} ({fecha_de[f['reunion']]}) que tomó el acuerdo."))
    if acciones is not None and {"estado", "avance"} <= set(acciones.datos.columns):
        for f in acciones.filas():
            estado, avance = normalizar_nombre(f["estado"]) if f["estado"] else "", _numero(f["avance"])
            if avance is None or not estado:
                continue
            if (estado == "cumplido" and avance < 100) or (estado in ("pendiente", "en_curso") and avance >= 100):
                avisos.append(acciones.problema(int(f[COLUMNA_FILA]), "avance",
                                                f"el avance {f['avance']} no cuadra con el estado «{f['estado']}»."))
    return avisos + grados.sin_grado(tablas)


def revisar(tablas: dict[str, TablaLeida], carpeta: Path, *, forma: str = "csv",
            fallidas: frozenset[str] | set[str] = frozenset()) -> list[Problema]:
    """Revisa columnas, celdas, ids, referencias, ciclos y criterios; devuelve todos los problemas.

    `fallidas` son las tablas que no se pudieron leer: ya tienen su mensaje y no se dan por faltantes.
    """
    problemas: list[Problema] = []
    for nombre, definicion in TABLAS.items():
        if definicion.obligatoria and nombre not in tablas and nombre not in fallidas:
            que = "la hoja" if forma == "xlsx" else "la tabla"
            problemas.append(Problema(
                _archivo(tablas, carpeta, forma), mensaje=f"falta {que} obligatoria «{nombre}».",
                arreglo=f"{como_agregar(nombre, forma)}.",
            ))
    completas: dict[str, TablaLeida] = {}
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        if definicion is None:
            continue
        if _revisar_columnas(tabla, definicion, problemas):
            _revisar_celdas(tabla, definicion, problemas)
            _revisar_ciclos(tabla, definicion, problemas)
            completas[nombre] = tabla
    _revisar_referencias(completas, problemas, forma, {n for n in TABLAS if n not in tablas and n not in fallidas})
    _revisar_municipios_y_criterios(completas, problemas, forma)
    _revisar_articulos(completas, problemas)
    grados.revisar_cargas(completas, problemas)
    alineaciones.revisar(completas, problemas)
    return problemas


