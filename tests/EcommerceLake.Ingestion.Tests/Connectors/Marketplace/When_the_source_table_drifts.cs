using EcommerceLake.Contracts;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

/// <summary>The extraction compares the change-tracked table's columns with the spec: a column the spec does not read
/// is reported as drift and not landed; a spec column the table lost fails the stream as a configuration
/// error naming it.</summary>
public sealed class When_the_source_table_drifts(PostgresDatabase fixture) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_report_no_drift_when_the_table_has_the_spec_columns()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        using var lakeDirectory = new TempDirectory();

        var run = await LandRun.ExtractAsync(source.Connector(), new LocalLakeStore(lakeDirectory.Path),
            TrackedSource.ItemsSpec, offset: null);

        run.Result.SchemaDrift.Should().BeEquivalentTo(new SchemaDrift { Added = [], Missing = [] });
    }

    [Fact]
    public async Task Should_report_a_new_column_and_land_the_spec_columns_only()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        await source.ExecAsync("ALTER TABLE marketplace.items ADD COLUMN colour text, ADD COLUMN \"Weight\" int");
        await source.ExecAsync("INSERT INTO marketplace.items VALUES (2, 'two', 'red', 3)");
        using var lakeDirectory = new TempDirectory();

        var run = await LandRun.ExtractAsync(source.Connector(), new LocalLakeStore(lakeDirectory.Path),
            TrackedSource.ItemsSpec, offset: null);

        run.Result.SchemaDrift!.Added.Should().Equal("colour", "Weight");
        run.Result.SchemaDrift.Missing.Should().BeEmpty();
        run.Records.Should().HaveCount(2).And.OnlyContain(r => !r.ContainsKey("colour"));
    }

    [Fact]
    public async Task Should_fail_as_a_configuration_error_naming_a_column_the_table_lost()
    {
        var source = await TrackedSource.CreateAsync(fixture, 1);
        await source.ExecAsync("ALTER TABLE marketplace.items DROP COLUMN name");
        using var lakeDirectory = new TempDirectory();

        var act = () => LandRun.ExtractAsync(source.Connector(), new LocalLakeStore(lakeDirectory.Path),
            TrackedSource.ItemsSpec, offset: null);

        var thrown = (await act.Should().ThrowAsync<SourceUnavailableException>()).Which;
        thrown.Kind.Should().Be(FailureKind.Configuration);
        thrown.Message.Should().Be("marketplace.items no longer has the column(s) name that marketplace.items reads "
            + "(schema drift): change the stream's spec, or the table back.");
    }
}
