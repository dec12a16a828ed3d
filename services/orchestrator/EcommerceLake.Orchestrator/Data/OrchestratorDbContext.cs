using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Orchestrator.Clusters;
using EcommerceLake.Orchestrator.Offsets;
using EcommerceLake.Orchestrator.Sagas;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Data;

/// <summary>
/// EF Core model of schema <c>orchestrator</c> (created by the SQL scripts under <c>Migrations/</c>, not by EF):
/// <c>pipeline_runs</c> (the saga, with <c>streams</c> and <c>marts</c> as <c>jsonb</c> complex types and
/// <c>xmin</c> as row version), <c>committed_offsets</c>, <c>source_leases</c>, <c>offset_audit</c>, <c>alerts</c> and
/// <c>clusters</c> (<c>run_triggers</c> is reached by SQL only).
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

    /// <summary>Operator resets of committed offsets.</summary>
    public DbSet<OffsetAuditEntry> OffsetAudit => Set<OffsetAuditEntry>();

    /// <summary>Alerts raised.</summary>
    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();

    /// <summary>Processing clusters seen.</summary>
    public DbSet<ClusterRecord> Clusters => Set<ClusterRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<PipelineRunState>(run =>
        {
            run.ToTable("pipeline_runs");
            run.HasKey(x => x.CorrelationId);
            run.Property(x => x.CorrelationId).HasColumnName("run_id").ValueGeneratedNever();
            run.Property(x => x.CurrentState).HasColumnName("current_state");
            run.Property(x => x.Sources).HasColumnName("sources");
            run.Property(x => x.Trigger).HasColumnName("trigger");
            run.Property(x => x.RequestedBy).HasColumnName("requested_by");
            run.Property(x => x.ForceFull).HasColumnName("force_full");
            run.Property(x => x.CreatedAt).HasColumnName("created_at");
            run.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            run.Property(x => x.CompletedAt).HasColumnName("completed_at");
            run.Property(x => x.Error).HasColumnName("error");
            run.Property(x => x.TraceId).HasColumnName("trace_id");
            run.Property(x => x.Version).IsRowVersion();
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
            });
        });

        modelBuilder.Entity<CommittedOffset>(offset =>
        {
            offset.ToTable("committed_offsets");
            offset.HasKey(x => new { x.Source, x.Stream });
            offset.Property(x => x.Source).HasColumnName("source");
            offset.Property(x => x.Stream).HasColumnName("stream");
            offset.Property(x => x.Offset).HasColumnName("offset");
            offset.Property(x => x.RunId).HasColumnName("run_id");
            offset.Property(x => x.CommittedAt).HasColumnName("committed_at");
        });

        modelBuilder.Entity<SourceLease>(lease =>
        {
            lease.ToTable("source_leases");
            lease.HasKey(x => x.Source);
            lease.Property(x => x.Source).HasColumnName("source");
            lease.Property(x => x.RunId).HasColumnName("run_id");
            lease.Property(x => x.AcquiredAt).HasColumnName("acquired_at");
        });

        modelBuilder.Entity<OffsetAuditEntry>(audit =>
        {
            audit.ToTable("offset_audit");
            audit.HasKey(x => x.Id);
            audit.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            audit.Property(x => x.Source).HasColumnName("source");
            audit.Property(x => x.Stream).HasColumnName("stream");
            audit.Property(x => x.OldOffset).HasColumnName("old_offset");
            audit.Property(x => x.NewOffset).HasColumnName("new_offset");
            audit.Property(x => x.RequestedBy).HasColumnName("requested_by");
            audit.Property(x => x.Reason).HasColumnName("reason");
            audit.Property(x => x.ResetAt).HasColumnName("reset_at");
        });

        modelBuilder.Entity<AlertRecord>(alert =>
        {
            alert.ToTable("alerts");
            alert.HasKey(x => x.Id);
            alert.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            alert.Property(x => x.Key).HasColumnName("alert_key");
            alert.Property(x => x.Kind).HasColumnName("kind");
            alert.Property(x => x.Severity).HasColumnName("severity");
            alert.Property(x => x.RunId).HasColumnName("run_id");
            alert.Property(x => x.Source).HasColumnName("source");
            alert.Property(x => x.Stream).HasColumnName("stream");
            alert.Property(x => x.Message).HasColumnName("message");
            alert.Property(x => x.RaisedAt).HasColumnName("raised_at");
        });

        modelBuilder.Entity<ClusterRecord>(cluster =>
        {
            cluster.ToTable("clusters");
            cluster.HasKey(x => x.Name);
            cluster.Property(x => x.Name).HasColumnName("cluster_name");
            cluster.Property(x => x.RunId).HasColumnName("run_id");
            cluster.Property(x => x.ProvisionedAt).HasColumnName("provisioned_at");
            cluster.Property(x => x.DeletedAt).HasColumnName("deleted_at");
        });
    }
}
