"""`field__any_of=[...]`: membership in a list of values passed as one array parameter.

Worklists filter several queries on the ids of one caseload (hundreds of trajectories). As an IN list
every id is a placeholder to compile, to quote and to parse again, and the SQL text grows with the
caseload; as `= ANY(%s)` on PostgreSQL the statement stays the same size whatever the list's length.
Other databases get the IN list.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup
from django.db.models.fields.related import ForeignObject


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)


def register() -> None:
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)
