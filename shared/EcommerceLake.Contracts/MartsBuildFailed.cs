namespace EcommerceLake.Contracts;

/// <summary>Event: building the marts failed.</summary>
public sealed record MartsBuildFailed(Guid RunId, string Error) : IRunMessage;
