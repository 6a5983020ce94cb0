"""Texto para el usuario: sin tildes para comparar y buscar, y los valores sí/no (puro, sin dependencias)."""

from __future__ import annotations

import unicodedata


def sin_tildes(texto: str) -> str:
    """El texto sin marcas diacríticas (`Migración` → `Migracion`); la ñ queda n."""
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


def forma_de_busqueda(texto: str) -> str:
    """Sin tildes ni mayúsculas (`Migración` → `migracion`), para buscar y comparar."""
    return sin_tildes(texto).casefold()


def si_no(valor: object, *, ninguno: str = "—") -> str:
    """`sí` o `no` para un booleano; `ninguno` para cualquier otra cosa (sin dato)."""
    return "sí" if valor is True else "no" if valor is False else ninguno
