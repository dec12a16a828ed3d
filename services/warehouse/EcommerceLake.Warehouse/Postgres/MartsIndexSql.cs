using System.Data.Common;
using EcommerceLake.Postgres;

namespace EcommerceLake.Warehouse.Postgres;

/// <summary>
/// The SQL that sets the indexes of the marts tables aside while a full build fills them again: each is dropped after
/// the <c>TRUNCATE</c> and built again once the tables are full, so that an index is built by one sort of its keys
/// instead of one index insertion per row (PostgreSQL documentation, "Populating a Database", 14.4.3 "Remove
/// Indexes"). An index that backs a constraint (a primary key) is dropped and added back as that constraint, from
/// <c>pg_get_constraintdef</c>; any other index from <c>pg_get_indexdef</c>, so both come back as they were. Indexes
/// of a table that a foreign key references stay in place. The build runs all of it in its transaction, under the
/// <c>ACCESS EXCLUSIVE</c> lock its <c>TRUNCATE</c> took, so no reader sees a table without its indexes and a failed
/// build rolls the drops back with everything else.
/// </summary>
/// <remarks>Measured on the ×10 benchmark's warehouse (<c>benchmarks/results/session20-experiments.txt</c>): the full
/// build of <c>order_lines</c> (269,791 rows) took 2.41–3.10 s with its <c>order_id</c> index in place, and
/// 1.98–2.47 s without it plus 0.11–0.17 s to build it afterwards.</remarks>
internal static class MartsIndexSql
{
    /// <summary>The indexes of the marts tables named in <c>$1</c> (<c>text[]</c>, names without the schema), one row
    /// each: table, index, <c>pg_get_indexdef</c>, and the constraint it backs with its <c>pg_get_constraintdef</c>
    /// (both null for a plain index). Read the rows with <see cref="Statements"/>.</summary>
    public const string List =
        """
        SELECT t.relname, x.relname, pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
        FROM pg_index AS i
        JOIN pg_class AS t ON t.oid = i.indrelid
        JOIN pg_class AS x ON x.oid = i.indexrelid
        LEFT JOIN pg_constraint AS c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
        WHERE t.relnamespace = 'marts'::regnamespace AND t.relname = ANY ($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint AS f WHERE f.contype = 'f' AND f.confrelid = i.indrelid)
        ORDER BY t.relname, x.relname
        """;

    /// <summary>The statement that drops the index of one row of <see cref="List"/> and the one that builds it
    /// again.</summary>
    /// <exception cref="ArgumentException">A table, index or constraint name is not a plain identifier
    /// (<see cref="PgNames.Quote"/>).</exception>
    public static (string Drop, string Restore) Statements(DbDataReader row)
    {
        var table = PgNames.Qualified("marts", row.GetString(0));
        if (row.IsDBNull(3))
            return ($"DROP INDEX {PgNames.Qualified("marts", row.GetString(1))}", row.GetString(2));
        var constraint = PgNames.Quote(row.GetString(3));
        return ($"ALTER TABLE {table} DROP CONSTRAINT {constraint}",
            $"ALTER TABLE {table} ADD CONSTRAINT {constraint} {row.GetString(4)}");
    }
}
