namespace EcommerceLake.Orchestrator.Api;

/// <summary>Body of <c>POST /runs</c>.</summary>
public sealed class StartRunRequest
{
    /// <summary>Source names; null or empty means every source of the stream catalog.</summary>
    public List<string>? Sources { get; set; }

    /// <summary>Take a full snapshot of every stream whatever its offset.</summary>
    public bool ForceFull { get; set; }

    /// <summary>Who asks, for the audit trail; defaults to the authenticated user name, else <c>api</c>.</summary>
    public string? RequestedBy { get; set; }
}
