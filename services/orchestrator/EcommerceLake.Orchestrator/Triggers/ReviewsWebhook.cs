using System.Security.Cryptography;
using System.Text;
using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Triggers;

/// <summary>
/// <c>POST /webhooks/reviews</c>: the review vendor says new reviews exist. An authentic call (see
/// <see cref="ReviewsWebhookOptions.Secret"/>; HMAC-SHA256 as in RFC 2104, compared in constant time) publishes a
/// <see cref="RequestRun"/> of source <c>reviews</c> with trigger <c>event:webhook</c> and answers 202 with the run id;
/// a busy source coalesces it into one follow-up run. 401 when the signature or secret is wrong or missing, 404 when no
/// secret is configured, 413 for a body over 1 MiB. The secret, the headers and the body are never logged.
/// </summary>
public static class ReviewsWebhook
{
    /// <summary>Source the webhook triggers.</summary>
    public const string Source = "reviews";

    /// <summary>Header carrying <c>sha256=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "X-Lake-Signature";

    /// <summary>Header carrying the shared secret itself.</summary>
    public const string SecretHeader = "X-Lake-Webhook-Secret";

    private const int MaxBodyBytes = 1 << 20;

    /// <summary>
    /// The <c>sha256=&lt;hex&gt;</c> signature of <paramref name="body"/> under <paramref name="secret"/> (what a
    /// vendor sends).
    /// </summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    internal static async Task<IResult> HandleAsync(HttpContext http, IOptions<ReviewsWebhookOptions> options,
        IPublishEndpoint publish, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ReviewsWebhook).FullName!);
        var secret = options.Value.ResolveSecret();
        if (string.IsNullOrEmpty(secret))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Webhook not configured",
                detail: $"Set {ReviewsWebhookOptions.Section}:Secret (or SecretFile) to enable it.");

        if (http.Request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }

        if (!IsAuthentic(http.Request.Headers, secret, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            logger.LogWarning("Rejected a reviews webhook call from {Remote}: missing or wrong signature",
                http.Connection.RemoteIpAddress);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated",
                detail: $"Sign the body with the shared secret ({SignatureHeader}: sha256=<hex HMAC-SHA256>) "
                    + $"or send {SecretHeader}.");
        }

        var request = RunTriggers.Automatic(Source, RunTrigger.Webhook, "webhook:reviews");
        await publish.Publish(request, cancellationToken);
        logger.LogInformation("Reviews webhook: requested run {RunId} ({Bytes} bytes of notification)",
            request.RunId, buffer.Length);
        return Results.Accepted($"/runs/{request.RunId}",
            new { runId = request.RunId, source = Source, trigger = request.Trigger });
    }

    private static bool IsAuthentic(IHeaderDictionary headers, string secret, ReadOnlySpan<byte> body)
    {
        var expectedSecret = Encoding.UTF8.GetBytes(secret);
        if (headers.TryGetValue(SignatureHeader, out var signature) && signature.Count == 1
            && signature[0] is { } given)
        {
            var expected = Encoding.ASCII.GetBytes(Sign(secret, body));
            return CryptographicOperations.FixedTimeEquals(
                expected, Encoding.ASCII.GetBytes(given.Trim().ToLowerInvariant()));
        }
        if (headers.TryGetValue(SecretHeader, out var shared) && shared.Count == 1 && shared[0] is { } sent)
            return CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(expectedSecret), SHA256.HashData(Encoding.UTF8.GetBytes(sent)));
        return false;
    }
}
