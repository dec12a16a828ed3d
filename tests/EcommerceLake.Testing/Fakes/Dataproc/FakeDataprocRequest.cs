namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>One request the fake Dataproc received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path, such as <c>/v1/projects/p/regions/r/clusters</c>.</param>
/// <param name="Query">Query string, with its <c>?</c>, or empty.</param>
/// <param name="Body">The body text, or empty.</param>
public sealed record FakeDataprocRequest(string Method, string Path, string Query, string Body);
