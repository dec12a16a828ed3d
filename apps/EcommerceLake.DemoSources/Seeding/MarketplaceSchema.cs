using System.Text;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// The demo marketplace database (the "SQL Server" of production, here PostgreSQL): schema <c>marketplace</c> with one
/// table per marketplace stream spec (table name = the spec's <see cref="StreamSpec.Origin"/>), typed columns and the
/// spec's primary key. The DDL is generated from <see cref="StreamCatalog.Default"/> so source and specs cannot drift.
/// </summary>
public static class MarketplaceSchema
{
    /// <summary>Schema name, equal to the source name of the marketplace stream specs.</summary>
    public const string Name = "marketplace";

    /// <summary>The marketplace stream specs, in catalog order.</summary>
    public static IReadOnlyList<StreamSpec> Specs => StreamCatalog.Default.ForSource(Name);

    /// <summary>The table names (spec origins), in catalog order.</summary>
    public static IReadOnlyList<string> Tables => Specs.Select(s => s.Origin).ToList();

    /// <summary>The spec whose origin is <paramref name="table"/>.</summary>
    /// <exception cref="KeyNotFoundException">No marketplace spec reads that table.</exception>
    public static StreamSpec SpecOf(string table) =>
        Specs.FirstOrDefault(s => s.Origin == table)
        ?? throw new KeyNotFoundException(
            $"No marketplace stream spec reads table '{table}' (tables: {string.Join(", ", Tables)}).");

    /// <summary>The PostgreSQL type of a logical column type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown type.</exception>
    public static string PostgresType(ColumnType type) => type switch
    {
        ColumnType.String => "text",
        ColumnType.Int => "integer",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => "numeric",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };

    /// <summary><c>CREATE TABLE</c> of <paramref name="spec"/> in schema <paramref name="schema"/>, named after its
    /// origin.</summary>
    /// <exception cref="ArgumentException">An identifier is not allowed in SQL (see <see cref="PgNames"/>).</exception>
    public static string CreateTable(StreamSpec spec, string schema = Name)
    {
        var sql = new StringBuilder($"CREATE TABLE {PgNames.Qualified(schema, spec.Origin)} (");
        foreach (var column in spec.Columns)
        {
            sql.Append($"{PgNames.Quote(column.Name)} {PostgresType(column.Type)}");
            if (!column.Nullable) sql.Append(" NOT NULL");
            sql.Append(", ");
        }
        sql.Append($"PRIMARY KEY ({string.Join(", ", spec.PrimaryKey.Select(PgNames.Quote))}))");
        return sql.ToString();
    }

    /// <summary>The whole DDL: the schema and every table (not idempotent: seeding starts from an empty
    /// database).</summary>
    public static string Ddl() =>
        $"CREATE SCHEMA {PgNames.Quote(Name)};\n" + string.Join(";\n", Specs.Select(s => CreateTable(s))) + ";";
}
