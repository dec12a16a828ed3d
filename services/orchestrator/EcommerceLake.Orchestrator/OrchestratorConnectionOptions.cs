using System.ComponentModel.DataAnnotations;

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
}
