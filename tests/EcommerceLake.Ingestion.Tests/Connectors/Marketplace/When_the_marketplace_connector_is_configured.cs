using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

public sealed class When_the_marketplace_connector_is_configured
{
    [Fact]
    public async Task Should_fail_start_naming_the_key_when_the_connection_string_is_missing()
    {
        using var host = Build(new Dictionary<string, string?>());

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("Sources:Marketplace:ConnectionString");
    }

    [Fact]
    public async Task Should_fail_start_naming_the_key_when_the_schema_is_not_an_identifier()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Sources:Marketplace:ConnectionString"] = "Host=127.0.0.1",
            ["Sources:Marketplace:Schema"] = "marketplace; DROP TABLE x",
        });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("Sources:Marketplace:Schema");
    }

    [Fact]
    public async Task Should_register_the_connector_with_the_default_schema()
    {
        using var host = Build(
            new Dictionary<string, string?> { ["Sources:Marketplace:ConnectionString"] = "Host=127.0.0.1" });

        await host.StartAsync();

        host.Services.GetServices<ISourceConnector>().Should().ContainSingle().Which.Source.Should().Be("marketplace");
        host.Services.GetRequiredService<IOptions<MarketplaceOptions>>().Value.Schema.Should().Be("marketplace");
        await host.StopAsync();
    }

    [Fact]
    public async Task Should_bind_the_sql_server_dialect_and_the_fail_policy()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Sources:Marketplace:ConnectionString"] = "Server=127.0.0.1",
            ["Sources:Marketplace:Dialect"] = "SqlServer",
            ["Sources:Marketplace:ExpiredOffsetPolicy"] = "Fail",
        });

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<MarketplaceOptions>>().Value;
        options.Dialect.Should().Be(SourceDialect.SqlServer);
        options.ExpiredOffsetPolicy.Should().Be(ExpiredOffsetPolicy.Fail);
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMarketplaceConnector();
        return builder.Build();
    }
}
