namespace EcommerceLake.Orchestrator.Api;

/// <summary>Body of <c>POST /runs</c>; who asks is the authenticated principal.</summary>
public sealed class StartRunRequest
{
    /// <summary>Source names, or <c>source.stream</c> keys to run only those streams of their source (for example
    /// <c>["marketplace.orders", "files"]</c>: the orders stream and every stream of files); null or empty means every
    /// source of the stream catalog (<see cref="Admission.RunSelection.Resolve"/>).</summary>
    public List<string>? Sources { get; set; }

    /// <summary>Take a full snapshot of every stream whatever its offset.</summary>
    public bool ForceFull { get; set; }
}
