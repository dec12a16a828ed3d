using System.Net;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Economics;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

/// <summary>The SGS client's resilience pipeline against scripted answers, on a fake clock.</summary>
public sealed class When_the_sgs_api_asks_to_wait : IAsyncDisposable
{
    private readonly WaitSkippingTimeProvider _clock = new();
    private readonly ScriptedHandler _api = new();
    private readonly ServiceProvider _services;

    public When_the_sgs_api_asks_to_wait()
    {
        var options = Options.Create(new EconomicsOptions
        {
            BaseUrl = "http://sgs.test/",
            MaxRetries = 3,
            RetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(30),
            RequestTimeout = TimeSpan.FromSeconds(20),
        });
        var services = new ServiceCollection().AddLogging().AddSingleton(options).AddSingleton<TimeProvider>(_clock);
        services.AddSgsApiClient().AddHttpClient<SgsApiClient>().ConfigurePrimaryHttpMessageHandler(() => _api);
        _services = services.BuildServiceProvider();
    }

    private Task<System.Text.Json.JsonDocument> GetAsync() =>
        _services.GetRequiredService<SgsApiClient>()
            .GetValuesAsync(1, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), default);

    [Fact]
    public async Task Should_wait_as_long_as_retry_after_says_below_the_cap()
    {
        _api.Answers.Enqueue(() => Answer(HttpStatusCode.TooManyRequests, retryAfter: "12"));

        using var values = await GetAsync();

        _clock.Waits.Should().Equal(TimeSpan.FromSeconds(12));
        _api.Calls.Should().Be(2);
    }

    [Fact]
    public async Task Should_not_retry_when_retry_after_is_longer_than_the_cap()
    {
        _api.Answers.Enqueue(() => Answer(HttpStatusCode.ServiceUnavailable, retryAfter: "120"));

        var act = GetAsync;

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("503");
        _clock.Waits.Should().BeEmpty("Sources:Economics:MaxRetryDelay is 30 s");
        _api.Calls.Should().Be(1);
    }

    [Fact]
    public async Task Should_not_retry_a_status_that_is_not_transient()
    {
        _api.Answers.Enqueue(() => Answer(HttpStatusCode.NotFound));

        var act = GetAsync;

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("404");
        _api.Calls.Should().Be(1);
        _clock.Waits.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_fail_with_the_last_status_once_the_retries_run_out()
    {
        for (var i = 0; i < 4; i++) _api.Answers.Enqueue(() => Answer(HttpStatusCode.BadGateway));

        var act = GetAsync;

        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain("502");
        _api.Calls.Should().Be(4, "one attempt and three retries");
        _clock.Waits.Should().HaveCount(3).And.OnlyContain(w => w > TimeSpan.Zero && w <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Should_retry_an_attempt_that_timed_out_and_then_report_the_time_limit()
    {
        for (var i = 0; i < 4; i++) _api.Answers.Enqueue(null);

        var call = GetAsync();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            while (_api.Calls < attempt) await Task.Yield();
            _clock.Advance(TimeSpan.FromSeconds(20));
        }

        var act = () => call;
        (await act.Should().ThrowAsync<SourceUnavailableException>()).Which.Message
            .Should().Contain("did not answer within 00:00:20").And.Contain("Sources:Economics:RequestTimeout");
        _api.Calls.Should().Be(4);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private static HttpResponseMessage Answer(HttpStatusCode status, string? retryAfter = null)
    {
        var answer = new HttpResponseMessage(status) { Content = new StringContent("scripted") };
        if (retryAfter is not null) answer.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return answer;
    }

    /// <summary>Answers from <see cref="Answers"/> in order (null: never answers), then an empty series.</summary>
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private int _calls;

        public System.Collections.Concurrent.ConcurrentQueue<Func<HttpResponseMessage>?> Answers { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (!Answers.TryDequeue(out var next))
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]") };
            if (next is null) await Task.Delay(Timeout.Infinite, cancellationToken);
            return next!();
        }
    }
}
