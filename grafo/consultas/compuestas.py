"""Consultas con nombre que grafo resuelve uniendo dos consultas lineales (pandas las une en C).

`vinculos-entre` en un solo SPARQL une cada lado con el otro dentro del motor: 13 s en Oxigraph a
800 instituciones (sus 721 000 filas), porque el motor cruza los dos lados antes de agrupar. Sus
dos mitades (`papeles-en-acciones`, `temas-cubiertos`) son lineales (0,2 s juntas) y los pares se
arman aquí, con un cruce de cada acción o tema consigo mismo. El `.rq` sigue siendo la definición:
las pruebas exigen las mismas filas que él, en cada motor.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

COLUMNAS_VINCULOS = ["origen", "destino", "tipo", "vinculo", "nombre", "via_origen", "via_destino"]
MITADES_VINCULOS = {"acción": ("papeles-en-acciones", "papel"), "tema": ("temas-cubiertos", "mandato")}
_CLAVE = ["tipo", "vinculo", "nombre"]


def _miembros(mitades: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Una fila por (acción o tema, institución), con sus papeles o mandatos como lista ordenada."""
    import pandas as pd

    partes = []
    for tipo, (consulta, via) in MITADES_VINCULOS.items():
        tabla = mitades[consulta]
        partes.append(pd.DataFrame({"tipo": tipo, "vinculo": tabla["vinculo"], "nombre": tabla["nombre"],
                                    "institucion": tabla["institucion"], "via": tabla[via]}, dtype=object))
    todas = pd.concat(partes, ignore_index=True)
    # Un valor vacío (None) es un valor más al agrupar, como en el GROUP BY del .rq.
    claves = [todas[c].map(lambda v: "\x00" if v is None else v) for c in (*_CLAVE, "institucion")]
    grupos = todas.groupby(claves, sort=False, dropna=False)["via"]
    miembros = grupos.agg(lambda v: sorted({x for x in v if x is not None}))
    primeros = todas.loc[grupos.head(1).index, [*_CLAVE, "institucion"]].reset_index(drop=True)
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
                         "vinculo": pares["vinculo"], "nombre": pares["nombre"], "via_origen": pares["via_o"],
                         "via_destino": pares["via_d"]}, dtype=object).reset_index(drop=True)


def _vinculos(mitades: Mapping[str, pd.DataFrame], pedidos: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    return vinculos_entre(mitades, origen=pedidos.get("origen"), destino=pedidos.get("destino"))


# Consulta → (sus mitades lineales, cómo se unen con los valores de sus parámetros por variable).
COMPUESTAS: dict[str, tuple[tuple[str, ...], Callable[[Mapping[str, pd.DataFrame], Mapping[str, Sequence[str]]],
                                                        pd.DataFrame]]] = {
    "vinculos-entre": (tuple(c for c, _ in MITADES_VINCULOS.values()), _vinculos),
}
