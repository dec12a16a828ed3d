namespace EcommerceLake.Orchestrator.Api;

/// <summary>Body of <c>POST /runs</c>; who asks is the authenticated principal.</summary>
public sealed class StartRunRequest
{
    /// <summary>Source names; null or empty means every source of the stream catalog.</summary>
    public List<string>? Sources { get; set; }

    /// <summary>Take a full snapshot of every stream whatever its offset.</summary>
    public bool ForceFull { get; set; }
}
