"""Paquetes de datos sintéticos y válidos, a la escala pedida, para medir y probar.

Los datos son inventados (cada fila lo dice en `fuente`) y tienen la forma de los reales:
instituciones con dependencias, instrumentos con artículos, un árbol de temas de varios
niveles, mandatos concentrados en pocas instituciones (como en la realidad, hay ejes de
coordinación), acciones con y sin responsables, y municipios con criterios. La misma
semilla da los mismos archivos.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
from dataclasses import dataclass
from pathlib import Path

from grafo.paquete.esquema import NIVELES, TIPOS_INSTITUCION, TIPOS_INSTRUMENTO
from grafo.texto import SI_NO

FUENTE = "Dato sintético generado por grafo.paquete.sintetico (no es un dato real) [PROP]"
# Tripletas por institución, medidas sobre la salida de `generar` (ver `instituciones_para`).
TRIPLETAS_POR_INSTITUCION = 133.2
# La ontología y los marcos internacionales (ontologia/marco-*.ttl: 2 310 tripletas), en todo grafo.
TRIPLETAS_FIJAS = 570 + 2_310
MAX_MUNICIPIOS = 99 * 99  # código de 4 dígitos: departamento 01–99, municipio 01–99


@dataclass(frozen=True)
class Dimensiones:
    """Cuántas filas tiene cada tabla del paquete generado."""

    instituciones: int
    instrumentos: int
    temas: int
    mandatos: int
    ejes: int
    acciones: int
    municipios: int

    @classmethod
    def para(cls, instituciones: int) -> Dimensiones:
        """Proporciones de los datos reales, a partir del número de instituciones."""
        n = max(instituciones, 4)
        return cls(
            instituciones=n,
            instrumentos=max(3, n // 4),
            temas=max(8, n // 3),
            mandatos=3 * n,
            ejes=4 + n // 2_000,
            acciones=2 * n,
            municipios=min(MAX_MUNICIPIOS, max(20, n)),
        )


def instituciones_para(tripletas: int) -> int:
    """Cuántas instituciones hacen falta para unas `tripletas` aproximadas."""
    return max(4, math.ceil((tripletas - TRIPLETAS_FIJAS) / TRIPLETAS_POR_INSTITUCION))


def _escribir(ruta: Path, columnas: list[str], filas: list[list[str]]) -> None:
    with ruta.open("w", encoding="utf-8", newline="") as archivo:
        escritor = csv.writer(archivo)
        escritor.writerow(columnas)
        escritor.writerows(filas)


def _algunos(azar: random.Random, poblacion: list[str], acumulado: list[float] | None, cuantos: int) -> str:
    """Hasta `cuantos` ids distintos, ordenados y unidos por `;`."""
    if cuantos <= 0:
        return ""
    elegidos = set(azar.choices(poblacion, cum_weights=acumulado, k=cuantos))
    return ";".join(sorted(elegidos))


def _instituciones(destino: Path, azar: random.Random, d: Dimensiones) -> list[str]:
    ids_inst = [f"INST-{i:06d}" for i in range(d.instituciones)]
    filas_inst = []
    for i, ident in enumerate(ids_inst):
        # Una de cada cinco es dependencia de una anterior: así no hay ciclos.
        padre = ids_inst[azar.randrange(i)] if i > 0 and azar.random() < 0.2 else ""
        tipo = "dependencia" if padre else azar.choice(TIPOS_INSTITUCION)
        filas_inst.append([ident, f"Institución sintética {i}", tipo, azar.choice(NIVELES), padre, FUENTE])
    _escribir(destino / "instituciones.csv", ["id", "nombre", "tipo", "nivel", "depende_de", "fuente"], filas_inst)
    return ids_inst


def _instrumentos_y_temas(destino: Path, azar: random.Random, d: Dimensiones) -> tuple[list[str], list[str]]:
    ids_instr = [f"INSTR-{i:05d}" for i in range(d.instrumentos)]
    _escribir(destino / "instrumentos.csv", ["id", "titulo", "tipo", "numero", "fecha", "fuente"], [
        [ident, f"Instrumento sintético {i}", azar.choice(TIPOS_INSTRUMENTO), f"{i}-{2000 + i % 25}",
         f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}", FUENTE]
        for i, ident in enumerate(ids_instr)])
    # Árbol de temas: cada tema cuelga de uno anterior o es raíz; la profundidad llega a 5 niveles.
    ids_tema = [f"TEMA-{i:05d}" for i in range(d.temas)]
    nivel: list[int] = []
    filas_tema = []
    for i, ident in enumerate(ids_tema):
        candidatos = [j for j in range(max(0, i - 50), i) if nivel[j] < 4]
        padre = azar.choice(candidatos) if candidatos and azar.random() < 0.85 else None
        nivel.append(0 if padre is None else nivel[padre] + 1)
        filas_tema.append([ident, f"Tema sintético {i}", "" if padre is None else ids_tema[padre], FUENTE])
    _escribir(destino / "temas.csv", ["id", "nombre", "tema_padre", "fuente"], filas_tema)
    return ids_instr, ids_tema


def _mandatos_ejes_y_acciones(destino: Path, azar: random.Random, d: Dimensiones, ids_inst: list[str],
                              ids_instr: list[str], ids_tema: list[str]) -> None:
    # Pocas instituciones concentran muchos mandatos y acciones (ley de potencias, como en los datos).
    peso_inst = [1.0 / (1 + i) ** 0.8 for i in range(d.instituciones)]
    azar.shuffle(peso_inst)
    acumulado = list(itertools.accumulate(peso_inst))
    filas_mand = []
    for i in range(d.mandatos):
        articulo = str(1 + azar.randrange(200))
        verificado = SI_NO[0] if azar.random() < 0.8 else SI_NO[1]
        filas_mand.append([
            f"M-{i:06d}", azar.choices(ids_inst, cum_weights=acumulado)[0], azar.choice(ids_instr), articulo,
            f"Mandato sintético {i}", _algunos(azar, ids_tema, None, 1 + azar.randrange(3)), verificado, FUENTE])
    _escribir(destino / "mandatos.csv",
              ["id", "institucion", "instrumento", "articulo", "descripcion", "temas", "verificado", "fuente"],
              filas_mand)
    ids_eje = [f"EJE-{i + 1}" for i in range(d.ejes)]
    _escribir(destino / "ejes.csv", ["id", "nombre", "fuente"],
              [[e, f"Eje sintético {i + 1}", FUENTE] for i, e in enumerate(ids_eje)])
    filas_acc = []
    for i in range(d.acciones):
        # Una de cada diez acciones no tiene responsable: las brechas existen a toda escala.
        responsables = _algunos(azar, ids_inst, acumulado, 0 if azar.random() < 0.1 else 1 + azar.randrange(3))
        filas_acc.append([
            f"A-{i:06d}", f"Acción sintética {i}", azar.choice(ids_eje) if azar.random() < 0.9 else "",
            _algunos(azar, ids_tema, None, azar.randrange(4)), responsables,
            _algunos(azar, ids_inst, acumulado, azar.randrange(4)), str(2024 + i % 2), SI_NO[0], FUENTE])
    _escribir(destino / "acciones.csv",
              ["id", "descripcion", "eje", "temas", "responsables", "vinculadas", "periodo", "ilustrativa", "fuente"],
              filas_acc)


def _municipios_y_criterios(destino: Path, azar: random.Random, d: Dimensiones) -> None:
    filas_mun = []
    for i in range(d.municipios):
        codigo = f"{1 + i // 99:02d}{1 + i % 99:02d}"
        deportados = "" if azar.random() < 0.3 else str(azar.randrange(2_000))
        filas_mun.append([codigo, f"Municipio sintético {i}", f"Departamento {1 + i // 99}",
                          f"{azar.uniform(20, 2_000):.2f}", deportados, str(int(azar.random() < 0.05)),
                          str(azar.randrange(3)), str(int(azar.random() < 0.1)), FUENTE])
    _escribir(destino / "municipios.csv",
              ["codigo", "nombre", "departamento", "area_km2", "deportados_2025", "oficina_migracion",
               "centro_pasaportes", "region_trifinio", "fuente"], filas_mun)
    _escribir(destino / "criterios.csv", ["criterio", "columna", "peso", "sentido", "fuente"], [
        ["Personas deportadas (sintético)", "deportados_2025", "0.7", "mayor", FUENTE],
        ["Centros de pasaportes (sintético)", "centro_pasaportes", "0.15", "menor", FUENTE],
        ["Región Trifinio (sintético)", "region_trifinio", "0.15", "mayor", FUENTE],
    ])


def generar(destino: Path | str, *, instituciones: int, semilla: int = 7) -> Dimensiones:
    """Escribe en `destino` un paquete CSV válido con `instituciones` instituciones."""
    destino = Path(destino)
    destino.mkdir(parents=True, exist_ok=True)
    # Un solo generador, en el mismo orden de tabla en tabla: la misma semilla da los mismos bytes.
    azar = random.Random(semilla)
    d = Dimensiones.para(instituciones)
    ids_inst = _instituciones(destino, azar, d)
    ids_instr, ids_tema = _instrumentos_y_temas(destino, azar, d)
    _mandatos_ejes_y_acciones(destino, azar, d, ids_inst, ids_instr, ids_tema)
    _municipios_y_criterios(destino, azar, d)
    return d
