namespace EcommerceLake.Testing.ZetaSql;

/// <summary>What ZetaSQL said of one statement of a script.</summary>
/// <param name="Sql">The statement's text, without its ';'.</param>
/// <param name="Kind">The resolved statement's kind (such as <c>ResolvedMergeStmtNode</c>), or the script statement
/// the harness handled (<c>DECLARE</c>, <c>SET</c>), or <c>ERROR</c>/<c>SCRIPT</c> when it failed.</param>
/// <param name="Error">ZetaSQL's message (with <c>[at line:column]</c> of the statement), or null when it was
/// accepted.</param>
public sealed record ZetaSqlStatementResult(string Sql, string Kind, string? Error)
{
    /// <summary>True when ZetaSQL accepted the statement.</summary>
    public bool Accepted => Error is null;
}
