using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace EcommerceLake.Orchestrator;

/// <summary>The orchestrator's connection string, bound from section <c>ConnectionStrings</c>.</summary>
public sealed class OrchestratorConnectionOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "ConnectionStrings";

    /// <summary>
    /// <c>ConnectionStrings:Orchestrator</c>: Npgsql connection string of the database holding schema
    /// <c>orchestrator</c>. Required. Never logged.
    /// </summary>
    [Required(AllowEmptyStrings = false,
        ErrorMessage = "The Npgsql connection string of the orchestrator's PostgreSQL database is required.")]
    public string? Orchestrator { get; set; }

    /// <summary>A new, open connection to <see cref="Orchestrator"/> (pooled by Npgsql); the caller disposes it.
    /// </summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new NpgsqlConnection(Orchestrator);
        await db.OpenAsync(cancellationToken);
        return db;
    }
}
