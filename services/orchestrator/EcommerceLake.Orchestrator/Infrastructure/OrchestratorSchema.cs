using EcommerceLake.Postgres;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Orchestrator.Infrastructure;

/// <summary>
/// The orchestrator's schema scripts (<c>Migrations/*.sql</c>, embedded) and a readiness signal: the saga
/// repository, admission and queries wait for <see cref="WhenReadyAsync"/> so that nothing touches the tables
/// before <see cref="OrchestratorMigrationService"/> has applied the scripts, whatever order hosted services start in.
/// </summary>
public sealed class OrchestratorSchema
{
    private const string ResourcePrefix = "EcommerceLake.Orchestrator.Infrastructure.Migrations.";
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Applies the scripts not yet applied to <paramref name="connectionString"/> (see
    /// <see cref="SqlMigrator.ApplyAsync"/>).
    /// </summary>
    /// <returns>Names of the scripts applied by this call.</returns>
    /// <exception cref="Npgsql.PostgresException">A script failed.</exception>
    public static Task<IReadOnlyList<string>> ApplyAsync(
        string connectionString, ILogger logger, CancellationToken cancellationToken) =>
        SqlMigrator.ApplyAsync(connectionString, OrchestratorDbContext.Schema, typeof(OrchestratorSchema).Assembly,
            ResourcePrefix, logger, cancellationToken);

    /// <summary>Completes once the schema is up to date (faults when applying it failed).</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>True once the schema is up to date.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Marks the schema up to date.</summary>
    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Marks the schema as failed; waiters get <paramref name="error"/>.</summary>
    public void MarkFailed(Exception error) => _ready.TrySetException(error);
}
