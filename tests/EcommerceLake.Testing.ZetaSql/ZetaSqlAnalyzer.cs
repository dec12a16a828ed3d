using System.Text.RegularExpressions;
using Grpc.Core;
using Zetasql;
using Zetasql.Definitions;
using Zetasql.LocalService;

namespace EcommerceLake.Testing.ZetaSql;

/// <summary>
/// Checks BigQuery scripts with ZetaSQL: the whole script is parsed as a script (<c>Parse</c> with
/// <c>allow_script</c>), then each statement is analyzed — names and types resolved — against a
/// <see cref="ZetaSqlCatalog"/>, in BigQuery's settings (product mode EXTERNAL, every released language feature, every
/// statement kind, named query parameters, the system variable <c>@@row_count</c>). ZetaSQL's analyzer takes single
/// statements, not scripts, so this harness plays the script's part: <c>DECLARE v T [DEFAULT e]</c> makes <c>v</c> a
/// named constant of type T (and <c>e</c> is analyzed as an expression of type T), <c>SET v = e</c> /
/// <c>SET (a, b) = e</c> analyze <c>e</c> and check it coerces to the variables' types, and a
/// <c>CREATE TEMP TABLE t AS SELECT …</c> adds <c>t</c> with its resolved columns for the statements after it.
/// An IF statement (<c>IF c THEN … [ELSEIF c THEN …] [ELSE …] END IF</c>) is analyzed in text order: each condition as
/// a BOOL expression, the statements of every branch as statements of the script (a temp table one creates is known
/// after it, whichever branch BigQuery would run), <c>END IF</c> accepted as it is; a condition is taken to end at its
/// first <c>THEN</c>, so it must hold no CASE … THEN. Other compound statements (LOOP, WHILE, BEGIN … END blocks) are
/// not supported and are reported as such.
/// </summary>
public sealed partial class ZetaSqlAnalyzer(ZetaSqlServer server)
{
    /// <summary>BigQuery's settings: product mode EXTERNAL, every language feature but ZetaSQL's test-only ones and
    /// Spanner's (with them CREATE TABLE is read as Spanner DDL, which the analyzer refuses), no restriction on
    /// statement kinds (an empty list allows all; a non-empty one would allow only queries).</summary>
    public static LanguageOptionsProto LanguageOptions()
    {
        var options = new LanguageOptionsProto { ProductMode = ProductMode.ProductExternal };
        options.EnabledLanguageFeatures.AddRange(Enum.GetValues<LanguageFeature>()
            .Where(f => !f.ToString().StartsWith("FeatureTest", StringComparison.Ordinal)
                && !f.ToString().StartsWith("Test", StringComparison.Ordinal)
                && !f.ToString().Contains("Spanner", StringComparison.OrdinalIgnoreCase)
                && !f.ToString().Contains("__", StringComparison.Ordinal)));
        return options;
    }

    /// <summary>
    /// Parses <paramref name="script"/> as a script, then analyzes each of its statements in order.
    /// </summary>
    /// <param name="script">The script's SQL.</param>
    /// <param name="parameters">Its named query parameters and their types.</param>
    /// <param name="catalog">Tables the script reads and writes (not changed: the script's temp tables and variables
    /// go into a copy).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>One result per statement; a script that does not parse yields one failed result for the whole
    /// script.</returns>
    public async Task<IReadOnlyList<ZetaSqlStatementResult>> AnalyzeScriptAsync(string script,
        IReadOnlyDictionary<string, TypeProto> parameters, ZetaSqlCatalog catalog, CancellationToken cancellationToken)
    {
        var language = LanguageOptions();
        try
        {
            await server.Client.ParseAsync(new ParseRequest { SqlStatement = script, AllowScript = true,
                Options = language }, cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            return [new ZetaSqlStatementResult(script, "SCRIPT", "parse: " + e.Status.Detail)];
        }

        var scope = catalog.Clone();
        var results = new List<ZetaSqlStatementResult>();
        foreach (var statement in ZetaSqlScriptSplitter.Split(script))
            results.Add(await AnalyzeStatementAsync(statement, parameters, scope, language, cancellationToken));
        return results;
    }

    private async Task<ZetaSqlStatementResult> AnalyzeStatementAsync(string sql,
        IReadOnlyDictionary<string, TypeProto> parameters, ZetaSqlCatalog scope, LanguageOptionsProto language,
        CancellationToken cancellationToken)
    {
        var functions = new ZetaSQLBuiltinFunctionOptionsProto { LanguageOptions = language };
        AnalyzeRequest Request(ZetaSqlCatalog catalog) => new()
        {
            Options = Options(language, parameters),
            SimpleCatalog = catalog.Proto(functions),
        };
        try
        {
            if (Declare().Match(sql) is { Success: true } declare)
            {
                var type = ZetaSqlTypes.Of(declare.Groups["type"].Value);
                if (declare.Groups["default"].Success)
                    await CheckCoercesAsync(declare.Groups["default"].Value, [type], Request(scope),
                        cancellationToken);
                foreach (var name in declare.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries))
                    scope.AddConstant(name, type);
                return new ZetaSqlStatementResult(sql, "DECLARE", null);
            }
            if (Set().Match(sql) is { Success: true } set)
            {
                var names = set.Groups["names"].Value.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
                var types = names.Select(n => scope.ConstantType(n)
                    ?? throw new ZetaSqlHarnessException($"SET of undeclared variable '{n}'.")).ToList();
                await CheckCoercesAsync(set.Groups["value"].Value, types, Request(scope), cancellationToken);
                return new ZetaSqlStatementResult(sql, "SET", null);
            }
            if (IfBranch().Match(sql) is { Success: true } branch)
            {
                await CheckCoercesAsync(branch.Groups["condition"].Value, [ZetaSqlTypes.Of("BOOL")], Request(scope),
                    cancellationToken);
                return branch.Groups["statement"].Value.Trim() is { Length: > 0 } first
                    ? await AnalyzeStatementAsync(first, parameters, scope, language, cancellationToken)
                    : new ZetaSqlStatementResult(sql, "IF", null);
            }
            if (ElseBranch().Match(sql) is { Success: true } otherwise)
                return await AnalyzeStatementAsync(otherwise.Groups["statement"].Value.Trim(), parameters, scope,
                    language, cancellationToken);
            if (EndIf().IsMatch(sql)) return new ZetaSqlStatementResult(sql, "END IF", null);
            if (Compound().IsMatch(sql))
                return new ZetaSqlStatementResult(sql, "COMPOUND",
                    "harness: compound statements (LOOP, WHILE, BEGIN … END) are not analyzed");

            var request = Request(scope);
            request.SqlStatement = sql;
            var response = await server.Client.AnalyzeAsync(request, cancellationToken: cancellationToken);
            var kind = response.ResolvedStatement.NodeCase.ToString();
            var created = response.ResolvedStatement.ResolvedCreateStatementNode?.ResolvedCreateTableStmtBaseNode
                ?.ResolvedCreateTableAsSelectStmtNode;
            if (created is not null && TempTable().Match(sql) is { Success: true } temp)
                scope.AddTable(null, temp.Groups["name"].Value.Trim('`'),
                    created.Parent.ColumnDefinitionList.Select(c => (c.Name, c.Type)));
            return new ZetaSqlStatementResult(sql, kind, null);
        }
        catch (RpcException e)
        {
            return new ZetaSqlStatementResult(sql, "ERROR", e.Status.Detail);
        }
        catch (ZetaSqlHarnessException e)
        {
            return new ZetaSqlStatementResult(sql, "ERROR", e.Message);
        }
    }

    /// <summary>
    /// Analyzes <paramref name="expression"/> and checks it coerces to <paramref name="types"/> as an assignment does:
    /// as the element of an array literal of that type (one variable) or of a STRUCT of those types (several).
    /// </summary>
    private async Task CheckCoercesAsync(string expression, IReadOnlyList<TypeProto> types, AnalyzeRequest request,
        CancellationToken cancellationToken)
    {
        var target = types.Count == 1
            ? ZetaSqlTypes.Name(types[0])
            : $"STRUCT<{string.Join(", ", types.Select(ZetaSqlTypes.Name))}>";
        request.SqlExpression = $"ARRAY<{target}>[({expression})]";
        await server.Client.AnalyzeAsync(request, cancellationToken: cancellationToken);
    }

    private static AnalyzerOptionsProto Options(LanguageOptionsProto language,
        IReadOnlyDictionary<string, TypeProto> parameters)
    {
        var options = new AnalyzerOptionsProto
        {
            LanguageOptions = language,
            ErrorMessageMode = ErrorMessageMode.ErrorMessageOneLine,
            ParameterMode = ParameterMode.ParameterNamed,
            DefaultTimezone = "UTC",
        };
        options.QueryParameters.AddRange(parameters.Select(p =>
            new AnalyzerOptionsProto.Types.QueryParameterProto { Name = p.Key, Type = p.Value }));
        var rowCount = new AnalyzerOptionsProto.Types.SystemVariableProto { Type = ZetaSqlTypes.Of("INT64") };
        rowCount.NamePath.Add("row_count");
        options.SystemVariables.Add(rowCount);
        return options;
    }

    [GeneratedRegex(@"^DECLARE\s+(?<names>\w+(?:\s*,\s*\w+)*)\s+(?<type>[A-Za-z0-9_]+(?:<[^>]+>)?)"
        + @"(?:\s+DEFAULT\s+(?<default>.+))?$",
        RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Declare();

    [GeneratedRegex(@"^SET\s+(?<names>\w+|\([\w\s,]+\))\s*=\s*(?<value>.+)$",
        RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Set();

    /// <summary>The start of an IF or ELSEIF branch up to its first statement (the ';' splits the rest off):
    /// <c>IF condition THEN [statement]</c>.</summary>
    [GeneratedRegex(@"^(?:ELSE)?IF\s+(?<condition>.+?)\s+THEN(?:\s+(?<statement>.*))?$",
        RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex IfBranch();

    /// <summary>An ELSE branch's first statement: <c>ELSE statement</c>.</summary>
    [GeneratedRegex(@"^ELSE\s+(?<statement>.+)$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ElseBranch();

    [GeneratedRegex(@"^END\s+IF$", RegexOptions.IgnoreCase)]
    private static partial Regex EndIf();

    [GeneratedRegex(@"^(?:IF|LOOP|WHILE|REPEAT|FOR|BEGIN(?!\s+TRANSACTION\b)(?:\s|$))", RegexOptions.IgnoreCase)]
    private static partial Regex Compound();

    [GeneratedRegex(
        @"^CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>`[^`]+`|\w+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex TempTable();
}
