namespace EcommerceLake.Testing.ZetaSql;

/// <summary>A script statement the <see cref="ZetaSqlAnalyzer"/> harness rejects itself (for example a SET of a
/// variable that was never declared), where ZetaSQL's analyzer has no say.</summary>
public sealed class ZetaSqlHarnessException(string message) : Exception(message);
