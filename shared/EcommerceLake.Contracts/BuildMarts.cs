namespace EcommerceLake.Contracts;

/// <summary>Command to the warehouse service: rebuild the marts from trusted.</summary>
public sealed record BuildMarts(Guid RunId) : IRunMessage;
