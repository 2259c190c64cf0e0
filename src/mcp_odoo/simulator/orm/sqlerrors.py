"""PostgreSQL errors Odoo lets through, with psql's `LINE 1:` excerpt of the failing query."""

from __future__ import annotations

from ..exceptions import DatabaseError

_WINDOW = 60
_AFTER_CURSOR = 10


def _excerpt(sql: str, cursor: int) -> tuple[str, int]:
    """The part of the query psql shows around `cursor`, and the cursor's column in it."""
    if len(sql) <= _WINDOW:
        return sql, cursor
    end = min(len(sql), cursor + _AFTER_CURSOR)
    start = max(0, end - _WINDOW)
    text = sql[start:end]
    column = cursor - start
    if start > 0:
        text, column = "..." + text, column + 3
    if end < len(sql):
        text += "..."
    return text, column


def invalid_text_representation(sql_type: str, literal: str, sql: str) -> DatabaseError:
    """`psycopg2.errors.InvalidTextRepresentation` for `literal` quoted inside `sql`."""
    quoted = "'" + literal.replace("'", "''") + "'"
    cursor = sql.index(quoted)
    text, column = _excerpt(sql, cursor)
    prefix = "LINE 1: "
    message = (
        f'invalid input syntax for type {sql_type}: "{literal}"\n'
        f"{prefix}{text}\n{' ' * (len(prefix) + column)}^\n"
    )
    return DatabaseError("psycopg2.errors.InvalidTextRepresentation", message)


def order_sql(table: str, terms: list[tuple[str, bool]]) -> str:
    return " , ".join(f'"{table}"."{name}" {"DESC" if descending else "ASC"}' for name, descending in terms)


def bad_limit_error(
    model: str, terms: list[tuple[str, bool]], value: str, clause: str = "LIMIT"
) -> DatabaseError:
    """A non-numeric LIMIT or OFFSET, as PostgreSQL rejects it."""
    table = model.replace(".", "_")
    sql = f'SELECT "{table}"."id" FROM "{table}" ORDER BY {order_sql(table, terms)}  {clause} \'{value}\''
    return invalid_text_representation("bigint", value, sql)


def bad_id_error(model: str, series: str, value: str) -> DatabaseError:
    table = model.replace(".", "_")
    condition = f'"{table}"."id" IN (\'{value}\')'
    where = f"({condition})" if series == "18.0" else condition
    sql = f'SELECT "{table}"."id" FROM "{table}" WHERE {where} AND "{table}"."active" IS TRUE'
    return invalid_text_representation("integer", value, sql)
