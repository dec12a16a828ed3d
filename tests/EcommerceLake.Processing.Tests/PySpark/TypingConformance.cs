using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceLake.Lake;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes.Dataproc;

namespace EcommerceLake.Processing.Tests.PySpark;

/// <summary>
/// The cases of <c>TypingCases.json</c> (tricky values per type, and whole records) typed by the C# code and, in one
/// run, by <c>lake_typing.py --conformance</c>. Strings are compared as they would be written (a lone surrogate as
/// U+FFFD).
/// </summary>
public static class TypingConformance
{
    private static readonly Lazy<Task<Outcome>> Shared = new(RunAsync);

    /// <summary>Cases, C# results and Python results, aligned.</summary>
    public sealed record Outcome(JsonArray Cases, JsonArray CSharp, JsonArray Python);

    public static Task<Outcome> ResultsAsync() => Shared.Value;

    public static string CasesFile =>
        RepositoryRoot.Combine("tests", "EcommerceLake.Processing.Tests", "PySpark", "TypingCases.json");

    private static async Task<Outcome> RunAsync()
    {
        var cases = JsonNode.Parse(await File.ReadAllTextAsync(CasesFile))!.AsArray();
        var run = await PySparkDriverRunner.RunTypingConformanceAsync(CasesFile);
        if (run.ExitCode != 0) throw new InvalidOperationException($"lake_typing.py failed: {run}");
        var python = JsonNode.Parse(run.StandardOutput)!.AsArray();
        var csharp = new JsonArray(cases.Select(c => (JsonNode?)TypeInCSharp(c!)).ToArray());
        return new Outcome(cases, csharp, python);
    }

    private static JsonObject TypeInCSharp(JsonNode c)
    {
        if ((string?)c["kind"] == "value")
        {
            var column = new ColumnSpec("v", Enum.Parse<ColumnType>((string)c["type"]!, ignoreCase: true),
                (bool?)c["nullable"] ?? true);
            var rules = new CleaningRules((bool?)c["trimStrings"] ?? true, (bool?)c["emptyStringAsNull"] ?? true);
            var ok = ValueNormalizer.TryNormalize(column, rules, (string?)c["value"], out var value, out var error);
            return new JsonObject { ["ok"] = ok, ["value"] = Written(value), ["error"] = Written(error) };
        }
        var spec = StreamCatalog.Parse(c["spec"]!.ToJsonString(), "conformance case");
        var columns = c["landColumns"]!.AsArray().Select(x => (string)x!).ToList();
        var record = c["record"]!.AsArray().Select(x => (string?)x).ToArray();
        var typer = new RawRecordTyper(spec, columns);
        var typed = typer.TryType(record, out var raw, out var reason);
        var describe = typer.Describe(record);
        return new JsonObject
        {
            ["ok"] = typed,
            ["raw"] = typed ? new JsonArray(raw.Select(v => (JsonNode?)Written(v)).ToArray()) : null,
            ["reason"] = Written(reason),
            ["describe"] = describe,
            ["quarantine"] = JsonSerializer.Serialize(
                new QuarantinedRecord(typer.RejectPosition("part-00000", 1, record), reason ?? "", describe),
                LakeJson.Options),
        };
    }

    private static string? Written(string? value) =>
        value is null ? null : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    /// <summary>Readable differences between the two engines for the cases of <paramref name="kind"/>.</summary>
    public static List<string> Differences(Outcome outcome, string kind)
    {
        var differences = new List<string>();
        for (var i = 0; i < outcome.Cases.Count; i++)
        {
            var c = outcome.Cases[i]!;
            if (((string?)c["kind"] == "value") != (kind == "value")) continue;
            var cs = outcome.CSharp[i]!.AsObject();
            var py = outcome.Python[i]!.AsObject();
            foreach (var (name, expected) in cs)
            {
                var actual = py[name];
                if (!JsonNode.DeepEquals(expected, actual))
                    differences.Add($"case {i} {Show(c["type"] ?? c["record"])} {Show(c["value"])}: {name} is " +
                        $"{Show(actual)} in Python, {Show(expected)} in C#");
            }
        }
        return differences;
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
