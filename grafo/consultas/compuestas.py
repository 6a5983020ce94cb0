"""Consultas con nombre que grafo arma en Python de otras tablas: siempre por partes, o cuando sus bases llegan juntas.

`vinculos-entre` en un solo SPARQL une cada lado con el otro dentro del motor: 13 s en Oxigraph a
800 instituciones (sus 721 000 filas), porque el motor cruza los dos lados antes de agrupar. Sus
dos mitades (`papeles-en-acciones`, `temas-cubiertos`) son lineales (0,2 s juntas) y los pares se
arman aquí, con un cruce de cada acción o tema consigo mismo: siempre por partes.

Las de `derivadas` (brechas, traslapes, papeles) salen de tablas que una orden suele pedir igual:
`ejecutar_varias` las arma cuando todas sus bases están entre las pedidas (o se arman de ellas), y
si no, corre su `.rq`. Así una minuta hace 9 consultas y no 21. El `.rq` sigue siendo la definición:
las pruebas exigen las mismas filas que él, en cada motor.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grafo.consultas import derivadas

if TYPE_CHECKING:
    import pandas as pd

COLUMNAS_VINCULOS = ["origen", "destino", "tipo", "vinculo", "nombre", "como", "via_origen", "via_destino"]
MITADES_VINCULOS = {"acción": ("papeles-en-acciones", "papel"), "tema": ("temas-cubiertos", "mandato")}
_CLAVE = ["tipo", "vinculo", "nombre"]


def _miembros(mitades: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Una fila por (acción o tema, institución), con sus papeles o mandatos como lista ordenada."""
    import pandas as pd

    partes = []
    for tipo, (consulta, via) in MITADES_VINCULOS.items():
        tabla = mitades[consulta]
        # Una acción compartida se sabe como se sabe la acción; un tema en común lo infiere grafo.
        como = tabla["como"] if "como" in tabla.columns else "inferido"
        partes.append(pd.DataFrame({"tipo": tipo, "vinculo": tabla["vinculo"], "nombre": tabla["nombre"],
                                    "como": como, "institucion": tabla["institucion"], "via": tabla[via]},
                                   dtype=object))
    todas = pd.concat(partes, ignore_index=True)
    # Un valor vacío (None) es un valor más al agrupar, como en el GROUP BY del .rq.
    claves = [todas[c].map(lambda v: "\x00" if v is None else v) for c in (*_CLAVE, "institucion")]
    grupos = todas.groupby(claves, sort=False, dropna=False)["via"]
    miembros = grupos.agg(lambda v: sorted({x for x in v if x is not None}))
    primeros = todas.loc[grupos.head(1).index, [*_CLAVE, "como", "institucion"]].reset_index(drop=True)
    primeros["via"] = miembros.to_numpy()
    return primeros


def vinculos_entre(mitades: Mapping[str, pd.DataFrame], *, origen: Collection[str] | None = None,
                   destino: Collection[str] | None = None) -> pd.DataFrame:
    """Los pares de instituciones que comparten una acción o un tema, con el papel o los mandatos de cada una."""
    import pandas as pd

    miembros = _miembros(mitades)
    lado_o = miembros if origen is None else miembros[miembros["institucion"].isin(list(origen))]
    lado_d = miembros if destino is None else miembros[miembros["institucion"].isin(list(destino))]
    clave = [miembros[c].map(lambda v: "\x00" if v is None else v) for c in _CLAVE]
    miembros = miembros.assign(**{f"_{c}": k for c, k in zip(_CLAVE, clave, strict=True)})
    lado_o, lado_d = miembros.loc[lado_o.index], miembros.loc[lado_d.index]
    union = [f"_{c}" for c in _CLAVE]
    pares = lado_o.merge(lado_d[[*union, "institucion", "via"]], on=union, suffixes=("_o", "_d"))
    pares = pares[pares["institucion_o"] != pares["institucion_d"]]
    pares = pares.sort_values(["institucion_o", "institucion_d", *union], kind="stable")
    return pd.DataFrame({"origen": pares["institucion_o"], "destino": pares["institucion_d"], "tipo": pares["tipo"],
                         "vinculo": pares["vinculo"], "nombre": pares["nombre"], "como": pares["como"],
                         "via_origen": pares["via_o"],
                         "via_destino": pares["via_d"]}, dtype=object).reset_index(drop=True)


def _vinculos(mitades: Mapping[str, pd.DataFrame], pedidos: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    return vinculos_entre(mitades, origen=pedidos.get("origen"), destino=pedidos.get("destino"))


@dataclass(frozen=True)
class Compuesta:
    """Una consulta con nombre armada de otras: sus bases y cómo se unen (con los ids de sus parámetros)."""

    bases: tuple[str, ...]
    armar: Callable[[Mapping[str, pd.DataFrame], Mapping[str, Sequence[str]]], pd.DataFrame]
    siempre: bool = False  # por partes aunque sus bases no se hayan pedido (es más rápida así)
    enlaza: bool = False  # sus bases reciben los ids pedidos (en la misma variable), no solo `armar`


def _sin_parametros(funcion: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame],
                    ) -> Callable[[Mapping[str, pd.DataFrame], Mapping[str, Sequence[str]]], pd.DataFrame]:
    return lambda tablas, _pedidos: funcion(tablas)


COMPUESTAS: dict[str, Compuesta] = {
    "vinculos-entre": Compuesta(tuple(c for c, _ in MITADES_VINCULOS.values()), _vinculos, siempre=True),
    "acciones-sin-responsable": Compuesta(("acciones",), _sin_parametros(derivadas.sin_responsable)),
    "acciones-con-varios-responsables": Compuesta(("acciones",), _sin_parametros(derivadas.varios_responsables)),
    "papeles-en-acciones": Compuesta(("acciones",), _sin_parametros(derivadas.papeles)),
    "temas-cubiertos": Compuesta(("mandatos-por-tema",), _sin_parametros(derivadas.temas_cubiertos)),
    "temas-con-varios-mandatos": Compuesta(("mandatos-por-tema",), _sin_parametros(derivadas.varios_mandatos)),
    "acciones-sin-mandato": Compuesta(("acciones", "temas-cubiertos", "instituciones"),
                                      _sin_parametros(derivadas.sin_mandato)),
    "fundamentos": Compuesta(("mandatos-de-institucion", "acciones-por-mandato"),
                             _sin_parametros(derivadas.fundamentos), siempre=True, enlaza=True),
    "mandatos-sin-accion": Compuesta(("fundamentos",), _sin_parametros(derivadas.mandatos_sin_accion)),
    "instituciones-sin-accion": Compuesta(("fundamentos", "acciones"), _sin_parametros(derivadas.sin_accion)),
}


def alcanzable(nombre: str, pedidas: Collection[str]) -> bool:
    """Si la tabla está entre las pedidas o se arma de ellas (sin consultas que la orden no iba a hacer)."""
    compuesta = COMPUESTAS.get(nombre)
    return nombre in pedidas or (compuesta is not None and all(alcanzable(b, pedidas) for b in compuesta.bases))


def por_partes(nombre: str, pedidas: Collection[str]) -> bool:
    """Si `nombre`, pedida junto con `pedidas`, se arma en Python en vez de correr su `.rq`."""
    compuesta = COMPUESTAS.get(nombre)
    return compuesta is not None and (compuesta.siempre or all(alcanzable(b, pedidas) for b in compuesta.bases))
