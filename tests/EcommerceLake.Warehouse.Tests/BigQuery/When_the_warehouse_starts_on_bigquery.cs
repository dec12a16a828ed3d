using EcommerceLake.Google;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.BigQuery;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_the_warehouse_starts_on_bigquery
{
    private static IHost BuildHost(string lakeRoot, Uri fake, string store, Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>(TestGoogleCloud.Settings(fake))
        {
            ["Lake:Root"] = lakeRoot,
            ["Lake:Store"] = store,
            ["Lake:Bucket"] = "lake-test-bucket",
            ["Warehouse:Engine"] = "BigQuery",
            ["Warehouse:BigQuery:Location"] = "EU",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLakeStorage();
        builder.AddWarehouse();
        return builder.Build();
    }

    [Fact]
    public async Task Should_not_need_the_postgres_connection_string()
    {
        await using var fake = await FakeBigQueryServer.StartAsync();
        using var lake = new TempDirectory();
        using var host = BuildHost(lake.Path, fake.BaseAddress, "Gcs");

        await host.StartAsync();
        await host.StopAsync();

        host.Services.GetRequiredService<IWarehouseEngine>().Should().BeOfType<BigQueryWarehouseEngine>();
        fake.Datasets.Should().Equal("land", "marts", "raw", "trusted");
        fake.Requests.Should()
            .Contain(r => r.StartsWith("POST /bigquery/v2/projects/lake-test/datasets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_refuse_a_local_lake_naming_the_keys()
    {
        await using var fake = await FakeBigQueryServer.StartAsync();
        using var lake = new TempDirectory();
        using var host = BuildHost(lake.Path, fake.BaseAddress, "Local");

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*Warehouse:Engine*BigQuery*Lake:Store=Gcs*");
        fake.Requests.Should().BeEmpty("nothing reaches BigQuery when the configuration is refused");
    }

    [Fact]
    public async Task Should_validate_the_bigquery_options_naming_the_key()
    {
        await using var fake = await FakeBigQueryServer.StartAsync();
        using var lake = new TempDirectory();
        using var host = BuildHost(lake.Path, fake.BaseAddress, "Gcs",
            new() { ["Warehouse:BigQuery:JobTimeoutMinutes"] = "0" });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*Warehouse:BigQuery:JobTimeoutMinutes*");
    }

    [Fact]
    public void Should_keep_postgres_the_default_engine()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = "Host=localhost",
        });
        builder.AddLakeStorage();
        builder.AddWarehouse();
        using var host = builder.Build();

        host.Services.GetRequiredService<IWarehouseEngine>().Should()
            .BeOfType<Warehouse.Postgres.PostgresWarehouseEngine>();
        host.Services.GetRequiredService<IOptions<WarehouseOptions>>().Value.Engine.Should()
            .Be(WarehouseEngineKind.Postgres);
    }
}
