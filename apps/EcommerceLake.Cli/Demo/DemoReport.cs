using EcommerceLake.Cli.Embedded;

namespace EcommerceLake.Cli.Demo;

/// <summary>What the main job did: both runs, the source counts around them, and the verifications.</summary>
public sealed class DemoReport
{
    /// <summary>The full run.</summary>
    public RunReport? Full { get; set; }

    /// <summary>The incremental run after the change batch.</summary>
    public RunReport? Incremental { get; set; }

    /// <summary>Rows per stream (<c>source.stream</c>) in the sources after seeding.</summary>
    public Dictionary<string, long> SourceRowsBefore { get; } = [];

    /// <summary>Rows per stream in the sources after the change batch.</summary>
    public Dictionary<string, long> SourceRowsAfter { get; } = [];

    /// <summary>Trusted-versus-source comparison after the full run.</summary>
    public List<StreamVerification> VerifiedAfterFull { get; } = [];

    /// <summary>Trusted-versus-source comparison after the incremental run.</summary>
    public List<StreamVerification> VerifiedAfterIncremental { get; } = [];

    /// <summary>Description of the change batch applied between the runs.</summary>
    public string ChangeBatch { get; set; } = "";

    /// <summary>Connection string of the source database the job created.</summary>
    public string SourceConnectionString { get; set; } = "";

    /// <summary>Connection string of the warehouse database the job created.</summary>
    public string WarehouseConnectionString { get; set; } = "";

    /// <summary>The CSV drop folder.</summary>
    public string DropDirectory { get; set; } = "";

    /// <summary>The SFTP endpoint the files source read the drop from
    /// (<c>sftp://user@127.0.0.1:port/dir</c>).</summary>
    public string SftpEndpoint { get; set; } = "";

    /// <summary>Seconds spent seeding the sources.</summary>
    public double SeedSeconds { get; set; }

    /// <summary>True when both runs completed and every verification matched.</summary>
    public bool Succeeded =>
        Full?.Outcome == "Completed" && Incremental?.Outcome == "Completed"
        && VerifiedAfterFull.All(v => v.Matches) && VerifiedAfterIncremental.All(v => v.Matches);
}
