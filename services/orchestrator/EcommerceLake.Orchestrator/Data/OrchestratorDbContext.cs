using EcommerceLake.Orchestrator.Sagas;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Data;

/// <summary>
/// EF Core model of schema <c>orchestrator</c> (created by the SQL scripts under <c>Migrations/</c>, not by EF):
/// <c>pipeline_runs</c> (the saga, with <c>streams</c> and <c>marts</c> as <c>jsonb</c> complex types and
/// <c>xmin</c> as row version), <c>committed_offsets</c> and <c>source_leases</c>.
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
    }
}
