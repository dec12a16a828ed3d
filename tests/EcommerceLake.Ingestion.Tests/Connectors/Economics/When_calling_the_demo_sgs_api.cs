using System.Net;
using System.Text.Json;
using EcommerceLake.DemoSources.Economics;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Economics;

/// <summary>
/// The fake SGS API's contract: the real values, filtered by the window, and the real API's refusals.
/// </summary>
public sealed class When_calling_the_demo_sgs_api : IAsyncLifetime
{
    private SgsApiServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await SgsApiServer.StartAsync(
            new SgsApiServerOptions { Clock = new FakeTimeProvider(EconomicsTestBed.Today) });
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Should_refuse_a_window_over_ten_years()
    {
        using var response = await _http.GetAsync(
            "dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=01/01/2016&dataFinal=02/01/2026");

        response.StatusCode.Should().Be((HttpStatusCode)SgsApiServer.WindowTooLongStatus)
            .And.Be(HttpStatusCode.NotAcceptable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("10 anos");
    }

    [Fact]
    public async Task Should_refuse_a_window_over_ten_years_when_data_final_defaults_to_today()
    {
        using var response = await _http.GetAsync("dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=20/11/2016");

        response.StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Should_accept_exactly_ten_years_and_serve_the_real_values_in_the_window()
    {
        var values = await GetAsync(
            "dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=01/01/2016&dataFinal=01/01/2026");

        values.Should().HaveCount(750 + 1255);
        values[0].Should().Be(("04/01/2016", "4.0387"));
    }

    [Fact]
    public async Task Should_include_both_ends_of_the_window()
    {
        var values = await GetAsync(
            "dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=02/01/2020&dataFinal=06/01/2020");

        values.Should().Equal(("02/01/2020", "4.0213"), ("03/01/2020", "4.0522"), ("06/01/2020", "4.0554"));
    }

    [Fact]
    public async Task Should_answer_an_empty_array_for_a_window_without_values()
    {
        (await GetAsync("dados/serie/bcdata.sgs.433/dados?formato=json&dataInicial=01/01/2019&dataFinal=31/12/2019"))
            .Should().BeEmpty();
    }

    [Theory]
    [InlineData(
        "dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=2016-01-01&dataFinal=31/12/2016",
        HttpStatusCode.BadRequest)]
    [InlineData("dados/serie/bcdata.sgs.1/dados?formato=json", HttpStatusCode.BadRequest)]
    [InlineData(
        "dados/serie/bcdata.sgs.99999/dados?formato=json&dataInicial=01/01/2016&dataFinal=31/12/2016",
        HttpStatusCode.NotFound)]
    public async Task Should_refuse_a_bad_request(string uri, HttpStatusCode status)
    {
        using var response = await _http.GetAsync(uri);

        response.StatusCode.Should().Be(status);
    }

    private async Task<List<(string Data, string Valor)>> GetAsync(string uri)
    {
        using var response = await _http.GetAsync(uri);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.EnumerateArray()
            .Select(i => (i.GetProperty("data").GetString()!, i.GetProperty("valor").GetString()!)).ToList();
    }
}
