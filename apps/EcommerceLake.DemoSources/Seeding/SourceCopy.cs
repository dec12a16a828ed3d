using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using Npgsql;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>Binary COPY of dataset rows into a source table, straight or through a staging table
/// (insert-if-absent).</summary>
internal static class SourceCopy
{
    /// <summary>COPYs <paramref name="rows"/> (values in <paramref name="columns"/> order) into
    /// <c>schema.table</c>.</summary>
    /// <returns>Rows written.</returns>
    public static async Task<long> CopyAsync(
        NpgsqlConnection connection, string schema, string table, IReadOnlyList<ColumnSpec> columns,
        IEnumerable<string?[]> rows, string origin, CancellationToken cancellationToken)
    {
        var columnList = string.Join(", ", columns.Select(c => PgNames.Quote(c.Name)));
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {PgNames.Qualified(schema, table)} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long count = 0;
        foreach (var row in rows)
            await SourceValues.WriteRowAsync(writer, columns, row, origin, ++count, cancellationToken);
        return (long)await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts the rows whose primary key is not yet in <c>schema.table</c>: COPY into a temporary staging table
    /// (dropped at commit, so call it inside a transaction), then <c>INSERT … ON CONFLICT DO NOTHING</c>. Row
    /// triggers (change tracking) fire for the inserted rows only.
    /// </summary>
    /// <returns>Rows actually inserted.</returns>
    public static async Task<long> InsertMissingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string table,
        IReadOnlyList<ColumnSpec> columns,
        IEnumerable<string?[]> rows, string origin, CancellationToken cancellationToken)
    {
        var stage = PgNames.Validate($"stage_{table}");
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE {PgNames.Quote(stage)} (LIKE {PgNames.Qualified(schema, table)}) ON COMMIT DROP",
                connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);

        var columnList = string.Join(", ", columns.Select(c => PgNames.Quote(c.Name)));
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"COPY {PgNames.Quote(stage)} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            long count = 0;
            foreach (var row in rows)
                await SourceValues.WriteRowAsync(writer, columns, row, origin, ++count, cancellationToken);
            await writer.CompleteAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {PgNames.Qualified(schema, table)} ({columnList}) SELECT {columnList} " +
            $"FROM {PgNames.Quote(stage)} ON CONFLICT DO NOTHING",
            connection, transaction);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
