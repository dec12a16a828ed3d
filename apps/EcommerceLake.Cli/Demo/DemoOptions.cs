namespace EcommerceLake.Cli.Demo;

/// <summary>Settings of the main job (<c>lake demo</c>).</summary>
/// <param name="WorkDirectory">Where the private PostgreSQL cluster, the lake and the SFTP drop folder live. Default
/// <c>.lake</c>.</param>
/// <param name="ServerConnectionString">An existing PostgreSQL server to use instead of the private cluster (its
/// databases are created by the job).</param>
/// <param name="DatabasePrefix">Prefix of the job's databases: <c>{prefix}_source</c> and
/// <c>{prefix}_warehouse</c>.</param>
/// <param name="PrivateClusterPort">Loopback port of the private cluster. Default 55432.</param>
/// <param name="Verify">Compare every trusted table with its source table, row for row, after each run.</param>
/// <param name="Scale">1 for the real data; N re-keys every real row N times (benchmarks).</param>
public sealed record DemoOptions(
    string WorkDirectory = ".lake",
    string? ServerConnectionString = null,
    string DatabasePrefix = "lake",
    int PrivateClusterPort = 55432,
    bool Verify = true,
    int Scale = 1);
