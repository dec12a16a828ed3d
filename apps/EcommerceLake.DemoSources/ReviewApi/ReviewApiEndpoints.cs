using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>
/// The HTTP surface of the demo review API:
/// <list type="bullet">
/// <item><c>POST /oauth/token</c>: OAuth 2.0 client credentials grant (RFC 6749 §4.4). Client authentication by HTTP
/// Basic or by <c>client_id</c>/<c>client_secret</c> form fields (§2.3.1); errors as in §5.2.</item>
/// <item><c>GET /v1/reviews</c>: bearer token (RFC 6750) required; query <c>limit</c> (1..MaxPageSize, default
/// MaxPageSize), and either <c>cursor</c> (from <c>next_cursor</c>) or a watermark: <c>updated_after</c> (ISO 8601)
/// optionally with <c>after_id</c> (review_id) and <c>after_order_id</c> (order_id), both or neither. Each item has
/// the review's columns and its nested arrays <c>products</c>, <c>users</c>, <c>sentiments</c> written verbatim as
/// stored (see <see cref="ReviewNestedArrays"/>).</item>
/// </list>
/// </summary>
internal static class ReviewApiEndpoints
{
    private const string Realm = "reviews";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static void Map(WebApplication app, ReviewApiServerOptions options, ReviewApiTokens tokens,
        ReviewApiStore store, ILogger logger)
    {
        app.MapPost("/oauth/token", (Delegate)((HttpContext context) => IssueTokenAsync(context, options, tokens)));
        app.MapGet("/v1/reviews",
            (Delegate)((HttpContext context) => ListReviewsAsync(context, options, tokens, store, logger)));
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, ReviewApiServerOptions options,
        ReviewApiTokens tokens)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        if (!context.Request.HasFormContentType)
            return Error(400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);

        string? clientId = form["client_id"], clientSecret = form["client_secret"];
        var basic = false;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            basic = true;
            if (!TryReadBasic(header.Parameter, out clientId, out clientSecret))
                clientId = clientSecret = null;
        }

        if (clientId is null || clientSecret is null || !SecretEquals(clientId, options.ClientId)
            || !SecretEquals(clientSecret, options.ClientSecret))
        {
            if (basic) context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
            return Error(401, "invalid_client", "Client authentication failed.");
        }

        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0) return Error(400, "invalid_request", "grant_type is required.");
        if (grantType != "client_credentials") return Error(400, "unsupported_grant_type",
            "Only client_credentials is supported.");

        return Results.Json(new ReviewApiTokenResponse(tokens.Issue(), "Bearer",
            (int)options.TokenLifetime.TotalSeconds), Json);
    }

    private static async Task<IResult> ListReviewsAsync(
        HttpContext context, ReviewApiServerOptions options, ReviewApiTokens tokens, ReviewApiStore store,
        ILogger logger)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\"";
            return Error(401, "invalid_token", "A bearer token is required.");
        }
        if (!tokens.IsValid(header.Parameter))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\", error=\"invalid_token\"";
            return Error(401, "invalid_token", "The access token is unknown or has expired.");
        }

        var query = context.Request.Query;
        var limit = options.MaxPageSize;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1
                || limit > options.MaxPageSize))
            return Error(400, "invalid_request", $"limit must be an integer from 1 to {options.MaxPageSize}.");

        DateTime? after = null;
        string? afterId = null, afterOrderId = null;
        if (query.TryGetValue("cursor", out var cursorText))
        {
            if (query.ContainsKey("updated_after") || query.ContainsKey("after_id")
                || query.ContainsKey("after_order_id"))
                return Error(400, "invalid_request",
                    "cursor cannot be combined with updated_after, after_id or after_order_id.");
            if (!ReviewApiCursor.TryDecode(cursorText.ToString(), out var cursor))
                return Error(400, "invalid_request", "cursor is not a cursor this API returned.");
            (after, afterId, afterOrderId) = (cursor!.AnsweredAt, cursor.ReviewId, cursor.OrderId);
        }
        else
        {
            if (query.TryGetValue("updated_after", out var afterText))
            {
                if (!TryParseTimestamp(afterText.ToString(), out var parsed))
                    return Error(400, "invalid_request", "updated_after must be an ISO 8601 timestamp.");
                after = parsed;
            }
            afterId = query.TryGetValue("after_id", out var id) ? id.ToString() : null;
            afterOrderId = query.TryGetValue("after_order_id", out var orderId) ? orderId.ToString() : null;
            if ((afterId is null) != (afterOrderId is null) || (afterId is not null && after is null))
                return Error(400, "invalid_request",
                    "after_id and after_order_id go together, and need updated_after.");
        }

        List<(ReviewApiItem Item, ReviewApiCursor Key)> rows;
        try
        {
            rows = await store.ReadAsync(after, afterId, afterOrderId, limit + 1, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Reading reviews failed");
            return Error(500, "server_error", "The reviews could not be read.");
        }

        var more = rows.Count > limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        var next = more ? rows[^1].Key.Encode() : null;
        return Results.Json(new ReviewApiPage(rows.Select(r => r.Item).ToList(), next), Json);
    }

    /// <summary>ISO 8601 with 'T'; a 'Z' or an offset is converted to UTC, no zone is taken as UTC.</summary>
    private static bool TryParseTimestamp(string text, out DateTime value)
    {
        value = default;
        if (!text.Contains('T', StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                out var parsed))
            return false;
        value = DateTime.SpecifyKind(parsed.UtcDateTime, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>Basic credentials: base64 of form-urlencoded <c>id:secret</c> (RFC 6749 §2.3.1).</summary>
    private static bool TryReadBasic(string parameter, out string? clientId, out string? clientSecret)
    {
        clientId = clientSecret = null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            clientId = Uri.UnescapeDataString(text[..colon].Replace('+', ' '));
            clientSecret = Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' '));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool SecretEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new ReviewApiError(error, description), Json, statusCode: status);
}
