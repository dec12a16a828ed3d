namespace EcommerceLake.Contracts;

/// <summary>Command to the warehouse service: bring the marts of one chain (or of every chain) up to date with trusted.
/// </summary>
public sealed record BuildMarts : IRunMessage
{
    /// <summary>The run whose marts are built.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The chain to build; null builds every chain (as a command from before chains were built apart
    /// does).</summary>
    public MartsChainName? Chain { get; init; }
}
