using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceLake.DemoSources.ReviewApi;
using FluentAssertions;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>Raw HTTP calls to the demo review API, for contract tests.</summary>
public static class ReviewApiCalls
{
    public static HttpClient Client(ReviewApiServer server) => new() { BaseAddress = server.BaseAddress };

    public static Task<HttpResponseMessage> RequestTokenAsync(
        HttpClient http, string clientId, string clientSecret, string grantType = "client_credentials") =>
        http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));

    public static async Task<string> TokenAsync(HttpClient http)
    {
        using var response = await RequestTokenAsync(http, ReviewApiFixture.ClientId, ReviewApiFixture.ClientSecret);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient http, string pathAndQuery, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    /// <summary>
    /// Follows next_cursor from <paramref name="firstQuery"/> to the end; returns the items of every page and the page
    /// count.
    /// </summary>
    public static async Task<(List<JsonElement> Items, int Pages)> ReadAllAsync(
        HttpClient http, string token, string firstQuery, int limit)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        var query = firstQuery;
        while (true)
        {
            using var response = await GetAsync(http, $"v1/reviews?limit={limit}{query}", token);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            pages++;
            var data = page.GetProperty("data").EnumerateArray().ToList();
            data.Count.Should().BeLessThanOrEqualTo(limit);
            items.AddRange(data);
            var next = page.GetProperty("next_cursor");
            if (next.ValueKind == JsonValueKind.Null) return (items, pages);
            query = "&cursor=" + Uri.EscapeDataString(next.GetString()!);
        }
    }

    public static (DateTime AnsweredAt, string ReviewId, string OrderId) Key(JsonElement item) =>
        (item.GetProperty("review_answer_timestamp").GetDateTime().ToUniversalTime(),
         item.GetProperty("review_id").GetString()!,
         item.GetProperty("order_id").GetString()!);
}
