using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Clusters;
using EcommerceLake.Orchestrator.Freshness;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Sagas;
using EcommerceLake.Orchestrator.StreamControl;
using EcommerceLake.Orchestrator.Triggers;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// EF Core model of schema <c>orchestrator</c> (created by the SQL scripts under <c>Migrations/</c>, not by EF):
/// <c>pipeline_runs</c> (the saga, with <c>streams</c> and <c>marts</c> as <c>jsonb</c> complex types and
/// <c>xmin</c> as row version), <c>committed_offsets</c>, <c>source_leases</c>, <c>offset_audit</c>, <c>alerts</c> and
/// <c>clusters</c>, <c>stream_freshness</c>, <c>stream_controls</c> and <c>stream_control_audit</c>
/// (<c>run_triggers</c> is reached by SQL only).
/// </summary>
public sealed class OrchestratorDbContext(DbContextOptions<OrchestratorDbContext> options) : DbContext(options)
{
    /// <summary>Schema of every orchestrator table.</summary>
    public const string Schema = "orchestrator";

    /// <summary>Pipeline runs (saga instances).</summary>
    public DbSet<PipelineRunState> Runs => Set<PipelineRunState>();

    /// <summary>Committed offsets.</summary>
    public DbSet<CommittedOffset> CommittedOffsets => Set<CommittedOffset>();

    /// <summary>Source leases of active runs.</summary>
    public DbSet<SourceLease> SourceLeases => Set<SourceLease>();

    /// <summary>Refused run requests (<see cref="RunRefusalStore"/>).</summary>
    public DbSet<RunRefusal> RunRefusals => Set<RunRefusal>();

    /// <summary>Operator resets of committed offsets.</summary>
    public DbSet<OffsetAuditEntry> OffsetAudit => Set<OffsetAuditEntry>();

    /// <summary>Alerts raised.</summary>
    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();

    /// <summary>Processing clusters seen.</summary>
    public DbSet<ClusterRecord> Clusters => Set<ClusterRecord>();

    /// <summary>Operator switches of streams (pause, force full).</summary>
    public DbSet<StreamSwitches> StreamSwitches => Set<StreamSwitches>();

    /// <summary>When each stream's data last arrived (freshness).</summary>
    public DbSet<StreamDataArrival> DataArrivals => Set<StreamDataArrival>();

    /// <summary>Operator actions on stream switches.</summary>
    public DbSet<StreamControlAuditEntry> StreamControlAudit => Set<StreamControlAuditEntry>();

    /// <summary>
    /// Configures <paramref name="options"/> for this context: Npgsql on <paramref name="connectionString"/> and
    /// every property mapped to its snake_case column (EFCore.NamingConventions). The container and tests that build
    /// a context by hand both call it (a pooled context cannot change its options in <c>OnConfiguring</c>).
    /// </summary>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();

    /// <summary>The options of a context on <paramref name="connectionString"/>, configured by
    /// <see cref="Configure"/>.</summary>
    public static DbContextOptions<OrchestratorDbContext> Options(string connectionString) =>
        (DbContextOptions<OrchestratorDbContext>)Configure(
            new DbContextOptionsBuilder<OrchestratorDbContext>(), connectionString).Options;

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Columns are named once, in Migrations/*.sql: EFCore.NamingConventions maps every property to its
        // snake_case name (see Configure). Only the properties whose C# name is not the
        // column's name are mapped here (xmin is PostgreSQL's system column); JSON documents keep the C# property
        // names.
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<PipelineRunState>(run =>
        {
            run.ToTable("pipeline_runs");
            run.HasKey(x => x.CorrelationId);
            run.Property(x => x.CorrelationId).HasColumnName("run_id").ValueGeneratedNever();
            run.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
            run.Property(x => x.Trigger).HasConversion(v => WireName.Of(v), s => RunTriggers.FromStored(s));
            run.ComplexCollection(x => x.Streams, streams =>
            {
                streams.ToJson("streams");
                streams.Property(s => s.Status).HasConversion<string>();
            });
            run.ComplexProperty(x => x.Marts, marts =>
            {
                marts.ToJson("marts");
                marts.Property(m => m.Status).HasConversion<string>();
                marts.ComplexCollection(m => m.Tables);
                marts.ComplexCollection(m => m.Chains, chains =>
                {
                    chains.Property(c => c.Status).HasConversion<string>();
                    chains.Property(c => c.Chain).HasConversion<string>();
                    chains.ComplexCollection(c => c.Tables);
                });
            });
        });

        modelBuilder.Entity<CommittedOffset>(offset =>
        {
            offset.ToTable("committed_offsets");
            offset.HasKey(x => new { x.Source, x.Stream });
        });

        modelBuilder.Entity<SourceLease>(lease =>
        {
            lease.ToTable("source_leases");
            lease.HasKey(x => x.Source);
        });

        modelBuilder.Entity<RunRefusal>(refusal =>
        {
            refusal.ToTable("run_refusals");
            refusal.HasKey(x => x.RunId);
            refusal.Property(x => x.Trigger).HasConversion(v => WireName.Of(v), s => RunTriggers.FromStored(s));
        });

        modelBuilder.Entity<OffsetAuditEntry>(audit =>
        {
            audit.ToTable("offset_audit");
            audit.Property(x => x.Id).UseIdentityAlwaysColumn();
        });

        modelBuilder.Entity<AlertRecord>(alert =>
        {
            alert.ToTable("alerts");
            alert.Property(x => x.Id).UseIdentityAlwaysColumn();
            alert.Property(x => x.Key).HasColumnName("alert_key");
            alert.Property(x => x.Kind).HasConversion(v => WireName.Of(v), s => WireName.Parse<AlertKind>(s));
            alert.Property(x => x.Severity)
                .HasConversion(v => WireName.Of(v), s => WireName.Parse<AlertSeverity>(s));
        });

        modelBuilder.Entity<ClusterRecord>(cluster =>
        {
            cluster.ToTable("clusters");
            cluster.HasKey(x => x.Name);
            cluster.Property(x => x.Name).HasColumnName("cluster_name");
        });

        modelBuilder.Entity<StreamSwitches>(switches =>
        {
            switches.ToTable("stream_controls");
            switches.HasKey(x => new { x.Source, x.Stream });
        });

        modelBuilder.Entity<StreamDataArrival>(arrival =>
        {
            arrival.ToTable("stream_freshness");
            arrival.HasKey(x => new { x.Source, x.Stream });
        });

        modelBuilder.Entity<StreamControlAuditEntry>(audit =>
        {
            audit.ToTable("stream_control_audit");
            audit.Property(x => x.Id).UseIdentityAlwaysColumn();
            audit.Property(x => x.Action).HasConversion<string>();
        });
    }
}
