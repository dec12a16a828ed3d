using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Warehouse;

/// <summary>
/// Configuration section <c>Warehouse</c>, plus the connection string <c>ConnectionStrings:Warehouse</c> (required with
/// the PostgreSQL engine; or <c>Warehouse:ConnectionStringFile</c> naming a file whose first line holds it, for mounted
/// secrets). The connection string carries credentials and is never logged. With <c>Warehouse:Engine=BigQuery</c> the
/// engine's settings are in <c>Warehouse:BigQuery</c> (<see cref="BigQuery.BigQueryOptions"/>) and <c>GoogleCloud</c>.
/// </summary>
public sealed class WarehouseOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Warehouse";

    /// <summary>Configuration key of the warehouse connection string.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Warehouse";

    /// <summary>
    /// <c>Warehouse:Engine</c>: <c>Postgres</c> (default) or <c>BigQuery</c>. Read when the service is registered.
    /// </summary>
    public WarehouseEngineKind Engine { get; set; } = WarehouseEngineKind.Postgres;

    /// <summary>
    /// The PostgreSQL connection string, filled from <c>ConnectionStrings:Warehouse</c> (or the file of
    /// <see cref="ConnectionStringFile"/>) when the options are built; validated at start.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>Warehouse:ConnectionStringFile</c>: path of a file whose first line is the connection string; used
    /// when <c>ConnectionStrings:Warehouse</c> is not set.</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary><c>Warehouse:CommandTimeoutSeconds</c>: time limit of each SQL statement of a load or a marts build,
    /// seconds, 1 to 86 400. Default 3 600.</summary>
    [Range(1, 86_400)]
    public int CommandTimeoutSeconds { get; set; } = 3_600;

    /// <summary><c>Warehouse:WorkMem</c>: PostgreSQL <c>work_mem</c> of each load and marts build transaction, a
    /// whole number followed by <c>kB</c>, <c>MB</c> or <c>GB</c> (PostgreSQL's memory units). Each sort or hash of a
    /// statement may use this much before spilling to disk, so a ×10 batch's de-duplication and the marts' groupings
    /// stay in memory. Default <c>64MB</c>.</summary>
    [RegularExpression(@"^[0-9]{1,7}(kB|MB|GB)$",
        ErrorMessage = "Warehouse:WorkMem must be a whole number followed by kB, MB or GB, such as 64MB.")]
    public string WorkMem { get; set; } = "64MB";

    /// <summary><c>Warehouse:Jit</c>: whether PostgreSQL may compile the statements of loads and marts builds with
    /// LLVM (its <c>jit</c> setting). Default false: a marts statement whose estimated cost passes
    /// <c>jit_above_cost</c> spent more time compiling than the JIT saved (1.7 s of a 4.0 s incremental
    /// <c>bought_together</c> at ×10); the server's setting applies to every other session.</summary>
    public bool Jit { get; set; }

    /// <summary><c>Warehouse:StatisticsTarget</c>: PostgreSQL <c>default_statistics_target</c> of each load and marts
    /// build transaction, 1 to 10 000, which sizes the <c>ANALYZE</c>s they run: of a trusted table a mart reads,
    /// after its initial load, and of a marts build's temporary tables. An <c>ANALYZE</c> samples 300 rows per unit
    /// of target (PostgreSQL docs, <c>ANALYZE</c>, "Notes") and keeps that many most common values and histogram
    /// buckets per column. Default 10 (3,000 rows): enough for the row counts, widths and null fractions the marts
    /// build right after plans on. Autovacuum analyzes the table again at the server's own target within a minute
    /// (the load's rows count towards its threshold). At ×10 one such <c>ANALYZE</c> took 25–36 ms against
    /// 155–680 ms at PostgreSQL's default of 100, and the replayed marts built in the same time
    /// (<c>benchmarks/results/session21-experiments.txt</c>).</summary>
    [Range(1, 10_000, ErrorMessage = "Warehouse:StatisticsTarget must be between 1 and 10000.")]
    public int StatisticsTarget { get; set; } = 10;

    /// <summary><c>Warehouse:ConcurrentLoads</c>: <c>LoadStream</c> commands one warehouse instance runs at once (its
    /// endpoint's concurrency and prefetch), 1 to 256; unset (the default), <c>Bus:PrefetchCount</c>. Each load is one
    /// database transaction that copies, appends and merges a batch: a lower value keeps a small warehouse server
    /// from merging every stream of a run at once. <c>BuildMarts</c> keeps <c>Bus:PrefetchCount</c>.</summary>
    [Range(1, 256, ErrorMessage = "Warehouse:ConcurrentLoads must be between 1 and 256.")]
    public int? ConcurrentLoads { get; set; }
}
