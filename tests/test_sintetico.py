"""El generador sintético: paquetes válidos, reproducibles, del tamaño pedido y con brechas y traslapes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from grafo import consultas, motores
from grafo.paquete import fuentes, sintetico
from grafo.rdf import almacen, validacion


def _huella(carpeta: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(carpeta.glob("*.csv")))).hexdigest()


def test_paquete_valido_y_conforme(tmp_path: Path) -> None:
    dimensiones = sintetico.generar(tmp_path, instituciones=60, semilla=3)
    paquete = fuentes.leer_paquete(tmp_path)  # lanza DatosInvalidos si algo no cuadra
    assert len(paquete.tabla("instituciones").datos) == dimensiones.instituciones == 60
    assert len(paquete.tabla("acciones").datos) == dimensiones.acciones
    grafo = motores.local(almacen.construir(paquete))
    assert validacion.validar(grafo).conforme
    # Las consultas del contrato encuentran brechas y traslapes también en datos sintéticos.
    for nombre in ("acciones-sin-responsable", "temas-con-varios-mandatos", "acciones-con-varios-responsables"):
        assert len(consultas.ejecutar(grafo, consultas.cargar(nombre))) > 0, nombre


def test_misma_semilla_mismos_archivos(tmp_path: Path) -> None:
    sintetico.generar(tmp_path / "a", instituciones=30, semilla=7)
    sintetico.generar(tmp_path / "b", instituciones=30, semilla=7)
    sintetico.generar(tmp_path / "c", instituciones=30, semilla=8)
    assert _huella(tmp_path / "a") == _huella(tmp_path / "b") != _huella(tmp_path / "c")


def test_temas_con_profundidad(tmp_path: Path) -> None:
    sintetico.generar(tmp_path, instituciones=300)
    temas = fuentes.leer_paquete(tmp_path).tabla("temas").datos
    padre = dict(zip(temas["id"], temas["tema_padre"], strict=True))

    def profundidad(tema: str) -> int:
        return 0 if not padre[tema] else 1 + profundidad(padre[tema])

    assert max(profundidad(t) for t in padre) >= 3


@pytest.mark.parametrize("objetivo", [5_000, 40_000])
def test_el_tamano_pedido_en_tripletas(tmp_path: Path, objetivo: int) -> None:
    sintetico.generar(tmp_path, instituciones=sintetico.instituciones_para(objetivo))
    tripletas = almacen.contar(almacen.construir(fuentes.leer_paquete(tmp_path)))
    assert abs(tripletas - objetivo) / objetivo < 0.1
