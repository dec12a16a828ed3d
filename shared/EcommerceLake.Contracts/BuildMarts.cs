namespace EcommerceLake.Contracts;

/// <summary>Command to the warehouse service: rebuild the marts from trusted.</summary>
public sealed record BuildMarts : IRunMessage
{
    /// <summary>The run whose marts are rebuilt.</summary>
    public required Guid RunId { get; init; }
}
