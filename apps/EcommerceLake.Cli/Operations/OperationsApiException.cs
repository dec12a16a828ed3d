using System.Net;
using System.Text.Json;

namespace EcommerceLake.Cli.Operations;

/// <summary>The operations API answered with an error status; <see cref="Exception.Message"/> says what to
/// do.</summary>
public sealed class OperationsApiException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>Builds the exception from an answer, with the problem details' <c>detail</c> or errors when present.
    /// </summary>
    public static OperationsApiException From(HttpStatusCode status, string? reason, string body)
    {
        var detail = Detail(body);
        var message = status switch
        {
            HttpStatusCode.Unauthorized =>
                "Not authenticated: pass --token (or LAKE_TOKEN) from the API's issuer, or --api-key (LAKE_API_KEY).",
            HttpStatusCode.Forbidden => "Forbidden: your role may not do this (viewers read; operators change).",
            _ => $"The operations API answered {(int)status} {reason}{(detail.Length > 0 ? $": {detail}" : "")}",
        };
        return new OperationsApiException(status, message);
    }

    private static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return body;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                return string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray())
                    .Select(v => v.GetString()));
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
