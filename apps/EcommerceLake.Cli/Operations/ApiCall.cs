using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace EcommerceLake.Cli.Operations;

/// <summary>
/// Runs one CLI verb against the API and turns failures into exit codes with a message: 2 when the API cannot be
/// reached or refuses the caller (401/403) or fails, 1 when it refuses the request itself (400, 404, 409).
/// </summary>
internal static class ApiCall
{
    /// <summary>Indented, and escaping only what JSON requires (a quote inside a string as <c>\"</c>, not
    /// <c>\u0022</c>; <c>+</c> and non-ASCII letters as they are): the output is for a terminal or a pipe into
    /// <c>jq</c>, never for a web page.</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (OperationsApiException ex)
        {
            AnsiConsole.MarkupLine($"[red bold]{Markup.Escape(ex.Message)}[/]");
            return (int)ex.Status is 400 or 404 or 409 ? 1 : 2;
        }
        catch (HttpRequestException ex)
        {
            AnsiConsole.MarkupLine(
                $"[red bold]The operations API could not be reached:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }
    }

    /// <summary>Prints <paramref name="json"/> indented on standard output (for <c>--json</c>).</summary>
    public static void PrintJson(JsonElement json) => Console.Out.WriteLine(JsonSerializer.Serialize(json, Indented));
}
