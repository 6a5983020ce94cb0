"""Consultas con nombre que se escriben desde el registro de clases (`grafo.clases`), no a mano.

`textos` (lo que recorre la búsqueda) y `resumen-clases` (cuántas entidades hay de cada clase) nombran
cada clase: escritas a mano, eran dos lugares más que tocar al agregar una. Se leen como las `.rq`
(`grafo consultas` las lista, `grafo consultar` las corre) y son SPARQL 1.1 que corre en cualquier motor.
"""

from __future__ import annotations

from collections.abc import Callable

from grafo.clases import BUSCABLES, CLASES, Clase
from grafo.rdf.espacios import DCTERMS
from grafo.texto import con_mayuscula


def _rama_textos(clase: Clase, campo: str, propiedad: str) -> str:
    # En español (o sin idioma): los marcos internacionales traen también su etiqueta en inglés.
    return (f"  {{\n    {clase.patron}\n    ?x <{DCTERMS}identifier> ?id ; <{propiedad}> ?texto .\n"
            "    FILTER(LANG(?texto) IN (\"es\", \"\"))\n"
            f"    BIND(\"{clase.clave}\" AS ?clase) BIND(\"{campo}\" AS ?campo)\n  }}")


def textos() -> str:
    """Cada texto buscable de cada clase, con su clase, su id y su campo."""
    ramas = " UNION\n".join(_rama_textos(c, campo, propiedad) for c in BUSCABLES for campo, propiedad in c.textos)
    nombres = ", ".join(c.plural for c in BUSCABLES)
    return ("# titulo: Textos del grafo\n"
            f"# descripcion: Cada texto que se puede buscar ({nombres}), con la clase y el id de su entidad. "
            "Es lo que recorre «grafo buscar».\n"
            "# parametros: ninguno\n"
            "SELECT ?clase ?id ?campo ?texto\nWHERE {\n" + ramas + "\n}\nORDER BY ?clase ?id ?campo ?texto\n")


def resumen_clases() -> str:
    """Cuántas entidades hay de cada clase que el resumen cuenta, en su orden."""
    contadas = sorted((c for c in CLASES if c.en_resumen is not None), key=lambda c: c.en_resumen or 0)
    ramas = " UNION\n".join(
        f"  {{ VALUES (?orden ?clase) {{ ({c.en_resumen} \"{con_mayuscula(c.plural)}\") }} "
        f"OPTIONAL {{ {c.patron} }} }}" for c in contadas)
    nombres = ", ".join(c.plural for c in contadas)
    return ("# titulo: Entidades por clase\n"
            f"# descripcion: Cuántas entidades tiene el grafo de cada clase: {nombres}.\n"
            "# parametros: ninguno\n"
            "SELECT ?orden ?clase (COUNT(DISTINCT ?x) AS ?cantidad)\nWHERE {\n" + ramas + "\n}\n"
            "GROUP BY ?orden ?clase\nORDER BY ?orden\n")


GENERADAS: dict[str, Callable[[], str]] = {"textos": textos, "resumen-clases": resumen_clases}
